"""Replies that follow what was said (issue 16), from suite V's transcripts.

Suite V (helper 169) was played blind three times in the twenty-eighth session. In the
twenty-ninth, once the fresh suite W had been played on the starting code, V's transcripts and its
judges' notes were read, so it is a development suite now. What it showed, by kind, each tested
here with phrasings of the team's own:
- a day's pain rating in a step report ("Heel slides are easy now. Pain is 2/10 in the morning")
  was read as the step hurting, and the step kept back;
- a question about how a named step is done, said anywhere in a message ("pelvic tilt what is?",
  "teach me the dead bug", "What comes after the bridge?"), got a fallback or belly breathing again;
- a step report the NLU read as a question or unplaced ("did breathing, felt nice") got a medicine
  paragraph or a menu;
- "please record my progress for my physio" was not heard as a yes to recording;
- after a no to the crisis question, or with a red flag open, middling readings of ordinary
  messages were asked about suicide again and again.
"""

from __future__ import annotations

import pytest

from bot.coach.coaching import step_asked_about, step_description, step_messages
from bot.coach.leaving import signs_off
from bot.coach.consent import asks_only_about_recording, grants_recording
from bot.coach.content import Content
from bot.coach.knowledge import remark_kind
from bot.coach.medicines import asks_to_change_a_prescribed_medicine
from bot.coach.progression import Reason, Suggestion, classify_feedback
from bot.coach.conversation_risk import calm_context
from bot.coach.risk import Thresholds, Turn
from bot.coach.safety_dialogue import ESCALATE, MINIMISING, SCREEN_CLEARED, asks_how_serious, screening_answer
from bot.coach.tone import pre_empts
from bot.nlu.settled import settled_intent
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import environment, words  # noqa: F401
from tests.test_suite_u import greeted


@pytest.mark.parametrize(
    ("text", "feedback"),
    [
        ("Tilts are easy now. Pain is 3/10 in the morning and 5 at night.", "easy"),
        ("did the bridges, pain today 4, no trouble at all", "done"),
        ("did it and the pain went up to 7", "hurt"),
        ("sore for two days after the tilts", "hurt"),
        ("did it, hurt my back 10 mins after", "hurt"),
    ],
)
def test_a_rating_of_the_day_is_not_a_hurt(text: str, feedback: str) -> None:
    assert classify_feedback([], text) == feedback


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("bird dog what is? saw it on a poster", "bird_dog"),
        ("Could you teach me the glute bridge please", "glute_bridge"),
        ("my physio mentioned heel slides. What is the right technique?", "heel_slide_march"),
        ("Nice. Can I try the dead bug? Saw it on TikTok", "dead_bug"),
        ("Long week. What comes after the tilts? Heel slides?", "heel_slide_march"),
        ("Did the dead bug, what is next?", None),
        ("how are you today, the tilts went fine", None),
        ("tilts went fine, back is a 3", None),
    ],
)
def test_a_question_about_how_a_named_step_is_done(words: Content, text: str, step: str | None) -> None:  # noqa: F811
    asked = step_asked_about(words.steps, text)
    assert (asked.id if asked else None) == step


def test_a_step_further_along_says_when_it_fits(words: Content) -> None:  # noqa: F811
    ahead = step_description(words, words.step("bird_dog"), "breathing")
    assert ahead[0] == words.say("core_steps.asked_ahead", now="belly breathing")
    assert step_description(words, words.step("drawing_in"), "breathing")[0].startswith("Gentle drawing-in")


@pytest.mark.parametrize(
    ("text", "read_as", "settled"),
    [
        ("tilts what is? my sister does them", "nlu_fallback", "faq"),
        ("did breathing again tonight, felt calm. back about a 5", "nlu_fallback", "report_progress"),
        ("Did the pelvic tilts this morning. The GP changed my tablets to night only", "faq", "report_progress"),
        ("I tried the breathing but I feel so low today", "share_feeling", None),
        ("trouble breathing and my chest hurts", "nlu_fallback", None),
    ],
)
def test_a_step_asked_about_or_reported_is_settled(text: str, read_as: str, settled: str | None) -> None:
    assert settled_intent(text, read_as) == settled


@pytest.mark.parametrize(
    ("text", "granted"),
    [
        ("Please record my progress so my physio can see it", True),
        ("can you save my progress?", True),
        ("Would you keep a record of this for my doctor?", True),
        ("can you not record this", False),
        ("do you record these chats?", False),
    ],
)
def test_asking_to_be_recorded_is_a_yes(text: str, granted: bool) -> None:
    assert grants_recording(text) is granted


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("sorry, my daughter is calling me, wait", "interrupted"),
        ("hang on, brb, the kettle", "interrupted"),
        ("Nice. I might try the breathing thing on the bus later.", "plan"),
        ("I have a brilliant physio", None),
    ],
)
def test_a_pause_or_a_plan_is_a_remark(text: str, kind: str | None) -> None:
    assert remark_kind(text) == kind


def test_other_ways_of_leaving_and_asking_and_mocking() -> None:
    assert signs_off("ok thank you so much. Khuda hafiz")
    assert signs_off("great, ill check in tmrw")
    assert asks_only_about_recording("will you remember our chat? my GP might ask")
    assert pre_empts("let me guess, you're gonna tell me to do yoga")
    assert not pre_empts("let me guess what the physio will say tomorrow")


def test_a_fall_waved_away_is_not_a_no_to_the_red_flag_question() -> None:
    """Suite V: after a fall, the red-flag question answered "oh I don't want to make a fuss. Its
    probably just bruised" had been let go."""
    quiet = {"none": 0.9}
    waved = "honestly I don't want to make a fuss, it's probably just a bruise"
    assert screening_answer("red_flag", "out_of_scope", quiet, waved, False, Thresholds()) == ESCALATE
    no = "no, nothing like that, probably just a pulled muscle"
    assert screening_answer("red_flag", "deny", quiet, no, False, Thresholds()) == SCREEN_CLEARED


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("could I take three co-codamol instead of two when it's bad", True),
        ("should I double the gabapentin on bad nights?", True),
        ("can I take paracetamol instead of ibuprofen?", False),
        ("I took an extra naproxen last night", False),
    ],
)
def test_taking_more_of_a_prescribed_medicine_is_for_the_prescriber(text: str, asks: bool) -> None:
    """Suite V: "can i take 4 co-codamol instead of 2 on bad days" got the over-the-counter answer."""
    assert asks_to_change_a_prescribed_medicine(text, []) is asks


def test_asked_and_answered_a_middling_reading_is_not_asked_again() -> None:
    t = Thresholds()
    reading = {"crisis": 0.3, "crisis_now": 0.2, "none": 0.5}
    votes = {"ask_treatment_opinion": 0.4, "out_of_scope": 0.2}
    screened = [Turn("screen_safety", {"crisis": 0.6}, "screen", about="crisis"), Turn("deny", {"none": 0.9})]
    assert calm_context(None, reading, votes, screened, t) is None  # asked: nothing settled
    assert calm_context(None, reading, votes, screened, t, settled=True) == "ask_treatment_opinion"
    assert calm_context("crisis", reading, votes, screened, t, settled=True) is None  # a pattern is asked
    assert calm_context(None, {"crisis": 0.9}, votes, screened, t, settled=True) is None  # a sure reading
    leaning = {"express_crisis": 0.5, "ask_treatment_opinion": 0.4}
    assert calm_context(None, reading, leaning, screened, t, settled=True) is None


def test_through_the_server_a_named_step_is_described_wherever_asked(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "no thanks")
    said = server_texts(guywire.say(who, "glute bridge what is? my friend swears by them"))
    assert words.step("glute_bridge").instructions in said, said


def test_through_the_server_a_report_with_a_rating_goes_on(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire)
    guywire.say(who, "can you give me an exercise")
    said = server_texts(guywire.say(who, "3 days of the belly breathing, easy now. pain this morning 3"))
    assert "sorry" not in said.lower() and words.step("drawing_in").instructions in said, said


def test_through_the_server_asking_to_be_recorded_records(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "no thanks")
    said = server_texts(guywire.say(who, "actually please record my progress so my physio can see it"))
    assert guywire.tracker(who)["slots"]["consent"] is True, said


def test_through_the_server_a_possible_crisis_told_to_the_check_in_is_asked_about(guywire: Guywire) -> None:
    """Found talking to the server: the check-in's first question answered with "some days I
    wonder what the point of any of it is" was let go, the intent classifier hearing it as out of
    scope; a no then resumes the check-in."""
    who = greeted(guywire)  # a yes to recording starts the check-in
    asked = server_texts(guywire.say(who, "some days I wonder what the point of any of it is"))
    assert guywire.tracker(who)["slots"]["safety_screening"] == "crisis", asked
    server_texts(guywire.say(who, "no, nothing like that, just worn out"))
    assert guywire.tracker(who)["slots"]["crisis_screen_answered"] is True


def test_through_the_server_a_report_beside_another_question_gets_both(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "no thanks")
    guywire.say(who, "can you give me an exercise")
    said = server_texts(guywire.say(who, "done it twice today. quite dull. can I take paracetamol with my other pills?"))
    assert any(v in said for v in words.variants("progress.done")), said
    assert "pharmacist" in said and words.say("progress.question") not in said, said


def test_through_the_server_a_step_asked_for_beside_a_report_is_taught(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "no thanks")
    guywire.say(who, "can you give me an exercise")
    said = server_texts(guywire.say(who, "The tilts are easy these days, pain 3 most mornings. Please show me the bridge."))
    assert words.step("glute_bridge").instructions in said, said
    assert "stay with this one" not in said, said


def test_through_the_server_asking_to_be_recorded_after_a_yes_is_confirmed(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire)
    guywire.say(who, "fine")  # the check-in's first answer
    guywire.say(who, "stop the check-in please")
    said = server_texts(guywire.say(who, "can you save my progress for my physio?"))
    assert words.say("first_contact.already_recording") in said, said


def test_through_the_server_a_later_rating_is_its_own_not_the_last_check_ins(guywire: Guywire) -> None:
    """Suite V: "next morning report: bit stiff, 3/10" after a check-in of 4 had been recorded as 4
    ("That completes today's check-in"), and later ratings were thanked with the old place."""
    who = greeted(guywire)
    for answer in ("fine", "my left knee", "4"):
        guywire.say(who, answer)
    guywire.say(who, "can you give me an exercise")
    said = server_texts(guywire.say(who, "next morning report: bit stiff, 3/10"))
    assert "3/10" in said and "knee" not in said, said
    again = server_texts(guywire.say(who, "two days on, the back is about 2/10 most of the day now"))
    assert "2/10" in again and "putting it right" not in again, again


def test_through_the_server_a_yes_with_consent_unanswered_is_one_reply(guywire: Guywire, words: Content) -> None:  # noqa: F811
    """Suite V: "Yes please. But quickly", with the consent question unanswered, got "I'm not sure
    which you'd like" and then a check-in, two questions at once, as if recording had been agreed."""
    who = f"sv-menu-{len(words.steps)}-{id(guywire)}"
    guywire.say(who, "Evening. Back's been bad for months, doctor called it spondylosis")
    guywire.say(who, "He says physio and lose weight. The physio is miles from my office and traffic is awful")
    said = server_texts(guywire.say(who, "Yes please. Quickly though"))
    assert said.count("?") <= 1 and "not sure which" not in said, said
    assert guywire.tracker(who)["active_loop"].get("name") is None, said  # no check-in begun
    assert guywire.tracker(who)["slots"]["consent"] is None, said  # nor recording taken as agreed


def test_through_the_server_a_step_asked_about_then_tried_is_taken_up(guywire: Guywire, words: Content) -> None:  # noqa: F811
    """Talking to the server: "so wat even is a pelvic tilt" then "k tried it on the bed. bit wobbly"
    had been told "I don't have it on record" and sent back to belly breathing."""
    who = greeted(guywire, "no thanks")
    asked = server_texts(guywire.say(who, "so wat even is a bird dog, my physio mentioned it"))
    assert words.step("bird_dog").instructions in asked, asked
    said = server_texts(guywire.say(who, "ok tried it on the floor. bit wobbly"))
    assert "on record" not in said and guywire.tracker(who)["slots"]["core_step"] == "bird_dog", said


def test_the_pain_limits_come_once_a_conversation_then_in_a_line(words: Content) -> None:  # noqa: F811
    """Talking to the server: the paragraph on pain limits came back word for word with each step."""
    first = step_messages(words, Suggestion("breathing", Reason.FIRST, False))
    assert words.pacing("during") in first[1]
    second = step_messages(words, Suggestion("drawing_in", Reason.FORWARD, False), said=first)
    assert words.pacing("during") not in second[1] and words.pacing("during_again") in second[1]


def test_a_nuisance_or_is_it_that_important_is_not_agreeing_after_a_red_flag() -> None:
    assert MINIMISING.search("i really don't want to be a nuisance to them")
    assert asks_how_serious("is it really that urgent though?")

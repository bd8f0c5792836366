"""Replies that follow what was said, and safety that doesn't alarm (issues 15 and 16), from suite Y.

Suite Y (helper 212) was played blind in the thirty-first session. In the thirty-second, once the
fresh suite Z had been played on the starting code, Y's transcripts and its judges' notes were read,
so it is a development suite now. What it showed, by kind, each tested here with phrasings of the
team's own:
- "Day 3. I did not do nothing. I skipped the breathing." read "nothing" as easy, and was given
  the next step;
- "Stop it. And delete what you have." was told what was kept stays until asked; "yes delete", after
  recording was stopped, got a core step; after "stop recording and delete everything" and a yes,
  the next message was asked for consent again;
- "Thank you, God bless", "ok break over back to the trenches", "will do xx" and "I'll report back
  after the call" were not heard as goodbyes; "Go" to an offer was, and closed the chat; "si, vamos"
  was out of scope;
- "saw a spine doc today ... he tested my strength", read as a diagnosis told, did not lift a red
  flag's pause;
- "I am safe. Thank you. Can we talk about the back again?" heard "whenever you feel ready";
- fear ("I'm a bit scared, to be honest", "you think i will be ok?") and a step reported in a few
  sentences ("I did it this morning. Getting up was easier.") were asked about suicide: the
  meaning head learned from new team examples (lexicon/safety_examples/fear_and_worry.yml,
  reports_after_steps.yml).
"""

from __future__ import annotations

import pytest

from actions.feelings import NO_PAIN
from bot.coach.artefacts import everyday_goodbye, leaving_artefact, plans_practice
from bot.coach.check_in import load_told, recorded_messages
from bot.coach.coaching import progress_message, tells_of_easing
from bot.coach.leaving import signs_off
from bot.coach.consent import asks_to_delete
from bot.coach.content import Content
from bot.coach.noticing import noticed
from bot.coach.progression import NOT_TRIED, classify_feedback
from bot.coach.risk import Thresholds, Verdict, decide_message
from bot.coach.safety import follow_up_messages
from bot.coach.safety_dialogue import agrees_to_go, follow_up_answer
from bot.nlu.settled import settled_intent
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import environment, words  # noqa: F401
from tests.test_suite_u import greeted, sender


@pytest.mark.parametrize(
    ("text", "feedback"),
    [
        ("Day 2 now. I did not do nothing this time. Skipped the tilts.", NOT_TRIED),
        ("skipped it again, too tired, but it looked easy", NOT_TRIED),
        ("did it every day, easy", "easy"),
        ("it was nothing, easy as anything", "easy"),
    ],
)
def test_a_step_not_done_is_never_easy(text: str, feedback: str) -> None:
    assert classify_feedback([], text) == feedback


@pytest.mark.parametrize(
    ("text", "deletes"),
    [
        ("no more recording please. and wipe whatever you've kept", True),
        ("yes, delete", True),
        ("please delete what you have on me", True),
        ("don't delete it", False),
        ("I deleted the app once", False),
    ],
)
def test_a_deletion_asked_in_few_words(text: str, deletes: bool) -> None:
    assert asks_to_delete(text) == deletes


def test_a_bare_yes_delete_is_a_request_to_delete() -> None:
    assert settled_intent("yep delete", "affirm") == "request_delete_data"
    assert settled_intent("yep delete", "request_delete_data") is None


def test_through_the_server_stop_and_delete_confirms_then_keeps_the_no(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "yes")
    said = server_texts(guywire.say(who, "actually I've changed my mind, no recording. and wipe whatever you've kept"))
    assert words.say("first_contact.consent_withdrawn") not in said, said
    assert "Shall I delete everything?" in said, said
    said = server_texts(guywire.say(who, "yes"))
    assert words.say("privacy.deleted_not_recording") in said, said
    said = server_texts(guywire.say(who, "ok good. my lower back is stiff today"))
    assert "Is that OK with you?" not in said, said
    assert guywire.tracker(who)["slots"]["consent"] is False, said


@pytest.mark.parametrize(
    ("text", "leaves"),
    [
        ("Right, I'll try that tonight. Thank you, God bless", True),
        ("lunch is done. break over, back to work", True),
        ("will do xxx", True),
        ("ok. same time tomorrow", True),
        ("I'll report back once I've seen the physio", True),
        ("it hurts when I go back to work", False),
        ("is it ok to go back to work", False),
    ],
)
def test_closings_without_a_goodbye_word(text: str, leaves: bool) -> None:
    assert signs_off(text) == leaves


@pytest.mark.parametrize(
    ("text", "intent"),
    [("Go", "affirm"), ("sí, dale", "affirm"), ("ok let's do it", "affirm"), ("go away", None)],
)
def test_a_go_to_an_offer_is_a_yes(text: str, intent: str | None) -> None:
    assert settled_intent(text, "goodbye") == intent


def test_an_examination_told_with_its_findings_is_a_clearance() -> None:
    text = "saw the ortho this morning, she tested my reflexes and strength, says its a disc and fine to keep moving"
    assert settled_intent(text, "mention_diagnosis") == "report_clinician_cleared"
    assert settled_intent("the scan says a disc bulge at L5", "mention_diagnosis") is None


def test_safe_and_asking_for_the_back_takes_it_up(words: Content) -> None:  # noqa: F811
    said = follow_up_messages(
        words, "crisis", "default", "safe", (), None, "im ok now, I promise. can we get back to my back"
    )
    assert words.safety["crisis"]["carry_on"] not in said
    assert any(line in said for line in words.safety["crisis"]["back_now"]), said
    plain = follow_up_messages(words, "crisis", "default", "safe", (), None, "yes I'm safe")
    assert words.safety["crisis"]["carry_on"] in plain


@pytest.mark.parametrize(
    "text",
    [
        "Okay. I'm feeling a little shaken, if I'm honest.",
        "less worried now, thanks. do you reckon I'll be alright?",
        "I did them this morning. Putting my socks on was easier. Pain 4. Walked to the shop.",
    ],
)
def test_through_the_server_fear_and_a_report_are_not_asked_about(guywire: Guywire, text: str) -> None:
    who = greeted(guywire, "no thanks")
    said = server_texts(guywire.say(who, text))
    slots = guywire.tracker(who)["slots"]
    assert slots["safety_screening"] is None and slots["safety_concern"] is None, said


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("did the breathing. noticed my jaw was clenched right through it", ("jaw", "tense")),
        ("done. shoulders came down a good inch, weird", ("shoulders", "eased")),
        ("managed it but i kept holding my breath", ("breath", "held")),
        ("lower back a bit looser after", ("back", "eased")),
        ("my back is tight today", None),  # how it hurts, for the check-in
        ("did it, fine", None),
    ],
)
def test_what_was_noticed_in_the_body(text: str, found: tuple[str, str] | None) -> None:
    assert noticed(text) == found


def test_noticing_is_taken_up_in_the_bots_words(words: Content) -> None:  # noqa: F811
    said = progress_message(words, "done", (), "did it. my glutes were clenched the whole way through lol")
    assert "bottom muscles" in said and "glutes" not in said and "clenched" not in said
    assert said not in words.variants("progress.done")


@pytest.mark.parametrize(
    ("text", "load"),
    [
        ("about a 6, did a twelve hour shift on the ward yesterday", "work"),
        ("7. the baby was up all night and I'm lifting her in and out of the cot", "caring"),
        ("5 after four hours in the car", "sitting"),
        ("a 6", None),
        ("6, same as usual really", None),
    ],
)
def test_a_rating_told_with_a_load(text: str, load: str | None) -> None:
    assert load_told(text) == load


def test_a_load_told_with_a_rating_is_taken_up(words: Content) -> None:  # noqa: F811
    said = recorded_messages(words, 6, None, None, "maybe a 6, I was on my feet all day at the warehouse")
    assert said[0] == words.say("check_in.recorded.rated", level=6, location="")
    assert said[1] in words.variants("check_in.load.work")
    plain = recorded_messages(words, 6, None, None, "6")
    assert plain == [words.say("check_in.recorded.moderate", level=6, location="")]


@pytest.mark.parametrize(
    ("text", "level", "going"),
    [
        ("my son can drive me over once he finishes work at 6", "emergency", False),
        ("partner can take me in tomorrow probably, honestly it's not that bad", "urgent", False),
        ("ok, my sister is driving me to A&E now", "emergency", True),
        ("ok I'll ring the surgery first thing in the morning", "urgent", True),
    ],
)
def test_going_later_is_not_going_for_an_emergency(text: str, level: str, going: bool) -> None:
    assert agrees_to_go(text, level) == going


def test_through_the_server_going_later_for_an_emergency_gets_the_advice_again(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    who = greeted(guywire, "no thanks")
    guywire.say(who, "since last night I can't tell when my bladder is full and I'm numb between my legs")
    assert guywire.tracker(who)["slots"]["safety_concern"] == "red_flag"
    said = server_texts(guywire.say(who, "right. my partner can drive me once she finishes at 6"))
    assert "/10" not in said, said  # no check-in recorded from "at 6"
    assert any(v in said for v in words.safety["red_flag"]["going_later"]), said
    said = server_texts(guywire.say(who, "so 6 is ok then? it's 1pm now"))
    assert "/10" not in said and "?" not in said, said  # the advice again, no rating and no question


def test_no_pain_and_whats_next_is_a_report_asking_for_more() -> None:
    assert settled_intent("no pain at all. so what's next, a marathon?", "faq") == "report_progress"
    assert settled_intent("what's next?", "faq") is None


@pytest.mark.parametrize(
    ("text", "no_pain"),
    [
        ("just felt clumsy. no pain", True),
        ("zero pain, just weird", True),
        ("still no pain relief from the tablets", False),
    ],
)
def test_no_pain_said_in_so_many_words(text: str, no_pain: bool) -> None:
    assert bool(NO_PAIN.search(text)) == no_pain


def test_through_the_server_a_hello_with_a_question_mark_is_introduced_not_doubted(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    said = server_texts(guywire.say(sender(), "hey there, my osteo told me to try this?? my back is wrecked"))
    assert not any(v in said for v in words.variants("knowledge.unsure")), said
    assert "Is that OK with you?" in said, said


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("No. I will not do anything. It's a feeling, not a plan.", "safe"),
        ("my housemate's home. I could hand them over to him", "step"),
        ("I would not do anything tonight", "unclear"),  # hedged in time: asked again
    ],
)
def test_answers_to_are_you_safe(text: str, answer: str) -> None:
    assert follow_up_answer("crisis", "share_feeling", {}, text, True) == answer


SERVED = Thresholds(crisis_escalate=0.75, crisis_screen=0.3)  # config.yml's SafetyNet


def test_an_emergency_by_meaning_is_asked_about_beside_a_doubt_cue() -> None:
    votes = {"out_of_scope": 0.9, "express_crisis": 0.01}
    now = {"crisis_now": 0.68, "none": 0.32}
    assert decide_message(None, ["other_person_cues"], now, SERVED, votes) == Verdict("screen", "crisis")
    later = {"crisis": 0.68, "none": 0.32}  # a crisis that is not now, beside someone else: let go, as before
    assert decide_message(None, ["other_person_cues"], later, SERVED, votes) == Verdict("none")


def test_a_fear_told_is_not_asked_about_suicide() -> None:
    votes = {"share_feeling": 0.8, "express_crisis": 0.004}
    scared = {"crisis": 0.82, "fear": 0.13, "none": 0.05}
    assert decide_message(None, ["fear_cues"], scared, SERVED, votes) == Verdict("none")
    assert decide_message(None, [], scared, SERVED, votes) == Verdict("screen", "crisis")
    sure = {"crisis": 0.95, "none": 0.05}  # "I'm scared of what I might do tonight" reads this surely
    assert decide_message(None, ["fear_cues"], sure, SERVED, votes) != Verdict("none")


def test_through_the_server_a_worry_with_a_red_flag_open_is_not_reassured(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "no thanks")
    guywire.say(who, "I had breast cancer six years ago and now there's a new pain in my spine that's worse at night")
    assert guywire.tracker(who)["slots"]["safety_concern"] == "red_flag"
    said = server_texts(guywire.say(who, "is my back going to keep getting worse?"))
    assert any(v in said for v in words.safety["fear_red_flag"]), said


def test_through_the_server_yes_delete_confirms_a_deletion_asked(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "yes")
    said = server_texts(guywire.say(who, "can you delete my data please"))
    assert "Shall I delete everything?" in said, said
    said = server_texts(guywire.say(who, "yes delete it all"))
    assert words.say("privacy.deleted") in said, said


def test_a_step_asked_for_in_so_many_words() -> None:
    assert settled_intent("right. show me an easy exercise then", "nlu_fallback") == "request_core_steps"
    assert settled_intent("my physio showed me the exercise", "nlu_fallback") is None


def test_a_goodnight_that_plans_the_practice_is_no_farewell() -> None:
    text = "Right. I'll stick with the breathing for a few days then. Night night."
    assert everyday_goodbye(text) and plans_practice(text)
    sure = {"crisis": 0.97, "none": 0.03}
    votes = {"goodbye": 0.95, "express_crisis": 0.004}
    assert leaving_artefact(Verdict("screen", "crisis"), None, sure, votes, True, SERVED, plans_practice(text))
    farewell = "thank you for everything. goodnight for the last time"
    assert not everyday_goodbye(farewell)


def test_the_first_thing_noticed_is_the_one_taken_up() -> None:
    assert noticed("done. my neck was tense all through, weird. shoulders came down after though") == ("neck", "tense")


@pytest.mark.parametrize(
    ("text", "easing"),
    [
        ("ok. pain's a 3 today, better than tuesday", True),
        ("bit better this morning", True),
        ("not getting better at all", False),
        ("it was better last week, worse now", False),
    ],
)
def test_pain_told_as_better_than_before(text: str, easing: bool) -> None:
    assert tells_of_easing(text) == easing


def test_through_the_server_a_farewell_the_classifier_hears_as_a_clearance_is_still_asked_about(
    guywire: Guywire,
) -> None:
    who = sender()  # a first message, as the sets measure it
    guywire.say(who, "Cheers for everything coach, you did good. I'm checking out tonight.")
    slots = guywire.tracker(who)["slots"]
    assert "crisis" in (slots["safety_concern"], slots["safety_screening"]), slots

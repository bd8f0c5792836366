"""Replies that follow what was said (issue 16), from suite X's transcripts.

Suite X (helper 196) was played blind four times in the thirtieth session. In the thirty-first,
once the fresh suite Y had been played on the starting code, X's transcripts and its judges' notes
were read, so it is a development suite now. What it showed, by kind, each tested here with
phrasings of the team's own:
- a step told of in the check-in's answer to "how are you feeling?" ("did yer breathing, its fine")
  was unheard, and "did it" a turn later was asked which exercise it was;
- "doing your exercises 2 weeks now, bridges now" was handed belly breathing;
- "I will come back in some days." was asked for a rating, "you ever had a bad back yourself?"
  thanked for describing pain;
- a label a chiropractor gave, asked about ("told me my spine is crumbling... is that right"), got
  the paragraph on medicines, injections and surgery;
- "8. and before u ask i dont want to do the whole feelings thing today", to the crisis question,
  got the crisis lines: one sentence read alone worried, the whole message did not;
- "did it most days. like 5 mins lying down", told to "how are you feeling?", was answered "Fair
  question"; "still doing the breathing thing. had a shit week" was met with the step alone;
- "ok I let the shoulders down. it feels better", unplaced, got thanks and the menu; "ok heel slides
  then. must go to work" was not heard as leaving.
A helper playing six users (helper 217) then showed, each tested here too:
- "haha christ no. i mean done with the BACK not done with life", to the crisis question, got the
  crisis lines;
- "The GP examined me today and said it's fine to carry on", with "Did you read what I wrote?" before
  it, was no clearance, nor an examination told in answer to the red-flag question;
- saddle numbness told beside a question about gardening was only asked about;
- "well done for what lol? taking pills?" got the emergency lines, and six months of naproxen "Well
  done for doing it";
- "No, I prefer not." to recording was answered as a question about it, "yes delete" did not delete;
- "oh great, so I have the spine of a 60 year old. very reassuring, thanks 🙃" got "Any time";
- "sure whatever. also is heat or ice better?", to the consent question, left the chat unrecorded;
- "so whats next after the tilts? feel like im ready for something a bit harder", with no step on
  record, was handed belly breathing;
- "Back now. Doctor examined me ... fine to carry on. Can I do the breathing again?" was read as the
  question, and the red flag's pause stayed.
A second playing helper (221), on the code after those fixes: a person at risk said "im in australia"
and asked "is there a number here?", and got the US and UK lines again.
"""

from __future__ import annotations

import pytest

from bot.coach.check_in import not_an_answer, told_feeling
from bot.coach.coaching import practised_step, tells_of_practice
from bot.coach.leaving import signs_off
from bot.coach.content import Content
from bot.coach.risk import Thresholds, answer_worry_buried
from bot.coach.artefacts import asked_back
from bot.coach.progression import classify_feedback, reported_before_question
from bot.coach.risk import Verdict
from bot.coach.safety import country_named, says_examined
from bot.coach.safety_dialogue import ESCALATE, SCREEN_AGAIN, SCREEN_CLEARED, denies_crisis, screening_answer
from bot.coach.tone import rough_spell, sarcastic
from bot.nlu.settled import settled_intent
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import environment, words  # noqa: F401
from tests.test_suite_u import greeted, sender


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("a week in now. done your breathing every night, easy enough", "belly breathing"),
        ("been doing the tummy in thing, fine so far", "gentle drawing-in"),
        ("did ur breathing but it hurt my ribs", None),  # how it hurt is the check-in's to hear
        ("my wife does the breathing one, she loves it", None),  # someone else's
        ("bit low today", None),
    ],
)
def test_a_step_done_told_in_a_feeling_is_named(words: Content, text: str, step: str | None) -> None:  # noqa: F811
    assert practised_step(words.steps, text) == step


def test_through_the_server_a_step_told_in_the_check_in_is_the_one_done_later(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire)  # yes to recording, and the check-in begins
    said = server_texts(guywire.say(who, "few days on. kept up your breathing, it's fine"))
    thanks = [v.format(name="belly breathing") for v in words.variants("check_in.thanks.practised")]
    assert any(v in said for v in thanks), said
    guywire.say(who, "middle of my back")
    guywire.say(who, "4")
    said = server_texts(guywire.say(who, "did it again this morning. not much to report"))
    assert not any(v in said for v in words.variants("progress.no_step.which")), said
    assert guywire.tracker(who)["slots"]["core_step"] is not None, said


@pytest.mark.parametrize(
    ("text", "practised"),
    [
        ("morning. been doing your exercises a week now, on the tilts", True),
        ("im on heel slides now, not bridges", True),
        ("3 weeks in and bird dog is getting easier", True),
        ("can i do bridges?", False),
        ("give me the next exercise", False),
    ],
)
def test_a_step_they_are_on_is_practice_told(text: str, practised: bool) -> None:
    assert tells_of_practice(text) == practised


@pytest.mark.parametrize(
    ("text", "leaves"),
    [
        ("no change really. thanks a lot. i will come back in a few days", True),
        ("ill be back in a couple of weeks", True),
        ("fine, tilts then. must go to work", True),
        ("i must go to work even though it hurts", False),
        ("the ache will come back in a few days if i stop", False),
    ],
)
def test_a_return_in_some_days_is_a_goodbye(text: str, leaves: bool) -> None:
    assert signs_off(text) == leaves


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("ugh. have you ever had back pain yourself?", "bot_challenge"),
        ("do u even have a back lol?", "bot_challenge"),
        ("my husband asked if you have had sciatica, haha", None),  # no question to it
    ],
)
def test_asking_about_its_own_back_is_asking_what_it_is(text: str, intent: str | None) -> None:
    assert settled_intent(text, "describe_pain") == intent


def test_through_the_server_a_step_they_are_on_is_not_restarted(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "no thanks")
    said = server_texts(guywire.say(who, "been doing your exercises a couple of weeks, im on the tilts now"))
    belly = words.step("breathing").instructions
    assert belly not in said, said
    assert guywire.tracker(who)["slots"]["core_step"] == "pelvic_tilt", said


def test_through_the_server_a_label_asked_about_with_a_treatment_is_reframed(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "no thanks")
    said = server_texts(guywire.say(who, "the osteopath says i've got a crumbling spine and need 10 sessions, is that true"))
    assert words.explanation("treatment", set()) not in said, said
    assert guywire.tracker(who)["slots"]["diagnosis"] is not None, said


def test_an_answer_to_the_crisis_question_worrying_only_in_one_sentence_is_asked_again() -> None:
    """Read whole it is calm, and the classifier hears the check-in: the question once more. A yes
    buried among other words still escalates: its whole reading or the classifier's vote worries."""
    calm, sentence = {"crisis": 0.06, "none": 0.94}, {"crisis": 0.78, "none": 0.19}
    check_in = {"start_check_in": 0.74, "express_crisis": 0.15}
    assert answer_worry_buried(calm, check_in, Thresholds())
    assert not answer_worry_buried({"crisis": 0.49}, check_in, Thresholds())
    assert not answer_worry_buried(calm, {"express_crisis": 0.6}, Thresholds())
    text = "6. and before you ask, i dont want to do the feelings questions today"
    assert screening_answer("crisis", "screen_safety", calm, text, False, Thresholds()) == SCREEN_AGAIN
    assert screening_answer("crisis", "screen_safety", sentence, text, False, Thresholds()) == ESCALATE


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("did it every morning. 3 mins on the bed. nice", False),
        ("did i do it wrong", True),
        ("did you get my last message", True),
    ],
)
def test_practice_told_to_the_feeling_question_is_an_answer(text: str, question: bool) -> None:
    assert (not_an_answer("feeling", text, "nlu_fallback", None) == "question") == question
    assert told_feeling(text, "nlu_fallback") == (not question)


@pytest.mark.parametrize(
    ("text", "spell"),
    [
        ("still on the tilts. had a rough few days tbh", "few days"),
        ("did my breathing. week from hell at work", "week"),
        ("did my breathing, good week", None),
    ],
)
def test_a_hard_spell_is_heard(text: str, spell: str | None) -> None:
    assert rough_spell(text) == spell


def test_through_the_server_a_hard_week_told_with_a_report_is_heard(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "no thanks")
    said = server_texts(guywire.say(who, "me again. kept up the belly breathing. had a horrible week though"))
    heard = [v.format(spell="week") for v in words.variants("progress.rough_spell")]
    assert any(v in said for v in heard), said


@pytest.mark.parametrize(
    ("text", "pattern", "denies"),
    [
        ("lol god no. i meant sick of the back, not sick of life", None, True),
        ("no no, i'm not suicidal, just knackered", None, True),
        ("im not suicidal but i want to die", "crisis", False),
        ("no... i mean i have thought about it", None, False),
    ],
)
def test_a_no_that_corrects_the_crisis_question(text: str, pattern: str | None, denies: bool) -> None:
    assert denies_crisis(text, pattern) == denies


def test_a_corrected_crisis_question_is_cleared_whatever_the_words_read() -> None:
    text = "haha god no. i mean done with the back not done with life"
    reading = {"crisis": 0.97, "none": 0.03}
    assert screening_answer("crisis", "express_crisis", reading, text, False, Thresholds()) == SCREEN_CLEARED
    assert screening_answer("crisis", "express_crisis", reading, text, False, Thresholds(), "crisis") == ESCALATE


@pytest.mark.parametrize(
    ("text", "examined"),
    [
        ("Are you even listening? The doctor examined me this morning and said carry on.", True),
        ("Right. My GP checked my back. Said it's fine. OK?", True),
        ("will the gp examine me?", False),
    ],
)
def test_an_examination_told_beside_a_question_is_still_told(text: str, examined: bool) -> None:
    assert says_examined(text) == examined


def test_an_examination_told_to_the_red_flag_question_answers_it() -> None:
    text = "saw the GP this afternoon, she examined me properly and said it's not the serious thing"
    assert screening_answer("red_flag", "report_clinician_cleared", {"none": 1.0}, text, False, Thresholds()) == (
        SCREEN_CLEARED
    )


def test_a_short_question_asked_back_is_asked_about_not_escalated() -> None:
    thresholds, crisis = Thresholds(), Verdict("crisis", "crisis_now")
    assert asked_back(crisis, None, {"express_crisis": 0.3}, "praised for what? popping pills?", thresholds)
    assert not asked_back(crisis, "crisis", {"express_crisis": 0.3}, "how many pills to end it?", thresholds)
    assert not asked_back(crisis, None, {"express_crisis": 0.8}, "what if i took them all?", thresholds)
    assert not asked_back(crisis, None, {"express_crisis": 0.3}, "took them all an hour ago", thresholds)


def test_a_medicine_taken_for_months_is_not_praised_as_practice() -> None:
    assert reported_before_question([], "been on co-codamol most days for 3 months now. is that ok?") is None
    assert reported_before_question([], "did the tilts every day. can I take ibuprofen too?") == "done"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("no thanks, i'd rather strangers didn't read it", "deny"),
        ("yes delete it all", "request_delete_data"),  # since suite Y: a request, which confirms one asked
        ("no idea what's causing it", None),
    ],
)
def test_a_leading_yes_or_no_answers(text: str, intent: str | None) -> None:
    assert settled_intent(text, "nlu_fallback") == intent


def test_through_the_server_a_sign_beside_a_question_escalates(guywire: Guywire) -> None:
    who = greeted(guywire, "no thanks")
    guywire.say(who, "since friday my bum's gone numb when i wipe, odd! anyway which stretches help gardening?")
    assert guywire.tracker(who)["slots"]["safety_concern"] == "red_flag"


@pytest.mark.parametrize(
    ("text", "sarcasm"),
    [
        ("oh brilliant, so my discs are knackered at 40. cheers", True),
        ("lovely, thanks for that 🙃", True),
        ("that's really reassuring, thank you", False),
        ("oh great so it worked then", False),
    ],
)
def test_sarcasm_drawn_as_a_grim_conclusion(text: str, sarcasm: bool) -> None:
    assert sarcastic(text) == sarcasm


def test_through_the_server_a_yes_with_a_question_to_recording_records_and_answers(guywire: Guywire) -> None:
    who = sender()
    guywire.say(who, "quick one, i sit at a desk all day and my lower back aches by lunchtime. how should i sit")
    assert guywire.tracker(who)["slots"]["awaiting_consent"] is True
    said = server_texts(guywire.say(who, "sure whatever. also is heat or ice better for it?"))
    assert guywire.tracker(who)["slots"]["consent"] is True, said
    assert "heat" in said.lower(), said


@pytest.mark.parametrize(
    ("text", "feedback"),
    [
        ("what's next after bridges? i think im ready for something harder", "easy"),
        ("the heel slides are getting easy", "easy"),
        ("not ready for more yet, still sore", None),
        ("i don't feel ready for something harder", None),
    ],
)
def test_ready_for_more_is_a_step_gone_easy(text: str, feedback: str | None) -> None:
    assert classify_feedback([], text) == feedback


def test_through_the_server_ready_for_more_after_a_step_gets_the_next(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "no thanks")
    said = server_texts(guywire.say(who, "so whats next after the tilts? feel like im ready for something a bit harder"))
    assert words.step("breathing").instructions not in said, said
    assert guywire.tracker(who)["slots"]["core_step"] not in (None, "breathing", "pelvic_tilt"), said


def test_through_the_server_an_examination_told_with_a_question_lifts_the_pause(guywire: Guywire) -> None:
    who = greeted(guywire, "no thanks")
    guywire.say(who, "since tuesday i cant really start a wee and i cant tell when ive finished")
    assert guywire.tracker(who)["slots"]["safety_concern"] == "red_flag"
    said = server_texts(guywire.say(who, "Back from A&E. The doctor examined me, said it's an infection and fine to do gentle exercise. Can I do the breathing again?"))
    assert guywire.tracker(who)["slots"]["safety_concern"] is None, said


@pytest.mark.parametrize(
    ("texts", "locale"),
    [
        (["hi", "living in perth these days"], "AU"),
        (["NZ here"], "NZ"),
        (["from toronto originally", "now based in the UK"], "GB"),
        (["Derry, northern ireland"], "GB"),
        (["im in australia", "the ones you gave are us and uk"], "AU"),  # the lines given, not where they are
        (["call us back later"], None),
    ],
)
def test_the_country_they_are_in_is_read_from_the_conversation(texts: list[str], locale: str | None) -> None:
    assert country_named(texts) == locale


def test_every_country_read_has_its_crisis_lines(words: Content) -> None:  # noqa: F811
    resources, brief = words.safety["crisis"]["resources"], words.safety["crisis"]["resources_brief"]
    for locale in ("GB", "IE", "AU", "NZ", "CA", "US"):
        assert resources[locale] and brief[locale], locale
    assert any("13 11 14" in line for line in resources["AU"]) and "000" in " ".join(resources["AU"])


def test_through_the_server_a_person_at_risk_who_names_their_country_gets_its_lines(guywire: Guywire) -> None:
    who = greeted(guywire, "no thanks")
    guywire.say(who, "honestly i dont want to be alive anymore, ive been saving my tablets")
    assert guywire.tracker(who)["slots"]["safety_concern"] == "crisis"
    said = server_texts(guywire.say(who, "im in australia. is there a number here?"))
    assert "13 11 14" in said, said

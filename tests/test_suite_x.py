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
"""

from __future__ import annotations

import pytest

from bot.coach.check_in import not_an_answer, told_feeling
from bot.coach.coaching import practised_step, signs_off, tells_of_practice
from bot.coach.content import Content
from bot.coach.risk import Thresholds, answer_worry_buried
from bot.coach.safety_dialogue import ESCALATE, SCREEN_AGAIN, screening_answer
from bot.coach.tone import rough_spell
from bot.nlu.settled import settled_intent
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import environment, words  # noqa: F401
from tests.test_suite_u import greeted


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
    assert not any(belly in line for line in said), said
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

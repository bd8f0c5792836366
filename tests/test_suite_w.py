"""Replies that follow what was said (issues 15 and 16), from suite W's transcripts.

Suite W (helper 184) was played blind three times in the twenty-ninth session. In the thirtieth,
once the fresh suite X had been played on the starting code, W's transcripts and its judges' notes
were read, so it is a development suite now. What it showed, by kind, each tested here with
phrasings of the team's own:
- "skipped it yesterday, too tired" was praised for doing the step;
- "stop recording from now on please", after a yes, closed the conversation and recording went on;
- a choice asked without a question mark ("treadmill or outside, which is better") got "That's
  good to hear";
- with a red flag open, "anything I should note down for them?" started a check-in, a sign
  explained away ("probably just a cold, I'll take paracetamol") was not met with the advice again,
  and "Signing off." was not heard as a goodbye;
- "thanks. gonna try sleep. night", after a crisis, got "Any time" without the support lines.
"""

from __future__ import annotations

import pytest

from bot.coach.check_in import wants_to_stop
from bot.coach.leaving import signs_off
from bot.coach.consent import declines_recording, grants_recording
from bot.coach.content import Content
from bot.coach.knowledge import COMPARES
from bot.coach.pain_scale import read_pain_level
from bot.coach.progression import NOT_TRIED, classify_feedback
from bot.coach.safety import crisis_resources, follow_up_messages
from bot.coach.safety_dialogue import ASKS_TO_WAIT, MINIMISING, restate_topic
from bot.nlu.settled import settled_intent
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import environment, words  # noqa: F401
from tests.test_suite_u import greeted


@pytest.mark.parametrize(
    ("text", "feedback"),
    [
        ("skipped the tilts today, far too tired after work", NOT_TRIED),
        ("missed it yesterday, had a bath instead", NOT_TRIED),
        ("gave it a miss this morning", NOT_TRIED),
        ("skipped monday but did it today, fine", "done"),
        ("did it twice, easy", "easy"),
        # whether not doing it matters is asked, and answered as the step not tried (a playing helper)
        ("skipped my tilts this week, does it matter?", NOT_TRIED),
        ("did the tilts, is that ok?", "question"),
    ],
)
def test_a_step_skipped_is_not_a_step_done(text: str, feedback: str) -> None:
    assert classify_feedback([], text) == feedback


@pytest.mark.parametrize(
    ("text", "leaves"),
    [
        ("cheers, that helps. signing off now", True),
        ("ok. logging off", True),
        ("ta. going to try and sleep now. night", True),
        ("night", True),
        ("thanks, talk tmrw", True),
        ("it only hurts at night", False),
        ("im off work today", False),
    ],
)
def test_more_ways_of_leaving(text: str, leaves: bool) -> None:
    assert signs_off(text) is leaves


@pytest.mark.parametrize(
    ("text", "declines"),
    [
        ("can you stop recording now please", True),
        ("no more recording from here on", True),
        ("please turn off the recording", True),
        ("is the recording stopped?", False),
        ("stop. recording is fine", False),
    ],
)
def test_stopping_the_recording_is_a_no(text: str, declines: bool) -> None:
    assert declines_recording(text) is declines


def test_the_pains_rating_beside_a_rating_of_something_else() -> None:
    """ "pain maybe 5 but worry is a 9 lol" had been asked for the pain's rating again."""
    assert read_pain_level("back's sore, maybe a 4, but stress is an 8").value == 4
    assert read_pain_level("mood about 3 but the pain is a 6 today").value == 6


def test_nothing_done_is_a_report_of_the_step_not_tried() -> None:
    assert settled_intent("so sorry, didn't do any of it this week, work was mad", "nlu_fallback") == "report_progress"
    assert settled_intent("i haven't done the exercises, been away", "out_of_scope") == "report_progress"
    assert settled_intent("skipped it again, shattered after the school run", "share_feeling") == "report_progress"
    assert settled_intent("so tired of skipping meals for work", "share_feeling") is None
    assert settled_intent("skipped them again, too wiped", "out_of_scope") == "report_progress"


def test_no_check_in_is_a_no_to_one() -> None:
    assert wants_to_stop("No check-in please. Just give me the stretch")
    assert not wants_to_stop("no, the check-in was fine")


def test_yes_and_record_first_is_a_yes_whatever_is_asked_after() -> None:
    assert grants_recording("yes please record, can my physio look at it later?")
    assert grants_recording("ok do record it")
    assert not grants_recording("yes record? who reads it")


def test_a_choice_asked_without_its_mark_is_a_question() -> None:
    assert COMPARES.search("swimming or cycling, which one is better for my back")
    assert COMPARES.search("bed or sofa whats better")
    assert not COMPARES.search("the walking is better this week")


def test_with_a_red_flag_open_what_to_note_and_a_sign_explained_away() -> None:
    assert restate_topic("rang the surgery. what should I jot down before I go in?") == "what_to_say"
    assert restate_topic("anything else I should mention to them") == "what_to_say"
    for text in ("it's probably the flu going round", "i'll just take some ibuprofen", "i'll sleep it off"):
        assert MINIMISING.search(text), text
    assert not MINIMISING.search("i rang the gp and they'll see me at four")
    assert ASKS_TO_WAIT.search("cant it wait till the weekend") and not ASKS_TO_WAIT.search("cant sleep tonight")


def test_through_the_server_a_yes_to_recording_can_be_taken_back(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire)  # yes to recording, and the check-in begins
    guywire.say(who, "stop the check-in please")
    said = server_texts(guywire.say(who, "actually can you stop recording me from now on"))
    assert guywire.tracker(who)["slots"]["consent"] is False, said
    assert words.say("first_contact.consent_withdrawn") in said, said


def test_through_the_server_a_skipped_step_is_not_praised(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "no thanks")
    guywire.say(who, "can you give me an exercise")
    said = server_texts(guywire.say(who, "skipped the breathing last night, too knackered. had a bath"))
    assert not any(v in said for v in words.variants("progress.done")), said


def test_through_the_server_a_step_skipped_by_name_is_the_step_on_record(guywire: Guywire, words: Content) -> None:  # noqa: F811
    """ "skipped the breathing yesterday" with no step on record, then "did it today": it had been
    asked which exercise it was."""
    who = greeted(guywire, "no thanks")
    guywire.say(who, "skipped the belly breathing last night, too shattered")
    assert guywire.tracker(who)["slots"]["core_step"] == "breathing"
    said = server_texts(guywire.say(who, "did it this morning, 2 minutes, nice and calm"))
    assert not any(v in said for v in words.variants("progress.no_step.which")), said


def test_through_the_server_exercises_that_hurt_get_what_to_do_if_a_step_hurts(guywire: Guywire, words: Content) -> None:  # noqa: F811
    """ "the physio gave me exercises but they hurt a little. should i stop them" had got the
    paragraph on medicines, injections and surgery."""
    who = greeted(guywire, "no thanks")
    said = server_texts(guywire.say(who, "the exercises my osteopath set are making it sore, should I keep going?"))
    assert any(a in said for a in words.knowledge("step_hurts")["answers"]), said


def test_the_concern_kept_open_after_a_crisis_does_not_list_the_lines_twice(words: Content) -> None:  # noqa: F811
    """After the disclosure's full list of lines and "im safe", a question that read as worrying got
    the five lines word for word again (a helper playing users): they stay, on one line."""
    full = "\n".join(crisis_resources(words, "en-GB"))
    said = [f"Thank you for telling me.\n{full}"]
    reply = follow_up_messages(words, "crisis", "en-GB", "unclear", said)
    assert full not in reply[0] and words.safety["crisis"]["resources_brief"]["default"] in reply[0], reply


def test_through_the_server_waiting_asked_for_after_a_red_flag_is_not_a_goodbye(guywire: Guywire, words: Content) -> None:  # noqa: F811
    """ "cant this wait till monday", after a fever with back pain, had been closed with a goodbye
    (a helper playing users): the advice is restated."""
    who = greeted(guywire, "no thanks")
    guywire.say(who, "been feverish and shivery since last night and my back has got much worse")
    assert guywire.tracker(who)["slots"]["safety_concern"] == "red_flag"
    said = server_texts(guywire.say(who, "surely it can wait till after the weekend"))
    assert not any(v in said for v in words.variants("goodbye.close")), said
    assert any(v in said for v in words.safety["red_flag"]["restate"]), said

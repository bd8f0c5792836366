"""An examination told with what it found, waiting asked for mid-message, and a plan of one's own,
heard (issues 15 and 16), from suite AB.

Suite AB (helpers 248 and 249) was played blind in the thirty-fourth session. In the thirty-fifth,
once the fresh suite AC and set AC had been measured on the starting code, AB's transcripts and its
judges' notes were read, so it is a development suite now. What it showed, by kind, each tested here
with phrasings of the team's own:
- after a red flag, "they sent me for an X-ray ... a small crack ... follow-up at the fracture
  clinic" and "mri in the night ... operation was this morning" were told to get checked again, and
  the goodbye said so once more;
- "I have delivery at 14:00. Can it wait until after" got what pain means and an exercise offer;
- "Alright I'll ring the pharmacy", "I try the lumbar roll today" were thanked for and offered a menu;
- the physiotherapy answer sent people in other countries to the NHS, and the sitting answer told a
  forklift driver about desks;
- a husband's, a mother's and a father-in-law's cancer were asked about as the person's own;
- "ok yes you can record. but why the doctor use word disease" had its question dropped;
- "hello is me again from yesterday. i did the breathing 5 times" was welcomed back with a menu;
- "Maybe I call Silje tonight", after a crisis, was told what pain means;
- a first message with a fear and a label ("just wear and tear ... am I wasting your time?") was
  told only that nobody here can know, and consent was never asked.
"""

from __future__ import annotations

import pytest

from bot.coach.content import Content
from bot.coach.knowledge import question_clauses, remark_kind
from bot.coach.safety import TREATMENT_AHEAD, clearance_messages, says_examined, tells_the_finding
from bot.coach.safety_dialogue import ASKS_TO_WAIT, takes_a_safety_step
from bot.nlu.settled import settled_intent
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import environment, words  # noqa: F401
from tests.test_suite_u import greeted, sender

SCAN_AND_FINDING = (
    "Morning, it's me again. They sent me for an X-ray and there's a small fracture in my spine. "
    "They've given me painkillers and a follow-up at the fracture clinic."
)


@pytest.mark.parametrize(
    ("text", "current"),
    [
        (SCAN_AND_FINDING, "nlu_fallback"),
        ("home from the hospital. scan overnight, they said a disc was pressing, operation was yesterday", "faq"),
        ("I was kept in, they did an MRI and the surgeon operated on my back the same night", "mention_diagnosis"),
    ],
)
def test_a_scan_and_what_it_found_is_an_examination(text: str, current: str) -> None:
    assert says_examined(text)
    assert settled_intent(text, current) == "report_clinician_cleared"


@pytest.mark.parametrize(
    "text",
    ["my GP won't send me for an x-ray", "still waiting for the scan they sent me for", "they haven't scanned me yet"],
)
def test_a_scan_not_had_is_no_examination(text: str) -> None:
    assert not says_examined(text)


@pytest.mark.parametrize(
    ("text", "ahead"),
    [
        ("they found a small crack in one of the vertebrae", True),
        ("a follow-up at the fracture clinic next week", True),
        ("the x-ray showed no fracture, carry on", False),
        ("the doctor said it's not a fracture and nothing is broken", False),
    ],
)
def test_a_break_found_leaves_what_comes_next_to_the_team(words: Content, text: str, ahead: bool) -> None:  # noqa: F811
    assert bool(TREATMENT_AHEAD.search(text.lower())) is ahead
    treated = clearance_messages(words, "red_flag", text) == [words.say("safety.cleared_treatment_ahead")]
    assert treated is ahead


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("at the services now, got a drop at two. can it wait until after, feels a bit less numb", True),
        ("could this wait till the weekend, I've got the kids", True),
        ("ok I'm going now, my brother is driving", False),
        ("I can wait in the car while she parks", False),
    ],
)
def test_waiting_asked_for_mid_message_is_heard(text: str, asks: bool) -> None:
    assert bool(ASKS_TO_WAIT.search(text.lower())) is asks


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("fair enough, I'll call the pharmacy in the morning", "plan"),
        ("ok. I try the hot water bottle tonight", "plan"),
        ("my sister swims on Fridays, I could join her", "plan"),
        ("I'll do it tonight", None),
        ("I do the exercises every day", None),
        ("ill take them all tonight", None),
    ],
)
def test_a_plan_of_their_own_is_a_plan(text: str, kind: str | None) -> None:
    assert remark_kind(text) == kind


def test_through_the_server_a_break_found_after_a_red_flag_is_a_clearance_left_to_the_team(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    who = greeted(guywire, "no thanks")
    guywire.say(who, "I slipped on the ice yesterday and landed hard on my back, and I have osteoporosis")
    said = server_texts(guywire.say(who, SCAN_AND_FINDING))
    assert words.say("safety.cleared_treatment_ahead") in said, said
    goodbye = server_texts(guywire.say(who, "thanks, bye for now"))
    assert "get that checked" not in goodbye and "emergency" not in goodbye, goodbye


def test_through_the_server_waiting_asked_for_after_urgent_advice_gets_the_advice(guywire: Guywire) -> None:
    who = greeted(guywire, "no thanks")
    guywire.say(who, "since this morning I can't feel when I need to pee and both legs are numb")
    said = server_texts(guywire.say(who, "I'm at work till six. Can it wait until after, it's a bit less now"))
    assert guywire.tracker(who)["slots"]["safety_concern"] == "red_flag", said
    assert "emergency" in said.lower() or "a&e" in said.lower(), said
    assert "alarm" not in said, said  # not what pain means


def test_through_the_server_a_plan_of_their_own_is_met_as_one(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "no thanks")
    said = server_texts(guywire.say(who, "Alright I'll ring the pharmacy then"))
    assert any(line in said for line in words.variants("knowledge.remarks.plan")), said


@pytest.mark.parametrize(
    ("text", "current"),
    [
        ("Alright, I'll phone the pharmacy then", "faq"),
        ("ok I'll book the physio for next week", "goodbye"),
    ],
)
def test_a_plan_read_as_a_topic_or_a_goodbye_is_met_as_a_plan(text: str, current: str) -> None:
    assert settled_intent(text, current) == "nlu_fallback"


@pytest.mark.parametrize(
    "text",
    [
        "I'll start cutting my tramadol down",  # the prescriber's, answered so
        "ok I'll message you tomorrow, bye",  # a goodbye
        "I'll ask the pharmacist, is that best?",  # a question
    ],
)
def test_a_plan_about_a_medicine_a_goodbye_or_a_question_stays_as_read(text: str) -> None:
    assert settled_intent(text, "faq") != "nlu_fallback"


def test_a_question_after_a_link_word_is_a_question() -> None:
    assert question_clauses("ok yes you can record. but why do doctors call it a disease then") == [
        "but why do doctors call it a disease then"
    ]


def test_through_the_server_a_question_after_a_yes_to_recording_is_answered(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    who = sender()
    guywire.say(who, "hi")
    said = server_texts(guywire.say(who, "ok yes you can record. but why the doctor use word disease if is normal"))
    assert guywire.tracker(who)["slots"]["consent"] is True, said
    assert any(answer in said for answer in words.knowledge("doctor_said")["answers"]), said


@pytest.mark.parametrize(
    ("text", "current", "settled"),
    [
        (
            "hiya, me again from last night. did the breathing 4 times, can't say I noticed much",
            "greet",
            "report_progress",
        ),
        ("morning! how are you today", "greet", None),
        ("please teach me", "nlu_fallback", "request_core_steps"),
        ("show me how", "share_feeling", "request_core_steps"),
    ],
)
def test_a_report_with_a_hello_and_teach_me_are_heard(text: str, current: str, settled: str | None) -> None:
    assert settled_intent(text, current) == settled


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("Maybe I ring Ingrid tonight. She will fuss. But ok", True),
        ("I'll text Tom after work", True),
        ("I won't call Anna, she has enough on", False),
        ("see Monday how it goes", False),
        ("call it what you like", False),
    ],
)
def test_someone_reached_by_name_after_a_crisis_is_a_step_towards_safety(text: str, step: bool) -> None:
    assert takes_a_safety_step(text) is step


def test_through_the_server_a_fear_with_a_label_in_a_first_message_gets_the_reframe_and_consent(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    said = server_texts(
        guywire.say(
            sender(),
            "Hello. My doctor said years ago it was just wear and tear, that one must expect it at 80. "
            "I worry it will only get worse. Am I wasting your time?",
        )
    )
    assert not any(line in said for line in words.safety["fear"]), said
    assert said.rstrip().endswith("Is that OK with you?") and said.count("?") == 1, said


@pytest.mark.parametrize(
    ("text", "pattern", "finding"),
    [
        ("back from hospital. the x-ray showed a fracture from the fall, with my osteoporosis", "fracture", True),
        ("I HAVE been seen. the doctor examined me today. its a fracture from when I fell", "fracture", True),
        ("I fell again on the stairs this morning and it's worse", "fracture", False),  # a new sign
        ("the doctor examined me, it's fine. but I've lost a stone without trying", "cancer", False),
    ],
)
def test_the_fractures_own_finding_told_with_the_examination_is_no_new_sign(
    text: str, pattern: str, finding: bool
) -> None:
    assert tells_the_finding(text, pattern) is finding


def test_through_the_server_an_examination_with_a_question_about_exercise_is_a_clearance_left_to_the_team(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    who = greeted(guywire, "no thanks")
    guywire.say(who, "I slipped on the ice yesterday and landed hard on my back, and I have osteoporosis")
    guywire.say(who, "ok my son is taking me now")
    said = server_texts(
        guywire.say(
            who,
            "I HAVE been seen. the doctor examined me at the hospital today. its a fracture. can I exercise now?",
        )
    )
    assert words.say("safety.cleared_treatment_ahead") in said, said
    assert guywire.tracker(who)["slots"]["safety_concern"] is None, said

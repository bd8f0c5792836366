"""Replies that follow what was said (issue 16), from suite T's transcripts.

Suite T (helper 157) was played blind once in the twenty-sixth session and judged by three new
helpers (160 to 162); its transcripts and notes were read in the twenty-seventh, so it is a
development suite now. What it showed, by kind, each tested here with phrasings of the team's own:
- someone back in a new chat telling of a step they had kept up ("Day 6 report... I did 2 sets")
  was restarted at belly breathing (tests/test_following.py: which step it was is asked);
- a question about the record that asked something particular ("can my husband see this? we share
  the ipad", "is it used to train models?", "you can send her this?") got the general answer only;
- a step asked for at work or in company was handed over lying on the floor
  (tests/test_messages.py);
- a joke or a report read as asking about treatment got the paragraph on medicines, injections and
  surgery (tests/test_suite_r.py).
"""

from __future__ import annotations

import uuid

import pytest

from bot.coach.consent import asks_about_recording, recording_details
from bot.coach.content import Content
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import environment, words  # noqa: F401


@pytest.mark.parametrize(
    ("text", "details", "about_the_record"),
    [
        ("my wife uses this laptop too, can she read what I write here?", ["device"], False),
        ("are the chats in our work slack visible to the admins?", ["device"], False),
        ("do you use what I say to train the AI?", ["training"], False),
        ("could you forward this chat to my GP?", ["sharing"], True),
        ("can I show my physio the conversation?", ["sharing"], True),
        ("should I share my exercise plan with my physio?", [], False),
        ("what do you record about me?", [], True),
    ],
)
def test_what_a_question_about_the_record_asks_in_particular(text: str, details: list[str], about_the_record: bool) -> None:
    assert recording_details(text) == details
    assert asks_about_recording(text) is about_the_record


def test_through_the_server_who_else_sees_a_shared_device_is_answered(guywire: Guywire, words: Content) -> None:  # noqa: F811
    sender = f"st-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "hi")
    reply = server_texts(guywire.say(sender, "before I say yes: my son uses this tablet too, can he see what I type?"))
    assert any(wording in reply for wording in words.variants("recording_details.device")), reply


def test_through_the_server_a_step_kept_up_elsewhere_is_taken_up_not_restarted(guywire: Guywire, words: Content) -> None:  # noqa: F811
    """Suite T: back after a busy week, a person told of doing the bridges; read as asking for a
    step, they were handed belly breathing."""
    sender = f"st-{uuid.uuid4().hex[:8]}"
    said = server_texts(guywire.say(sender, "hello again! been away. I did the bridges most mornings this week, felt ok"))
    assert "Glute bridge" in said and words.step("breathing").instructions not in said, said


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my doctor sent me here, not expecting miracles tbh", "doubtful"),
        ("I'm a bit sceptical about apps like this", "doubtful"),
        ("sorry, got interrupted by the delivery guy", "interrupted"),
        ("sorry about that, phone rang", "interrupted"),
        ("sorry my back is so bad today", None),
        ("I expect it will be sore tomorrow", None),
    ],
)
def test_doubt_and_a_gap_are_met_in_their_own_words(text: str, kind: str | None) -> None:
    from bot.coach.knowledge import remark_kind

    assert remark_kind(text) == kind


def test_through_the_server_a_first_message_asking_only_to_vent_is_heard(guywire: Guywire, words: Content) -> None:  # noqa: F811
    """Suite T: "Not interested in exercises or check ins. I just need to moan..." as a first message
    got "Thank you for telling me that." and the introduction."""
    sender = f"st-{uuid.uuid4().hex[:8]}"
    reply = server_texts(guywire.say(sender, "no exercises please, I just need to rant to someone for a minute"))
    assert reply.startswith(words.say("feelings.just_talk_first")) and reply.count("?") == 1, reply


@pytest.mark.parametrize(("topic", "held"), [("stretching", True), ("step_how_often", True), ("sleep_position", False)])
def test_exercise_advice_is_held_while_a_red_flag_is_open(topic: str, held: bool, words: Content, database_url: str) -> None:  # noqa: F811
    """Suite T: "ok. leaving now. can i still do the stretches... or is that off", on the way to A&E,
    was told gentle stretching is fine to do, beside "I'm pausing the exercises"."""
    from actions.knowledge import ActionAnswerQuestion
    from tests.test_actions import make_tracker, run, texts

    tracker = make_tracker("can I still do some of that?", "faq", slots={"consent": True, "safety_concern": "red_flag"})
    tracker.latest_message["knowledge"] = {"topic": topic, "confidence": 0.9, "ranking": [{"topic": topic, "confidence": 0.9}]}
    _, messages = run(ActionAnswerQuestion(), tracker)
    assert (texts(messages)[0] == words.say("core_steps.paused")) is held, texts(messages)


@pytest.mark.parametrize(
    ("text", "grants", "declines"),
    [
        ("fine, I give you permission, but only the coach ok?", True, False),
        ("you have my permission", True, False),
        ("it's not passed on unless I agree? then I don't agree", False, True),
        ("no, I don't give permission for that", False, True),
        ("I don't agree with that, rest always helped me", False, False),
    ],
)
def test_permission_given_or_withheld_in_so_many_words(text: str, grants: bool, declines: bool) -> None:
    """Suite T: "ok so I give permission, she can see my conversations" and "...unless I agree? I
    don't agree." were both met with the consent question again."""
    from bot.coach.consent import declines_recording, grants_recording

    assert grants_recording(text) is grants and declines_recording(text) is declines


@pytest.mark.parametrize(
    "text",
    ["nah not like that, I meant the job is wearing me down", "I'm not going anywhere, I've got the dog to walk. just fed up"],
)
def test_a_crisis_reading_put_right_is_a_correction(text: str) -> None:
    """Suite T: "Not like that btw, before you go there. The pain. I've got two kids, I'm not going
    anywhere." was asked again whether they felt safe from acting on those thoughts."""
    from bot.coach.safety_dialogue import CORRECTED, follow_up_answer

    assert follow_up_answer("crisis", "screen_safety", {}, text) == CORRECTED


def test_a_request_for_something_to_do_that_no_intent_fits_is_a_request_for_a_step(database_url: str) -> None:
    """Suite T: "what's the 2 min thing i can do between calls" was thanked for, with the menu."""
    from actions.knowledge import ActionUnclear
    from tests.test_actions import make_tracker, run

    text = "ok cool. what's the quick thing i can do between meetings"
    events, _ = run(ActionUnclear(), make_tracker(text, "nlu_fallback", slots={"consent": True}))
    assert [e["parse_data"]["intent"]["name"] for e in events if e["event"] == "user"] == ["request_core_steps"]


def test_through_the_server_a_step_shown_sitting_is_not_shown_again_on_the_floor(guywire: Guywire, words: Content) -> None:  # noqa: F811
    """Talking to the server after suite T's fixes: a step given sitting for between calls, then
    "did it. felt nothing honestly", got the same step again lying down, with the dose paragraph
    word for word."""
    sender = f"st-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "hi")
    guywire.say(sender, "yes that's fine")
    first = server_texts(guywire.say(sender, "can you give me an exercise I can do at my desk between meetings?"))
    step = words.step("breathing")
    assert step.seated and step.seated in first, first
    again = server_texts(guywire.say(sender, "did it. felt nothing honestly"))
    assert step.instructions not in again and words.say("core_steps.dose", dose=step.dose) not in again, again


def test_a_first_hello_with_a_doubt_hears_the_doubt(database_url: str, words: Content) -> None:  # noqa: F811
    from actions.first_contact import ActionGreet
    from tests.test_actions import make_tracker, run, texts

    _, messages = run(ActionGreet(), make_tracker("hey. my gp said to try this. not expecting miracles tbh", "greet"))
    assert texts(messages)[1] == words.variants("knowledge.remarks.doubtful")[0], texts(messages)


@pytest.mark.parametrize(
    ("text", "current", "settled"),
    [
        ("sorry, boss walked in", "faq", "nlu_fallback"),
        ("sorry the kids came home, where was I", "out_of_scope", "nlu_fallback"),
        ("not expecting miracles but my physio said try it", "faq", "nlu_fallback"),
        ("sorry, is it normal to ache the day after?", "faq", None),
    ],
)
def test_a_gap_or_a_doubt_is_a_remark_whatever_topic_it_was_read_as(text: str, current: str, settled: str | None) -> None:
    from bot.nlu.settled import settled_intent

    assert settled_intent(text, current) == settled


def test_through_the_server_a_gap_is_met_as_one(guywire: Guywire, words: Content) -> None:  # noqa: F811
    sender = f"st-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "hi")
    guywire.say(sender, "yes ok")
    reply = server_texts(guywire.say(sender, "sorry, boss walked in")).split("\n")
    met = [*words.variants("knowledge.remarks.interrupted"), *words.variants("check_in.not_an_answer.interrupted")]
    assert reply[0] in met and sum(line.count("?") for line in reply) <= 1, reply


def test_what_to_tell_them_asked_in_other_words_is_what_to_say() -> None:
    """Suite T: "ok ok. My son will drive me to hospital. What I must tell them?" got the advice
    again, not what to tell them."""
    from bot.coach.safety_dialogue import restate_topic

    assert restate_topic("my daughter is taking me in now. what do I need to tell them?") == "what_to_say"
    assert restate_topic("what I must say to the nurse") == "what_to_say"

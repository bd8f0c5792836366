"""Replies that follow what was said (issue 16), from suite U's transcripts.

Suite U (helper 159) was played blind twice in the twenty-seventh session and judged by six new
helpers; in the twenty-eighth its transcripts and the judges' notes were read, so it is a
development suite now. What it showed, by kind, each tested here with phrasings of the team's own:
- a pain story read as a step report, with nothing on record ("hurt it playing sport, never got
  better") was met with "I don't have that exercise on record" and a step;
- an everyday activity (a walk to the shop) was thanked as the core step and the step repeated;
- "wobbly", "left side worse than right", "hurt the first day then fine" were read as a hurt, and
  the step taken back;
- a first message reporting a step ended on "was it easy, hard, or did it hurt?", so the consent
  question came a turn later, mid-conversation;
- a goodbye in other words ("I shall. Good evening.", "cheers. might come back") got "Welcome back"
  or the menu; a compliment ("very kind for a machine") got the bot disclosure;
- treatments that had not helped, and a fear of surgery, got the paragraph on painkillers;
- "what is belly breathing?" was told about back braces; a call to 111 already made, with help on
  the way, was told again not to wait;
- pain told as easing got "I'm sorry it's giving you such a hard time".
"""

from __future__ import annotations

import uuid

import pytest

from bot.coach.check_in import told_place
from bot.coach.coaching import (
    step_messages,
    tells_of_an_activity,
    tells_of_easing,
)
from bot.coach.leaving import signs_off
from bot.coach.content import Content
from bot.coach.knowledge import clauses, question_clauses, remark_kind
from bot.coach.medicines import fears_surgery, treatments_disappointed
from bot.coach.progression import Reason, Suggestion, classify_feedback
from bot.coach.safety_dialogue import agrees_to_go
from bot.nlu.settled import settled_intent
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import environment, words  # noqa: F401


@pytest.mark.parametrize(
    ("text", "feedback"),
    [
        ("did it, a bit shaky on the left", "hard"),
        ("managed it but my right side felt worse than the left", "done"),
        ("the tilts hurt at first, then fine by the weekend", "done"),
        ("did it and it hurt my lower back", "hurt"),
        ("tried it, it made things worse", "hurt"),
    ],
)
def test_balance_and_a_hurt_that_passed_are_not_a_hurt(text: str, feedback: str) -> None:
    assert classify_feedback([], text) == feedback


@pytest.mark.parametrize(
    ("text", "activity"),
    [
        ("went for a swim this morning, felt good after", True),
        ("I walked to the post office and back, about 15 mins", True),
        ("did the breathing after my walk", False),
        ("did the bridges today, no problem", False),
        ("did it twice today", False),
    ],
)
def test_an_activity_of_their_own_is_told_apart_from_a_step(words: Content, text: str, activity: bool) -> None:  # noqa: F811
    assert tells_of_an_activity(words.steps, text, words.step("breathing")) is activity


def test_while_the_step_is_walking_a_walk_is_the_step(words: Content) -> None:  # noqa: F811
    assert not tells_of_an_activity(words.steps, "walked 20 minutes today", words.step("walking"))


@pytest.mark.parametrize(
    ("text", "leaves"),
    [
        ("Will do. Good afternoon.", True),
        ("right, I'll leave it there. cheers", True),
        ("ok I'll be back tomorrow", True),
        ("thanks. might come back later, might not", True),
        ("the ache might come back later", False),
        ("hello, good evening", False),
        ("cheers", False),
    ],
)
def test_goodbyes_in_other_words(text: str, leaves: bool) -> None:
    assert signs_off(text) is leaves


@pytest.mark.parametrize(
    ("text", "read_as", "settled"),
    [
        ("you're really helpful, for a robot", "bot_challenge", "nlu_fallback"),
        ("you are not as bad as I feared", "deny", "nlu_fallback"),
        ("no, you're kind but no thanks", "deny", None),
        ("are you kind to everyone?", "bot_challenge", None),
    ],
)
def test_a_compliment_is_met_as_one(text: str, read_as: str, settled: str | None) -> None:
    assert settled_intent(text, read_as) == settled
    if settled:
        assert remark_kind(text) == "compliment"


@pytest.mark.parametrize(
    ("text", "disappointed", "feared"),
    [
        ("been on gabapentin for a year, it doesn't really help", True, False),
        ("chiro, massage, acupuncture, tried them all", True, False),
        ("terrified they'll want to operate on me", False, True),
        ("the physio helped loads", False, False),
        ("I don't want surgery", False, False),
    ],
)
def test_treatments_that_did_not_help_and_a_fear_of_surgery(text: str, disappointed: bool, feared: bool) -> None:
    assert treatments_disappointed(text) is disappointed
    assert fears_surgery(text) is feared


@pytest.mark.parametrize(
    ("text", "easing"),
    [
        ("loads better today, the stiffness is easing", True),
        ("the pain is less in the mornings now", True),
        ("not any better really", False),
        ("the ache is less in the mornings but worse at night", False),
        ("my back is killing me", False),
    ],
)
def test_pain_told_as_easing(text: str, easing: bool) -> None:
    assert tells_of_easing(text) is easing


@pytest.mark.parametrize(
    ("text", "going"),
    [
        ("I've phoned 111 and they're sending a paramedic", True),
        ("my partner rang the out of hours. doctor is on the way", True),
        ("I called my sister about it", False),
        ("rang the surgery, they said wait till Monday", False),
    ],
)
def test_a_call_already_made_is_getting_seen(text: str, going: bool) -> None:
    """Suite U: "I have telephoned them. They are sending someone this evening." was told again not
    to wait, as if it had been a refusal."""
    assert agrees_to_go(text, "emergency") is going


def test_feet_in_an_idiom_are_no_place_it_hurts() -> None:
    """Found talking to the server: "10 hrs on my feet at the till", told for how they feel, was
    taken as where it hurts, and the check-in skipped its question."""
    assert not told_place("long day, on my feet since six at the warehouse", "feet", "share_feeling")
    assert told_place("my feet go numb and tingly", "feet", "describe_pain")


def test_what_a_message_asks_beside_what_it_tells() -> None:
    text = "ice it is. can I still drive to work, it's an hour each way"
    assert clauses(text) == ["ice it is.", "can I still drive to work, it's an hour each way"]
    assert question_clauses(text) == ["can I still drive to work, it's an hour each way"]


def test_a_first_step_asks_nothing_when_the_consent_question_comes_next(words: Content) -> None:  # noqa: F811
    suggestion = Suggestion("drawing_in", Reason.FORWARD, False)
    assert step_messages(words, suggestion)[-1] == words.say("core_steps.report_back")
    last = step_messages(words, suggestion, consent_next=True)[-1]
    assert last in words.variants("core_steps.next_time") and "?" not in last


def sender() -> str:
    return f"su-{uuid.uuid4().hex[:8]}"


def greeted(guywire: Guywire, answer: str = "yes") -> str:
    """A new person who said hello and answered the consent question."""
    who = sender()
    guywire.say(who, "hi")
    guywire.say(who, answer)
    return who


def test_through_the_server_a_first_step_report_gets_one_question_the_consent(guywire: Guywire, words: Content) -> None:  # noqa: F811
    said = server_texts(guywire.say(sender(), "hiya, me again. been doing the belly breathing most nights this week"))
    assert words.say("core_steps.report_back") not in said, said
    assert "Is that OK with you?" in said and said.count("?") == 1, said


def test_through_the_server_a_pain_story_is_not_a_step_report(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire)
    said = server_texts(guywire.say(who, "hurt it moving a wardrobe two years ago and it never got better"))
    assert "on record" not in said and words.step("breathing").instructions not in said, said


def test_through_the_server_a_walk_is_heard_and_the_step_not_repeated(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire)
    guywire.say(who, "can you give me an exercise")
    said = server_texts(guywire.say(who, "went for a 20 minute swim today, back felt fine after"))
    assert any(v in said for v in words.variants("progress.activity.well")), said
    assert "same one as before" not in said, said


def test_through_the_server_treatments_that_did_not_help_are_heard(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire)
    said = server_texts(guywire.say(who, "my GP put me on naproxen and codeine months ago. they don't really help"))
    assert any(v in said for v in words.variants("knowledge.treatment_told")), said
    feared = server_texts(guywire.say(who, "my brother had a spinal fusion and now I'm really scared of surgery"))
    assert any(v in feared for v in words.variants("knowledge.surgery_feared")), feared


def test_through_the_server_what_a_step_is_gets_the_step(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire, "no thanks")
    said = server_texts(guywire.say(who, "What is a pelvic tilt? I've only ever done crunches."))
    assert words.step("pelvic_tilt").instructions in said, said


def test_through_the_server_a_goodbye_in_other_words_closes(guywire: Guywire, words: Content) -> None:  # noqa: F811
    who = greeted(guywire)
    guywire.say(who, "my back has been stiff this week")
    said = server_texts(guywire.say(who, "Will do. Good afternoon."))
    assert any(v in said for v in words.variants("goodbye.close")), said


def test_through_the_server_pain_told_as_easing_is_met_gladly(guywire: Guywire, words: Content) -> None:  # noqa: F811
    """Found talking to the server: "honestly way better, the stiffness in the mornings is easing"
    was told about morning stiffness (the knowledge base, on "stiffness")."""
    who = greeted(guywire, "no thanks")
    said = server_texts(guywire.say(who, "loads better this week, the ache in my back is easing off"))
    assert any(v in said for v in words.variants("feelings.easing")), said

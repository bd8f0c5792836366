"""Replies that follow what was said (issue 16), from development suite R's transcripts.

Suite R (helper 138) was played blind in the twenty-first session (43.8% of its turns judged good)
and read in the twenty-fourth, so it is a development suite now. What it showed, by kind, each
tested here with phrasings of the team's own, not R's:
- a feeling told in words the classifier files as a progress report or a question of fact ("a bit
  rubbish, sore all week") was passed over by the check-in, which asked how they felt again;
- "it is a figure of speech" after the crisis question was met with "I'm glad you're safe", as if
  they had answered it, rather than with an apology for the misreading;
- a clinician's advice told, not asked about ("my physio said to try this"), got the paragraph on
  medicines, injections and surgery;
- "a good first go, give it a few more days" was followed by "stay with it for a few more days";
- a long history with "nothing works... fed up", read a little as a crisis only when whole, while the
  intent classifier split it between a treatment question and a label, was asked about suicide first;
- goodbyes in other languages and in two letters ("bonne soirée", "ha det bra", "k peace") were
  answered as new topics.
"""

from __future__ import annotations

import uuid

import pytest

from actions.explanations import ActionExplain
from bot.coach.check_in import told_feeling
from bot.coach.coaching import step_messages
from bot.coach.leaving import signs_off
from bot.coach.content import Content
from bot.coach.progression import Reason, Suggestion
from bot.coach.safety_dialogue import CORRECTED, SAFE, follow_up_answer
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import environment, make_tracker, run, texts, words  # noqa: F401


@pytest.mark.parametrize(("text", "intent", "feeling"), [
    ("pretty grim tbh, the back has been playing up since sunday", "report_progress", True),
    ("not great, sore every morning this week", "faq", True),
    ("did the breathing one, went fine", "share_feeling", False),  # mapped by the domain already
    ("is it normal to feel this flat?", "faq", False),  # a question is answered, not stored
    ("", "report_progress", False),
    ("I reckon I'll just quit the tramadol this week, I'm sick of it", "faq", False),  # the prescriber first
])
def test_a_feeling_in_words_read_as_something_else_still_answers(text: str, intent: str, feeling: bool) -> None:
    assert told_feeling(text, intent) is feeling


@pytest.mark.parametrize(("text", "leaving"), [
    ("merci, bonne soirée", True),
    ("ha det bra!", True),
    ("k peace", True),
    ("a demain", True),
    ("the pain is worse in the evening", False),
    ("is it ok to do it tomorrow?", False),
])
def test_goodbyes_in_other_languages_and_two_letters(text: str, leaving: bool) -> None:
    assert signs_off(text) is leaving


def test_a_figure_of_speech_is_a_correction_even_with_a_promise_of_safety() -> None:
    text = "It was a turn of phrase, I only meant the pain is awful. I would never do anything"
    assert follow_up_answer("crisis", "share_feeling", {}, text) == CORRECTED
    assert follow_up_answer("crisis", "share_feeling", {}, "I would never do anything") == SAFE


def test_practice_asked_for_once_after_a_report(words: Content) -> None:
    practice = step_messages(words, Suggestion("breathing", Reason.PRACTICE, False), shown_before=True, just_reported=True)
    assert practice[-1] in words.variants("core_steps.next_time")
    other = step_messages(words, Suggestion("breathing", Reason.REPEAT, False), shown_before=True, just_reported=True)
    assert other[-1] in words.variants("core_steps.keep_practising")


def test_a_long_history_split_between_practical_intents_is_not_asked_about_suicide() -> None:
    from bot.coach.artefacts import pooled_artefact
    from bot.coach.risk import CRISIS, SCREEN, Thresholds, Verdict

    asked = Verdict(SCREEN, CRISIS)
    split = {"ask_treatment_opinion": 0.46, "mention_diagnosis": 0.40, "express_crisis": 0.01}
    assert pooled_artefact(asked, None, {"crisis": 0.32}, split, 4, False, Thresholds())
    feeling = {"share_feeling": 0.46, "mention_diagnosis": 0.40, "express_crisis": 0.01}
    assert not pooled_artefact(asked, None, {"crisis": 0.32}, feeling, 4, False, Thresholds())


@pytest.mark.parametrize(("text", "heard"), [
    ("First 3 days was very good, pain go down. But now is worse than before, more than before the injection", "told"),
    ("yeah nah no pins and needles or anything, just feels like an old man. im 23 and my spine is 80", "feeling"),
    ("should I get the injection again?", "explained"),
])
def test_a_treatment_told_of_is_heard_and_no_treatment_is_not_explained(
    text: str, heard: str, words: Content, database_url: str
) -> None:
    """Development suite T: reports and jokes read as asking about treatment got the paragraph on
    medicines, injections and surgery."""
    events, messages = run(ActionExplain(), make_tracker(text, "ask_treatment_opinion", slots={"consent": True}))
    replayed = [e["parse_data"]["intent"]["name"] for e in events if e["event"] == "user"]
    assert (replayed == ["share_feeling"]) is (heard == "feeling")
    told = bool(messages) and texts(messages)[0] in words.variants("knowledge.treatment_told")
    assert told is (heard == "told")


@pytest.mark.parametrize(("text", "told"), [
    ("my physio put me on this, she said to give it a go", True),
    ("the GP says I should keep moving and do the exercises", True),
    ("my physio says swimming, should I?", False),  # asked: the explanation answers it
])
def test_a_clinicians_advice_told_is_backed_not_explained(text: str, told: bool, words: Content, database_url: str) -> None:
    _, messages = run(ActionExplain(), make_tracker(text, "ask_treatment_opinion", slots={"consent": True}))
    assert (texts(messages)[0] in words.variants("knowledge.clinician_told")) is told


def test_through_the_server_a_feeling_read_as_a_report_is_heard_once(guywire: Guywire, words: Content) -> None:
    sender = f"sr-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "hi")
    guywire.say(sender, "yes that's fine")
    guywire.say(sender, "can we do a check in")
    reply = server_texts(guywire.say(sender, "honestly pretty rubbish, my lower back has been sore all week"))
    asked_again = set(words.variants("questions.feeling"))
    assert not asked_again & set(reply), reply
    slots = guywire.tracker(sender)["slots"]
    assert slots["feeling"] and "rubbish" in slots["feeling"]
    assert slots["requested_slot"] == "pain_level", reply

"""SafetyPolicy's reading of the conversation (bot/dialogue/safety_policy.py), on real trackers."""

from __future__ import annotations

from typing import Any

from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.coach.safety_dialogue import SCREEN_ACTION, SCREEN_ANSWER
from bot.dialogue.safety_policy import SafetyPolicy, recent_turns


def said(text: str, crisis: float) -> UserUttered:
    """A message as the NLU left it: its semantic scores, and a verdict of nothing to ask."""
    parse: dict[str, Any] = {
        "intent": {"name": "share_feeling", "confidence": 0.9},
        "safety_scores": {"crisis": crisis, "none": 1.0 - crisis},
        "safety_verdict": {"outcome": "none"},
    }
    return UserUttered(text, parse_data=parse)


def listen() -> ActionExecuted:
    return ActionExecuted("action_listen")


def test_a_leaning_message_after_a_worrying_one_is_asked_about_once() -> None:
    """"i am DONE" (worrying, let go), then a message that leans: one question, not the crisis
    lines. Once asked and answered no, the next leaning message is not asked about again."""
    worrying, leaning = said("my back is killing me and i am DONE", 0.3), said("sleep is rubbish too", 0.2)
    tracker = DialogueStateTracker.from_events("p", [listen(), worrying, listen(), leaning])
    assert SafetyPolicy.next_action(tracker) == SCREEN_ACTION

    asked = [ActionExecuted(SCREEN_ACTION), SlotSet("safety_screening", "crisis"), listen()]
    tracker = DialogueStateTracker.from_events("p", [listen(), worrying, listen(), leaning, *asked, said("no", 0.0)])
    assert SafetyPolicy.next_action(tracker) == SCREEN_ANSWER

    answered = [ActionExecuted(SCREEN_ANSWER), SlotSet("safety_screening", None), listen()]
    events = [listen(), worrying, listen(), leaning, *asked, said("no", 0.0), *answered, said("the chair, maybe", 0.2)]
    tracker = DialogueStateTracker.from_events("p", events)
    assert [t.outcome for t in recent_turns(tracker)] == ["none", "screen", "none", "none"]
    assert SafetyPolicy.next_action(tracker) is None

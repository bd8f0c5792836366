"""Safety: escalate red flags and crisis, keep the concern open, and lift the coaching pause only
when the person says a clinician has checked it. Every step is recorded for human review."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import channel, content, records, say, settings
from bot.coach.safety import clearance_messages, escalation_messages, follow_up_messages


def matched(tracker: Tracker) -> tuple[str | None, str]:
    """The kind the deterministic layer named and the phrase it matched, else (None, the text)."""
    text = tracker.latest_message.get("text") or ""
    entity = next(
        (e for e in tracker.latest_message.get("entities", []) if e.get("entity") == "safety_kind"),
        None,
    )
    if entity and entity.get("end") is not None:
        return entity["value"], text[entity["start"] : entity["end"]]
    return None, text


class ActionSafetyEscalation(Action):
    """Escalate, set safety_concern, and record the event (even when recording was declined)."""

    def name(self) -> str:
        return "action_safety_escalation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        crisis = tracker.get_intent_of_latest_message() == "express_crisis"
        kind, phrase = matched(tracker)
        concern = "crisis" if crisis or kind == "crisis" else "red_flag"
        say(dispatcher, escalation_messages(content(), concern, kind, settings().locale))
        records().record_safety_event(tracker.sender_id, channel(tracker), kind or concern, phrase)
        return [SlotSet("safety_concern", concern)]


class ActionSafetyFollowUp(Action):
    """The answer to the follow-up question: "I'm fine" does not close a concern stated clearly."""

    def name(self) -> str:
        return "action_safety_follow_up"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        concern = tracker.get_slot("safety_concern") or "red_flag"
        say(dispatcher, follow_up_messages(content(), concern, settings().locale))
        return []


class ActionRecordClearance(Action):
    """A clinician has checked the red flag: record it and lift the coaching pause."""

    def name(self) -> str:
        return "action_record_clearance"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        concern = tracker.get_slot("safety_concern")
        say(dispatcher, clearance_messages(content(), concern))
        if concern is None:
            return []
        records().record_safety_event(
            tracker.sender_id,
            channel(tracker),
            "clinician_cleared",
            tracker.latest_message.get("text") or "",
        )
        return [] if concern == "crisis" else [SlotSet("safety_concern", None)]

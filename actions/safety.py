"""Safety escalation: urgent care for red flags, resources for a crisis; always recorded."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import channel, content, latest_entity, records, say, settings
from bot.safety import escalation_messages


class ActionSafetyEscalation(Action):
    """Escalate, set safety_concern, and record the event for human review (even without consent)."""

    def name(self) -> str:
        return "action_safety_escalation"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        concern = "crisis" if tracker.get_intent_of_latest_message() == "express_crisis" else "red_flag"
        kind = "crisis" if concern == "crisis" else latest_entity(tracker, "safety_kind")
        say(dispatcher, escalation_messages(content(), concern, kind, settings().locale))
        records().record_safety_event(
            tracker.sender_id, channel(tracker), kind or concern, tracker.latest_message.get("text") or ""
        )
        return [SlotSet("safety_concern", concern)]

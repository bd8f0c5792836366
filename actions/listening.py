"""The listening-to-the-body exercise: reflect the four answers back, then clear them."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import content, say

ANSWERS = ("listen_where", "listen_quality", "listen_rating", "listen_need")
MAX_ECHO = 80


class ActionFinishListening(Action):
    """Close the exercise warmly, using the person's own words (trimmed)."""

    def name(self) -> str:
        return "action_finish_listening"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        words = content()
        answers = {
            slot.removeprefix("listen_"): str(tracker.get_slot(slot) or "").strip()[:MAX_ECHO] for slot in ANSWERS
        }
        say(dispatcher, [words.say("listening.done", **answers), words.say("listening.hurt_not_harm")])
        return [SlotSet(slot, None) for slot in ANSWERS]

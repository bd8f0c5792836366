"""Deleting a person's data, after they confirmed it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import content, records


class ActionDeleteUserData(Action):
    """Delete the person's records here; the tracker store erases the transcript as it saves."""

    def name(self) -> str:
        return "action_delete_user_data"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        records().delete_person(tracker.sender_id)
        dispatcher.utter_message(text=content().say("privacy.deleted"))
        return []

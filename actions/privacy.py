"""Deleting a person's data, after they confirmed it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import content, records
from bot.coach.consent import confirms_deletion, declines_recording


def declined_when_asking(tracker: Tracker) -> bool:
    """Whether the request this deletion confirms also said no to recording ("no recording. and
    wipe whatever you've kept", read as a request to delete, which the rules confirm at once)."""
    users = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    return len(users) >= 2 and declines_recording(users[-2])


class ActionDeleteUserData(Action):
    """Delete the person's records here; the tracker store erases the transcript as it saves."""

    def name(self) -> str:
        return "action_delete_user_data"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if not confirms_deletion(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(text=content().say("privacy.only_everything"))
            return [FollowupAction("utter_confirm_delete")]  # asked once more, with its buttons
        records().delete_person(tracker.sender_id)
        if tracker.get_slot("consent") is False or declined_when_asking(tracker):
            # A no to recording outlives the deletion: the tracker store keeps only what follows this
            # action, and "Doable. Thanks" after "stop recording and delete everything" had been asked
            # for consent again (suite Y). The no itself is no health data.
            dispatcher.utter_message(text=content().say("privacy.deleted_not_recording"))
            return [SlotSet("consent", False), SlotSet("awaiting_consent", False)]
        dispatcher.utter_message(text=content().say("privacy.deleted"))
        return []

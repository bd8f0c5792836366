"""Goodbye: a short summary of this session and the step to try; with an open safety concern,
the resources or where to get seen, once more."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import content, said_in_session, say, session_events, settings
from bot.coach.safety import goodbye_reminder
from bot.coach.summary import goodbye_messages


class ActionGoodbyeSummary(Action):
    """Summarise the topics covered since the session started."""

    def name(self) -> str:
        return "action_goodbye_summary"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        words = content()
        said = said_in_session(tracker)
        say(dispatcher, goodbye_reminder(words, tracker.get_slot("safety_concern"), settings().locale, said))
        paused = tracker.get_slot("safety_concern") == "red_flag"
        say(dispatcher, goodbye_messages(words, session_events(tracker), tracker.get_slot("core_step"), paused))
        return []

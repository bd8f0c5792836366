"""Goodbye: a short summary of this session and the step to try; with an open safety concern,
the resources or where to get seen, once more."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    answer_again,
    content,
    crisis_locale,
    latest_entity,
    replayed_now,
    said_in_session,
    say,
    session_events,
    steps_paused,
)
from bot.coach.coaching import asks_to_talk_about
from bot.coach.leaving import signs_off
from bot.coach.safety import goodbye_reminder, limits_told
from bot.coach.summary import goodbye_messages


class ActionGoodbyeSummary(Action):
    """Summarise the topics covered since the session started."""

    def name(self) -> str:
        return "action_goodbye_summary"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if (
            not replayed_now(tracker)
            and not signs_off(text)
            and asks_to_talk_about(text, latest_entity(tracker, "body_part"))
        ):
            # "ok. i'll call tomorrow. can we just talk about the back now" (suite S) was read as a
            # goodbye, and the session was closed on someone who had asked to stay: taken up instead.
            return answer_again(tracker, "share_feeling")
        words = content()
        said = said_in_session(tracker)
        say(dispatcher, goodbye_reminder(words, tracker.get_slot("safety_concern"), crisis_locale(tracker), said))
        concern = tracker.get_slot("safety_concern")
        # after a crisis, goodnight is no moment to offer a first step ("thanks. gonna try sleep. night")
        paused, offer = steps_paused(tracker), concern is None and not limits_told(words, said)
        step = tracker.get_slot("core_step")
        say(dispatcher, goodbye_messages(words, session_events(tracker), step, paused, offer, said))
        return []

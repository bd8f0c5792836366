"""Core reconnection: suggest the next step from the person's history; record how it went."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import channel, content, recording, records, say
from bot.coach.coaching import progress_message, step_messages
from bot.coach.progression import StepRecord, classify_feedback, next_step


class ActionSuggestCoreStep(Action):
    """The next step, unless a red flag has paused coaching in this conversation."""

    def name(self) -> str:
        return "action_suggest_core_step"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        words, store = content(), records()
        if tracker.get_slot("safety_concern") == "red_flag":  # after a crisis, gentle coaching goes on
            dispatcher.utter_message(text=words.say("core_steps.paused"))
            return []
        keep = recording(tracker, store)
        if keep:
            history = store.step_history(tracker.sender_id)
        else:  # declined recording: only this session's step, held in slots
            step, feedback = tracker.get_slot("core_step"), tracker.get_slot("last_feedback")
            history = [StepRecord(step, feedback, datetime.now(timezone.utc))] if step else []
        pain = tracker.get_slot("last_pain_level")
        suggestion = next_step([s.id for s in words.steps], history, int(pain) if pain is not None else None)
        say(dispatcher, step_messages(words, suggestion))
        if keep:
            store.record_step_suggestion(tracker.sender_id, channel(tracker), suggestion.step_id)
        return [SlotSet("core_step", suggestion.step_id), SlotSet("last_feedback", None)]


class ActionRecordProgress(Action):
    """Record done / easy / hard / hurt against the latest step; the next step follows."""

    def name(self) -> str:
        return "action_record_progress"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        words, store = content(), records()
        feedback = classify_feedback(
            tracker.get_latest_entity_values("step_feedback"), tracker.latest_message.get("text") or ""
        )
        dispatcher.utter_message(text=progress_message(words, feedback))
        if feedback and recording(tracker, store) and store.record_step_feedback(tracker.sender_id, feedback) is None:
            dispatcher.utter_message(text=words.say("progress.no_step"))
        return [SlotSet("last_feedback", feedback)]

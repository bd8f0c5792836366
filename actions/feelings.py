"""Described pain: acknowledged, then one question that moves the conversation on."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_entity, session_actions, session_events
from actions.first_contact import consent_unasked
from bot.coach.coaching import after_described_pain
from bot.coach.pain_scale import Problem, read_pain_level

STEP_ACTIONS = frozenset({"action_suggest_core_step", "utter_offer_step"})


def rated_in_session(tracker: Tracker) -> bool:
    """A pain rating was given in this conversation, or in this very message ("Pain maybe 3 or 4"),
    or asked for once already. Slots carried over from an earlier session come before its first
    message and don't count: that rating was another day's."""
    text = tracker.latest_message.get("text") or ""
    if latest_entity(tracker, "pain_level") is not None or read_pain_level(text).problem is not Problem.NO_NUMBER:
        return True
    events = session_events(tracker)
    first = next((i for i, e in enumerate(events) if e.get("event") == "user"), len(events))
    return any(
        (e.get("event") == "slot" and e.get("name") == "last_pain_level" and e.get("value") is not None)
        or (e.get("event") == "action" and e.get("name") == "utter_ask_pain_today")
        for e in events[first:]
    )


class ActionAcknowledgePain(Action):
    """What someone said about their pain, acknowledged; then how strong it is, or a step."""

    def name(self) -> str:
        return "action_acknowledge_pain"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(response="utter_acknowledge_pain")
        if consent_unasked(tracker):  # the ConsentPolicy asks it next: one question a turn
            return []
        offered = bool(STEP_ACTIONS & session_actions(tracker))
        # Run as an action, not uttered here: the rules for its answer ("yes" to a step offer) key on it.
        return [FollowupAction(after_described_pain(rated_in_session(tracker), offered))]

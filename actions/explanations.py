"""The article's explanations and label reframes, spoken from content files."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import channel, content, latest_entity, recording, records, say
from bot.coach.content import pick

TOPIC_BY_INTENT = {
    "ask_muscle_imbalance": "muscle_imbalance",
    "ask_core": "core",
    "ask_pain_meaning": "pain_meaning",
    "ask_treatment_opinion": "treatment",
}


class ActionExplain(Action):
    """One wording of the explanation for the question just asked."""

    def name(self) -> str:
        return "action_explain"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        topic = TOPIC_BY_INTENT.get(tracker.get_intent_of_latest_message() or "", "pain_meaning")
        dispatcher.utter_message(text=content().explanation(topic))
        return []


class ActionReframeLabel(Action):
    """Reframe the label in this message with its evidence, ask a question back, record it."""

    def name(self) -> str:
        return "action_reframe_label"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        diagnosis = latest_entity(tracker, "diagnosis")
        label = content().label(diagnosis)
        say(dispatcher, [pick(label["reframes"]), label["evidence"], pick(label["questions"])])
        store = records()
        if diagnosis and recording(tracker, store):
            store.record_label_mention(tracker.sender_id, channel(tracker), diagnosis)
        return [SlotSet("diagnosis", diagnosis)]

"""The listening-to-the-body exercise: a hint for a question back, then the four answers reflected
back and cleared."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import content, known_topic, said_in_session, say
from bot.coach.consent import asks_to_delete
from bot.coach.knowledge import wording
from bot.coach.listening import asks_back, asks_what_listening_is, complains_said_before, read_back, wants_out
from bot.coach.safety import asks_anywhere

ANSWERS = ("listen_where", "listen_quality", "listen_rating", "listen_need")


class ValidateListeningForm(FormValidationAction):
    """A question back about a step ("what do you mean by quality?") gets a hint, not stored as
    the answer; the form then asks the step again in its other wording."""

    def name(self) -> str:
        return "validate_listening_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """None once the person asks to leave the exercise: the form ends, and its closing says so."""
        text = tracker.latest_message.get("text") or ""
        return [] if wants_out(text) or asks_to_delete(text) else domain_slots  # "...please delete my data"

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The step's answer as given; a hint and None when it asks about the step; the answer and
        None when it asks something the knowledge base knows ("is it normal for it to still hurt 4
        days after lifting boxes?" had been kept as the rating, for its 4)."""
        slot = tracker.get_slot("requested_slot")
        text = tracker.latest_message.get("text") or ""
        answered = tracker.slots_to_validate().get(slot) is not None
        if slot in ANSWERS and answered and asks_anywhere(text) and (topic := known_topic(tracker)):
            declined = tracker.get_slot("consent") is False
            dispatcher.utter_message(text=wording(content(), topic, said_in_session(tracker), declined))
            return [SlotSet(slot, None)]
        if slot in ANSWERS and answered and asks_back(slot, text):
            give_hint(dispatcher, slot)
            return [SlotSet(slot, None)]
        return await super().get_validation_events(dispatcher, tracker, domain)


class ActionListeningHint(Action):
    """A question back the NLU reads as another kind ("what do you mean" as a question about the
    assistant): the step's hint, then the form asks again (data/rules/listening.yml)."""

    def name(self) -> str:
        return "action_listening_hint"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        slot = tracker.get_slot("requested_slot")
        give_hint(dispatcher, slot if slot in ANSWERS else ANSWERS[0])
        return []


def give_hint(dispatcher: CollectingDispatcher, slot: str) -> None:
    """What the step asks for, with examples, and no question (the form asks it again)."""
    dispatcher.utter_message(text=content().say(f"listening.hint.{slot}"))


class ActionStartListening(Action):
    """The exercise begins, unless the message asks what listening to the body means (explained,
    then offered) or complains it was offered too often (heard): both read as a request to start,
    and had started it (development suite O). FollowupAction ends the turn's rule there."""

    def name(self) -> str:
        return "action_start_listening"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text, words = tracker.latest_message.get("text") or "", content()
        if asks_what_listening_is(text):
            dispatcher.utter_message(text=words.say("listening.what_it_means"))
            return [FollowupAction("utter_offer_listening")]
        if complains_said_before(text):
            dispatcher.utter_message(text=words.say("listening.said_before"))
            return [FollowupAction("action_listen")]
        dispatcher.utter_message(response="utter_start_listening")
        return [SlotSet(slot, None) for slot in ANSWERS]  # an exercise left half-way starts afresh


class ActionFinishListening(Action):
    """Close the exercise warmly, with the person's own words where the sentence still reads well
    (bot.coach.listening.read_back), and with less where it wouldn't."""

    def name(self) -> str:
        return "action_finish_listening"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        words = content()
        text = tracker.latest_message.get("text") or ""
        if wants_out(text) or asks_to_delete(text):  # left part-way, at their word
            dispatcher.utter_message(text=words.say_fresh("listening.stopped", said_in_session(tracker)))
            # "stop. delete my data" had stopped the exercise and nothing more, and "actually stop.
            # please delete my data" had been kept as where the pain was (a playing helper)
            deleting = [FollowupAction("utter_confirm_delete")] if asks_to_delete(text) else []
            return [*(SlotSet(slot, None) for slot in ANSWERS), *deleting]
        answers = read_back({slot.removeprefix("listen_"): str(tracker.get_slot(slot) or "") for slot in ANSWERS})
        noticed = {key: answers[key] for key in ("where", "quality", "rating")}
        if None in noticed.values():
            closing = words.say("listening.done_briefly")
        elif answers["need"] is None:
            closing = words.say("listening.done_without_need", **noticed)
        else:
            closing = words.say("listening.done", **noticed, need=answers["need"])
        say(dispatcher, [closing, words.say("listening.hurt_not_harm")])
        return [SlotSet(slot, None) for slot in ANSWERS]

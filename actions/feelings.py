"""Described pain and shared feelings: acknowledged, then one question or offer that moves the
conversation on, or none when they asked to be listened to."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    answer_again,
    content,
    fresh_topic,
    latest_entity,
    met_situation,
    replayed_now,
    said_in_session,
    session_actions,
    session_events,
    situation_said,
    user_texts_in_session,
    utter_fresh,
    warned_against_stopping,
)
from actions.first_contact import consent_unasked
from bot.coach.coaching import (
    after_described_pain,
    asks_to_talk_about,
    feels_better,
    tells_of_easing,
    wants_just_to_talk,
)
from bot.coach.knowledge import FAQ
from bot.coach.leaving import signs_off
from bot.coach.medicines import stopped_a_medicine
from bot.coach.noticing import noticing_message
from bot.coach.pain_scale import Problem, leading_rating, read_pain_level
from bot.coach.safety import asks_anywhere
from bot.coach.tone import pre_empts, sarcastic

STEP_ACTIONS = frozenset({"action_suggest_core_step", "utter_offer_step"})
OFFER = "utter_offer_help"
RECENT = 3  # user turns: an offer this recent is not made again


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


# "just awkward. no pain": no pain with the step, said in so many words (not "no pain relief").
NO_PAIN = re.compile(r"\b(?:no|zero|without any) pain\b(?! (?:relief|killers?|meds|medication))", re.IGNORECASE)


class ActionAcknowledgePain(Action):
    """What someone said about their pain, acknowledged; then how strong it is, or a step."""

    def name(self) -> str:
        return "action_acknowledge_pain"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        told = not replayed_now(tracker) and not tracker.active_loop.get("name") and not tells_of_easing(text)
        if told and leading_rating(text) is not None:  # "4. worse after a long shift": a check-in
            return answer_again(tracker, "report_pain_level")
        if told and fresh_topic(tracker) and not situation_said(tracker, asks_nothing=True):
            # "how do i fix lower back pain from sitting all day", "I sit for ten hours a day in
            # meetings, I can't lie on a boardroom floor": what the knowledge base knows is answered;
            # they had been thanked for describing their pain and asked to rate it (suite O).
            return answer_again(tracker, FAQ)
        stepped = bool(tracker.get_slot("core_step"))  # noticed during a step, not a stomach tight after a meal
        if stepped and (heard := noticing_message(content(), text, said_in_session(tracker))):
            dispatcher.utter_message(text=heard)  # "Shoulders dropped like 3 cm. Low back a bit looser."
        elif stepped and NO_PAIN.search(text):
            dispatcher.utter_message(text=content().say("feelings.no_pain_step"))
        elif tells_of_easing(text):  # "the stiffness in the mornings is easing" had got morning stiffness
            dispatcher.utter_message(text=content().say_fresh("feelings.easing", said_in_session(tracker)))
        elif not met_situation(dispatcher, tracker, asks_nothing=True):  # "we only get 2 breaks a shift"
            dispatcher.utter_message(response="utter_acknowledge_pain")
        if consent_unasked(tracker):  # the ConsentPolicy asks it next: one question a turn
            return []
        offered = bool(STEP_ACTIONS & session_actions(tracker))
        # Run as an action, not uttered here: the rules for its answer ("yes" to a step offer) key on it.
        return [FollowupAction(after_described_pain(rated_in_session(tracker), offered))]


def asked_to_talk_lately(tracker: Tracker) -> bool:
    """They asked a turn or two ago just to be listened to ("can we just talk about feeling useless
    for a bit"): what follows is heard, not answered with the menu of exercises."""
    return any(map(wants_just_to_talk, user_texts_in_session(tracker)[-RECENT:]))


def offered_lately(tracker: Tracker) -> bool:
    """Whether the menu of what might help was offered within the last few turns: offered again
    straight after "no. you keep offering me exercises", it read as not listening."""
    users = 0
    for event in reversed(session_events(tracker)):
        if event.get("event") == "user":
            users += 1
            if users > RECENT:
                return False
        elif event.get("event") == "action" and event.get("name") == OFFER:
            return True
    return False


class ActionAcknowledgeFeeling(Action):
    """A feeling, acknowledged in a wording not said yet; then the offer of what might help, unless
    they ask just to talk (then one open question), or asked it or were offered it lately (then
    nothing: they are listened to)."""

    def name(self) -> str:
        return "action_acknowledge_feeling"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        said = said_in_session(tracker)
        texts = user_texts_in_session(tracker)
        if texts and signs_off(texts[-1]) and not replayed_now(tracker):
            return answer_again(tracker, "goodbye")
        if warned_against_stopping(dispatcher, tracker):
            return []
        if texts and sarcastic(texts[-1]):  # "yeah right, totally cured": the last reply missed
            key = "feelings.pre_empted" if pre_empts(texts[-1]) else "feelings.sarcasm"
            dispatcher.utter_message(text=content().say_fresh(key, said))
            return []
        if texts and stopped_a_medicine(texts[-1], texts[:-1]):
            dispatcher.utter_message(text=content().say_fresh("feelings.stopped_medicine", said))
            return []
        if asks_to_talk_about(texts[-1] if texts else "", latest_entity(tracker, "body_part")):
            # "bit better. can we talk about my back a bit": taken up, not met with "that sounds
            # really hard" and the menu.
            dispatcher.utter_message(text=content().say_fresh("knowledge.talk_about", said))
            return []
        if texts and asks_anywhere(texts[-1]) and fresh_topic(tracker) and not replayed_now(tracker):
            return answer_again(tracker, FAQ)  # a question in a feeling, which the knowledge base knows
        if texts and feels_better(texts[-1]):
            dispatcher.utter_message(text=content().say_fresh("feelings.glad", said))
            return []
        if met_situation(dispatcher, tracker, asks_nothing=consent_unasked(tracker)):
            return []  # "my wife went back home with the kids": that, met in a coach's words, no menu
        utter_fresh(dispatcher, domain, "utter_empathy", said)
        if consent_unasked(tracker):  # the ConsentPolicy asks it next: one question a turn
            return []
        if wants_just_to_talk(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(text=content().say_fresh("feelings.just_talk", said))
            return []
        # Asked a turn or two ago just to talk: still listening, not the menu again.
        if offered_lately(tracker) or asked_to_talk_lately(tracker):
            dispatcher.utter_message(text=content().say_fresh("feelings.offered_already", said))
            return []
        return [FollowupAction(OFFER)]

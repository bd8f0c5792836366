"""The check-in form: start it fresh, validate the 0-10 rating kindly, record it."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (
    answer_again,
    channel,
    content,
    intent_of,
    latest_entity,
    met_situation,
    recording,
    records,
    replayed_now,
    said_in_session,
    say,
    session_events,
)
from actions.first_contact import consent_unasked
from bot.coach.check_in import (
    FEET_IDIOM,
    asks_instead_of_rating,
    asks_to_keep,
    known_question,
    not_an_answer,
    reask_message,
    recorded_messages,
    told_feeling,
    told_place,
    unrated_message,
    wants_to_stop,
)
from bot.coach.coaching import practised_step, wants_just_to_talk
from bot.coach.consent import asks_to_delete
from bot.coach.knowledge import first_sentence_of, wording
from bot.coach.labels import asks_if_label
from bot.coach.pain_scale import on_scale, rating_of, read_pain_level
from bot.store.records import Records

FORM_SLOTS = {"feeling": None, "pain_location": "body_part", "pain_level": "pain_level"}
RECORD = "action_record_check_in"
FORM = "check_in_form"
MAX_ANSWER = 500
MAX_PLACE = 64  # check_ins.location is VARCHAR(64); PostgreSQL refuses longer values
# Replies to the rating question before the check-in ends without a number: asked a third time, a
# person who can't or won't put a number on it feels interrogated.
RATING_TRIES = 2
CORRECTION_WORDS = 5  # "6 then", "actually it's a 5": longer messages with a rating are a new report
# Intents that ask rather than answer: asked in place of the rating twice, the rating is let go.
QUESTIONS = frozenset(
    {
        "faq",
        "ask_core",
        "ask_muscle_imbalance",
        "ask_pain_meaning",
        "ask_treatment_opinion",
        "bot_challenge",
        "ask_capabilities",
        "nlu_fallback",
    }
)
# Why a check-in ended before its questions were answered; action_record_check_in says so.
CUT_SHORT, NO_RATING, STOPPED = "check_in_cut_short", "no_rating", "stopped"


def given_since_last_check_in(tracker: Tracker) -> set[str]:
    """The slots set in this conversation since its last check-in form ended: a rating or a place
    said before the check-in started ("it's a 7 in my lower back", then "yes" to consent). What
    action_record_check_in sets is its own bookkeeping, not something the person said again."""
    given: set[str] = set()
    form_open, last_action = False, None
    for event in session_events(tracker):
        kind = event.get("event")
        if kind == "active_loop":
            if event.get("name") == FORM:
                form_open = True
            elif form_open:  # the check-in ended: what came before belongs to it
                form_open, given = False, set()
        elif kind == "action":
            last_action = event.get("name")
        elif kind == "user":
            last_action = None
        elif kind == "slot" and event.get("value") is not None and last_action != RECORD:
            given.add(event.get("name", ""))
    if read_pain_level(tracker.get_slot("pain_level")).value is None:  # "I'm 41" is an age
        given.discard("pain_level")
    return given


def rated_last_turn(tracker: Tracker) -> int | None:
    """The level action_record_check_in recorded in the bot's last turn, if it did: a rating said
    straight after it corrects that check-in rather than starting a second one."""
    users = 0
    for event in reversed(session_events(tracker)):
        if event.get("event") == "user":
            users += 1
            if users == 2:
                return None
        elif users == 1 and event.get("event") == "slot" and event.get("name") == "last_pain_level":
            return event.get("value")
    return None


def rated_earlier(tracker: Tracker) -> bool:
    """Whether the rating in the slot was set before the latest message and not recorded yet: the
    check-in then ends on another answer, whose words are no rating ("did the breathing one" after
    "4" was recorded as 1/10, from "one"). A rating a check-in already recorded is not this one's:
    "next morning report: bit stiff, 3/10" had been recorded as the day before's 4 (suite V)."""
    latest_seen = False
    for event in reversed(session_events(tracker)):
        if event.get("event") == "user":
            latest_seen = True
        elif event.get("event") == "slot" and event.get("name") == "last_pain_level" and latest_seen:
            return False
        elif event.get("event") == "slot" and event.get("name") == "pain_level":
            return latest_seen and event.get("value") is not None
    return False


def place_this_time(tracker: Tracker) -> str | None:
    """Where it hurts, as told since the last check-in was recorded: a rating told days later
    ("two days later: tilts fine. pain 4/10") had been thanked with the last check-in's place."""
    for event in reversed(session_events(tracker)):
        if event.get("event") == "slot" and event.get("name") == "last_pain_level":
            return None
        if event.get("event") == "slot" and event.get("name") == "pain_location":
            return event.get("value")
    place: str | None = tracker.get_slot("pain_location")  # set with the session (none recorded yet)
    return place


def replies_to_rating_question(tracker: Tracker) -> int:
    """How many messages answered "how strong is it, 0 to 10?" in the check-in under way, the
    latest included."""
    replies, requested = 0, None
    for event in session_events(tracker):
        kind = event.get("event")
        if kind == "active_loop" and event.get("name") == FORM:
            replies, requested = 0, None
        elif kind == "slot" and event.get("name") == "requested_slot":
            requested = event.get("value")
        elif kind == "user" and requested == "pain_level":
            replies += 1
    return replies


def not_an_answer_reply(reason: str, tracker: Tracker) -> str:
    """What is said of a reply that doesn't answer the form's question. A question the knowledge base
    knows is answered: "...First thing its more like a 7. Should I be using heat or ice?" had been
    told to ask again later (suite AA), because the rating in it kept the form from letting the
    question's rule answer it. The form then asks its question again."""
    text = tracker.latest_message.get("text") or ""
    topic = known_question(text, tracker.latest_message.get("knowledge"))
    if reason == "question" and topic:
        return wording(content(), topic, said_in_session(tracker), tracker.get_slot("consent") is False)
    if reason == "question" and asks_if_label(text):  # "...8/10 when i sit. is it a slipped disc do u think"
        return first_sentence_of(content().say_fresh("label.cant_say", said_in_session(tracker)))
    return content().say(f"check_in.not_an_answer.{reason}")


class ActionStartCheckIn(Action):
    """Clear the last check-in's answers, keeping any given in this very message or earlier in this
    conversation since the last check-in, so nobody is asked again what they just said."""

    def name(self) -> str:
        return "action_start_check_in"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if wants_to_stop(tracker.latest_message.get("text") or ""):
            return [SlotSet(CUT_SHORT, STOPPED)]  # "stop the check in" had been read as asking for one
        dispatcher.utter_message(text=content().say("check_in.start"))
        given = given_since_last_check_in(tracker)
        return [
            SlotSet(slot, None)
            for slot, entity in FORM_SLOTS.items()
            if entity is None or (latest_entity(tracker, entity) is None and slot not in given)
        ]


class ValidateCheckInForm(FormValidationAction):
    """Accept "a seven" and "7/10"; re-ask kindly on "eleven", "-2" or "a lot"."""

    def name(self) -> str:
        return "validate_check_in_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """The form's slots, without the rating once it has been skipped, and none once the person
        asked to stop: the form then ends."""
        cut = tracker.get_slot(CUT_SHORT)
        if cut == STOPPED or asks_for_something_else(tracker):
            return []
        if cut == NO_RATING:
            return [slot for slot in domain_slots if slot != "pain_level"]
        return domain_slots

    @staticmethod
    def stopped(slot: str, tracker: Tracker) -> dict[str, Any] | None:
        """The check-in ends, nothing kept, when any of its questions gets "stop" or "can we skip
        this": one test, in each slot's validation, since only the asked slot's is called."""
        if wants_to_stop(tracker.latest_message.get("text") or ""):
            return {slot: None, CUT_SHORT: STOPPED}
        return None

    async def extract_pain_level(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """ "Pain like 4/10, tight band across the low back", said to the first question, is kept:
        it had been asked for again a turn later."""
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("pain_level") is None and tracker.get_slot("requested_slot") != "pain_level":
            level = on_scale(text)
            return {} if level is None else {"pain_level": level}
        asked_back = intent_of(tracker) in QUESTIONS and on_scale(text) is None
        if asked_back and replies_to_rating_question(tracker) >= RATING_TRIES:
            # A second question in place of the number ("is it deleted now?", after "should I get a
            # posture corrector?"): the rating had been asked for under every answer. It is let go.
            return {"pain_level": None, CUT_SHORT: NO_RATING}
        return {}

    async def extract_feeling(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A feeling told in words the classifier read as something else is still the answer; so is
        where it hurts, told unsure ("Upper part of lower back? And sometimes shoulders." had the
        feeling question asked again, the place unheard)."""
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("requested_slot") != "feeling" or tracker.get_slot("feeling") is not None:
            return {}
        place = told_place(text, latest_entity(tracker, "body_part"), intent_of(tracker))
        return {"feeling": text[:MAX_ANSWER]} if place or told_feeling(text, intent_of(tracker)) else {}

    def validate_feeling(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if stop := self.stopped("feeling", tracker):
            return stop
        text = str(slot_value or "").strip()[:MAX_ANSWER]
        if text and tracker.get_slot("requested_slot") is None and text == tracker.get_slot("feeling"):
            return {"feeling": text}  # heard already: the check-in goes on after a screening question
        if text and self.refused("feeling", text, dispatcher, tracker):
            return {"feeling": None}
        if text and not met_situation(dispatcher, tracker, asks_nothing=True):  # "a 90 minute drive to physio"
            place = told_place(text, latest_entity(tracker, "body_part"), intent_of(tracker))  # heard as told
            words = content()
            if step := None if place else practised_step(words.steps, text):
                dispatcher.utter_message(text=words.say("check_in.thanks.practised", name=step))
            else:
                dispatcher.utter_message(
                    text=words.say("check_in.thanks.place" if place else "check_in.thanks.feeling")
                )
        return {"feeling": text or None}

    def validate_pain_location(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if stop := self.stopped("pain_location", tracker):
            return stop
        place = latest_entity(tracker, "body_part") or str(slot_value or "").strip()[:MAX_ANSWER]
        if place in ("feet", "foot") and FEET_IDIOM.search(tracker.latest_message.get("text") or ""):
            return {"pain_location": None}  # "10 hrs on my feet at the till" is no place it hurts
        if place and tracker.get_slot("requested_slot") is None and place == tracker.get_slot("pain_location"):
            return {"pain_location": place}  # said before the check-in began; "yes" to it is no refusal
        reason = place and self.refused("pain_location", place, dispatcher, tracker)
        if reason == "number":  # a rating in place of a place is kept, so it isn't asked for next
            return {"pain_location": None, "pain_level": rating_of(place, tracker.get_slot("pain_level")).value}
        if place and not reason and tracker.get_slot("requested_slot") == "pain_location":
            # heard before the rating question ("my back is killing me, like a knife" had got none)
            dispatcher.utter_message(text=content().say("check_in.thanks.place"))
        return {"pain_location": None if reason else place or None}

    @staticmethod
    def refused(slot: str, text: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> str | None:
        """Why a reply doesn't answer the question, or None when it does. A reply that doesn't is
        not stored; one short line says so, and the form asks again (in its other wording)."""
        reason = not_an_answer(
            slot,
            text,
            intent_of(tracker, skip_fallback=False),
            latest_entity(tracker, "body_part"),
        )
        if reason == "number" and rating_of(text, tracker.get_slot("pain_level")).value is None:
            reason = "no_place"  # "5 or 6": nothing to note; the rating question comes next
        if reason:
            dispatcher.utter_message(text=not_an_answer_reply(reason, tracker))
        return reason

    def validate_pain_level(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if slot_value is None:  # cleared at the start of a check-in: nothing was answered yet
            return {"pain_level": None}
        if stop := self.stopped("pain_level", tracker):
            return stop
        text = tracker.latest_message.get("text") or ""
        # "...a 3. is a hot water bottle better?"
        answered = known_question(text, tracker.latest_message.get("knowledge")) is not None
        if asks_instead_of_rating(text) or answered:
            dispatcher.utter_message(text=not_an_answer_reply("question", tracker))
        if asks_instead_of_rating(text):
            return {"pain_level": None}
        reading = rating_of(text, slot_value)
        if reading.value is None:  # "my mum keeps saying ill end up in a wheelchair": heard first
            met_situation(dispatcher, tracker, asks_nothing=True)
        if reading.value is None and replies_to_rating_question(tracker) >= RATING_TRIES:
            return {"pain_level": None, CUT_SHORT: NO_RATING}  # action_record_check_in says so
        if reading.value is None and tracker.get_slot("requested_slot") == "pain_level" and not answered:
            # Not when another question was asked: "mid-flare day 2", told for how they feel, had
            # been answered "No problem, it's hard to rate" before the rating was asked for.
            intent = intent_of(tracker, skip_fallback=False)
            dispatcher.utter_message(text=reask_message(content(), reading, intent))
        return {"pain_level": reading.value}


# What the person asks for instead of answering: a step, the listening exercise, or deletion. Rules end the
# check-in for these, but only when the form can't use the message: "give me one of these core
# things, my knees are bad" filled where it hurts, so the check-in went on and the step was never
# given (a playing helper). A report of practice is heard inside the check-in (its own rules).
ASKED_INSTEAD = ("request_core_steps", "request_listening_exercise", "request_delete_data")


def asks_for_something_else(tracker: Tracker) -> bool:
    """Whether the check-in's latest message asks for something else, first heard (not replayed)."""
    return intent_of(tracker) in ASKED_INSTEAD and not replayed_now(tracker)


class ActionRecordCheckIn(Action):
    """Record a finished check-in, or a rating given outside the form; then the offer of what might
    help. A check-in stopped to "just talk" gets an open question instead: the menu of exercises
    had followed "can we just talk about feeling useless for a bit"."""

    def name(self) -> str:
        return RECORD

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if asks_for_something_else(tracker):  # the check-in ended for it: the request is answered
            return answer_again(tracker)
        text = tracker.latest_message.get("text") or ""
        stopped = tracker.get_slot(CUT_SHORT) == STOPPED
        talk = stopped and wants_just_to_talk(text)
        events = self.record(dispatcher, tracker)
        if stopped and asks_to_delete(text):  # "stop. delete my data": confirmed first, as anywhere else
            return [*events, FollowupAction("utter_confirm_delete")]
        if talk:
            dispatcher.utter_message(text=content().say_fresh("feelings.just_talk", said_in_session(tracker)))
            return events
        if not replayed_now(tracker) and known_question(text, tracker.latest_message.get("knowledge")):
            # "8. very bad. I think maybe I need physio?" had the rating noted and the menu (suite AA)
            return [*events, *answer_again(tracker, "faq")]
        return events if consent_unasked(tracker) else [*events, FollowupAction("utter_offer_help")]

    def record(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """The check-in or rating recorded and acknowledged; the events that settle its slots."""
        words, store = content(), records()
        cut = tracker.get_slot(CUT_SHORT)
        if cut == STOPPED:  # they asked to stop: nothing is kept
            dispatcher.utter_message(text=words.say("check_in.stopped"))
            return [SlotSet(CUT_SHORT, None), *(SlotSet(slot, None) for slot in FORM_SLOTS)]
        kept = recording(tracker, store)
        if cut == NO_RATING:  # how they feel and where are kept, without a number
            if kept:
                self.store(tracker, store, None)
            key = "check_in.unrated_end.recording" if kept else "check_in.unrated_end.not_recording"
            dispatcher.utter_message(text=words.say(key))
            return [SlotSet(CUT_SHORT, None)]
        level, text = tracker.get_slot("pain_level"), tracker.latest_message.get("text")
        reading = read_pain_level(level) if rated_earlier(tracker) else rating_of(text, level)
        if reading.value is None and wants_to_stop(text or ""):  # "you gonna keep asking me ... i aint doing that"
            dispatcher.utter_message(text=words.say_fresh("check_in.no_numbers", said_in_session(tracker)))
            return [SlotSet("pain_level", None)]
        if reading.value is None:
            dispatcher.utter_message(text=unrated_message(words, reading))
            return [SlotSet("pain_level", None)]
        rated = rated_last_turn(tracker) if len((text or "").split()) <= CORRECTION_WORDS else None
        if rated is not None:  # "6 then": the check-in just recorded is put right
            if kept and rated != reading.value:
                store.correct_pain_level(tracker.sender_id, reading.value)
            dispatcher.utter_message(text=words.say("check_in.corrected", level=reading.value))
            return [SlotSet("pain_level", reading.value), SlotSet("last_pain_level", reading.value)]
        previous = None
        if kept:
            previous = store.latest_pain_level(tracker.sender_id)
            self.store(tracker, store, reading.value)
        told = "" if rated_earlier(tracker) else text or ""
        messages = recorded_messages(words, reading.value, place_this_time(tracker), previous, told)
        if messages[0] in said_in_session(tracker):  # the same rating, given before the check-in began
            messages = [words.say("check_in.recorded_again")]
        if not kept and asks_to_keep(text or ""):
            messages.append(words.say("check_in.not_kept"))
        say(dispatcher, messages)
        return [SlotSet("pain_level", reading.value), SlotSet("last_pain_level", reading.value)]

    @staticmethod
    def store(tracker: Tracker, store: Records, level: int | None) -> None:
        """One check-in row; a place longer than the column is trimmed, not refused."""
        location = place_this_time(tracker)
        store.record_check_in(
            tracker.sender_id,
            channel(tracker),
            feeling=tracker.get_slot("feeling"),
            location=location[:MAX_PLACE] if location else None,
            pain_level=level,
        )

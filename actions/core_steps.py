"""Core reconnection: suggest the next step from the person's history; record how it went."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    answer_again,
    channel,
    content,
    known_topic,
    once_then_briefly,
    recording,
    records,
    replayed_now,
    said_in_session,
    say,
    session_actions,
    session_events,
    steps_paused,
    steps_referred_here,
    user_texts_in_session,
)
from actions.first_contact import consent_unasked, greet_newcomer
from actions.knowledge import pending_questions
from bot.coach.coaching import (
    feels_better,
    from_someone_else,
    instructions_for,
    later_going_well,
    mid_sentence,
    other_step_message,
    other_step_named,
    progress_message,
    reminder_message,
    said_it_was_ours,
    seated_because,
    step_asked_about,
    step_description,
    step_messages,
    step_named,
    tells_of_an_activity,
    tells_of_exercise,
    tells_of_practice,
    wants_just_to_talk,
)
from bot.coach.content import Content, Step
from bot.coach.knowledge import CONFIDENT, chosen_topic, wording
from bot.coach.progression import (
    ACTIVITY,
    FEEDBACK_VALUES,
    LONG_AGO,
    NOT_TRIED,
    OTHER_STEP,
    OWN,
    PLANNED,
    QUESTION,
    WHICH,
    StepRecord,
    asks_for_overview,
    classify_feedback,
    next_step,
    ready_for_more,
    reported_before_question,
    says_practised,
)
from bot.coach.safety import limits_told
from bot.coach.tone import rough_spell

# Topics a question about a step is most likely about ("did I damage something doing it?").
STEP_QUESTIONS = ("damage_worry", "step_hurts", "step_doing_it_right", "step_how_often", "step_where", "flare_up")


def first_given(tracker: Tracker, step: str) -> datetime:
    """When the conversation's slot first named this step (the tracker keeps the time)."""
    times = [
        e["timestamp"]
        for e in tracker.events
        if e.get("event") == "slot" and e.get("name") == "core_step" and e.get("value") == step and e.get("timestamp")
    ]
    return datetime.fromtimestamp(min(times), timezone.utc) if times else LONG_AGO


def reported_since(tracker: Tracker, shown: str) -> bool:
    """Whether how the step went was said since it was last shown, or in this message: "Next pls"
    right after "done it, it was easy" was asked "was it easy, hard, or did it hurt?" again."""
    if (tracker.latest_message.get("intent") or {}).get("name") == "report_progress":
        return True
    reported = False
    for event in session_events(tracker):
        if event.get("event") == "bot" and shown in (event.get("text") or ""):
            reported = False
        elif event.get("event") == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            reported = reported or intent == "report_progress"
    return reported


RECENT_REPORTS = 4  # the person's last messages read for days of practice


def texts_since_last_step(tracker: Tracker) -> list[str]:
    """What the person said since the last step was given (all of the session if none was)."""
    texts: list[str] = []
    for event in session_events(tracker):
        if event.get("event") == "action" and event.get("name") == "action_suggest_core_step":
            texts = []
        elif event.get("event") == "user" and event.get("text"):
            texts.append(event["text"])
    return texts


def tells_of_their_step(words: Content, tracker: Tracker, store: Any) -> bool:
    """Whether a message read as asking for a step tells of practising one of ours by name, with
    no step on record here: someone back from another chat or device, to be heard as a report."""
    text = tracker.latest_message.get("text") or ""
    if tracker.get_slot("core_step") or not step_named(words.steps, text) or not tells_of_practice(text):
        return False
    return not (recording(tracker, store) and store.step_history(tracker.sender_id))


def described_last(words: Content, tracker: Tracker) -> tuple[Step, str] | None:
    """The step the bot's last reply described, as asked ("so wat even is a pelvic tilt" then "k
    tried it on the bed"): the "it" of the report, with its title as the name."""
    replies: list[str] = []
    for event in reversed(session_events(tracker)):
        if event.get("event") == "user" and replies:
            break
        if event.get("event") == "bot":
            replies.append(event.get("text") or "")
    step = next((s for s in words.steps if any(s.instructions in reply for reply in replies)), None)
    return (step, mid_sentence(step.title)) if step else None


def named_earlier(words: Content, tracker: Tracker) -> tuple[Step, str] | None:
    """The step the person last named in this conversation, before this message, as theirs: "did
    yer breathing. its fine, bit boring", told to the check-in's first question, then "did it.
    nothing much happening" had been asked which exercise it was (development suite X)."""
    for text in reversed(user_texts_in_session(tracker)[:-1]):
        if (found := step_named(words.steps, text)) and not from_someone_else(text):
            return found
    return None


class ActionSuggestCoreStep(Action):
    """The next step, unless a red flag has paused coaching in this conversation."""

    def name(self) -> str:
        return "action_suggest_core_step"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        words, store = content(), records()
        if steps_paused(tracker):  # after a crisis alone, gentle coaching goes on
            dispatcher.utter_message(text=once_then_briefly(words, "core_steps.paused", tracker))
            return []
        if limits_told(words, said_in_session(tracker)):  # a fracture's team says which exercises fit
            dispatcher.utter_message(text=once_then_briefly(words, "knowledge.within_limits", tracker))
            return [SlotSet("last_feedback", None)]
        if steps_referred_here(tracker):
            dispatcher.utter_message(text=once_then_briefly(words, "core_steps.referred", tracker))
            return [SlotSet("last_feedback", None)]
        asked = (tracker.latest_message.get("intent") or {}).get("name") == "request_core_steps"
        if asked and wants_just_to_talk(tracker.latest_message.get("text") or ""):
            # "can we just talk for a bit, i dont want exercises" is read as asking for them, from
            # "exercises": it had been given belly breathing. They are listened to.
            if consent_unasked(tracker) and store.consent(tracker.sender_id) is None:  # a first message
                dispatcher.utter_message(text=words.say("feelings.just_talk_first"))
                return greet_newcomer(dispatcher, words)
            dispatcher.utter_message(text=words.say_fresh("feelings.just_talk", said_in_session(tracker)))
            return [SlotSet("last_feedback", None)]
        chosen = chosen_topic(words, pending_questions(tracker), tracker.latest_message.get("text") or "", False)
        if asked and chosen:  # "the yoga one please", after "You also asked about yoga and pilates"
            dispatcher.utter_message(text=wording(words, chosen, said_in_session(tracker)))
            return [SlotSet("knowledge_topic", chosen)]
        if asked and (named := step_asked_about(words.steps, tracker.latest_message.get("text") or "")):
            # "ok whats a dead bug then" had been given belly breathing: how it is done, no progression.
            say(dispatcher, step_description(words, named, tracker.get_slot("core_step")))
            return [SlotSet("last_feedback", None)]
        if asked and tells_of_their_step(words, tracker, store):
            # "I tried yung exercise na bridge, mga 3 times this week", back after days away, read as
            # asking for a step: it had been handed belly breathing (development suite T). A report.
            return answer_again(tracker, "report_progress")
        if asked and asks_for_overview(tracker.latest_message.get("text") or ""):
            names = ", ".join(mid_sentence(s.title) for s in words.steps)
            dispatcher.utter_message(text=words.say("core_steps.overview", names=names))
            offer = [] if tracker.get_slot("core_step") else [FollowupAction("utter_offer_step")]
            return [SlotSet("last_feedback", None), *offer]
        step, feedback = tracker.get_slot("core_step"), tracker.get_slot("last_feedback")
        if feedback == OWN:  # nothing of ours was tried: a step is offered, once, not imposed
            offered = "utter_offer_step" in session_actions(tracker)
            return [SlotSet("last_feedback", None), *([] if offered else [FollowupAction("utter_offer_step")])]
        if feedback in (
            QUESTION,
            NOT_TRIED,
            PLANNED,
            WHICH,
            ACTIVITY,
            OTHER_STEP,
        ):  # answered by action_record_progress
            if feedback == NOT_TRIED and step:
                dispatcher.utter_message(text=reminder_message(words, step))
            return [SlotSet("last_feedback", None)]
        keep = recording(tracker, store)
        if keep:
            history = store.step_history(tracker.sender_id)
        else:  # declined recording: only the step in the slots, given when the slot was first set to it
            history = [StepRecord(step, feedback, first_given(tracker, step))] if step else []
        pain = tracker.get_slot("last_pain_level")
        # Days of practice told since the step was given ("ok its been 4 days", then "cool. next
        # exercise?" had been told to stay with the first step), not before: that was the last step's.
        # "im ready for something a bit harder" says the days were put in
        recent = texts_since_last_step(tracker)[-RECENT_REPORTS:]
        practised = any(says_practised(said) or ready_for_more(said.lower()) for said in recent)
        level = int(pain) if pain is not None else None
        suggestion = next_step([s.id for s in words.steps], history, level, practised=practised)
        said = said_in_session(tracker)
        step = words.step(suggestion.step_id)
        seated = seated_because(user_texts_in_session(tracker), tracker.latest_message.get("text") or "")
        if seated is None and step.seated and any(step.seated in text for text in said):
            seated = "in_company"  # shown sitting in this conversation: the same again, not the floor's
        shown = instructions_for(step, seated)
        named_now = step_named(words.steps, tracker.latest_message.get("text") or "")
        # "I did the breathing before prayer": one they know already, so not the whole of it again.
        # Not a step asked for by name: "can you give me the breathing exercise", never shown, had
        # been told "It's the same one as before" with no instructions (a playing helper).
        text = tracker.latest_message.get("text") or ""
        known = named_now is not None and named_now[0].id == step.id and tells_of_practice(text)
        shown_before = any(shown in said_text for said_text in said) or known
        reported = reported_since(tracker, shown)
        # the step they just said they did: they know it ("did it today. 2 minutes. fell asleep
        # faster" had been sent the whole of it again and asked how it went; suite W)
        shown_before = shown_before or (reported and step.id == tracker.get_slot("core_step"))
        order = [s.id for s in words.steps]
        if asked and named_now and order.index(named_now[0].id) > order.index(step.id) + 1:
            # "my friend say me about the bridge exercise. can you give me the bridge?" had been told to
            # stay with drawing-in, with no reason (a playing helper): how it's done, and when it fits
            say(dispatcher, step_description(words, named_now[0], step.id))
            return [SlotSet("last_feedback", None)]
        consent_next = consent_unasked(tracker) and store.consent(tracker.sender_id) is None
        say(dispatcher, step_messages(words, suggestion, shown_before, reported, seated, said, consent_next))
        if keep:
            store.record_step_suggestion(tracker.sender_id, channel(tracker), suggestion.step_id)
        return [SlotSet("core_step", suggestion.step_id), SlotSet("last_feedback", None)]


class ActionRecordProgress(Action):
    """Record done / easy / hard / hurt against the latest step; the next step follows. A question
    about the step is answered instead, and "not yet" is met kindly; neither is recorded."""

    def name(self) -> str:
        return "action_record_progress"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        words, store = content(), records()
        text = tracker.latest_message.get("text") or ""
        feedback = classify_feedback(tracker.get_latest_entity_values("step_feedback"), text)
        if (spell := rough_spell(text)) and not feels_better(text) and not replayed_now(tracker):
            dispatcher.utter_message(text=words.say("progress.rough_spell", spell=spell))
        if feedback == QUESTION:
            if asked := step_asked_about(words.steps, text):  # "I did pelvic tilt from YouTube, how is it done?"
                say(dispatcher, step_description(words, asked, tracker.get_slot("core_step")))
                return [SlotSet("last_feedback", feedback)]
            # "did it. bit boring. can I take two ibuprofen with my tablets": how it went is thanked
            # for and kept, and the question answered; no next step on top of it.
            told = reported_before_question(tracker.get_latest_entity_values("step_feedback"), text)
            if told and tracker.get_slot("core_step") and recording(tracker, store):
                store.record_step_feedback(tracker.sender_id, str(told))
            lead = [progress_message(words, told, said_in_session(tracker), text)] if told else []
            if topic := self.other_question(words, tracker):
                say(dispatcher, [*lead, wording(words, topic, said_in_session(tracker))])
                return [SlotSet("last_feedback", QUESTION), SlotSet("knowledge_topic", topic)]
            say(dispatcher, [*lead, self.answer(words, tracker)])
            return [SlotSet("last_feedback", feedback)]
        current = tracker.get_slot("core_step")
        if feedback == PLANNED:  # "fine ill try it tonight" had been praised for doing it
            if current:
                dispatcher.utter_message(text=words.say_fresh("progress.planned", said_in_session(tracker)))
            return [SlotSet("last_feedback", PLANNED if current else None)]
        other = other_step_named(words.steps, text, current) if current else None
        if other and later_going_well(words, other[0], current, feedback):
            # "2 days later. tilts easy now": they are already past the step on record, so the
            # progression goes on from theirs rather than back to the breathing.
            dispatcher.utter_message(text=words.say("progress.other_step.taken_up", name=other[1]))
            if recording(tracker, store):
                store.record_step_suggestion(tracker.sender_id, channel(tracker), other[0].id)
                store.record_step_feedback(tracker.sender_id, str(feedback))
            asked = step_asked_about(words.steps, text)
            if asked and asked.id != other[0].id:
                # "Heel slides are easy now... Please teach me the dead bug": the one asked for,
                # rather than more days of theirs (it had been "let's stay with this one")
                say(dispatcher, step_description(words, asked))  # theirs went well: no "comes later"
                return [SlotSet("last_feedback", QUESTION), SlotSet("core_step", other[0].id)]
            return [SlotSet("last_feedback", feedback), SlotSet("core_step", other[0].id)]
        if other:  # about another step: taken up, not recorded against the current one
            dispatcher.utter_message(text=other_step_message(words, *other, current, feedback))
            return [SlotSet("last_feedback", OTHER_STEP)]
        if current and feedback in FEEDBACK_VALUES and tells_of_an_activity(words.steps, text, words.step(current)):
            # "I did a walk of 10 minutes to the boulangerie. The leg was bad then better": their
            # own activity, heard as such; nothing recorded against the step (development suite U).
            key = "progress.activity.hurt" if feedback == "hurt" else "progress.activity.well"
            dispatcher.utter_message(text=words.say_fresh(key, said_in_session(tracker)))
            return [SlotSet("last_feedback", ACTIVITY)]
        step_given, keep = current is not None, recording(tracker, store)
        # Nothing on record: a step of ours named as given here, or found on their own and going well
        # ("did the belly breathing thing couple nights"); not one a physio gave, nor one that hurt.
        on_own = feedback in ("done", "easy", None) and not from_someone_else(text)
        ours = (said_it_was_ours(text) or on_own) and not current and not store.step_history(tracker.sender_id)
        # or the one just described, as asked, that they then tried ("k tried it on the bed. bit wobbly")
        named_here = step_named(words.steps, text)
        described = None if current or named_here else described_last(words, tracker)
        earlier = None if current or named_here or described or not ours else named_earlier(words, tracker)
        if feedback == NOT_TRIED and named_here and not current and not from_someone_else(text):
            # "skipped the breathing yesterday, too tired": the step they mean is theirs from now on,
            # unpraised; "did it today" next had been asked which exercise it was (suite W)
            dispatcher.utter_message(text=progress_message(words, feedback, said_in_session(tracker), text))
            if keep:
                store.record_step_suggestion(tracker.sender_id, channel(tracker), named_here[0].id)
            return [SlotSet("last_feedback", feedback), SlotSet("core_step", named_here[0].id)]
        named = (named_here if ours else None) or described or earlier
        if named:  # "did the breathing exercise you gave me yesterday", with no record of it: taken up
            title = named[0].title  # and "did the belly breathing thing couple nights", found on their own
            key = "progress.no_step.named" if said_it_was_ours(text) else "progress.no_step.named_own"
            key = "progress.no_step.described" if described else key
            dispatcher.utter_message(text=words.say(key, name=mid_sentence(title)))
            if keep:
                store.record_step_suggestion(tracker.sender_id, channel(tracker), named[0].id)
            current, step_given = named[0].id, True
            if feedback is None:  # nothing more to thank them for: the step follows
                return [SlotSet("last_feedback", None), SlotSet("core_step", current)]
        if feedback in FEEDBACK_VALUES and keep:
            step_given = store.record_step_feedback(tracker.sender_id, str(feedback)) is not None
        elif keep and not step_given:  # a step from an earlier conversation counts
            step_given = bool(store.step_history(tracker.sender_id))
        if feedback is None and not step_given and not replayed_now(tracker):
            # "felt like he was fobbing me off tbh", "And the gym thing?": no step, no word of how
            # one went. A question the knowledge base knows is answered, else it is heard as a feeling.
            confident = float((tracker.latest_message.get("knowledge") or {}).get("confidence") or 0.0) >= CONFIDENT
            if confident or not tells_of_exercise(text):
                return answer_again(tracker, "faq" if confident else "share_feeling")
        if feedback in ("done", "easy") and not step_given:
            # "Day 6 report. Right side is now also OK. I did 2 sets.": a step from another chat or
            # device, unnamed. It had been restarted at belly breathing; they are asked which it was.
            dispatcher.utter_message(text=words.say_fresh("progress.no_step.which", said_in_session(tracker)))
            return [SlotSet("last_feedback", WHICH)]
        pain_told = feedback in ("hurt", "hard") and not tells_of_exercise(text)
        if pain_told and not step_given and not replayed_now(tracker):
            # "hurt it playing soccer last year never got better", "sunday was awful, couldn't bend to
            # tie shoes": their pain's story, with no exercise in it. It had been "I'm sorry that hurt.
            # I don't have that exercise on record" and a step (development suite U).
            return answer_again(tracker, "describe_pain")
        if (feedback in FEEDBACK_VALUES or feedback is None) and not step_given:  # nothing of ours to praise
            unthanked = feedback or "unknown"  # hurt or hard: something gentler follows
            dispatcher.utter_message(text=words.say(f"progress.no_step.{unthanked}"))
            return [SlotSet("last_feedback", None if feedback else OWN)]
        dispatcher.utter_message(text=progress_message(words, feedback, said_in_session(tracker), text))
        return [SlotSet("last_feedback", feedback), *([SlotSet("core_step", current)] if named else [])]

    @staticmethod
    def other_question(words: Content, tracker: Tracker) -> str | None:
        """The knowledge base's topic for a question beside the report that is not about the step
        (medicines, work, sleep), when it is sure of it; else None."""
        topic = known_topic(tracker)
        return topic if topic not in STEP_QUESTIONS and topic in words.knowledge_topics else None

    @staticmethod
    def answer(words: Content, tracker: Tracker) -> str:
        """A question about the step: the knowledge base's answer when it reads as one of the step
        topics, else an honest "I can't tell from here"."""
        reading = tracker.latest_message.get("knowledge") or {}
        topics = [r["topic"] for r in reading.get("ranking", []) if r["confidence"] >= CONFIDENT / 2]
        topic = next((t for t in topics if t in STEP_QUESTIONS and t in words.knowledge_topics), None)
        return wording(words, topic, said_in_session(tracker)) if topic else words.say("progress.question")

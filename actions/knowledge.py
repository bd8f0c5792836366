"""Questions from the knowledge base (content/knowledge.yml): answer, then at most one offer."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    STEP_CHOICE,
    answer_again,
    content,
    fresh_topic,
    intent_of,
    known_topic,
    latest_entity,
    met_situation,
    offered_choices,
    once_then_briefly,
    records,
    replayed_now,
    said_in_session,
    say,
    session_actions,
    session_events,
    steps_paused,
    steps_referred_here,
    utter_fresh,
    warned_against_stopping,
)
from actions.feelings import asked_to_talk_lately
from actions.first_contact import consent_unasked, greet_newcomer, stopped_for_deletion
from bot.coach.check_in import asks_to_be_reminded
from bot.coach.coaching import (
    announces_more,
    asks_for_steps,
    asks_to_talk_about,
    feels_better,
    opens_low,
    step_asked_about,
    step_description,
    tells_of_easing,
    wants_just_to_talk,
)
from bot.coach.consent import (
    asks_about_deleting_later,
    asks_about_recording,
    asks_to_be_recorded,
    asks_to_delete,
    recording_details,
    says_yes_first,
)
from bot.coach.content import Content, pick_fresh
from bot.coach.knowledge import (
    ANSWER_AGAIN,
    EXERCISE_TOPICS,
    FAQ,
    GREETS,
    HEARD,
    LIMITED_TOPICS,
    PASSING_REMARKS,
    REASSURING_TOPICS,
    STATEMENT_TOPIC,
    SURE,
    WILL_TRY,
    Answer,
    answer,
    asks_about_that,
    asks_for_source,
    asks_several,
    asks_something_else,
    asks_where_to_do_it,
    chosen_topic,
    fallback_turn,
    first_sentence_of,
    remark_kind,
    several_messages,
    topic_about_that,
    topic_for,
    unclear_reply,
    wording,
)
from bot.coach.labels import names_a_label
from bot.coach.leaving import signs_off
from bot.coach.pain_scale import on_scale
from bot.coach.safety import asks_anywhere, limits_told, restate_messages
from bot.coach.situations import grief_reply


def previous_intent(tracker: Tracker) -> str | None:
    """The intent of the person's message before this one, in this conversation."""
    users = [e for e in session_events(tracker) if e.get("event") == "user"]
    return ((users[-2].get("parse_data") or {}).get("intent") or {}).get("name") if len(users) > 1 else None


def first_of_several(tracker: Tracker, topic: str | None) -> str | None:
    """The topic to answer in a long message that asks several things: the first one asked."""
    asked = tracker.latest_message.get("knowledge_questions") or []
    return asked[0] if asked else topic


def pending_questions(tracker: Tracker) -> list[str]:
    """The other questions of a long message, when the bot offered them in one of its last two
    turns (the consent question may have come between: "the yoga one please" after it)."""
    offer = content().say("several.rest_one", topics="\0").split("\0")[0]
    events = session_events(tracker)
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    for start, end in zip(reversed(users[-3:-1]), reversed(users[-2:]), strict=False):
        said = [e.get("text") or "" for e in events[start:end] if e.get("event") == "bot"]
        if any(text.startswith(offer) for text in said):
            return ((events[start].get("parse_data") or {}).get("knowledge_questions") or [])[1:3]
    return []


# What a statement the NLU read as a question may be instead, in the order they are tried.
STATEMENT_INTENTS = ("thank", "goodbye", "share_feeling", "describe_pain", "report_progress", "affirm")


def not_a_question(tracker: Tracker) -> str | None:
    """The intent to hand a statement back as, when the NLU read it as a knowledge-base question
    the knowledge base is unsure of: "There is something else, though, that I have not mentioned
    to anyone." had been told whether back pain is passed on in families (development suite O).
    The next reading in the ranking, or none (the unclear-message action weighs it)."""
    text = tracker.latest_message.get("text") or ""
    if tracker.active_loop.get("name") or asks_anywhere(text) or asks_to_delete(text):
        return None  # mid-form a statement is an answer, which the form weighs
    if opens_low(text):  # "Not so good. I sleep bad because I think about it.": a feeling, not sleep positions
        return "share_feeling"  # also when a safety question let it go as a topic the knowledge base knew
    if replayed_now(tracker):
        return None
    if asks_about_recording(text):  # "...actually wait who else can see it" had been replayed as a yes
        return None
    if signs_off(text):  # "sound. peace" had been told what is recorded (from "sound")
        return "goodbye"
    if tells_of_easing(text):  # "honestly way better, the stiffness in the mornings is easing": glad news
        return "describe_pain"
    if known_topic(tracker, STATEMENT_TOPIC):
        return None
    ranking = {
        r.get("name"): float(r.get("confidence") or 0.0) for r in tracker.latest_message.get("intent_ranking") or []
    }
    return next((name for name in STATEMENT_INTENTS if ranking.get(name, 0.0) >= 0.2), "nlu_fallback")


def several_around(tracker: Tracker, words: Content) -> tuple[list[str], list[str]]:
    """What goes before and after the answer to the first of several questions."""
    return several_messages(words, tracker.latest_message.get("knowledge_questions") or [])


class ActionAnswerQuestion(Action):
    """The answer to a knowledge-base question; the unsure reply when no topic fits well enough.
    At first contact, and when "who reads this?" comes while the consent question is pending, the
    consent question comes instead of an offer."""

    def name(self) -> str:
        return "action_answer_question"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        words = content()
        text = tracker.latest_message.get("text") or ""
        in_form = bool(tracker.active_loop.get("name"))
        if asks_to_delete(text):  # "can you delete this whole chat?": confirmed first, as asked plainly
            ended = [ActiveLoop(None), SlotSet("requested_slot", None)] if in_form else []
            return [*ended, *stopped_for_deletion(dispatcher, tracker), FollowupAction("utter_confirm_delete")]
        if warned_against_stopping(dispatcher, tracker):
            return []
        if asks_to_be_reminded(text):  # "can you remember my physio is on the 14th": honest, not physio
            kept = "recording" if tracker.get_slot("consent") is True else "not_recording"
            dispatcher.utter_message(text=words.say(f"check_in.no_reminders.{kept}"))
            return []
        if asks_to_be_recorded(text) and tracker.get_slot("consent") is True:
            # "please record my progress for my physio", after a yes: it had started a check-in
            dispatcher.utter_message(text=words.say("first_contact.already_recording"))
            return []
        step = step_asked_about(words.steps, text)
        if not step and (statement := not_a_question(tracker)):  # "Please teach me the dead bug." asks
            return answer_again(tracker, statement)
        if step and not steps_paused(tracker):
            # "What is belly breathing? I only know brace for lifting." had been told about back
            # braces (development suite U): how the step is done, as asked
            say(dispatcher, step_description(words, step, tracker.get_slot("core_step")))
            return []
        topic = topic_for(words, intent_of(tracker), tracker.latest_message.get("knowledge"))
        if (asks_about_recording(text) or asks_about_deleting_later(text)) and "recording" in words.knowledge_topics:
            topic = "recording"
        if asks_where_to_do_it(text) and "step_where" in words.knowledge_topics:
            topic = "step_where"  # "can I do it sat in the cab?"
        if topic is None and asks_about_that(text):
            topic = topic_about_that(previous_intent(tracker))
        if asks_several(text) or names_a_label(text) or says_yes_first(text):  # "bulging disc. tips for my desk?"
            topic = first_of_several(tracker, topic)  # the question asked, not the label's topic
        if topic is None:
            if not (consent_unasked(tracker) and GREETS.search(text)):
                # "heyyy so my physio said to try this app thing?? my back is in BITS" had been told "I'm
                # not sure I can answer that" before the introduction (suite Y): a hello is introduced to
                dispatcher.utter_message(text=words.say("knowledge.unsure"))
            return []
        if topic in REASSURING_TOPICS and tracker.get_slot("safety_concern") == "red_flag":
            dispatcher.utter_message(text=pick_fresh(words.safety["fear_red_flag"], said_in_session(tracker)))
            return [SlotSet("knowledge_topic", topic)]
        if topic in LIMITED_TOPICS and limits_told(words, said_in_session(tracker)):
            dispatcher.utter_message(text=once_then_briefly(words, "knowledge.within_limits", tracker))
            return [SlotSet("knowledge_topic", topic)]
        if topic in EXERCISE_TOPICS and steps_paused(tracker):
            # "can i still do the stretches... or is that off", on the way to A&E, had been told
            # gentle stretching is fine: the exercises are on hold until a clinician has seen them.
            dispatcher.utter_message(text=once_then_briefly(words, "core_steps.paused", tracker))
            return [SlotSet("knowledge_topic", topic)]
        reply = answer(
            words,
            topic,
            said=said_in_session(tracker),
            in_form=in_form,
            no_step_offer=steps_paused(tracker)
            or tracker.get_slot("safe_question") in ("asked", "reasked")  # "Are you safe?" still unanswered
            or limits_told(words, said_in_session(tracker))  # a fracture's team decides, not a core step
            or bool(tracker.get_slot("core_step"))
            or steps_referred_here(tracker),
            offered=session_actions(tracker),
            declined=tracker.get_slot("consent") is False,
        )
        several = asks_several(text) and not in_form
        before, after = several_around(tracker, words) if several else ([], [])
        details = (
            [
                words.say_unsaid(f"recording_details.{detail}", said_in_session(tracker))
                for detail in recording_details(text)
            ]
            if topic == "recording"
            else []
        )
        # what they asked in particular, after the general answer's first sentence, not its whole paragraph
        answered = " ".join([first_sentence_of(reply.text), *details]) if details else reply.text
        # "my wife died in march and since then my back has been awful...": condolence before the answer
        grief = grief_reply(words, text, said_in_session(tracker)) if not tracker.get_slot("safety_concern") else None
        say(dispatcher, [*([grief] if grief else []), *before, answered, *after])
        if several:
            reply = Answer(reply.text, None)
        asked_who_reads = topic == "recording" and tracker.get_slot("awaiting_consent")
        first_contact = not in_form and consent_unasked(tracker)
        offer = "action_ask_consent" if asked_who_reads or first_contact else reply.offer
        return [SlotSet("knowledge_topic", topic), *([FollowupAction(offer)] if offer else [])]


STORY_WORDS = 8  # a first message this long tells something, and is acknowledged before the introduction
GREETING = re.compile(r"\W*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|greetings)\b", re.IGNORECASE)


class ActionUnclear(Action):
    """A message no intent fits: thanked for, or told honestly there's no good answer, then the
    main topics offered (bot.coach.knowledge.unclear_reply says why, not "please rephrase")."""

    def name(self) -> str:
        return "action_unclear"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if consent_unasked(tracker) and not previous_intent(tracker) and records().consent(tracker.sender_id) is None:
            # A first message nothing fits ("Good afternoon. Looking for some advice on an ongoing
            # back problem") had a menu and no greeting: it is greeted, and consent asked. A story
            # ("fell off a scaffold 3 years ago... lost my job over it") is heard first.
            text = tracker.latest_message.get("text") or ""
            if not replayed_now(tracker) and (latest_entity(tracker, "diagnosis") or names_a_label(text)):
                # "Good afternoon. I'm 62 and have been told I have arthritis in my spine..." had got the
                # introduction alone (a playing helper): the label is taken up, then consent asked
                return answer_again(tracker, "mention_diagnosis")
            if wants_just_to_talk(text):  # "I just need to moan to someone": heard, then who is talking
                dispatcher.utter_message(text=content().say("feelings.just_talk_first"))
            elif len(text.split()) >= STORY_WORDS and not GREETING.match(text):
                dispatcher.utter_message(text=unclear_reply(content(), text, []))
            return greet_newcomer(dispatcher, content(), text)
        text, said = tracker.latest_message.get("text") or "", said_in_session(tracker)
        if step := step_asked_about(content().steps, text):
            say(dispatcher, step_description(content(), step, tracker.get_slot("core_step")))
            return []
        if on_scale(text) is not None and not replayed_now(tracker):
            return answer_again(tracker, "report_pain_level")  # "like 5/10?? sore when i get up" is a rating
        if asks_to_talk_about(text, latest_entity(tracker, "body_part")):
            dispatcher.utter_message(text=pick_fresh(content().variants("knowledge.talk_about"), said))
            return []
        if tracker.get_slot("safety_concern") == "red_flag":
            # "It's Friday afternoon, they close at five.": the advice stands, kindly, not the menu.
            return restate_red_flag(dispatcher, tracker)
        if announces_more(text):  # "There is something else, though, that I have not mentioned to anyone."
            dispatcher.utter_message(text=pick_fresh(content().variants("knowledge.go_on"), said))
            return []
        if tracker.get_slot("safety_concern") == "crisis":  # no menu of exercises after "whats the point"
            dispatcher.utter_message(text=pick_fresh(content().variants("knowledge.unclear_crisis"), said))
            return []
        yes = intent_of(tracker) == "affirm"
        if chosen := chosen_topic(content(), pending_questions(tracker), text, yes):
            # "the desk one", after "You also asked about sitting at a desk": answered.
            dispatcher.utter_message(text=wording(content(), chosen, said))
            return [SlotSet("knowledge_topic", chosen)]
        asked = tracker.latest_message.get("knowledge_questions") or []
        if asked and says_yes_first(text):
            # "Yes ok. But what does that word mean", to the consent question: the yes is recorded,
            # then the question read alone is answered; it had been thanked for (suite AB)
            dispatcher.utter_message(text=wording(content(), asked[0], said))
            return [SlotSet("knowledge_topic", asked[0])]
        known = float((tracker.latest_message.get("knowledge") or {}).get("confidence") or 0.0) >= SURE
        if known and asks_anywhere(text) and not replayed_now(tracker):
            # "right ok. is it all in my head then because the doc basically said nothing showed up":
            # no intent was sure, but the knowledge base is (pain_real); it had been thanked for.
            return answer_again(tracker, FAQ)
        if asked_to_talk_lately(tracker) and not replayed_now(tracker):
            # "i used to do everything. now i cant even garden", after asking just to talk: heard as
            # what they feel, not answered with the menu they asked to be spared.
            return answer_again(tracker, "share_feeling")
        remark = remark_kind(text)
        if remark in (*PASSING_REMARKS, "plan"):  # "sorry, boss walked in", "I'll ring the pharmacy": not a topic's
            dispatcher.utter_message(text=pick_fresh(content().variants(f"knowledge.remarks.{remark}"), said))
            return []
        if not latest_entity(tracker, "diagnosis") and met_situation(dispatcher, tracker):
            return []  # "docs office is 40 mile away": met in a coach's words, no menu
        if not replayed_now(tracker) and not tracker.get_slot("safety_concern"):
            if latest_entity(tracker, "diagnosis"):
                # "hurt it lifting at the warehouse 2 yrs ago. bulging disc. been off work since":
                # the label named in a story is taken up, not thanked for.
                return answer_again(tracker, "mention_diagnosis")
            if fresh_topic(tracker):
                # "my manager says i slouch and thats why": a statement the knowledge base has a
                # topic for gets that topic, once; it had got the menu.
                return answer_again(tracker, FAQ)
        if asks_for_source(text) and (cited := last_sources(tracker)):  # "source?": the evidence named
            dispatcher.utter_message(text=content().say("knowledge.cited", sources=" ".join(cited[:2])))
            return []
        if signs_off(text) and not replayed_now(tracker):  # "sound. peace", "meh, easy. gotta jump on a call"
            return answer_again(tracker, "goodbye")
        if asks_for_steps(text) and not wants_just_to_talk(text) and not replayed_now(tracker):
            # "what's the 2 min thing i can do between calls" had been thanked for, with the menu
            return answer_again(tracker, "request_core_steps")
        if wants_just_to_talk(text):  # "Not interested in exercises. I just need to moan": no menu
            dispatcher.utter_message(text=pick_fresh(content().variants("feelings.just_talk"), said))
            return []
        if remark:
            dispatcher.utter_message(text=pick_fresh(content().variants(f"knowledge.remarks.{remark}"), said))
            return []
        dispatcher.utter_message(text=unclear_reply(content(), text, said))
        utter_fresh(dispatcher, domain, "utter_offer_help", said)
        return []


def last_sources(tracker: Tracker) -> list[str]:
    """The references behind the bot's latest reply that has any."""
    said = [e.get("text") or "" for e in session_events(tracker) if e.get("event") == "bot"]
    return next((cited for text in reversed(said) if (cited := content().sources_of(text))), [])


def restate_red_flag(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """The advice for an open red flag again, in a wording not said yet: what else someone says
    while it is open is met with it, not with the menu of topics."""
    level = tracker.get_slot("red_flag_level")
    say(dispatcher, restate_messages(content(), said_in_session(tracker), level=level))
    return []


class ActionOutOfScope(Action):
    """Outside back pain: a request is told so, kindly; a statement is heard, not turned away
    (bot.coach.knowledge.asks_something_else)."""

    def name(self) -> str:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text, said = tracker.latest_message.get("text") or "", said_in_session(tracker)
        if step := step_asked_about(content().steps, text):  # "whats bird dog"
            say(dispatcher, step_description(content(), step, tracker.get_slot("core_step")))
            return []
        if tracker.get_slot("safety_concern") == "red_flag":  # "youre worse than the wife": the advice stands
            return restate_red_flag(dispatcher, tracker)
        if fresh_topic(tracker) and not replayed_now(tracker):
            return answer_again(tracker, FAQ)  # "my roommate says ice, my mum says heat, who wins"
        if not asks_something_else(text) and met_situation(dispatcher, tracker):
            return []
        if asks_something_else(text):
            utter_fresh(dispatcher, domain, "utter_out_of_scope", said)
        else:
            dispatcher.utter_message(text=unclear_reply(content(), text, said))
        return []


class ActionDefaultFallback(Action):
    """Rasa's core fallback, in guywire's words: what the dialogue policies can't place is answered
    by what it was and what was asked (bot.coach.knowledge.fallback_response). The turn is rewound,
    as Rasa's own fallback does, so the dialogue carries on from where it was."""

    def name(self) -> str:
        return "action_default_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        said = [e for e in session_events(tracker) if e.get("event") == "bot"]
        last = said[-1] if said else {}
        choices = offered_choices(tracker)
        offered = bool(choices)
        asked = (last.get("text") or "").rstrip().endswith("?") and not offered
        intent = intent_of(tracker, skip_fallback=False)
        words, text, said_before = content(), tracker.latest_message.get("text") or "", said_in_session(tracker)
        turn = fallback_turn(
            intent,
            text,
            asked,
            offered,
            after_step=last.get("text") in words.variants("core_steps.report_back"),
            topic_confidence=float((tracker.latest_message.get("knowledge") or {}).get("confidence") or 0.0),
            replayed=replayed_now(tracker),
        )
        if turn == ANSWER_AGAIN:
            return answer_again(tracker, "faq")
        if turn == "utter_default" and intent == "affirm" and STEP_CHOICE in choices:
            # a yes to the menu of what might help, however it came: a step, not "which?"
            return answer_again(tracker, "request_core_steps")
        if turn == WILL_TRY:
            dispatcher.utter_message(text=words.say("core_steps.will_try"))
        elif turn == HEARD and feels_better(text):
            # "ok I let the shoulders down. it feels better" had been thanked and offered the menu
            # (development suite X): glad with them, and the turn is theirs
            dispatcher.utter_message(text=words.say_fresh("feelings.glad", said_before))
        elif turn == HEARD:
            dispatcher.utter_message(text=unclear_reply(words, text, said_before))
            utter_fresh(dispatcher, domain, "utter_offer_help", said_before)
        else:
            utter_fresh(dispatcher, domain, turn, said_before)
        if replayed_now(tracker):
            # A message handed back is rewound, and the turn ends there: the action that handed it
            # back would otherwise take the turn up again ("Yes please" with the consent question
            # unanswered got a second fallback, or a check-in as if recording had been agreed).
            return [UserUtteranceReverted(), FollowupAction("action_listen")]
        return [UserUtteranceReverted()]

"""The article's explanations and label reframes, spoken from content files."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    answer_again,
    best_other_intent,
    channel,
    content,
    intent_of,
    latest_entity,
    recording,
    records,
    replayed_now,
    said_in_session,
    say,
    warned_against_stopping,
)
from actions.core_steps import ActionSuggestCoreStep
from actions.first_contact import consent_unasked
from actions.knowledge import first_of_several, several_around
from actions.listening import ActionListeningHint
from bot.coach.coaching import (
    announces_more,
    asks_for_steps,
    from_someone_else,
    names_a_fear,
    step_asked_about,
    step_description,
)
from bot.coach.consent import asks_about_recording
from bot.coach.content import pick_fresh
from bot.coach.knowledge import asks_several, faq_share, several_messages, topic_for, wording
from bot.coach.labels import asks_if_label, names_a_label
from bot.coach.listening import asks_what_it_means
from bot.coach.medicines import (
    fears_surgery,
    names_a_treatment,
    tells_of_stopping_a_medicine,
    treatments_disappointed,
)
from bot.coach.safety import asks_anywhere

# The article's picture, named: the explanation of muscle imbalance answers it, whatever topic the
# knowledge base guessed.
NAMES_THE_TENT = re.compile(r"\b(?:tent|guy ?wires?|guy ?ropes?|tent poles?)\b", re.IGNORECASE)

TOPIC_BY_INTENT = {
    "ask_muscle_imbalance": "muscle_imbalance",
    "ask_core": "core",
    "ask_pain_meaning": "pain_meaning",
    "ask_treatment_opinion": "treatment",
}


class ActionExplain(Action):
    """One wording of the explanation for the question just asked, or of the knowledge-base topic
    that answers it more precisely. Mid listening exercise, "what do you mean by quality?" gets the
    step's hint instead."""

    def name(self) -> str:
        return "action_explain"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if tracker.active_loop.get("name") == "listening_form" and asks_what_it_means(
            tracker.latest_message.get("text") or ""
        ):  # "what do you mean by quality?" is about the step, not the body
            return ActionListeningHint().run(dispatcher, tracker, domain)
        words, intent = content(), intent_of(tracker) or ""
        latest = tracker.latest_message
        text = latest.get("text") or ""
        if asks_about_recording(text) and not replayed_now(tracker):
            # "what does recording mean... will someone be listening to me", read as a question about
            # pain: the recording answer, and the consent question again (it had offered an exercise).
            return answer_again(tracker, "faq")
        if (step := step_asked_about(words.steps, text)) and tracker.get_slot("safety_concern") != "red_flag":
            # "What is a pelvic tilt? I've only ever done crunches." had been told what the core is;
            # no offer of a step after the one just described
            say(dispatcher, step_description(words, step, tracker.get_slot("core_step")))
            return [FollowupAction("action_listen")]
        if warned_against_stopping(dispatcher, tracker):  # no offer stacked on it, outside a form
            # at first contact the consent question still follows (it had come a turn late, after
            # "yeah fine record whatever" was already said)
            first = consent_unasked(tracker) and records().consent(tracker.sender_id) is None
            return [] if tracker.active_loop.get("name") or first else [FollowupAction("action_listen")]
        if announces_more(text) and not asks_anywhere(text):  # "There is something else, though, ..."
            dispatcher.utter_message(text=pick_fresh(words.variants("knowledge.go_on"), said_in_session(tracker)))
            return [FollowupAction("action_listen")]  # no offer after it: the turn is theirs
        specific = topic_for(words, intent, latest.get("knowledge"), faq_share(latest.get("intent_ranking")))
        labelled = intent == "ask_treatment_opinion" and latest_entity(tracker, "diagnosis") is not None
        if labelled and not specific and not replayed_now(tracker):
            # "chiropractor told me my spine is crumbling and i need 24 sessions at 45 quid a time. is
            # that right" had got the paragraph on medicines, injections and surgery (suite X): the
            # label they were given is what frightens, and what the reframe answers.
            return answer_again(tracker, "mention_diagnosis")
        felt = intent == "ask_treatment_opinion" and not asks_anywhere(text)
        if felt and (fears_surgery(text) or treatments_disappointed(text)):
            # "I am very scared of surgery", "doctor give me tramadol... not help much": heard, not
            # answered with a topic (development suite U)
            key = "knowledge.surgery_feared" if fears_surgery(text) else "knowledge.treatment_told"
            dispatcher.utter_message(text=pick_fresh(words.variants(key), said_in_session(tracker)))
            return []
        told = felt and not specific
        if told and not names_a_treatment(text) and not from_someone_else(text) and not replayed_now(tracker):
            # "im 23 and my spine is 80", "don't start with the scale of one to ten malarkey": no
            # treatment in it, and they had got the paragraph on medicines, injections and surgery.
            return answer_again(tracker, "share_feeling")
        # "should I cancel my tai chi class on thursday", "Should I stop the core stuff now? It's a
        # bit boring": no treatment asked about, and they had got the paragraph on medicines,
        # injections and surgery (suite V). The next reading answers them.
        asked_of_nothing = intent == "ask_treatment_opinion" and not specific and not names_a_treatment(text)
        fresh = asked_of_nothing and not from_someone_else(text) and not replayed_now(tracker)
        if fresh and (other := best_other_intent(tracker, skip={"ask_treatment_opinion"})):
            return answer_again(tracker, other)
        if told:
            # told, not asked: "my physio is called Rui he said to try this", "GP is cutting my
            # tramadol down... 8 years I've been on it" got the paragraph on medicines and surgery
            key = "knowledge.clinician_told" if from_someone_else(text) else "knowledge.treatment_told"
            if key == "knowledge.treatment_told" and not treatments_disappointed(text):
                key = (
                    "knowledge.treatment_heard"  # "the ibuprofen is finish, I will go to pharmacy": run out, not failed
                )
            dispatcher.utter_message(text=pick_fresh(words.variants(key), said_in_session(tracker)))
            return []
        if intent == "ask_muscle_imbalance" and NAMES_THE_TENT.search(text):
            specific = None  # "whats the tent thing" had been told where the steps can be done
        several = asks_several(latest.get("text") or "") and not tracker.active_loop.get("name")
        before, after = several_around(tracker, words) if several else ([], [])
        specific = first_of_several(tracker, specific) if several else specific
        say(dispatcher, before)
        if specific:  # "should I come off my tramadol": the specific answer, not the general one
            dispatcher.utter_message(text=wording(words, specific, said_in_session(tracker)))
        else:
            topic = TOPIC_BY_INTENT.get(intent, "pain_meaning")
            dispatcher.utter_message(text=words.explanation(topic, said_in_session(tracker)))
        say(dispatcher, after)
        return [SlotSet("knowledge_topic", specific)] if specific else []


class ActionReframeLabel(Action):
    """Reframe the label in this message with its evidence, ask a question back (unless a form is
    running: it asks its own), record it. A fear named with it is heard first. A label mentioned
    again gets another wording and no evidence paragraph word for word. When the message also
    asks for something to do, the step follows in the same turn instead of the question (answer
    what they asked; one question a turn).
    It is given here rather than by a FollowupAction: no rule follows a reframe with a step, and
    the dialogue would fall back after it."""

    def name(self) -> str:
        return "action_reframe_label"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        diagnosis, text = latest_entity(tracker, "diagnosis"), tracker.latest_message.get("text") or ""
        if not diagnosis and not replayed_now(tracker) and not names_a_label(text):
            return answer_again(tracker, "describe_pain")  # "back pain from my thesis": no label in it
        words = content()
        label = words.label(diagnosis)
        in_form = bool(tracker.active_loop.get("name"))
        wants_step = not in_form and asks_for_steps(text)
        said = said_in_session(tracker)
        # A form asks its own question, and at first contact the consent question follows (a
        # question back had taken its place, and "Yes, that is quite all right" then answered it).
        first = consent_unasked(tracker) and records().consent(tracker.sender_id) is None
        quiet = in_form or wants_step or first
        # Questions asked beside the label ("...it's a slipped disc and I should rest but my daughter
        # says keep moving. Who is right? And should I stop my yoga class?"): the first is answered
        # in place of the evidence and the question back, the others named (answer what they asked).
        # In a form too: the form's own question follows the answer ("what desk setup" beside a bulging
        # disc, mid check-in, had been left for "How are you doing today?"; suite AA).
        asked = [] if wants_step else tracker.latest_message.get("knowledge_questions") or []
        if first:  # the consent question follows, and says what is kept ("Is there any point to this app?"
            asked = [topic for topic in asked if topic not in ("recording", "passing_on")]  # read as recording)
        rest = several_messages(words, asked)[1] if len(asked) > 1 or asks_several(text) else []  # one: no "others"
        answers = [wording(words, asked[0], said), *rest] if asked else []
        question = [] if quiet or asked else [pick_fresh(label["questions"], said)]
        # Mentioned again: another reframe, without the evidence paragraph said already.
        evidence = [] if label["evidence"] in said or asked else [label["evidence"]]
        heard = [pick_fresh(words.variants("label.feeling_heard"), said)] if names_a_fear(text) else []
        medicine = (
            [pick_fresh(words.variants("label.medicine_stopped"), said)] if tells_of_stopping_a_medicine(text) else []
        )
        # "is it a slipped disc do u think": nobody here can say, in place of a reframe that begins as if
        # a clinician had named it and a question about when they first heard it (a playing helper)
        asked_if = asks_if_label(text)
        opening = words.say_fresh("label.cant_say", said) if asked_if else pick_fresh(label["reframes"], said)
        question = [] if asked_if else question
        say(dispatcher, [*heard, opening, *evidence, *medicine, *answers, *question])
        store = records()
        if diagnosis and recording(tracker, store):
            store.record_label_mention(tracker.sender_id, channel(tracker), diagnosis)
        step = ActionSuggestCoreStep().run(dispatcher, tracker, domain) if wants_step else []
        answered = [SlotSet("knowledge_topic", asked[0])] if asked else []
        return [SlotSet("diagnosis", diagnosis), *answered, *step]

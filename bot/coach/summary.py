"""The goodbye summary: what happened in this session, and the one step to try.

It is read from what the assistant did, not from what the person's messages were classified as:
"I haven't done it yet" is classified as a progress report, and "give me an exercise" while a red
flag pauses the exercises asks for a step that is never given, so a summary by intent claimed
topics and steps that never happened. An action counts when it ran, and the step and progress
actions count only when they set what they exist to set.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from bot.coach.coaching import steps_referred
from bot.coach.content import Content
from bot.coach.progression import FEEDBACK_VALUES

KNOWLEDGE = "kb:"  # the prefix of a knowledge-base topic among the summary's topics
TOPIC_BY_ACTION = {
    "action_record_check_in": "check_in",
    "action_reframe_label": "label",
    "action_finish_listening": "listening",
    "action_acknowledge_feeling": "feelings",
}
# action_explain's topic follows the question it answered.
EXPLAINED = {
    "ask_muscle_imbalance": "muscle_imbalance",
    "ask_core": "core",
    "ask_pain_meaning": "pain_meaning",
    "ask_treatment_opinion": "treatment",
}
# Slots whose setting by an action means it did its job: a step given, progress recorded, a
# knowledge-base topic answered (its value is the topic).
DONE_BY_SLOT = {
    ("action_suggest_core_step", "core_step"): "core_step",
    ("action_record_progress", "last_feedback"): "progress",
    ("action_answer_question", "knowledge_topic"): "knowledge",
    ("action_explain", "knowledge_topic"): "knowledge",
}


def _slot_topic(action: str | None, event: dict[str, Any]) -> str | None:
    done = DONE_BY_SLOT.get((action or "", event.get("name", "")))
    value = event.get("value")
    if done is None or not value or (done == "progress" and value not in FEEDBACK_VALUES):
        return None
    return KNOWLEDGE + value if done == "knowledge" else done


def covered_topics(events: Iterable[dict[str, Any]]) -> list[str]:
    """Topic keys for what the assistant did, in the order they first happened. A knowledge-base
    topic is `kb:<topic>`."""
    topics: list[str] = []
    intent = action = None
    for event in events:
        kind, topic = event.get("event"), None
        if kind == "user":
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        elif kind == "action":
            action = event.get("name")
            topic = TOPIC_BY_ACTION.get(action or "")
        elif kind == "slot":
            topic = _slot_topic(action, event)
        elif kind == "bot" and action == "action_explain":
            topic = EXPLAINED.get(intent or "")
        if topic == "knowledge" or topic in topics or topic is None:
            continue
        if topic.startswith(KNOWLEDGE) and EXPLAINED.get(intent or "") in topics:
            topics.remove(EXPLAINED[intent or ""])  # the specific answer replaces the general one
        topics.append(topic)
    return topics


def topic_name(content: Content, topic: str) -> str:
    if topic.startswith(KNOWLEDGE):
        return content.knowledge(topic[len(KNOWLEDGE) :])["name"]
    return content.say(f"goodbye.topic_names.{topic}")


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def goodbye_messages(
    content: Content,
    events: Iterable[dict[str, Any]],
    step_id: str | None,
    steps_paused: bool = False,
    offer_step: bool = True,
    said: Collection[str] = (),
) -> list[str]:
    """A short summary, the step to try (or how to get one), and a warm close. While exercises are
    paused for a red flag, no step is named or offered: "ask me for a first core step" after "get
    seen today" contradicts it. Without `offer_step` (a concern is open) a step already given is
    named, but none is offered. A second goodbye in a row (`said`: this conversation's messages)
    gets the close alone, in a wording not said yet: "Stop. I've heard enough for today." then
    "Thanks. Bye" had the summary and the step word for word twice (suite AA)."""
    close = content.say_fresh("goodbye.close", said)
    messages = []
    topics = covered_topics(events)
    steps_paused = steps_paused or steps_referred(topics)  # after pregnancy, no step is offered either
    if topics:
        names = [topic_name(content, t) for t in topics]
        messages.append(content.say("goodbye.topics_intro", topics=_join(names)))
    if step_id and not steps_paused:
        step = content.step(step_id)
        messages.append(content.say("goodbye.step_to_try", title=step.title, dose=step.dose))
    elif not steps_paused and offer_step:
        messages.append(content.say("goodbye.no_step"))
    if messages and all(message in said for message in messages):
        return [close]
    return [*messages, close]

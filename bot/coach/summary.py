"""The goodbye summary: what was covered in this session, and the one step to try."""

from __future__ import annotations

from collections.abc import Iterable

from bot.coach.content import Content

TOPIC_BY_INTENT = {
    "start_check_in": "check_in",
    "report_pain_level": "check_in",
    "mention_diagnosis": "label",
    "ask_muscle_imbalance": "muscle_imbalance",
    "ask_core": "core",
    "ask_pain_meaning": "pain_meaning",
    "ask_treatment_opinion": "treatment",
    "request_core_steps": "core_step",
    "report_progress": "progress",
    "request_listening_exercise": "listening",
    "share_feeling": "feelings",
}


def covered_topics(intents: Iterable[str]) -> list[str]:
    """Topic keys in the order they first came up."""
    topics: list[str] = []
    for intent in intents:
        topic = TOPIC_BY_INTENT.get(intent)
        if topic and topic not in topics:
            topics.append(topic)
    return topics


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def goodbye_messages(content: Content, intents: Iterable[str], step_id: str | None) -> list[str]:
    """A short summary, the step to try (or how to get one), and a warm close."""
    messages = []
    topics = covered_topics(intents)
    if topics:
        names = [content.say(f"goodbye.topic_names.{t}") for t in topics]
        messages.append(content.say("goodbye.topics_intro", topics=_join(names)))
    if step_id:
        step = content.step(step_id)
        messages.append(content.say("goodbye.step_to_try", title=step.title, dose=step.dose))
    else:
        messages.append(content.say("goodbye.no_step"))
    messages.append(content.say("goodbye.close"))
    return messages

"""Rasa-facing glue shared by the actions: settings, content, records and tracker look-ups.

Nothing here runs at import time; each call reads the environment so tests can point the actions
at their own database and content.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, EventType
from rasa_sdk.executor import CollectingDispatcher

from bot.coach.check_in import FALLBACK as FALLBACK_INTENT
from bot.coach.coaching import steps_referred
from bot.coach.content import Content, load_content
from bot.coach.knowledge import CONFIDENT, FAQ, STATEMENT_TOPIC
from bot.coach.medicines import asks_to_change_a_prescribed_medicine, plans_to_stop_a_medicine
from bot.coach.risk import NOT_PRACTICAL
from bot.coach.safety import asks_anywhere, country_named
from bot.coach.safety_dialogue import REPLAYED, replayed
from bot.coach.situations import grief_reply, situation_reply
from bot.coach.summary import covered_topics
from bot.settings import Settings
from bot.store.records import Records


def settings() -> Settings:
    return Settings.from_env()


def content() -> Content:
    return load_content(str(settings().content_dir))


def records() -> Records:
    return Records(settings().database_url)


def channel(tracker: Tracker) -> str | None:
    return tracker.get_latest_input_channel()


def recording(tracker: Tracker, store: Records) -> bool:
    """Records are kept unless the person declined; the slot saves a query once they answered."""
    consent = tracker.get_slot("consent")
    if consent is None:
        consent = store.consent(tracker.sender_id)
    return consent is not False


def latest_entity(tracker: Tracker, entity: str) -> str | None:
    """The first value of an entity in the latest user message (canonical after synonyms)."""
    return next(tracker.get_latest_entity_values(entity), None)


def replayed_event(event: dict[str, Any]) -> bool:
    """A user event `answer_again` added: the same message once more, not a new turn."""
    return event.get("event") == "user" and replayed(event.get("metadata"))


def answer_again(tracker: Tracker, intent: str | None = None) -> list[EventType]:
    """The person's latest message handed back to the dialogue as if just received, so the
    policies answer it in the same turn (the pattern of Rasa's two-stage fallback). For a reply
    that safety handled first but that also asked something ("Day 4 now, is ice or heat better?"),
    or, with the `intent` its words make plain, one the NLU could not place ("like 5/10?? sore when
    i get up"). Marked, so history readers and review see one turn.
    Never a third time: the events it adds start with action_listen, which resets Rasa's limit of
    actions a turn, so two actions handing the same message to each other would never stop ("i
    can't cook to save my life" did, until a timeout)."""
    if times_handed_back(tracker) >= MAX_HAND_BACKS:
        return []
    message = tracker.latest_message
    if intent:  # first in the ranking too: rasa_sdk's get_intent_of_latest_message reads the ranking
        ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != intent]
        top = {"name": intent, "confidence": 1.0}
        message = {**message, "intent": top, "intent_ranking": [top, *ranking]}
    # Rasa validates the event: an entity an extractor left without a confidence (None) would
    # fail the schema and lose the whole turn, so empty fields are dropped.
    entities = [{k: v for k, v in e.items() if v is not None} for e in message.get("entities") or []]
    message = {**message, "entities": entities}
    metadata = {**(message.get("metadata") or {}), REPLAYED: True}
    user = {
        "event": "user",
        "text": message.get("text"),
        "parse_data": message,
        "input_channel": tracker.get_latest_input_channel(),
        "message_id": message.get("message_id"),
        "metadata": metadata,
    }
    return [ActionExecuted("action_listen"), user]


def replayed_now(tracker: Tracker) -> bool:
    """The latest message is one `answer_again` handed back: it is not handed back twice."""
    return replayed(tracker.latest_message.get("metadata")) or times_handed_back(tracker) > 0


MAX_HAND_BACKS = 2


def times_handed_back(tracker: Tracker) -> int:
    """How many times the latest message has been handed back in this turn: the same text again
    and again at the end of the events, with nothing said to the person in between."""
    texts: list[str | None] = []
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            break
        if event.get("event") == "user":
            texts.append(event.get("text"))
    count = 0
    while count + 1 < len(texts) and texts[count + 1] == texts[0]:
        count += 1
    return count


def session_events(tracker: Tracker) -> list[dict[str, Any]]:
    """Events since the current session started, without replayed messages (one turn each)."""
    events = [e for e in tracker.events if not replayed_event(e)]
    starts = [i for i, e in enumerate(events) if e.get("event") == "session_started"]
    return events[starts[-1] :] if starts else events


def said_in_session(tracker: Tracker) -> set[str]:
    """Everything the assistant said since the session started."""
    return {e["text"] for e in session_events(tracker) if e.get("event") == "bot" and e.get("text")}


def user_texts_in_session(tracker: Tracker) -> list[str]:
    """What the person said since the session started, in order."""
    return [e["text"] for e in session_events(tracker) if e.get("event") == "user" and e.get("text")]


def session_actions(tracker: Tracker) -> set[str]:
    """The names of the actions that ran since the session started."""
    return {e.get("name", "") for e in session_events(tracker) if e.get("event") == "action"}


def say(dispatcher: CollectingDispatcher, messages: Iterable[str]) -> None:
    for message in messages:
        dispatcher.utter_message(text=message)


def situation_said(tracker: Tracker, *, asks_nothing: bool = False) -> str | None:
    """The reply to the everyday situation a remark tells of ("docs office is 40 mile away"), when
    one is sure (bot/coach/situations.py): only to a remark, never to a question or while a safety
    concern is open; with `asks_nothing`, only a reply without a question (one follows it)."""
    text = tracker.latest_message.get("text") or ""
    if asks_anywhere(text) or tracker.get_slot("safety_concern"):
        return None
    said = said_in_session(tracker)
    situation = tracker.latest_message.get("situation")
    reply = grief_reply(content(), text, said) or situation_reply(content(), situation, said)
    return None if reply is None or (asks_nothing and "?" in reply) else reply


def met_situation(dispatcher: CollectingDispatcher, tracker: Tracker, *, asks_nothing: bool = False) -> bool:
    """Whether the situation a remark tells of was met in a coach's words (situation_said)."""
    reply = situation_said(tracker, asks_nothing=asks_nothing)
    if reply:
        dispatcher.utter_message(text=reply)
    return reply is not None


def offered_choices(tracker: Tracker) -> list[str]:
    """The payloads of the buttons the bot's last message offered ("/request_core_steps" in the menu
    of what might help), or none."""
    said = [e for e in session_events(tracker) if e.get("event") == "bot"]
    buttons = (said[-1].get("data") or {}).get("buttons") if said else None
    return [str(b.get("payload")) for b in buttons or []]


# A yes to the menu of what might help takes its smallest useful choice, a step.
STEP_CHOICE = "/request_core_steps"


def utter_fresh(dispatcher: CollectingDispatcher, domain: dict[str, Any], name: str, said: set[str]) -> None:
    """A domain response in a wording not said yet in this conversation (the first when all were):
    Rasa picks a variant at random, and a long one can come back word for word."""
    variants = domain.get("responses", {}).get(name) or [{}]
    chosen = next((v for v in variants if v.get("text") not in said), variants[0])
    if chosen.get("text"):
        dispatcher.utter_message(text=chosen["text"], buttons=chosen.get("buttons") or [])
    else:
        dispatcher.utter_message(response=name)


def steps_paused(tracker: Tracker) -> bool:
    """Whether a red flag's pause on the exercises stands: open, or open under a crisis told after
    it (one concern is kept at a time, and a crisis had overwritten the red flag, so a core step was
    given to someone whose weight loss no clinician had seen; a playing helper). A clearance ends it
    (its level is cleared)."""
    concern = tracker.get_slot("safety_concern")
    return concern == "red_flag" or (concern == "crisis" and tracker.get_slot("red_flag_level") is not None)


def steps_referred_here(tracker: Tracker) -> bool:
    """Whether this conversation rules out handing over a step (bot.coach.coaching.steps_referred:
    pregnancy was talked about), for both the step itself and the offer after an answer."""
    return steps_referred(covered_topics(session_events(tracker)))


def known_topic(tracker: Tracker, needed: float = CONFIDENT) -> str | None:
    """The knowledge base's topic for the latest message when it is this confident of it."""
    knowledge = tracker.latest_message.get("knowledge") or {}
    confident = float(knowledge.get("confidence") or 0.0) >= needed
    return str(knowledge["topic"]) if confident and knowledge.get("topic") else None


def fresh_topic(tracker: Tracker) -> str | None:
    """The knowledge base's topic for the latest message when it is confident of it and the topic
    was not taken up already in this conversation (then the menu is better than the same answer)."""
    topic = known_topic(tracker, STATEMENT_TOPIC)
    taken = {
        e.get("value")
        for e in session_events(tracker)
        if e.get("event") == "slot" and e.get("name") == "knowledge_topic"
    }
    return None if topic in taken else topic


def warned_against_stopping(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Said, when the latest message plans to stop a medicine: the prescriber comes first ("the
    gabapentin makes me so sleepy at work. I think I will just stop it from Monday" had been told
    about over-the-counter painkillers first, development suite O). Whatever intent it was read as."""
    texts = user_texts_in_session(tracker)
    if not texts:
        return False
    if plans_to_stop_a_medicine(texts[-1], texts[:-1]):
        key = "feelings.plans_to_stop_medicine"
    elif asks_to_change_a_prescribed_medicine(texts[-1], texts[:-1]):
        key = "feelings.asks_to_change_medicine"
    else:
        return False
    dispatcher.utter_message(text=content().say_fresh(key, said_in_session(tracker)))
    return True


def intent_of(tracker: Tracker, skip_fallback: bool = True) -> str | None:
    """The intent the dialogue acted on for the latest message. rasa_sdk's
    get_intent_of_latest_message reads the ranking's first, which the knowledge selector leaves as
    the classifier had it when it settles a `faq` reading on another intent (bot/nlu/knowledge.py):
    "Ok ok, will book him in. Honestly I feel like a walking hospital lol" was `affirm` to the
    policies and `faq` to the actions, and was kept as where it hurts. With `skip_fallback`, a
    message below the fallback threshold reads as the ranking's best other intent, as before."""
    name = (tracker.latest_message.get("intent") or {}).get("name")
    if name == FALLBACK_INTENT and skip_fallback:
        ranking = tracker.latest_message.get("intent_ranking") or []
        return next((r.get("name") for r in ranking if r.get("name") != FALLBACK_INTENT), None)
    return name


def once_then_briefly(words: Content, key: str, tracker: Tracker) -> str:
    """The wording at `key` once a conversation, then its short `<key>_again` form: the same
    paragraph twice reads as a machine not listening."""
    full = words.say(key)
    return words.say(f"{key}_again") if full in said_in_session(tracker) else full


def best_other_intent(tracker: Tracker, skip: frozenset[str] | set[str] = frozenset()) -> str | None:
    """The intent classifier's best reading of the latest message other than a safety intent; the
    knowledge base's only when it has a topic that answers it ("ngl i know the theory, I tell pts
    this stuff" is no question, and had been answered with why the assistant refers to doctors)."""
    ranking = tracker.latest_message.get("intent_ranking") or []
    answered = float((tracker.latest_message.get("knowledge") or {}).get("confidence") or 0.0) >= CONFIDENT
    skipped = NOT_PRACTICAL | skip if answered else NOT_PRACTICAL | skip | {FAQ}
    return next((r["name"] for r in ranking if r.get("name") not in skipped), None)


def crisis_locale(tracker: Tracker) -> str:
    """Whose crisis lines to give: the country the person said they are in during this conversation
    ("im in australia"), else the deployment's locale."""
    return country_named(user_texts_in_session(tracker)) or settings().locale

"""Synthetic conversations, written the way Rasa and guywire write real ones, for the review tests
and the review benchmark (bench/review_speed.py). Nothing here runs in production."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa

from bot.review.transcript import EVENTS
from bot.store.db import engine_for, upgrade
from bot.store.models import CheckIn, Conversation, LabelMention, SafetyEvent

EXCHANGES = [
    ("hello", "greet", 0.98, "Hi, I'm guywire. How are you today?"),
    (
        "my doctor said I have degenerative disc disease",
        "mention_diagnosis",
        0.95,
        "That's a heavy label to carry. Disc changes are very common on scans.",
    ),
    ("feeling pretty fed up today", "share_feeling", 0.91, "That sounds hard. Thank you for telling me."),
    ("my lower back aches when I sit", "describe_pain", 0.88, "Where in your body is the pain today?"),
    ("about a 6", "report_pain_level", 0.93, "Thank you for checking in. I've noted 6/10."),
    ("what is my core?", "ask_core", 0.97, "Your core is the team of muscles around your middle."),
    ("give me an exercise", "request_core_steps", 0.96, "Let's try belly breathing for two minutes."),
    ("it was easy", "report_progress", 0.9, "Well done. Next time we can build on that."),
    ("hmm not sure", "nlu_fallback", 0.41, "Sorry, I didn't quite get that. Could you say it another way?"),
    ("bye", "goodbye", 0.99, "Take care. Your step to try: belly breathing."),
]
CHANNELS = ("socketio", "rest", "telegram", "slack")
LABELS = ("degenerative_disc_disease", "sciatica", "bulging_disc", "arthritis", "wear_and_tear")


def _events(rng: random.Random, start: float, count: int) -> Iterator[tuple[str, float, Any, Any, str]]:
    """(type_name, timestamp, intent_name, action_name, data) rows, as Rasa's SQL tracker store
    writes them: a session start, then user/action/bot triples."""
    at = start
    yield (
        "action",
        at,
        None,
        "action_session_start",
        json.dumps({"event": "action", "timestamp": at, "name": "action_session_start"}),
    )
    while True:
        text, intent, confidence, reply = rng.choice(EXCHANGES)
        at += rng.uniform(5, 60)
        user = {
            "event": "user",
            "timestamp": at,
            "text": text,
            "input_channel": "rest",
            "parse_data": {"intent": {"name": intent, "confidence": confidence}, "entities": [], "text": text},
        }
        for row in (
            ("user", at, intent, None, json.dumps(user)),
            (
                "action",
                at + 0.1,
                None,
                "utter_reply",
                json.dumps({"event": "action", "timestamp": at + 0.1, "name": "utter_reply"}),
            ),
            (
                "bot",
                at + 0.2,
                None,
                None,
                json.dumps({"event": "bot", "timestamp": at + 0.2, "text": reply, "data": {}}),
            ),
        ):
            count -= 1
            yield row
            if count <= 1:
                return


def generate(url: str, conversations: int, events_per_conversation: int = 50, seed: int = 7) -> None:
    """Add `conversations` conversations of about `events_per_conversation` events each."""
    upgrade(url)
    rng = random.Random(seed)
    engine = engine_for(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,"
            " type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),"
            " action_name VARCHAR(255), data TEXT)"
        )
        connection.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_events_sender_id ON events (sender_id)")
    now = datetime.now(timezone.utc)
    for first in range(0, conversations, 500):
        with engine.begin() as connection:
            for n in range(first, min(first + 500, conversations)):
                _conversation(connection, rng, f"sample-{seed}-{n:06d}", now, events_per_conversation)


def _conversation(
    connection: sa.engine.Connection, rng: random.Random, sender: str, now: datetime, events: int
) -> None:
    started = now - timedelta(days=rng.uniform(0, 90))
    rows = [
        {"sender_id": sender, "type_name": t, "timestamp": at, "intent_name": i, "action_name": a, "data": d}
        for t, at, i, a, d in _events(rng, started.timestamp(), events)
    ]
    connection.execute(sa.insert(EVENTS), rows)
    last = datetime.fromtimestamp(rows[-1]["timestamp"], tz=timezone.utc)
    conversation_id = connection.execute(
        sa.insert(Conversation.__table__).values(
            sender_id=sender, channel=rng.choice(CHANNELS), started_at=started, last_seen_at=last, consent=True
        )
    ).inserted_primary_key[0]
    child = {"conversation_id": conversation_id}
    for _ in range(rng.randint(0, 3)):
        connection.execute(
            sa.insert(CheckIn.__table__).values(
                **child,
                created_at=started + timedelta(minutes=rng.uniform(1, 30)),
                feeling="tired",
                location="lower_back",
                pain_level=rng.randint(0, 10),
            )
        )
    if rng.random() < 0.3:
        connection.execute(
            sa.insert(LabelMention.__table__).values(**child, created_at=started, diagnosis=rng.choice(LABELS))
        )
    if rng.random() < 0.03:
        connection.execute(
            sa.insert(SafetyEvent.__table__).values(
                **child, created_at=started, kind=rng.choice(("red_flag", "crisis")), matched_text="(sample)"
            )
        )

"""Rasa's stored events, read back as the turns a reviewer reads.

The `events` table belongs to Rasa's SQL tracker store: one row per event, in id order, with the
event itself as JSON in `data`. Only the fields review shows are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from bot.coach.safety_dialogue import replayed

LOW_CONFIDENCE = 0.6
FALLBACK_INTENT = "nlu_fallback"
QUIET_KINDS = frozenset({"action", "slot", "loop"})
HIDDEN_ACTIONS = frozenset({"action_listen", "action_session_start"})

EVENTS = sa.table(
    "events",
    sa.column("id", sa.Integer),
    sa.column("sender_id", sa.String),
    sa.column("type_name", sa.String),
    sa.column("timestamp", sa.Float),
    sa.column("intent_name", sa.String),
    sa.column("action_name", sa.String),
    sa.column("data", sa.Text),
)


@dataclass(frozen=True)
class Turn:
    """One line of a transcript: something said, done or recorded."""

    kind: str  # user, bot, action, slot, loop, session, check_in, safety
    at: datetime
    text: str | None = None
    intent: str | None = None
    confidence: float | None = None
    entities: tuple[tuple[str, str], ...] = ()
    buttons: tuple[tuple[str, str], ...] = ()  # (title, payload)
    name: str | None = None
    value: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def quiet(self) -> bool:
        """Actions, slot changes and form changes are shown, but quietly."""
        return self.kind in QUIET_KINDS

    @property
    def flagged(self) -> bool:
        """A user turn the assistant was unsure about: worth a reviewer's look."""
        if self.kind != "user":
            return False
        return self.intent == FALLBACK_INTENT or (self.confidence or 0.0) < LOW_CONFIDENCE


def _when(timestamp: float | None) -> datetime:
    return datetime.fromtimestamp(timestamp or 0.0, tz=timezone.utc)


def turn_from_event(event: dict[str, Any]) -> Turn | None:
    """The turn for one Rasa event dict, or None for events review does not show (a message the
    dialogue was handed again after its screening answer is one turn, shown once)."""
    kind, at = event.get("event"), _when(event.get("timestamp"))
    if kind == "user" and replayed(event.get("metadata")):
        return None
    if kind == "user":
        parse = event.get("parse_data") or {}
        intent = parse.get("intent") or {}
        entities = tuple((str(e.get("entity")), str(e.get("value"))) for e in parse.get("entities") or [])
        return Turn(
            "user",
            at,
            text=event.get("text") or "",
            intent=intent.get("name"),
            confidence=intent.get("confidence"),
            entities=entities,
            extra={"channel": event.get("input_channel")},
        )
    if kind == "bot":
        buttons = tuple(
            (str(b.get("title")), str(b.get("payload"))) for b in (event.get("data") or {}).get("buttons") or []
        )
        return Turn("bot", at, text=event.get("text") or "", buttons=buttons)
    if kind == "action" and event.get("name") not in HIDDEN_ACTIONS:
        return Turn("action", at, name=event.get("name"))
    if kind == "slot":
        return Turn("slot", at, name=event.get("name"), value=event.get("value"))
    if kind == "active_loop":
        return Turn("loop", at, name=event.get("name"))
    if kind == "session_started":
        return Turn("session", at)
    return None


def read_events(connection: sa.engine.Connection, sender_id: str) -> list[dict[str, Any]]:
    """A sender's stored events in the order Rasa wrote them."""
    rows = connection.execute(sa.select(EVENTS.c.data).where(EVENTS.c.sender_id == sender_id).order_by(EVENTS.c.id))
    return [json.loads(data) for (data,) in rows]


def turns_from_events(events: Iterable[dict[str, Any]]) -> list[Turn]:
    return [turn for turn in map(turn_from_event, events) if turn is not None]

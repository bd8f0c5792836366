"""Rasa's SQL tracker store, pointed at guywire's one database URL, with erasure on request.

Rasa's own `sql` tracker store wants the URL split into dialect/host/db fields; this subclass takes
`GUYWIRE_DATABASE_URL` (or the contract's SQLite default) so the tracker and the assistant's records
always live in the same database. It is named by module path in endpoints.yml.

Erasure lives here because the action server cannot do it: Rasa saves the tracker after each
message by appending the events it has not stored yet, so rows deleted behind its back would be
written again. When a tracker contains `action_delete_user_data`, every stored event of that sender
is deleted and only what came after the action (its confirmation) is kept.

A save that stores a person's message also marks their conversation row as seen (creating it if
new), in the same transaction, so the review list knows every conversation and its last activity,
whichever actions ran.

Between a conversation's messages its tracker stays in memory (bot/store/kept_trackers.py), and a
save of a tracker this store handed out inserts its new events in one statement, without Rasa's
count of the stored ones and its ORM objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url

from bot.settings import Settings
from bot.store.db import engine_for, upgrade
from bot.store.kept_trackers import Kept, KeptTrackers
from bot.store.records import mark_seen

ERASE_ACTION = "action_delete_user_data"


def erasure_point(tracker: DialogueStateTracker) -> int | None:
    """Index just after the last erasure action in the tracker, or None if there is none."""
    for index in range(len(tracker.events) - 1, -1, -1):
        event = tracker.events[index]
        if isinstance(event, ActionExecuted) and event.action_name == ERASE_ACTION:
            return index + 1
    return None


class GuywireTrackerStore(SQLTrackerStore):
    """SQLTrackerStore configured from guywire's settings, which honours erasure requests."""

    engine: sa.engine.Engine

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        url = host or Settings.from_env().database_url
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        upgrade(url)  # our tables too, so a plain `rasa run` or `rasa shell` works on a new database
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)
        # Rasa's engine has no pre-ping: after a database restart its pooled connections are dead,
        # and Rasa's fail-safe wrapper would answer from an empty in-memory tracker. guywire's one
        # engine per process pre-pings, and pools and tunes SQLite (bot.store.db.engine_for).
        self.engine.dispose()
        self.engine = engine_for(url)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.kept = KeptTrackers()
        events = self.SQLEvent.__table__
        self._insert = events.insert()
        self._last_id = sa.select(sa.func.max(events.c.id)).where(events.c.sender_id == sa.bindparam("sender"))

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The person's tracker for the current session: the one kept since their last message
        when the database has nothing newer, else Rasa's load."""
        if self.kept.waiting(sender_id):
            with self.session_scope() as session:
                tracker = self.kept.take(sender_id, self._stored_last_id(session, sender_id))
            if tracker is not None:
                return tracker
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            self.kept.handed_out(Kept(tracker, len(tracker.events), None))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store new events; after an erasure, replace everything stored with what followed it."""
        start = erasure_point(tracker)
        if start is not None:
            self.kept.forget(tracker.sender_id)
            await self._erase_and_save(tracker, start)
            return
        stored = self.kept.stored(tracker)
        if stored is None:
            await super().save(tracker)
            with self.session_scope() as session:
                self.kept.saved(tracker, self._stored_last_id(session, tracker.sender_id))
            return
        await self.stream_events(tracker)
        with self.session_scope() as session:
            self._insert_events(session, tracker, list(tracker.events)[stored:])
            last_id = self._stored_last_id(session, tracker.sender_id)
            session.commit()
        self.kept.saved(tracker, last_id)

    def _insert_events(self, session: sa.orm.Session, tracker: DialogueStateTracker, events: list[Event]) -> None:
        """Rasa's rows for these events, in one statement; a person's message marks them as seen."""
        if not events:
            return
        if any(isinstance(event, UserUttered) for event in events):
            mark_seen(session, tracker.sender_id, tracker.get_latest_input_channel())
        rows = []
        for event in events:
            data = event.as_dict()
            rows.append(
                {
                    "sender_id": tracker.sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                }
            )
        session.execute(self._insert, rows)

    def _stored_last_id(self, session: sa.orm.Session, sender_id: str) -> int | None:
        """The highest stored event id of the person's conversation: any write changes it."""
        return session.execute(self._last_id, {"sender": sender_id}).scalar()

    async def _erase_and_save(self, tracker: DialogueStateTracker, start: int) -> None:
        """Delete every stored event of the person, then store what followed the erasure."""
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete(
                synchronize_session=False
            )
            session.commit()
        kept = DialogueStateTracker.from_events(
            tracker.sender_id, list(tracker.events)[start:], self.domain.slots if self.domain else []
        )
        await super().save(kept)

    def _additional_events(self, session: sa.orm.Session, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events this save stores (Rasa's own choice). Rasa calls this inside the save's
        session, so a person's message marks their conversation as seen in the same commit."""
        events = list(super()._additional_events(session, tracker))
        if any(isinstance(event, UserUttered) for event in events):
            mark_seen(session, tracker.sender_id, tracker.get_latest_input_channel())
        return iter(events)

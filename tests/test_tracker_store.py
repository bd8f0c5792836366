"""GuywireTrackerStore: one database URL for Rasa's events, and erasure that Rasa can't undo."""
from __future__ import annotations

import asyncio
from pathlib import Path

import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.store.tracker_store import GuywireTrackerStore, erasure_point

DOMAIN = Domain.from_path(str(Path(__file__).resolve().parents[1] / "domain.yml"))


def stored(url: str, sender: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT type_name FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
            )
            return [row[0] for row in rows]
    finally:
        engine.dispose()


def rows(url: str, sql: str) -> list[tuple]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(r) for r in connection.execute(sa.text(sql))]
    finally:
        engine.dispose()


def conversation(sender: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        UserUttered("my pain is 6 today", {"name": "report_pain_level", "confidence": 0.9}),
        SlotSet("pain_level", 6.0), ActionExecuted("action_record_check_in"),
        BotUttered("Thank you for checking in."), ActionExecuted("action_listen"),
    ], DOMAIN.slots)


def test_it_uses_the_guywire_database_url(tmp_path: Path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'guywire.db'}"
    monkeypatch.setenv("GUYWIRE_DATABASE_URL", url)
    store = GuywireTrackerStore(domain=DOMAIN)
    asyncio.run(store.save(conversation("ana")))

    assert stored(url, "ana")[:3] == ["action", "session_started", "action"]
    assert len(stored(url, "ana")) == 8
    retrieved = asyncio.run(store.retrieve("ana"))
    assert retrieved is not None and retrieved.get_slot("pain_level") == 6.0


def test_a_save_with_a_message_marks_the_conversation_as_seen(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'guywire.db'}"
    store = GuywireTrackerStore(domain=DOMAIN, host=url)
    query = "SELECT channel, last_seen_at FROM conversations WHERE sender_id = 'cy'"
    asyncio.run(store.save(conversation("cy")))
    [(channel, first)] = rows(url, query)
    tracker = asyncio.run(store.retrieve("cy"))
    assert tracker is not None
    tracker.update(UserUttered("hi", {"name": "greet", "confidence": 1.0}, input_channel="telegram"))
    asyncio.run(store.save(tracker))
    [(channel, seen)] = rows(url, query)
    assert channel == "telegram" and seen > first
    tracker.update(BotUttered("Hello again."))  # no message from the person: not a visit
    asyncio.run(store.save(tracker))
    [(_, again)] = rows(url, query)
    assert again == seen


def test_erasure_deletes_the_stored_transcript_and_keeps_only_the_confirmation(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'guywire.db'}"
    store = GuywireTrackerStore(domain=DOMAIN, host=url)
    asyncio.run(store.save(conversation("ana")))
    asyncio.run(store.save(conversation("ben")))

    tracker = asyncio.run(store.retrieve("ana"))
    assert tracker is not None
    for event in [
        UserUttered("yes", {"name": "affirm", "confidence": 1.0}),
        ActionExecuted("action_delete_user_data"),
        BotUttered("Done. I've deleted our conversations and your records."),
        ActionExecuted("action_listen"),
    ]:
        tracker.update(event)
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))  # a second save must not bring anything back

    assert stored(url, "ana") == ["bot", "action"]
    retrieved = asyncio.run(store.retrieve("ana"))
    assert retrieved is not None
    assert retrieved.get_slot("pain_level") is None
    assert not any(isinstance(e, UserUttered) for e in retrieved.events)
    assert len(stored(url, "ben")) == 8


def test_erasure_point_is_after_the_last_delete_action() -> None:
    tracker = conversation("ana")
    assert erasure_point(tracker) is None
    tracker.update(ActionExecuted("action_delete_user_data"))
    tracker.update(BotUttered("Done."))
    assert erasure_point(tracker) == len(tracker.events) - 1

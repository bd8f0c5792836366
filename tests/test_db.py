"""Engine settings, session handling and migrations, against real SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from bot.store.db import VERSION_TABLE, alembic_config, engine_for, session_scope, upgrade
from bot.store.models import Base, Conversation

CHILD_TABLES = {
    "check_ins",
    "label_mentions",
    "step_suggestions",
    "safety_events",
    "review_notes",
    "review_tags",
}
OUR_TABLES = {"conversations", "reviewers", "review_audit", *CHILD_TABLES}
HEAD = "0002"

RASA_EVENTS_DDL = (
    "CREATE TABLE events ("
    "id INTEGER NOT NULL PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
    "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
    "action_name VARCHAR(255), data TEXT)"
)


def _sqlite_file(url: str) -> str:
    return url.removeprefix("sqlite:///")


def test_upgrade_creates_our_tables_and_version_table(database_url: str) -> None:
    inspector = inspect(engine_for(database_url))
    assert set(inspector.get_table_names()) == OUR_TABLES | {VERSION_TABLE}
    assert "alembic_version" not in inspector.get_table_names()
    with engine_for(database_url).connect() as connection:
        versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
        assert versions.scalars().all() == [HEAD]


def test_upgrade_creates_indexes_and_constraints(database_url: str) -> None:
    inspector = inspect(engine_for(database_url))
    sender_indexes = inspector.get_indexes("conversations")
    assert sorted((i["column_names"], bool(i["unique"])) for i in sender_indexes) == [
        (["last_seen_at"], False), (["sender_id"], True)
    ]
    for table in CHILD_TABLES:
        assert [i["column_names"] for i in inspector.get_indexes(table)] == [
            ["conversation_id"]
        ]
        (foreign_key,) = inspector.get_foreign_keys(table)
        assert foreign_key["referred_table"] == "conversations"
        assert foreign_key["options"].get("ondelete") == "CASCADE"
    check_names = {
        c["name"]
        for table in ("check_ins", "step_suggestions")
        for c in inspector.get_check_constraints(table)
    }
    assert check_names == {
        "ck_check_ins_pain_level_range",
        "ck_step_suggestions_feedback_value",
    }


def test_migrations_match_the_models(database_url: str) -> None:
    """Autogenerate finds nothing to do, so the hand-tidied migration is complete."""
    with engine_for(database_url).connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, type_, _parents: (
                    type_ != "table" or name in Base.metadata.tables
                ),
            },
        )
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_is_idempotent(database_url: str) -> None:
    with session_scope(database_url) as session:
        session.add(Conversation(sender_id="kept"))
    upgrade(database_url)
    upgrade(database_url)
    with engine_for(database_url).connect() as connection:
        versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
        assert versions.scalars().all() == [HEAD]
    with session_scope(database_url) as session:
        assert session.execute(select(Conversation.sender_id)).scalars().all() == ["kept"]


def test_downgrade_to_base_removes_only_our_tables(database_url: str) -> None:
    with engine_for(database_url).begin() as connection:
        connection.exec_driver_sql(RASA_EVENTS_DDL)
    command.downgrade(alembic_config(database_url), "base")
    assert set(inspect(engine_for(database_url)).get_table_names()) == {
        VERSION_TABLE,
        "events",
    }
    upgrade(database_url)
    assert OUR_TABLES < set(inspect(engine_for(database_url)).get_table_names())


def test_alembic_config_keeps_percent_encoded_urls_intact() -> None:
    url = "postgresql://guywire:p%40ss%25word@db.example/guywire"  # pragma: allowlist secret
    assert alembic_config(url).get_main_option("sqlalchemy.url") == url


def test_sqlite_connections_use_wal_busy_timeout_and_foreign_keys(
    database_url: str,
) -> None:
    with engine_for(database_url).connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_wal_is_persisted_in_the_file(database_url: str) -> None:
    raw = sqlite3.connect(_sqlite_file(database_url))
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        raw.close()


def test_engine_is_cached_per_url(tmp_path: Path) -> None:
    first = f"sqlite:///{tmp_path / 'a.db'}"
    second = f"sqlite:///{tmp_path / 'b.db'}"
    assert engine_for(first) is engine_for(first)
    assert engine_for(first) is not engine_for(second)


def test_engine_creates_the_sqlite_folder(tmp_path: Path) -> None:
    path = tmp_path / "state" / "nested" / "guywire.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    assert path.is_file()
    engine_for(url).dispose()


def test_session_scope_commits_on_success(database_url: str) -> None:
    with session_scope(database_url) as session:
        session.add(Conversation(sender_id="alice"))
    with session_scope(database_url) as session:
        names = session.execute(select(Conversation.sender_id)).scalars().all()
    assert names == ["alice"]


def test_session_scope_rolls_back_on_error(database_url: str) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        with session_scope(database_url) as session:
            session.add(Conversation(sender_id="alice"))
            session.flush()
            raise RuntimeError("boom")
    with session_scope(database_url) as session:
        assert session.execute(select(Conversation)).first() is None


def _events_snapshot(path: Path) -> tuple:
    """The events table's schema objects and rows, read with plain sqlite3."""
    raw = sqlite3.connect(path)
    try:
        schema = raw.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'events' "
            "ORDER BY type, name"
        ).fetchall()
        rows = raw.execute("SELECT * FROM events ORDER BY id").fetchall()
        return schema, rows
    finally:
        raw.close()


def test_upgrade_leaves_a_rasa_events_table_untouched(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    raw = sqlite3.connect(path)
    with raw:
        raw.execute(RASA_EVENTS_DDL)
        raw.execute("CREATE INDEX ix_events_sender_id ON events (sender_id)")
        raw.executemany(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (1, "alice", "user", 1700000000.5, "greet", None, '{"text": "hi"}'),
                (2, "alice", "action", 1700000001.0, None, "utter_greet", "{}"),
            ],
        )
    raw.close()
    before = _events_snapshot(path)
    assert len(before[0]) == 2 and len(before[1]) == 2

    url = f"sqlite:///{path}"
    upgrade(url)
    upgrade(url)

    assert _events_snapshot(path) == before
    tables = set(inspect(engine_for(url)).get_table_names())
    assert tables == OUR_TABLES | {VERSION_TABLE, "events"}
    engine_for(url).dispose()

"""Engines, sessions and migrations for guywire's own tables.

Nothing here touches a database at import time: engines are built on first
use, so importing the actions module never needs a reachable database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine, create_engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Rasa may share the database, so Alembic's bookkeeping gets a name of its own.
VERSION_TABLE = "guywire_alembic_version"


@cache
def engine_for(url: str) -> Engine:
    """Return the one engine (and so one connection pool) for ``url``.

    The Rasa server's tracker store and guywire's records share it. PostgreSQL
    connections are pre-pinged, so a restarted database costs no failed message.

    SQLite gets WAL and a long busy timeout because the Rasa server and the
    action server may write to the same file at once; foreign keys are
    switched on because SQLite ignores ON DELETE CASCADE without them.
    Connections are pooled (SQLAlchemy 1.4 would open a file per session) and
    WAL commits skip the fsync (`synchronous=NORMAL`): a crashed process loses
    nothing and the file cannot corrupt; only a power cut can undo the last
    commits. Profiling put the fsync and reconnects at a sixth of a message.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, future=True, pool_pre_ping=True)

    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)

    engine = create_engine(
        url, future=True, poolclass=QueuePool, connect_args={"timeout": 30, "check_same_thread": False}
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    """Apply guywire's SQLite settings to each new DBAPI connection."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """Yield a session that commits on success, rolls back on error, and closes."""
    with Session(engine_for(url), future=True) as session, session.begin():
        yield session


def alembic_config(url: str) -> Config:
    """Build an Alembic config in code, so no alembic.ini has to ship or match."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolates "%", which URL-encoded passwords contain.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Bring guywire's tables at ``url`` up to the latest migration."""
    command.upgrade(alembic_config(url), "head")


def reachable(url: str) -> bool:
    """Whether the database answers now (a cheap SELECT 1 on a pooled, pre-pinged connection)."""
    try:
        with engine_for(url).connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return True
    except DBAPIError:
        return False

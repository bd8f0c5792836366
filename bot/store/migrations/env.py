"""Alembic environment for guywire's own tables.

Run through ``bot.store.db.upgrade`` (or ``alembic.command`` with
``bot.store.db.alembic_config``); there is no alembic.ini on purpose.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from bot.store.db import VERSION_TABLE, engine_for
from bot.store.models import Base, UTCDateTime

target_metadata = Base.metadata


def include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    """Keep autogenerate to our own tables, so it never proposes dropping Rasa's."""
    return type_ != "table" or name in target_metadata.tables


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> Any:
    """Render ``UTCDateTime`` as its plain column type, so migrations never import models."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _set_sqlite_foreign_keys(connection: Connection, enabled: bool) -> None:
    """Toggle SQLite foreign keys; only takes effect outside a transaction.

    Batch migrations rebuild a table by copying it and dropping the original;
    with foreign keys on, dropping ``conversations`` would cascade-delete every
    child row, so they stay off while migrations run.
    """
    connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")
    connection.commit()


def run_migrations_online() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("sqlalchemy.url is not set; build the config with bot.store.db.alembic_config")
    with engine_for(url).connect() as connection:
        is_sqlite = connection.dialect.name == "sqlite"
        if is_sqlite:
            _set_sqlite_foreign_keys(connection, enabled=False)
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                version_table=VERSION_TABLE,
                render_as_batch=is_sqlite,
                include_name=include_name,
                render_item=render_item,
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if is_sqlite:
                _set_sqlite_foreign_keys(connection, enabled=True)


if context.is_offline_mode():
    raise RuntimeError("guywire migrations run online only; use bot.store.db.upgrade")
run_migrations_online()

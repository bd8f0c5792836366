"""Rasa's SQL tracker store, pointed at guywire's one database URL.

Rasa's own `sql` tracker store wants the URL split into dialect/host/db fields; this subclass takes
`GUYWIRE_DATABASE_URL` (or the contract's SQLite default) so the tracker and the assistant's records
always live in the same database. It is named by module path in endpoints.yml.
"""
from __future__ import annotations

from typing import Any, Optional

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import make_url

from bot.settings import Settings


class GuywireTrackerStore(SQLTrackerStore):
    """SQLTrackerStore configured from guywire's settings instead of endpoint fields."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[str] = None,
        event_broker: Optional[EventBroker] = None,
        **kwargs: Any,
    ) -> None:
        url = host or Settings.from_env().database_url
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            from pathlib import Path

            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)

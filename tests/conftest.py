"""Shared fixtures: a real, migrated SQLite database per test, and a real running guywire."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest

from bot.db import engine_for, upgrade
from bot.records import Records

if TYPE_CHECKING:
    from tests.servers import Guywire


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A migrated SQLite file of the test's own; its engine is disposed afterwards."""
    url = f"sqlite:///{tmp_path / 'guywire.db'}"
    upgrade(url)
    yield url
    engine_for(url).dispose()


@pytest.fixture
def records(database_url: str) -> Records:
    return Records(database_url)


@pytest.fixture(scope="session")
def guywire(tmp_path_factory: pytest.TempPathFactory) -> Iterator["Guywire"]:
    """The real run command on free ports and a fresh database, shared by the server tests.

    Tearing down is Ctrl-C (SIGINT); it must stop every process the command started.
    """
    from tests.servers import port_open, start

    server = start(tmp_path_factory.mktemp("guywire"))
    yield server
    server.stop()
    assert not port_open(server.rasa_port) and not port_open(server.actions_port), (
        "Ctrl-C left a server running"
    )

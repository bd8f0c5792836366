"""Shared fixtures: a real, migrated SQLite database per test."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from bot.db import engine_for, upgrade
from bot.records import Records


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

"""Shared fixtures: a real, migrated SQLite database per test, and a real running guywire."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest

from bot.store.db import engine_for, upgrade
from bot.store.records import Records

from tests.fakes import FakeAPI, fake_slack, fake_telegram

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.servers import Guywire

CHROMIUM = "/usr/bin/chromium"
TELEGRAM_TOKEN = "123456:guywire-test-token"
TELEGRAM_SECRET = "telegram-test-secret"  # pragma: allowlist secret
SLACK_SIGNING_SECRET = "slack-test-signing-secret"  # pragma: allowlist secret


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


@pytest.fixture(scope="module")
def browser() -> Iterator["Browser"]:
    """Debian's Chromium driven by Playwright (the set-up installs /usr/bin/chromium)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def telegram_api() -> Iterator[FakeAPI]:
    """A fake Telegram Bot API on 127.0.0.1 (the running guywire's Telegram channel calls it)."""
    api = fake_telegram()
    yield api
    api.close()


@pytest.fixture(scope="session")
def slack_api() -> Iterator[FakeAPI]:
    """A fake Slack Web API on 127.0.0.1 (the running guywire's Slack channel calls it)."""
    api = fake_slack()
    yield api
    api.close()


@pytest.fixture(scope="session")
def guywire(
    tmp_path_factory: pytest.TempPathFactory, telegram_api: FakeAPI, slack_api: FakeAPI
) -> Iterator["Guywire"]:
    """The real run command on free ports and a fresh database, shared by the server tests, with
    Telegram and Slack configured against the fake APIs.

    Tearing down is Ctrl-C (SIGINT); it must stop every process the command started.
    """
    from tests.servers import port_open, start

    server = start(tmp_path_factory.mktemp("guywire"), {
        "GUYWIRE_TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "GUYWIRE_TELEGRAM_WEBHOOK_URL": "https://guywire.invalid/webhooks/telegram/webhook",
        "GUYWIRE_TELEGRAM_SECRET": TELEGRAM_SECRET,
        "GUYWIRE_TELEGRAM_API_URL": telegram_api.url,
        "GUYWIRE_SLACK_TOKEN": "xoxb-guywire-test",
        "GUYWIRE_SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
        "GUYWIRE_SLACK_API_URL": f"{slack_api.url}/api/",
    })
    yield server
    server.stop()
    ports = (server.rasa_port, server.actions_port, server.web_port)
    assert not any(port_open(port) for port in ports), "Ctrl-C left a server running"

"""The run command: migrate, then start the Rasa server, the action server and the web app together.

Honcho (a Foreman clone) supervises the processes: their output is multiplexed with a prefix, and
Ctrl-C or SIGTERM stops every process it started (each runs in its own process group). A process
that crashes is started again, so a Rasa server killed mid-conversation comes back with the
conversation's history (it lives in the database), and a dead action server returns by itself.
"""

from __future__ import annotations

import os
import shlex
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import yaml
from honcho.manager import Manager
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from bot.channels.config import ChannelConfigError, LiveChannel, live_channels, write_credentials
from bot.channels.config import credentials as channel_credentials
from bot.settings import Settings
from bot.store.db import upgrade

MODEL_NAME = "guywire.tar.gz"
QUIET_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONWARNINGS": "ignore",
}


def ensure_token(settings: Settings) -> tuple[str, str]:
    """The API token and where it came from; generated into the state folder when unset."""
    if settings.api_token:
        return settings.api_token, "GUYWIRE_API_TOKEN"
    return settings.token(), str(settings.state_dir / "api_token")


def write_endpoints(settings: Settings, name: str = "endpoints.yml", **overrides: Any) -> Path:
    """endpoints.yml with the action server URL these settings give (plus any overrides).

    Every action call carries the action server's token as a Bearer header. The file names it as
    `${GUYWIRE_ACTIONS_TOKEN}`, which Rasa expands from the environment `process_env` gives, so
    the secret itself is never written here."""
    endpoints = yaml.safe_load((settings.project_root / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = settings.action_endpoint
    endpoints["action_endpoint"]["headers"] = {"Authorization": "Bearer ${GUYWIRE_ACTIONS_TOKEN}"}
    endpoints.update(overrides)
    path = settings.state_dir / name
    path.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    return path


def process_env(settings: Settings) -> dict[str, str]:
    """The environment every process shares, so they agree on database, content and state."""
    return {
        **os.environ,
        **QUIET_ENV,
        "GUYWIRE_DATABASE_URL": settings.database_url,
        "GUYWIRE_STATE_DIR": str(settings.state_dir),
        "GUYWIRE_CONTENT_DIR": str(settings.content_dir),
        "GUYWIRE_ACTIONS_TOKEN": settings.action_server_token(),
    }


def executable(name: str) -> str:
    """A console script of this virtual environment (rasa, guywire)."""
    return str(Path(sys.executable).with_name(name))


def rasa_command(settings: Settings, start: Start, endpoints: Path, port: int) -> list[str]:
    """A Rasa server: token-protected API, the effective endpoints and credentials, CORS for the page."""
    return [
        sys.executable,
        "-m",
        "bot.run.rasa_server",
        "run",
        "--model",
        str(start.model),
        "--enable-api",
        "--auth-token",
        start.token,
        "--interface",
        settings.host,
        "--port",
        str(port),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(start.credentials),
        "--cors",
        *settings.allowed_origins,
    ]


def actions_command(port: int) -> list[str]:
    """The locked action server (bot/run/actions_server.py) on the configured host and this port."""
    return [executable("guywire"), "actions", "--port", str(port)]


@dataclass(frozen=True)
class Start:
    """What every process needs, prepared once: model, token, channel credentials, migrated tables."""

    model: Path
    token: str
    token_source: str
    channels: dict[str, Any]
    credentials: Path


def prepare(settings: Settings, migrate: bool = True) -> Start:
    """Check the model and channel settings, make the state folder, token and credentials file,
    and migrate the database. Raises SystemExit with a one-line message when something is missing."""
    model = settings.project_root / "models" / MODEL_NAME
    if not model.exists():
        raise SystemExit(f"No trained model at {model}. Run `make run` (it trains when needed).")
    try:
        channels = channel_credentials(settings)
    except ChannelConfigError as problem:
        raise SystemExit(f"Channel settings are incomplete: {problem}.") from None
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    token, token_source = ensure_token(settings)
    if migrate:
        try:
            upgrade(settings.database_url)
        except DBAPIError as error:
            where = make_url(settings.database_url).render_as_string(hide_password=True)
            reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
            raise SystemExit(f"The database at {where} is unreachable: {reason}") from None
    return Start(model, token, token_source, channels, write_credentials(settings, channels))


def respawning(argv: list[str]) -> str:
    """A shell line that starts the command again whenever it dies, so one crash does not stop
    everything (honcho ends all processes when any of them ends); Ctrl-C still stops it all."""
    return f"while :; do {shlex.join(argv)}; echo 'exited; starting again in 2 s' >&2; sleep 2; done"


def supervise(
    settings: Settings, processes: dict[str, str], ready: Callable[[], bool], banner: Callable[[], str]
) -> int:
    """Run the shell command lines under honcho until Ctrl-C or one of them ends; print the banner
    once `ready` says everything answers."""
    manager = Manager()
    env = process_env(settings)
    for name, command in processes.items():
        manager.add_process(name, command, env=env, cwd=str(settings.project_root))

    def announce() -> None:
        if ready():
            print(banner(), flush=True)

    threading.Thread(target=announce, daemon=True).start()
    manager.loop()
    return manager.returncode or 0


def wait_until_up(settings: Settings, token: str, timeout: float = 300.0) -> bool:
    """Poll both servers until they answer (the model takes a while to load)."""
    deadline = time.monotonic() + timeout
    urls = [
        f"{settings.rasa_url}/status?token={token}",
        f"http://{settings.host}:{settings.actions_port}/health",
        f"{settings.web_url}/health",
    ]
    while time.monotonic() < deadline:
        try:
            if all(requests.get(url, timeout=2).status_code == 200 for url in urls):
                return True
        except requests.RequestException:
            pass
        time.sleep(1)
    return False


def how_to_chat(
    settings: Settings, token_source: str, channels: list[LiveChannel], headline: str = "guywire is running."
) -> str:
    """The start-up banner: where to chat, which channels are live, where the secrets are."""
    return "\n".join(
        [
            "",
            headline,
            f"  Chat in a browser:   {settings.web_url}",
            "  Chat in a terminal:  make chat   (or .venv/bin/guywire chat)",
            "  Live channels:",
            *(f"    {channel.name:<10} {channel.url}" for channel in channels),
            f"  Review transcripts:  {settings.web_url}/review  (name `admin` with the API token, or an"
            " account from `.venv/bin/guywire reviewers add NAME`)",
            f"  HTTP API:            {settings.rasa_url}/conversations/<sender>/tracker?token=<token>",
            f"  API token:           {token_source}",
            f"  Database:            {settings.database_url}",
            "Press Ctrl-C to stop everything.",
            "",
        ]
    )


def run(settings: Settings) -> int:
    """Start everything on embedded defaults and block until Ctrl-C or a process dies."""
    start = prepare(settings)
    processes = {
        "rasa": respawning(rasa_command(settings, start, write_endpoints(settings), settings.rasa_port)),
        "actions": respawning(actions_command(settings.actions_port)),
        "web": respawning([executable("guywire"), "web"]),
    }
    return supervise(
        settings,
        processes,
        lambda: wait_until_up(settings, start.token),
        lambda: how_to_chat(settings, start.token_source, live_channels(settings, start.channels)),
    )

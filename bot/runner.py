"""The run command: migrate, then start the Rasa server, the action server and the web app together.

Honcho (a Foreman clone) supervises the processes: their output is multiplexed with a prefix, and
Ctrl-C or SIGTERM stops every process it started (each runs in its own process group).
"""
from __future__ import annotations

import os
import shlex
import sys
import threading
import time
from pathlib import Path

import requests
import yaml
from honcho.manager import Manager

from bot.channels.config import ChannelConfigError, LiveChannel, live_channels, write_credentials
from bot.channels.config import credentials as channel_credentials
from bot.db import upgrade
from bot.settings import Settings

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


def write_endpoints(settings: Settings) -> Path:
    """endpoints.yml with the action server URL these settings give."""
    endpoints = yaml.safe_load((settings.project_root / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = settings.action_endpoint
    path = settings.state_dir / "endpoints.yml"
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
    }


def commands(
    settings: Settings, token: str, endpoints: Path, credentials: Path, model: Path
) -> dict[str, list[str]]:
    """The three command lines, as argument lists."""
    rasa = str(Path(sys.executable).with_name("rasa"))
    return {
        "actions": [rasa, "run", "actions", "--actions", "actions", "--port", str(settings.actions_port)],
        "rasa": [
            rasa, "run", "--model", str(model), "--enable-api", "--auth-token", token,
            "--interface", settings.host, "--port", str(settings.rasa_port),
            "--endpoints", str(endpoints), "--credentials", str(credentials),
            "--cors", *settings.allowed_origins,
        ],
        "web": [str(Path(sys.executable).with_name("guywire")), "web"],
    }


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


def how_to_chat(settings: Settings, token_source: str, channels: list[LiveChannel]) -> str:
    """The start-up banner: where to chat, which channels are live, where the secrets are."""
    return "\n".join([
        "",
        "guywire is running.",
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
    ])


def run(settings: Settings) -> int:
    """Start everything on embedded defaults and block until Ctrl-C or a process dies."""
    model = settings.project_root / "models" / MODEL_NAME
    if not model.exists():
        print(f"No trained model at {model}. Run `make run` (it trains when needed).", file=sys.stderr)
        return 2
    try:
        creds = channel_credentials(settings)
    except ChannelConfigError as problem:
        print(f"Channel settings are incomplete: {problem}.", file=sys.stderr)
        return 2
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    token, token_source = ensure_token(settings)
    upgrade(settings.database_url)
    endpoints = write_endpoints(settings)
    credentials = write_credentials(settings, creds)
    manager = Manager()
    env = process_env(settings)
    for name, argv in commands(settings, token, endpoints, credentials, model).items():
        manager.add_process(name, shlex.join(argv), env=env, cwd=str(settings.project_root))

    def announce() -> None:
        if wait_until_up(settings, token):
            print(how_to_chat(settings, token_source, live_channels(settings, creds)), flush=True)

    threading.Thread(target=announce, daemon=True).start()
    manager.loop()
    return manager.returncode or 0

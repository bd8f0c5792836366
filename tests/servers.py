"""Start the real run command (`guywire run`) on free loopback ports, for integration tests.

The processes are the ones a user gets from `make run`: honcho supervising `rasa run` (REST,
socketio, token-protected HTTP API, SQL tracker store) and the locked action server, on a SQLite database
of the test's own. Stopping sends SIGINT, exactly like Ctrl-C in a terminal.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import psutil
import requests
import sqlalchemy as sa

from bot.run.services import free_port, stop_group

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 300


def texts(replies: list[dict[str, Any]]) -> str:
    """The bot's replies to one message, as one string to search."""
    return "\n".join(r.get("text", "") for r in replies)


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Guywire:
    """A running assistant and what a test needs to talk to it."""

    process: subprocess.Popen
    rasa_port: int
    actions_port: int
    web_port: int
    token: str
    database_url: str
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def say(self, sender: str, message: str) -> list[dict[str, Any]]:
        """Send one message through the REST channel and return the bot's replies."""
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
        )
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict[str, Any]:
        response = requests.get(
            f"{self.url}/conversations/{sender}/tracker", params={"token": self.token}, timeout=30
        )
        response.raise_for_status()
        return response.json()

    def rows(self, sql: str, **params: Any) -> list[tuple]:
        """Rows from the assistant's database, read on a connection of the test's own."""
        engine = sa.create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return [tuple(r) for r in connection.execute(sa.text(sql), params)]
        finally:
            engine.dispose()

    def stop(self) -> Optional[int]:
        """Ctrl-C, then wait for every process to go."""
        return stop_group(self.process, signal.SIGINT)


def start(workdir: Path, extra_env: Optional[dict[str, str]] = None) -> Guywire:
    """Start `guywire run` (with `extra_env` on top) and wait until all three servers answer."""
    rasa_port, actions_port, web_port = free_port(), free_port(), free_port()
    token = "test-token-" + os.urandom(8).hex()
    database_url = f"sqlite:///{workdir / 'guywire.db'}"
    env = {
        **os.environ,
        "GUYWIRE_RASA_PORT": str(rasa_port),
        "GUYWIRE_ACTIONS_PORT": str(actions_port),
        "GUYWIRE_WEB_PORT": str(web_port),
        "GUYWIRE_STATE_DIR": str(workdir / "state"),
        "GUYWIRE_DATABASE_URL": database_url,
        "GUYWIRE_API_TOKEN": token,
        "RASA_TELEMETRY_ENABLED": "false",
        **(extra_env or {}),
    }
    log = workdir / "guywire.log"
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("guywire")), "run"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )
    server = Guywire(process, rasa_port, actions_port, web_port, token, database_url, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"guywire run exited early:\n{log.read_text()[-5000:]}")
        try:
            status = requests.get(f"{server.url}/status", params={"token": token}, timeout=2)
            health = requests.get(f"http://127.0.0.1:{actions_port}/health", timeout=2)
            page = requests.get(f"{server.web_url}/health", timeout=2)
            if all(r.status_code == 200 for r in (status, health, page)):
                return server
        except requests.RequestException:
            pass
        time.sleep(1)
    server.stop()
    raise RuntimeError(f"guywire did not start in {START_TIMEOUT}s:\n{log.read_text()[-5000:]}")


def listening(root_pid: int) -> list[tuple[str, str, int]]:
    """(process name, address, port) of every TCP socket that `root_pid` or its descendants listen on."""
    root = psutil.Process(root_pid)
    found = []
    for process in [root, *root.children(recursive=True)]:
        try:
            connections = process.net_connections(kind="inet")
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        found += [(process.name(), c.laddr.ip, c.laddr.port) for c in connections
                  if c.status == psutil.CONN_LISTEN]
    return found


def beyond(host: str, sockets: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """The sockets not bound to `host` alone."""
    return [s for s in sockets if s[1] != host]


def action_call(sender: str, action: str = "action_delete_user_data") -> dict:
    """What Rasa posts to the action server, as a forger would write it."""
    return {"next_action": action, "sender_id": sender, "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": sender, "slots": {}, "latest_message": {}, "events": [],
                        "paused": False, "followup_action": None, "active_loop": {},
                        "latest_action_name": None}}

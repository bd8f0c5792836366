"""Faults through real processes: a Rasa server killed mid-conversation, the action server down,
the database unreachable at start-up and lost while running. Nobody is left in silence, and no
answered turn is lost."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Iterator

import pytest
import requests

from bot.run.services import Service, free_port, postgres_data_dir, start_postgres
from tests.servers import ROOT, Guywire, port_open, start, texts

SORRY = "Sorry, something went wrong on my side"


def kill(port: int, marker: bytes) -> None:
    """SIGKILL the process whose command line has `marker` and `port`; wait until the port closes."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            argv = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if marker in argv and str(port).encode() in argv:
            os.kill(int(cmdline.parent.name), signal.SIGKILL)
            deadline = time.monotonic() + 30
            while port_open(port):
                assert time.monotonic() < deadline
                time.sleep(0.05)
            return
    raise AssertionError(f"no process with {marker!r} on port {port}")


def wait_for(url: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise AssertionError(f"{url} did not come back in {timeout} s")


def user_texts(guywire: Guywire, sender: str) -> list[str]:
    return [e["text"] for e in guywire.tracker(sender)["events"] if e["event"] == "user"]


def test_a_killed_rasa_server_comes_back_with_the_conversation(guywire: Guywire) -> None:
    sender = f"fault-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "hello")
    guywire.say(sender, "yes that's fine")
    assert "where" in texts(guywire.say(sender, "pretty tired today")).lower()

    kill(guywire.rasa_port, b"--model")
    wait_for(f"{guywire.url}/status?token={guywire.token}")

    assert "0" in texts(guywire.say(sender, "my lower back"))  # the form goes on: pain 0-10 next
    assert user_texts(guywire, sender) == ["hello", "yes that's fine", "pretty tired today", "my lower back"]


def test_with_the_action_server_down_people_get_an_apology_then_it_recovers(guywire: Guywire) -> None:
    sender = f"fault-{uuid.uuid4().hex[:8]}"
    kill(guywire.actions_port, b"actions")
    assert SORRY in texts(guywire.say(sender, "hello"))
    wait_for(f"http://127.0.0.1:{guywire.actions_port}/health", timeout=120)
    assert "not a doctor" in texts(guywire.say(sender, "hello"))


def test_an_unreachable_database_at_start_is_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "GUYWIRE_STATE_DIR": str(tmp_path),
           "GUYWIRE_DATABASE_URL": f"postgresql://guywire:hunter2@127.0.0.1:{free_port()}/guywire"}  # pragma: allowlist secret
    result = subprocess.run([str(Path(sys.executable).with_name("guywire")), "run"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert "unreachable" in result.stderr and "hunter2" not in result.stderr


@pytest.fixture
def on_postgres(tmp_path: Path) -> Iterator[tuple[Guywire, Service, Path]]:
    state = tmp_path / "pg-state"
    database = start_postgres(state, free_port(), tmp_path / "postgres.log")
    server = start(tmp_path, {"GUYWIRE_DATABASE_URL": database.url})
    try:
        yield server, database, state
    finally:
        server.stop()
        database.stop()
        subprocess.run(["rm", "-rf", str(postgres_data_dir(state))], check=False)


def test_losing_the_database_while_running_gets_an_apology_and_recovers(
    on_postgres: tuple[Guywire, Service, Path], tmp_path: Path
) -> None:
    server, database, state = on_postgres
    sender = f"fault-{uuid.uuid4().hex[:8]}"
    assert "not a doctor" in texts(server.say(sender, "hello"))
    port = int(database.url.rsplit(":", 1)[1].split("/")[0])
    database.stop()

    assert SORRY in texts(server.say(sender, "what is my core?"))

    restarted = start_postgres(state, port, tmp_path / "postgres.log")
    try:
        answers = [texts(server.say(sender, "what is my core?")) for _ in range(3)]
        assert any("core" in a.lower() and SORRY not in a for a in answers), answers
    finally:
        restarted.stop()

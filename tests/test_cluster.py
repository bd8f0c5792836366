"""The scaled-out deployment through real processes: `guywire cluster` with PostgreSQL, Redis (the
atomic lock store), two Rasa and two action servers behind nginx, all on 127.0.0.1.

Fifty people hold ten-turn conversations at once. Each turn goes through nginx, which alternates
servers, so one person's turns land on both. Halfway, one Rasa server is killed with SIGKILL; the
conversations go on on the other. Then every conversation must be stored exactly once and in order,
and its slots and records must equal what a single server (the `guywire` fixture) makes of the
same script.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterator

import psutil
import pytest
import requests
import sqlalchemy as sa

from bot.run.cluster import UPSTREAM_HEADER
from bot.run.services import free_port, postgres_data_dir, stop_group
from tests.servers import ROOT, Guywire, action_call, beyond, listening, port_open

SCRIPT = [
    "hello", "yes that's fine", "honestly pretty fed up with it all", "my lower back", "6",
    "what is my core?", "give me an exercise to try", "I did it and it was easy", "thank you",
    "bye, talk tomorrow",
]
PEOPLE = 50
KILL_AFTER_TURN = 5
START_TIMEOUT = 400


class Cluster:
    def __init__(self, workdir: Path) -> None:
        self.rasa_port, self.actions_port, self.web_port = free_port(), free_port(), free_port()
        self.token = "cluster-" + uuid.uuid4().hex
        self.state = workdir / "state"
        self.log = workdir / "cluster.log"
        env = {**os.environ, "GUYWIRE_RASA_PORT": str(self.rasa_port), "GUYWIRE_ACTIONS_PORT": str(self.actions_port),
               "GUYWIRE_WEB_PORT": str(self.web_port), "GUYWIRE_STATE_DIR": str(self.state),
               "GUYWIRE_API_TOKEN": self.token, "RASA_TELEMETRY_ENABLED": "false"}
        env.pop("GUYWIRE_DATABASE_URL", None)
        self.process = subprocess.Popen([str(Path(sys.executable).with_name("guywire")), "cluster"], cwd=ROOT,
                                        env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def banner(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while "guywire cluster is running" not in self.banner():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the cluster did not start:\n{self.banner()[-5000:]}")
            time.sleep(1)

    @property
    def rasa_server_ports(self) -> list[int]:
        found = re.search(r"Rasa server\(s\) on ports ([\d, ]+) behind nginx", self.banner())
        assert found, self.banner()[-2000:]
        return [int(p) for p in found.group(1).split(",")]

    @property
    def database_url(self) -> str:
        return re.search(r"Database:\s+(postgresql://\S+)", self.banner()).group(1)

    def say(self, sender: str, message: str) -> tuple[int, str, list[dict[str, Any]]]:
        response = requests.post(f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message}, timeout=120)
        body = response.json() if response.status_code == 200 else []
        return response.status_code, response.headers.get(UPSTREAM_HEADER, ""), body

    def stop(self) -> None:
        stop_group(self.process, signal.SIGINT, timeout=60)
        shutil.rmtree(postgres_data_dir(self.state), ignore_errors=True)


def kill_rasa_server(port: int) -> None:
    """SIGKILL the `rasa run` process serving `port` (found by its command line), and wait until
    its port is closed: until then the kernel still queues connections for it."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            argv = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--model" in argv and str(port).encode() in argv:
            os.kill(int(cmdline.parent.name), signal.SIGKILL)
            deadline = time.monotonic() + 30
            while port_open(port):
                assert time.monotonic() < deadline, "the killed server kept its port"
                time.sleep(0.05)
            return
    raise AssertionError(f"no Rasa server on port {port}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    cluster = Cluster(tmp_path_factory.mktemp("cluster"))
    try:
        cluster.wait_until_up()
        yield cluster
    finally:
        cluster.stop()
    assert not port_open(cluster.rasa_port), "Ctrl-C left nginx running"


def outcome(url: str, token_url: str, sender: str) -> dict[str, Any]:
    """What a conversation left behind: its slots, and its records without ids and times."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            def rows(sql: str) -> list[tuple]:
                return [tuple(r) for r in connection.execute(sa.text(sql), {"s": sender})]
            child = "FROM {} t JOIN conversations c ON c.id = t.conversation_id WHERE c.sender_id = :s ORDER BY t.id"
            records = {
                "conversation": rows("SELECT channel, consent FROM conversations WHERE sender_id = :s"),
                "check_ins": rows("SELECT feeling, location, pain_level " + child.format("check_ins")),
                "steps": rows("SELECT step_id, feedback " + child.format("step_suggestions")),
                "safety": rows("SELECT kind " + child.format("safety_events")),
            }
    finally:
        engine.dispose()
    tracker = requests.get(token_url.format(sender=sender), timeout=30).json()
    return {"slots": tracker["slots"], **records}


def test_the_cluster_listens_only_on_loopback_and_its_action_servers_are_locked(cluster: Cluster) -> None:
    sockets = listening(cluster.process.pid)
    assert beyond("127.0.0.1", sockets) == []
    action_servers = {port for name, _, port in sockets if port in action_server_ports(cluster)}
    assert len(action_servers) == 2, sockets
    sender = f"victim-{uuid.uuid4().hex[:8]}"
    status, _, _ = cluster.say(sender, "hello")
    assert status == 200
    assert cluster.say(sender, "yes that's fine")[0] == 200  # action calls through nginx carry the token
    for port in (cluster.actions_port, *action_servers):  # nginx in front, and each server behind it
        forged = requests.post(f"http://127.0.0.1:{port}/webhook", json=action_call(sender), timeout=30)
        assert forged.status_code == 401, port
    engine = sa.create_engine(cluster.database_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT consent FROM conversations WHERE sender_id = :s"),
                                      {"s": sender}).scalar() is True
    finally:
        engine.dispose()


def action_server_ports(cluster: Cluster) -> set[int]:
    """The ports of the cluster's `guywire actions` processes, read from their command lines."""
    root = psutil.Process(cluster.process.pid)
    return {int(p.cmdline()[p.cmdline().index("--port") + 1]) for p in root.children(recursive=True)
            if "actions" in p.cmdline() and "--port" in p.cmdline()}


def test_fifty_conversations_across_two_servers_survive_losing_one(cluster: Cluster, guywire: Guywire) -> None:
    reference = f"single-{uuid.uuid4().hex[:8]}"
    for message in SCRIPT:
        guywire.say(reference, message)
    expected = outcome(guywire.database_url, f"{guywire.url}/conversations/{{sender}}/tracker?token={guywire.token}",
                       reference)

    people = [f"person-{n:02d}-{uuid.uuid4().hex[:6]}" for n in range(PEOPLE)]
    upstreams: dict[str, list[str]] = defaultdict(list)
    survivor, victim = cluster.rasa_server_ports
    with ThreadPoolExecutor(PEOPLE) as pool:
        for turn, message in enumerate(SCRIPT, start=1):
            if turn == KILL_AFTER_TURN + 1:
                kill_rasa_server(victim)
            answers = list(pool.map(lambda person: cluster.say(person, message), people))
            assert [status for status, _, _ in answers] == [200] * PEOPLE, f"turn {turn}: {answers}"
            assert all(body for _, _, body in answers), f"turn {turn}: a message got no reply"
            for person, (_, upstream, _) in zip(people, answers):
                upstreams[person].append(upstream.split(",")[-1].strip())

    before = [set(seen[:KILL_AFTER_TURN]) for seen in upstreams.values()]
    assert sum(len(servers) == 2 for servers in before) >= PEOPLE * 0.4, "turns did not alternate servers"
    right_after = {seen[KILL_AFTER_TURN] for seen in upstreams.values()}
    assert right_after == {f"127.0.0.1:{survivor}"}  # (the killed server is restarted, later)

    engine = sa.create_engine(cluster.database_url)
    try:
        with engine.connect() as connection:
            for person in people:
                said = [r[0] for r in connection.execute(sa.text(
                    "SELECT data::json->>'text' FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"),
                    {"s": person})]
                assert said == SCRIPT, f"{person}: turns lost, duplicated or out of order"
            duplicates = connection.execute(sa.text(
                "SELECT count(*) FROM (SELECT sender_id, data FROM events GROUP BY sender_id, data "
                "HAVING count(*) > 1) d")).scalar()
            assert duplicates == 0
    finally:
        engine.dispose()

    token_url = f"http://127.0.0.1:{cluster.rasa_port}/conversations/{{sender}}/tracker?token={cluster.token}"
    for person in people:
        assert outcome(cluster.database_url, token_url, person) == expected, person

"""The locks on a running guywire, through real processes: the action server refuses calls without
the shared secret, nothing listens beyond the configured host, review logins are throttled, and
error pages echo nothing."""
from __future__ import annotations

import re
import subprocess
import sys
import uuid
from datetime import timedelta
from typing import Iterator

import psutil
import pytest
import requests
import sqlalchemy as sa

from bot.store.db import session_scope
from bot.store.models import AuditEntry, utcnow
from bot.review import throttle
from bot.review.accounts import create_reviewer
from tests.servers import Guywire, action_call, beyond, listening

PASSWORD = "a long reviewer password"  # pragma: allowlist secret


def test_the_port_audit_sees_a_socket_open_to_every_address() -> None:
    """The audit itself can fail: a child listening on 0.0.0.0 is reported."""
    child = subprocess.Popen([sys.executable, "-c", (
        "import socket, time; s = socket.socket(); s.bind(('0.0.0.0', 0)); s.listen(); "
        "print(s.getsockname()[1], flush=True); time.sleep(60)")], stdout=subprocess.PIPE, text=True)
    try:
        port = int(child.stdout.readline())
        assert beyond("127.0.0.1", listening(child.pid)) == [(psutil.Process(child.pid).name(), "0.0.0.0", port)]
    finally:
        child.kill()
        child.wait()


def test_nothing_listens_beyond_the_configured_host(guywire: Guywire) -> None:
    sockets = listening(guywire.process.pid)
    ports = {port for _, _, port in sockets}
    assert {guywire.rasa_port, guywire.actions_port, guywire.web_port} <= ports, sockets
    assert beyond("127.0.0.1", sockets) == []


def test_a_forged_action_call_is_refused_and_changes_nothing(guywire: Guywire) -> None:
    sender = f"victim-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "hello")
    guywire.say(sender, "yes that's fine")  # consent: records are kept
    guywire.say(sender, "my doctor told me I have degenerative disc disease")
    before = guywire.rows("SELECT c.consent, count(l.id) FROM conversations c JOIN label_mentions l "
                          "ON l.conversation_id = c.id WHERE c.sender_id = :s GROUP BY c.id", s=sender)
    assert before == [(1, 1)]  # the conversation reached the action server with the token

    actions = f"http://127.0.0.1:{guywire.actions_port}"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}):
        forged = requests.post(f"{actions}/webhook", json=action_call(sender), headers=headers, timeout=30)
        assert forged.status_code == 401 and forged.json() == {"error": "unauthorised"}
    assert requests.get(f"{actions}/actions", timeout=10).status_code == 401
    assert requests.get(f"{actions}/health", timeout=10).status_code == 200

    after = guywire.rows("SELECT c.consent, count(l.id) FROM conversations c JOIN label_mentions l "
                         "ON l.conversation_id = c.id WHERE c.sender_id = :s GROUP BY c.id", s=sender)
    assert after == before
    assert "events" in guywire.tracker(sender) and len(guywire.tracker(sender)["events"]) > 5


@pytest.fixture
def throttle_released(guywire: Guywire) -> Iterator[None]:
    """Age failed logins out of the window before and after: every test logs in from 127.0.0.1, so
    other tests' failures must not count here, nor this test's failures in theirs."""
    age_failures(guywire.database_url)
    yield
    age_failures(guywire.database_url)


def age_failures(url: str) -> None:
    with session_scope(url) as session:
        for entry in session.execute(sa.select(AuditEntry).where(AuditEntry.action == throttle.FAILED)).scalars():
            entry.at -= throttle.WINDOW + timedelta(minutes=1)


def try_login(guywire: Guywire, username: str, password: str) -> requests.Response:
    http = requests.Session()
    form = http.get(f"{guywire.web_url}/review/login", timeout=10).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    return http.post(f"{guywire.web_url}/review/login", allow_redirects=False, timeout=30,
                     data={"csrf": csrf, "next": "/review/", "username": username, "password": password})


def test_review_logins_are_throttled_then_released(guywire: Guywire, throttle_released: None) -> None:
    name = f"throttled{uuid.uuid4().hex[:6]}"
    create_reviewer(guywire.database_url, name, PASSWORD)
    for _ in range(throttle.LIMIT):
        assert try_login(guywire, name, "not the password").status_code == 401
    refused = try_login(guywire, name, PASSWORD)  # even the right password waits
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "900"
    assert "Too many unsuccessful logins" in refused.text
    assert "guywire_review" not in refused.cookies
    actions = guywire.rows("SELECT action FROM review_audit WHERE reviewer = :n ORDER BY id", n=name)
    assert actions == [("account_created",)] + [(throttle.FAILED,)] * throttle.LIMIT + [(throttle.THROTTLED,)]

    age_failures(guywire.database_url)  # as if the 15 minutes had passed
    released = try_login(guywire, name, PASSWORD)
    assert released.status_code == 302 and "guywire_review" in released.cookies


def test_error_pages_echo_nothing(guywire: Guywire) -> None:
    marker = "echo-" + uuid.uuid4().hex
    for path in (f"/{marker}", f"/review/{marker}", f"/static/{marker}.css", f"/review/conversations/{marker}"):
        response = requests.get(guywire.web_url + path, timeout=10)
        assert response.status_code == 404, path
        assert marker not in response.text and "Traceback" not in response.text
        assert response.text == "There is nothing here."
    wrong_method = requests.delete(f"{guywire.web_url}/review/login?{marker}", timeout=10)
    assert wrong_method.status_code == 405 and marker not in wrong_method.text


def test_the_throttle_counts_per_name_and_per_address_within_the_window(database_url: str) -> None:
    now = utcnow()
    for n in range(throttle.LIMIT - 1):
        throttle.record(database_url, throttle.FAILED, "sam", f"10.0.0.{n}")
    assert not throttle.is_throttled(database_url, "sam", "10.0.0.99", now)
    throttle.record(database_url, throttle.FAILED, " SAM ", "10.0.0.50")  # the same name, normalised
    assert throttle.is_throttled(database_url, "sam", "10.0.0.99", now)  # by name, from anywhere
    assert not throttle.is_throttled(database_url, "alex", "10.0.0.99", now)
    later = now + throttle.WINDOW + timedelta(seconds=5)
    assert not throttle.is_throttled(database_url, "sam", "10.0.0.99", later)  # released

    for n in range(throttle.LIMIT):
        throttle.record(database_url, throttle.FAILED, f"name{n}", "192.0.2.7")
    assert throttle.is_throttled(database_url, "someone-new", "192.0.2.7", now)  # by address
    assert not throttle.is_throttled(database_url, "someone-new", "192.0.2.8", now)

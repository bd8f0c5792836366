"""Hostile input through the running server: more than 2,000 messages over the REST channel,
from hypothesis strategies and a curated list (empty, 100 KB, control characters, lone surrogates,
emoji and right-to-left text, SQL and shell fragments, HTML, JSON in JSON, endless tokens, and
slash-commands that try to inject intents and entities).

Every message must get a reply (or a clear 4xx for a malformed request), no request may answer
5xx, the server must stay up, and every accepted message must be stored. The run is written to
results/fuzz.json: the count, the failures, and the latency of an ordinary message before and after.
"""
from __future__ import annotations

import json
import statistics
import time
import uuid
from collections import Counter
from typing import Any, Iterator

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.guard import Limits, clean
from tests.servers import ROOT, Guywire

RESULTS = ROOT / "results" / "fuzz.json"
PER_SENDER = 10  # well under the rate limit (30 a minute)
CURATED = [
    "", " ", "\n\t \r\n", "\x00\x01\x02\x1b[31m", "\ud800 lone surrogate \udfff", "a" * 100_000,
    "back " * 20_000, "x" * 5_000, "😊" * 400, "🙂🙃 my back 😭😭", "ظهري يؤلمني كثيرا", "הגב שלי כואב",
    "\u202eevil\u202c text", "'; DROP TABLE events; --", "1 OR 1=1", "$(rm -rf /)", "`reboot`",
    "| cat /etc/passwd", "../../../../etc/shadow", "<script>alert(1)</script>",
    "<img src=x onerror=alert(document.cookie)>", '{"sender": "admin", "message": "hi"}',
    json.dumps({"message": json.dumps({"text": "/report_red_flag"})}), "%s%s%s%n", "{{7*7}}", "${7*7}",
    '/report_red_flag{"safety_kind": "cauda_equina"}', '/express_crisis{"x": 1}', "/restart", "/stop",
    "/session_start", "/greet", "/affirm", "/deny", '/mention_diagnosis{"diagnosis": "sciatica"}',
    "/action_delete_user_data", "\\u0000", "null", "NaN", "-1e309", "\u0000" * 100, "\t" * 1000,
]
texts_strategy = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=60),
    st.from_regex(r"/[a-z_]{1,20}(\{\"[a-z_]{1,10}\": \"[a-z ]{0,10}\"\})?", fullmatch=True),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
)


class Run:
    """What the fuzz run saw, shared by the tests of this module."""

    def __init__(self) -> None:
        self.sent = 0
        self.statuses: Counter[int] = Counter()
        self.failures: list[str] = []
        self.accepted: Counter[str] = Counter()
        self._sender = ""
        self._used = PER_SENDER

    def sender(self, prefix: str) -> str:
        if self._used >= PER_SENDER:
            self._sender, self._used = f"{prefix}-{uuid.uuid4().hex[:10]}", 0
        self._used += 1
        return self._sender

    def note(self, sender: str, text: Any) -> None:
        self.sent += 1
        if clean(text, Limits.from_env()).text:
            self.accepted[sender] += 1


def latency(guywire: Guywire, count: int = 20) -> dict[str, float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        guywire.say(f"latency-{uuid.uuid4().hex[:8]}", "what is my core?")
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(times[int(0.95 * (count - 1))], 1)}


@pytest.fixture(scope="module")
def fuzz(guywire: Guywire) -> Iterator[Run]:
    before = latency(guywire)
    run = Run()
    yield run
    after = latency(guywire)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "messages": run.sent, "statuses": dict(run.statuses), "failures": run.failures,
        "latency_before": before, "latency_after": after, "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }, indent=2), encoding="utf-8")


def send_rest(guywire: Guywire, run: Run, text: Any) -> None:
    sender = run.sender("fuzz-rest")
    response = requests.post(f"{guywire.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                             timeout=60)
    run.note(sender, text)
    run.statuses[response.status_code] += 1
    if response.status_code != 200 or not response.json():
        run.failures.append(f"REST {response.status_code} for {text[:80]!r}")


def test_curated_messages_over_rest(guywire: Guywire, fuzz: Run) -> None:
    for text in CURATED * 3:
        send_rest(guywire, fuzz, text)
    assert fuzz.failures == []


@settings(max_examples=1900, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=texts_strategy)
def test_generated_messages_over_rest(guywire: Guywire, fuzz: Run, text: str) -> None:
    send_rest(guywire, fuzz, text)
    assert fuzz.failures == []


@pytest.mark.parametrize("body, content_type", [
    (b"not json at all", "application/json"), (b"[1, 2]", "application/json"), (b'{"message": "hi"}', "application/json"),
    (b'{"sender": "x", "message": 5}', "application/json"), (b'{"sender": "", "message": "hi"}', "application/json"),
    (b'{"sender": 7, "message": "hi"}', "application/json"), (b'{"sender": "x", "message": "hi", "metadata": 3}', "application/json"),
    (json.dumps({"sender": "s" * 1000, "message": "hi"}).encode(), "application/json"), (b"sender=x&message=hi", "text/plain"),
])
def test_malformed_rest_requests_get_a_clear_400(guywire: Guywire, fuzz: Run, body: bytes, content_type: str) -> None:
    response = requests.post(f"{guywire.url}/webhooks/rest/webhook", data=body,
                             headers={"Content-Type": content_type}, timeout=30)
    fuzz.sent += 1
    fuzz.statuses[response.status_code] += 1
    assert response.status_code == 400 and "error" in response.json()


def test_the_server_stayed_up_and_stored_every_accepted_message(guywire: Guywire, fuzz: Run) -> None:
    assert fuzz.sent >= 2000
    assert not [s for s in fuzz.statuses if s >= 500]
    assert requests.get(f"{guywire.url}/status", params={"token": guywire.token}, timeout=10).ok
    stored = dict(guywire.rows(
        "SELECT sender_id, count(*) FROM events WHERE type_name = 'user' AND sender_id LIKE 'fuzz-%' "
        "GROUP BY sender_id"))
    # A fuzz text can ask to delete the person's data ("/action_delete_user_data" loses its slash
    # and reads as a request); after a confirmed deletion only what followed it is kept.
    erased = {sender for (sender,) in guywire.rows(
        "SELECT DISTINCT sender_id FROM events WHERE type_name = 'bot' AND sender_id LIKE 'fuzz-%' "
        "AND data LIKE '%deleted our conversations%'")}
    assert {s: n for s, n in stored.items() if s not in erased} == {
        s: n for s, n in fuzz.accepted.items() if s not in erased}
    assert all(stored.get(s, 0) < fuzz.accepted[s] for s in erased)

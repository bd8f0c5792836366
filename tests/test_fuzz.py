"""Hostile input through the running server: more than 2,000 messages over the REST and the
socketio (website widget) channels, from hypothesis strategies and a curated list (empty, 100 KB,
control characters, lone surrogates, emoji and right-to-left text, SQL and shell fragments, HTML,
JSON in JSON, endless tokens, and slash-commands that try to inject intents and entities).

Every message must get a reply (over REST a 200 with replies, or a clear 4xx for a malformed
request; over socketio at least one `bot_uttered` event within a timeout), no request may answer
5xx, the server must stay up, and every accepted message must be stored, under the sender and
channel it came in on. The socketio messages are sent like the widget sends them
(tests/socketio_client.py): a session per ten messages, each its own conversation.

The run is written to results/fuzz.json: the count, the statuses, the failures, the same per
channel, and the latency of an ordinary message before and after.
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

from bot.channels.guard import Limits, clean
from bot.coach.safety_dialogue import REPLAYED
from tests.servers import ROOT, Guywire
from tests.socketio_client import WidgetSession

RESULTS = ROOT / "results" / "fuzz.json"
PER_SENDER = 10  # well under the rate limit (30 a minute)
REST_EXAMPLES = 1100
SOCKETIO_EXAMPLES = 900
PREFIXES = {"rest": "fuzz-rest", "socketio": "fuzz-sio"}  # the sender ids, by channel
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


class Channel:
    """What one channel saw: REST statuses are HTTP codes, socketio ones the outcome of a message
    ("replied", "no_reply", "no_ack", "disconnected", "no_session")."""

    def __init__(self) -> None:
        self.sent = 0
        self.statuses: Counter[Any] = Counter()
        self.failures: list[str] = []
        self.senders = 0
        self.replies = 0
        self.seconds = 0.0

    def report(self) -> dict[str, Any]:
        return {"messages": self.sent, "statuses": dict(self.statuses), "failures": self.failures,
                "senders": self.senders, "replies": self.replies, "seconds": round(self.seconds, 1)}


class Run:
    """What the fuzz run saw, shared by the tests of this module."""

    def __init__(self) -> None:
        self.channels = {"rest": Channel(), "socketio": Channel()}
        self.accepted: Counter[str] = Counter()
        self.widget: WidgetSession | None = None
        self._sender = {name: "" for name in self.channels}
        self._used = {name: PER_SENDER for name in self.channels}

    @property
    def sent(self) -> int:
        return sum(c.sent for c in self.channels.values())

    @property
    def statuses(self) -> Counter[int]:
        """The HTTP statuses (REST)."""
        return self.channels["rest"].statuses

    @property
    def failures(self) -> list[str]:
        return [f for c in self.channels.values() for f in c.failures]

    def sender(self, channel: str) -> str:
        """The sender id for the next message: a new one every PER_SENDER messages."""
        if self._used[channel] >= PER_SENDER:
            self._sender[channel], self._used[channel] = f"{PREFIXES[channel]}-{uuid.uuid4().hex[:10]}", 0
            self.channels[channel].senders += 1
        self._used[channel] += 1
        return self._sender[channel]

    def session(self, url: str) -> WidgetSession:
        """The widget session for the next socketio message (its id is the sender id)."""
        sender = self.sender("socketio")
        if self.widget is None or self.widget.session_id != sender:
            self.close()
            self.widget = WidgetSession(url, sender).__enter__()
        return self.widget

    def close(self) -> None:
        if self.widget is not None:
            widget, self.widget = self.widget, None
            widget.close()

    def note(self, channel: str, sender: str, text: Any) -> None:
        self.channels[channel].sent += 1
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
    try:
        yield run
    finally:
        run.close()
    after = latency(guywire)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "messages": run.sent, "statuses": dict(run.statuses), "failures": run.failures,
        "channels": {name: channel.report() for name, channel in run.channels.items()},
        "latency_before": before, "latency_after": after, "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }, indent=2), encoding="utf-8")


def send_rest(guywire: Guywire, run: Run, text: Any) -> None:
    channel, start = run.channels["rest"], time.perf_counter()
    sender = run.sender("rest")
    response = requests.post(f"{guywire.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                             timeout=60)
    run.note("rest", sender, text)
    channel.statuses[response.status_code] += 1
    replies = response.json() if response.status_code == 200 else []
    channel.replies += len(replies) if isinstance(replies, list) else 0
    if response.status_code != 200 or not replies:
        channel.failures.append(f"REST {response.status_code} for {text[:80]!r}")
    channel.seconds += time.perf_counter() - start


def send_socketio(guywire: Guywire, run: Run, text: Any) -> None:
    channel, start = run.channels["socketio"], time.perf_counter()
    try:
        widget = run.session(guywire.url)
    except Exception as error:  # a refused or silent connection is a finding, not a crash
        channel.sent += 1
        channel.statuses["no_session"] += 1
        channel.failures.append(f"socketio session failed ({error!r}) before {text[:80]!r}")
        channel.seconds += time.perf_counter() - start
        return
    answer = widget.say(text)
    run.note("socketio", widget.session_id, text)
    channel.statuses[answer.outcome] += 1
    channel.replies += len(answer.replies)
    if answer.outcome != "replied":
        channel.failures.append(f"socketio {answer.outcome} after {answer.seconds:.1f}s for {text[:80]!r}")
    channel.seconds += time.perf_counter() - start


def test_curated_messages_over_rest(guywire: Guywire, fuzz: Run) -> None:
    for text in CURATED * 3:
        send_rest(guywire, fuzz, text)
        if fuzz.failures:
            break
    assert fuzz.failures == []


def test_curated_messages_over_socketio(guywire: Guywire, fuzz: Run) -> None:
    for text in CURATED * 3:
        send_socketio(guywire, fuzz, text)
        if fuzz.failures:
            break
    assert fuzz.failures == []


FUZZ_SETTINGS = dict(deadline=None, derandomize=True, database=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@settings(max_examples=REST_EXAMPLES, **FUZZ_SETTINGS)
@given(text=texts_strategy)
def test_generated_messages_over_rest(guywire: Guywire, fuzz: Run, text: str) -> None:
    assert fuzz.failures == []  # after a failure, fail at once (no more minute-long timeouts)
    send_rest(guywire, fuzz, text)
    assert fuzz.failures == []


@settings(max_examples=SOCKETIO_EXAMPLES, **FUZZ_SETTINGS)
@given(text=texts_strategy)
def test_generated_messages_over_socketio(guywire: Guywire, fuzz: Run, text: str) -> None:
    assert fuzz.failures == []
    send_socketio(guywire, fuzz, text)
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
    fuzz.channels["rest"].sent += 1
    fuzz.statuses[response.status_code] += 1
    assert response.status_code == 400 and "error" in response.json()


def test_the_server_stayed_up_and_stored_every_accepted_message(guywire: Guywire, fuzz: Run) -> None:
    assert fuzz.sent >= 2000
    assert fuzz.channels["rest"].sent >= REST_EXAMPLES and fuzz.channels["socketio"].sent >= SOCKETIO_EXAMPLES
    assert fuzz.failures == []
    assert not [s for s in fuzz.statuses if s >= 500]
    assert requests.get(f"{guywire.url}/status", params={"token": guywire.token}, timeout=10).ok
    with WidgetSession(guywire.url, f"probe-{uuid.uuid4().hex[:10]}") as widget:
        assert widget.say("hello").outcome == "replied"  # the widget's channel still takes sessions
    stored: Counter[str] = Counter()
    channels: set[tuple[str, str]] = set()
    # A message handed back to the dialogue after a screening question (REPLAYED) is the same turn
    # stored twice, and counted once, as review counts it.
    for sender, data in guywire.rows(
            "SELECT sender_id, data FROM events WHERE type_name = 'user' AND sender_id LIKE 'fuzz-%' "
            f"AND data NOT LIKE '%{REPLAYED}%'"):
        stored[sender] += 1
        channels.add((sender.rsplit("-", 1)[0], json.loads(data).get("input_channel")))
    # each message is stored under the channel it came in on; a socketio sender is its session id
    assert channels == {(prefix, name) for name, prefix in PREFIXES.items()}
    # A fuzz text can ask to delete the person's data ("/action_delete_user_data" loses its slash
    # and reads as a request); after a confirmed deletion only what followed it is kept.
    erased = {sender for (sender,) in guywire.rows(
        "SELECT DISTINCT sender_id FROM events WHERE type_name = 'bot' AND sender_id LIKE 'fuzz-%' "
        "AND data LIKE '%deleted our conversations%'")}
    assert {s: n for s, n in stored.items() if s not in erased} == {
        s: n for s, n in fuzz.accepted.items() if s not in erased}
    assert all(stored.get(s, 0) < fuzz.accepted[s] for s in erased)

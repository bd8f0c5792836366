"""Simulated chat users for bench/throughput.py: the load generator, kept apart from the orchestration.

Each user is an asyncio task that plays whole conversations (scripts) through Rasa's REST channel,
one message after the other with no think time, a fresh sender id for every script run, so each
message goes through the full dialogue: NLU, policies, custom actions, tracker store. That makes the
figures a closed-loop capacity measurement: with N users there are at most N messages in flight.

A level is one continuous run: a warm-up that is not recorded, so that conversations are spread
over every stage of their scripts, then the recorded window. Throughput counts good answers that
arrive inside the window; latency covers every message sent inside it. Runs are bounded twice: no
message is sent after the window closes, and a level stops after MAX_MESSAGES responses.

Any answer but HTTP 200 (or no answer within REQUEST_TIMEOUT) is an error: it is counted, a few are
kept as samples, and its latency is not part of the percentiles.
"""
from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import aiohttp
import numpy

REQUEST_TIMEOUT = 60.0
MAX_MESSAGES = 100_000
ERROR_SAMPLES = 5


@dataclass
class Tally:
    """One concurrency level: latencies of good answers sent in the window, errors, window length."""

    users: int
    window: float
    latencies_ms: list[float] = field(default_factory=list)
    answered_in_window: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    scripts_completed: int = 0
    marks: list[Any] = field(default_factory=list)

    @property
    def full(self) -> bool:
        return len(self.latencies_ms) + self.errors >= MAX_MESSAGES

    def add(self, latency_ms: float, error: Optional[str], in_window: bool) -> None:
        if error is None:
            self.latencies_ms.append(latency_ms)
            self.answered_in_window += in_window
            return
        self.errors += 1
        if len(self.error_samples) < ERROR_SAMPLES:
            self.error_samples.append(error)

    def summary(self) -> dict[str, Any]:
        """Percentiles in ms, good answers per second within the window, and the errors."""
        cuts = numpy.percentile(self.latencies_ms, [50, 95, 99]) if self.latencies_ms else [None] * 3
        return {
            "users": self.users,
            "messages": len(self.latencies_ms),
            "scripts_completed": self.scripts_completed,
            "seconds": self.window,
            "throughput_msg_s": round(self.answered_in_window / self.window, 2),
            "p50_ms": _round(cuts[0]), "p95_ms": _round(cuts[1]), "p99_ms": _round(cuts[2]),
            "mean_ms": _round(numpy.mean(self.latencies_ms)) if self.latencies_ms else None,
            "errors": self.errors,
            "error_samples": self.error_samples,
        }


def _round(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(float(value), 1)


async def _send(session: aiohttp.ClientSession, url: str, sender: str, message: str) -> Optional[str]:
    """POST one message; None when the answer is a 200, else what went wrong."""
    try:
        async with session.post(url, json={"sender": sender, "message": message}) as answer:
            body = await answer.read()
            return None if answer.status == 200 else f"HTTP {answer.status}: {body[:200]!r}"
    except (aiohttp.ClientError, asyncio.TimeoutError) as problem:
        return f"{type(problem).__name__}: {problem}"


async def _user(session: aiohttp.ClientSession, url: str, scripts: list[list[str]], index: int,
                window: tuple[float, float], tally: Tally) -> None:
    """One user: scripts in turn (each user starts at a different one) until the window closes.
    Only messages sent inside the window are recorded; answers after it still count for latency."""
    opens, closes = window
    for run in itertools.count():
        script = scripts[(index + run) % len(scripts)]
        sender = f"bench-{uuid.uuid4().hex}"
        for message in script:
            sent = time.monotonic()
            if sent >= closes or tally.full:
                return
            error = await _send(session, url, sender, message)
            if sent >= opens:
                tally.add((time.monotonic() - sent) * 1000, error, time.monotonic() <= closes)
        tally.scripts_completed += 1


async def _level(base_url: str, scripts: list[list[str]], users: int, warmup: float, seconds: float,
                 mark: Callable[[], Any]) -> Tally:
    url = f"{base_url}/webhooks/rest/webhook"
    tally = Tally(users, seconds)
    connector = aiohttp.TCPConnector(limit=users)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        opens = time.monotonic() + warmup
        for delay in (warmup, warmup + seconds):
            loop.call_later(delay, lambda: tally.marks.append(mark()))
        await asyncio.gather(*(_user(session, url, scripts, i, (opens, opens + seconds), tally)
                               for i in range(users)))
    while len(tally.marks) < 2:  # the window closed early (MAX_MESSAGES)
        tally.marks.append(mark())
    return tally


def run_level(base_url: str, scripts: list[list[str]], users: int, warmup: float, seconds: float,
              mark: Callable[[], Any]) -> Tally:
    """`users` simulated users: `warmup` seconds not recorded (conversations reach a steady mix of
    script stages), then `seconds` recorded. `mark()` runs as the window opens and as it closes;
    its two results are in `Tally.marks` (the caller reads server CPU time with it)."""
    return asyncio.run(_level(base_url, scripts, users, warmup, seconds, mark))

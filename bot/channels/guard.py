"""What every channel does to a message before Rasa sees it, and after: the same rules everywhere.

Before:
- text that cannot be processed is made safe: control characters and lone surrogates go, and a
  very long message is cut (the person is told);
- empty messages and senders over the rate limit get a kind answer and are not processed;
- typed slash-commands are not trusted: Rasa treats "/intent{entities}" as a ready-made parse, so
  only the bare payloads of guywire's own buttons pass; anything else loses its slash and goes
  to the NLU (and the safety net) as ordinary text;
- contact details are redacted (bot/store/redaction.py), so they are never stored.
- while the database is unreachable, messages are not processed but answered with an apology:
  Rasa would otherwise answer from an empty in-memory tracker (its fail-safe wrapper), forgetting
  the conversation so far and storing nothing.
After: a message that produced no reply at all (the action server down, a crash) gets a short
apology instead of silence.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.coach.content import load_content
from bot.settings import Settings
from bot.store.db import reachable
from bot.store.redaction import redact

logger = logging.getLogger(__name__)

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
# The payloads of guywire's own buttons (domain.yml, content/dialogue.yml) and the widget's greeting.
BUTTON_INTENTS = frozenset(
    {
        "greet",
        "affirm",
        "deny",
        "start_check_in",
        "ask_pain_meaning",
        "ask_muscle_imbalance",
        "request_core_steps",
        "request_listening_exercise",
    }
)
TRACKED_SENDERS = 100_000


@dataclass(frozen=True)
class Limits:
    """The configurable limits (environment variables, with sensible defaults)."""

    max_chars: int = 2000
    per_minute: int = 30
    redact: bool = True

    @classmethod
    def from_env(cls) -> Limits:
        env = os.environ
        return cls(
            max_chars=int(env.get("GUYWIRE_MAX_MESSAGE_CHARS", 2000)),
            per_minute=int(env.get("GUYWIRE_RATE_LIMIT_PER_MINUTE", 30)),
            redact=env.get("GUYWIRE_REDACT_PII", "1").lower() not in ("0", "false", "no"),
        )


@dataclass
class Inbound:
    """A cleaned message: the text to process, and what the person should be told first."""

    text: str
    notices: list[str] = field(default_factory=list)  # keys under `guard` in dialogue.yml


def clean(raw: Any, limits: Limits) -> Inbound:
    """Make any incoming text safe to process and to store."""
    text = raw if isinstance(raw, str) else ""
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become "?"
    text = CONTROL.sub("", text).strip()
    inbound = Inbound(text)
    if len(text) > limits.max_chars:
        cut = text[: limits.max_chars]
        inbound.text = cut.rsplit(" ", 1)[0] if " " in cut[limits.max_chars // 2 :] else cut
        inbound.notices.append("too_long")
    if inbound.text.startswith("/") and not _own_button(inbound.text):
        inbound.text = inbound.text.lstrip("/").strip()
    if limits.redact:
        inbound.text = redact(inbound.text)
    return inbound


def _own_button(text: str) -> bool:
    return text[1:] in BUTTON_INTENTS


class RateLimiter:
    """At most `per_minute` messages per sender in any 60 seconds (bounded memory)."""

    def __init__(self, per_minute: int, capacity: int = TRACKED_SENDERS) -> None:
        self.per_minute, self.capacity = per_minute, capacity
        self._times: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, sender: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        times = self._times.pop(sender, None) or deque()
        while times and now - times[0] >= 60:
            times.popleft()
        self._times[sender] = times
        while len(self._times) > self.capacity:
            self._times.popitem(last=False)
        if len(times) >= self.per_minute:
            return False
        times.append(now)
        return True


class Watched(OutputChannel):
    """An output channel that counts what is sent through it (and passes everything on)."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner, self.sent = inner, 0

    def name(self) -> str:
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


def say(key: str) -> str:
    """A guard line from dialogue.yml (`guard.<key>`)."""
    return load_content(str(Settings.from_env().content_dir)).say(f"guard.{key}")


class Guard:
    """The rules above, for one channel process."""

    def __init__(self, limits: Limits | None = None, storage_ok: Callable[[], bool] | None = None) -> None:
        self.limits = limits or Limits.from_env()
        self.rate = RateLimiter(self.limits.per_minute)
        self.storage_ok = storage_ok or (lambda: reachable(Settings.from_env().database_url))

    async def handle(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: Any,
        output: OutputChannel,
        sender: str,
        **message: Any,
    ) -> str:
        """Process one message; returns "ok", "empty", "limited" or "unavailable"."""
        if not self.rate.allow(sender):
            await output.send_text_message(sender, say("slow_down"))
            return "limited"
        inbound = clean(text, self.limits)
        if not inbound.text:
            await output.send_text_message(sender, say("empty"))
            return "empty"
        if not self.storage_ok():
            logger.error("the database is unreachable: a message was answered with an apology")
            await output.send_text_message(sender, say("sorry"))
            return "unavailable"
        for notice in inbound.notices:
            await output.send_text_message(sender, say(notice))
        watched = Watched(output)
        try:
            await on_new_message(UserMessage(inbound.text, watched, sender, **message))
        except Exception:  # the person must not be left in silence, whatever went wrong
            logger.exception("a message could not be processed")
        if watched.sent == 0:
            await output.send_text_message(sender, say("sorry"))
        return "ok"

"""A test client for guywire's socketio channel (the website widget's), speaking it the way the
widget does: connect, `session_request` with a session id, then `user_uttered` events whose
replies come back as `bot_uttered` events to the session's room.

It is python-socketio's synchronous `socketio.Client` on the websocket transport, which comes from
the `websocket-client` package (the `test` extra). It runs in threads of its own and needs no event
loop, so pytest's does not matter. Two other ways stall with the locked versions:
- the asyncio client: python-engineio 4.15's `AsyncClient` builds its websocket timeout with
  `aiohttp.ClientWSTimeout`, which aiohttp 3.9.5 does not have, so a websocket connection (and the
  upgrade after polling) dies with an AttributeError;
- long-polling (either client): disconnecting waits for the pending poll, which the server does
  not answer after the client's CLOSE until its next ping, 25 to 30 seconds per connection.

Each message is emitted with an acknowledgement (`call`). The server acknowledges only when its
`user_uttered` handler has returned, and the handler returns only after every reply to the
message was emitted, so the replies gathered by then belong to that message and no other.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any, Optional

import socketio
import websocket  # noqa: F401 - websocket-client: without it engineio cannot use the websocket transport
import yaml

from tests.servers import ROOT

CHANNEL = "bot.channels.socketio.GuywireSocketIOInput"
REPLY_GRACE = 5.0  # seconds to wait for a reply once the message is acknowledged (all are sent by then)


@dataclass(frozen=True)
class Events:
    """The socket path and event names of the socketio channel, from credentials.yml."""

    path: str = "/socket.io"
    user: str = "user_uttered"
    bot: str = "bot_uttered"

    @classmethod
    def from_credentials(cls) -> "Events":
        section = yaml.safe_load((ROOT / "credentials.yml").read_text(encoding="utf-8"))[CHANNEL] or {}
        return cls(path=section.get("socketio_path", "/socket.io"),
                   user=section.get("user_message_evt", "user_uttered"),
                   bot=section.get("bot_message_evt", "bot_uttered"))


@dataclass
class Answer:
    """What one message got back: `outcome` is "replied", "no_reply", "no_ack" or "disconnected"."""

    outcome: str
    replies: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


class WidgetSession:
    """One widget conversation on one socketio connection (use it as a context manager)."""

    def __init__(self, url: str, session_id: str, events: Optional[Events] = None, timeout: float = 60) -> None:
        self.url, self.session_id, self.timeout = url, session_id, timeout
        self.events = events or Events.from_credentials()
        self.client = socketio.Client(reconnection=False)
        self._arrived = threading.Condition()
        self._replies: list[dict[str, Any]] = []
        self._confirmed: Optional[str] = None
        self.client.on(self.events.bot, self._on_reply)
        self.client.on("session_confirm", self._on_confirm)

    def _on_reply(self, data: Any = None) -> None:
        with self._arrived:
            self._replies.append(data if isinstance(data, dict) else {"raw": data})
            self._arrived.notify_all()

    def _on_confirm(self, data: Any = None) -> None:
        with self._arrived:
            self._confirmed = data if isinstance(data, str) else repr(data)
            self._arrived.notify_all()

    def __enter__(self) -> "WidgetSession":
        self.client.connect(self.url, transports=["websocket"], socketio_path=self.events.path,
                            wait_timeout=self.timeout)
        self.client.emit("session_request", {"session_id": self.session_id})
        with self._arrived:
            if not self._arrived.wait_for(lambda: self._confirmed is not None, timeout=self.timeout):
                self.close()
                raise TimeoutError(f"no session_confirm for {self.session_id} in {self.timeout}s")
        if self._confirmed != self.session_id:
            self.close()
            raise AssertionError(f"session {self.session_id} confirmed as {self._confirmed!r}")
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.client.disconnect()

    def say(self, message: Any) -> Answer:
        """Emit one `user_uttered` and gather its replies; at least one must arrive in time."""
        start = time.monotonic()
        with self._arrived:
            self._replies = []
        if not self.client.connected:
            return Answer("disconnected")
        try:
            self.client.call(self.events.user, {"message": message, "session_id": self.session_id},
                             timeout=self.timeout)
        except socketio.exceptions.TimeoutError:
            return Answer("no_ack", self._take(), time.monotonic() - start)
        except socketio.exceptions.SocketIOError:
            return Answer("disconnected", self._take(), time.monotonic() - start)
        self._settle()
        with self._arrived:
            self._arrived.wait_for(lambda: bool(self._replies), timeout=REPLY_GRACE)
        replies = self._take()
        return Answer("replied" if replies else "no_reply", replies, time.monotonic() - start)

    def _settle(self) -> None:
        """Wait until every packet received so far has been handled.

        The replies arrive before the acknowledgement, but python-engineio's client hands each
        incoming packet to a new thread (named after its target, `_handle_eio_message`), so a
        reply can still be on its way into the list when `call` returns. Joining those threads
        makes sure it is counted for this message, never for the next one.
        """
        for thread in threading.enumerate():
            if thread is not threading.current_thread() and thread.name.endswith("(_handle_eio_message)"):
                thread.join(self.timeout)

    def _take(self) -> list[dict[str, Any]]:
        with self._arrived:
            replies, self._replies = self._replies, []
        return replies

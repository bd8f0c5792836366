"""The website widget's socketio channel, with replies that reach the browser.

python-socketio 5.10 made `AsyncServer.enter_room` a coroutine, and Rasa 3.6 calls it without
`await` (RasaHQ/rasa#13027). With `session_persistence: true` the socket then never joins its
session's room, so replies are stored but never emitted to the browser. This subclass replaces
only the `session_request` handler with one that awaits it, whichever python-socketio is installed.

It also replaces the `user_uttered` handler, so the website's messages pass guywire's guard
(bot/channels/guard.py) like every channel's; a malformed event (not an object, no valid session id) is
dropped, as Rasa's own handler drops a message without a session id.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeGuard

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput

from bot.channels.guard import Guard

MAX_SESSION_ID = 128


def _valid_session_id(value: Any) -> TypeGuard[str]:
    """A browser-chosen id becomes a conversation id: accept only short, printable strings."""
    return isinstance(value, str) and 0 < len(value) <= MAX_SESSION_ID and value.isprintable()


class GuywireSocketIOInput(SocketIOInput):
    """Rasa's socketio channel with the session room joined before the session is confirmed."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> SocketBlueprint:
        socket_blueprint = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None  # set by the parent's blueprint()

        async def session_request(sid: str, data: dict[str, Any] | None) -> None:
            session_id = (data or {}).get("session_id") if isinstance(data, dict) else None
            if not _valid_session_id(session_id):
                session_id = uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", session_id, room=sid)

        guard = Guard()

        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                return
            sender = data.get("session_id") if self.session_persistence else sid
            if not _valid_session_id(sender):
                return
            metadata = data.get(self.metadata_key)
            await guard.handle(
                on_new_message,
                data.get("message"),
                SocketIOOutput(sio, self.bot_message_evt),
                sender,
                input_channel=self.name(),
                metadata=metadata if isinstance(metadata, dict) else None,
            )

        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handle_message, namespace=self.namespace)
        return socket_blueprint

"""The REST channel with guywire's guard (bot/channels/guard.py) and strict request checking.

Rasa's own channel takes `sender` and `message` without checks (a missing sender or a number as
the message raised inside Rasa), and trusts an `input_channel` field from the caller, so anyone
could record their messages as Telegram's. Here a malformed request gets a 400 that says what is
wrong, a sender over the rate limit gets a 429 with a kind message, and the channel name is
always "rest". Streaming is not offered.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import Guard

MAX_SENDER = 128


def problem_with(body: Any) -> str | None:
    """Why a REST request body cannot be used, or None."""
    if not isinstance(body, dict):
        return "send a JSON object with `sender` and `message`"
    sender = body.get("sender")
    if not isinstance(sender, str) or not 0 < len(sender) <= MAX_SENDER or not sender.isprintable():
        return f"`sender` must be a printable string of 1 to {MAX_SENDER} characters"
    if not isinstance(body.get("message"), str):
        return "`message` must be a string"
    if body.get("metadata") is not None and not isinstance(body.get("metadata"), dict):
        return "`metadata` must be an object"
    return None


class GuywireRestInput(RestInput):
    """Rasa's REST channel (same URL), validated and guarded."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        guard = Guard()
        rest = Blueprint("guywire_rest", __name__)

        @rest.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except InvalidUsage:
                body = None
            problem = problem_with(body)
            if problem:
                return response.json({"error": problem}, status=400)
            collector = CollectingOutputChannel()
            outcome = await guard.handle(
                on_new_message,
                body["message"],
                collector,
                body["sender"],
                input_channel=self.name(),
                metadata=body.get("metadata"),
            )
            return response.json(collector.messages, status=429 if outcome == "limited" else 200)

        return rest

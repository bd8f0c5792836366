"""Slack: Rasa's channel with its content-type, retry and malformed-payload gaps closed.

- Rasa 3.6 compares Content-Type with "application/json" exactly, so an event sent as
  "application/json; charset=utf-8" was silently skipped. A blueprint middleware reduces the header
  to its media type before Rasa's handler reads it.
- Slack retries an event it thinks was not delivered. The built-in channel ignores only retries for
  "http_timeout"; this one remembers the event ids it has accepted and never answers one twice.
- Every message passes guywire's guard (bot/channels/guard.py), as on every channel.
- A body not shaped like Slack's (a JSON list, a form without a JSON `payload`) raised a 500; here
  it gets a 400 (bot/channels/slack_payloads.py). Rasa's handler still checks the signature.
- `api_url` points the Web API client at another server (a local fake Slack API in the tests).
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.guard import Guard
from bot.channels.slack_payloads import problem_with

DEFAULT_API_URL = "https://slack.com/api/"
REMEMBERED_EVENTS = 10_000


class SeenEvents:
    """A bounded memory of accepted Slack event ids (oldest forgotten first)."""

    def __init__(self, capacity: int = REMEMBERED_EVENTS) -> None:
        self._capacity = capacity
        self._ids: OrderedDict[str, None] = OrderedDict()

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is seen, False for every repeat."""
        if event_id in self._ids:
            return False
        self._ids[event_id] = None
        while len(self._ids) > self._capacity:
            self._ids.popitem(last=False)
        return True


def media_type(content_type: str | None) -> str:
    """ "application/json; charset=utf-8" -> "application/json"."""
    return (content_type or "").split(";", 1)[0].strip().lower()


class GuywireSlackInput(SlackInput):
    """Rasa's Slack input, fixed as the module docstring says; named "slack" to keep its URL."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        assert credentials is not None  # (the call above always raises)
        channel = super().from_credentials({k: v for k, v in credentials.items() if k != "api_url"})
        assert isinstance(channel, GuywireSlackInput)
        channel.api_url = credentials.get("api_url") or DEFAULT_API_URL
        return channel

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.api_url = DEFAULT_API_URL
        self.seen = SeenEvents()
        self.guard = Guard()

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        bot = SlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy)
        bot.client = AsyncWebClient(self.slack_token, base_url=self.api_url, proxy=self.proxy)
        return bot

    async def process_message(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str | None,
        metadata: dict | None,
    ) -> Any:
        """Answer Slack at once (it retries after 3 s) and handle the message in the background,
        through the guard, once per event id."""
        is_event = request.headers.get("content-type") == "application/json"  # normalised below
        event_id = request.json.get("event_id") if is_event else None
        if isinstance(event_id, str) and not self.seen.first_time(event_id):
            return response.text("already handled", headers={"X-Slack-No-Retry": "1"})
        metadata = metadata or {}
        thread = metadata.get("thread_id") if self.use_threads else None
        output = self.get_output_channel(metadata.get("out_channel"), thread)
        task = asyncio.create_task(
            self.guard.handle(
                on_new_message, text, output, sender_id or "", input_channel=self.name(), metadata=metadata
            )
        )
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)
        return response.text("")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = super().blueprint(on_new_message)

        @slack_webhook.middleware("request")
        async def normalise(request: Request) -> HTTPResponse | None:
            if request.method != "POST":
                return None
            kind = media_type(request.headers.get("content-type"))
            form_payload = request.form.get("payload") if kind.endswith("urlencoded") else None
            problem = problem_with(kind, request.body, form_payload)
            if problem:
                return response.text(f"Malformed Slack request: {problem}.", status=400)
            request.headers["content-type"] = kind
            return None

        return slack_webhook

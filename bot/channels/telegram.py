"""Telegram: Rasa's channel made safe to run and to test.

What the built-in channel gets wrong here, and what this one does instead:
- it registers the webhook inside `asyncio.run()`, and aiogram 2.15 then reuses an HTTP session bound
  to that closed loop, so the first real update fails with "Event loop is closed". This one closes
  the session after registering; aiogram opens a fresh one on the server's loop.
- it trusts any POST to the webhook. This one sets Telegram's `secret_token` when it registers and
  refuses (403) updates without the matching `X-Telegram-Bot-Api-Secret-Token` header.
- a malformed update raised a 500 (debug mode re-raises). This one answers 400.
- its API server is fixed; here `api_url` points it elsewhere (a local fake API in the tests).
- buttons become a one-time reply keyboard, which is what Telegram users expect for choices; a tap
  sends the button's title, which is mapped back to the payload that was offered to that chat.
- Telegram's own "/start" (sent when someone opens the bot) is a greeting, not an unknown intent.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer
from aiogram.types import KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.exceptions import TelegramAPIError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.guard import Guard
from bot.coach.content import load_content
from bot.settings import Settings

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # pragma: allowlist secret
DEFAULT_API_URL = "https://api.telegram.org"
OFFERED_CHATS = 10_000  # chats whose last offered buttons are remembered
START_COMMAND = "/start"
GREETING = "/greet"


class OfferedButtons:
    """The buttons last offered to each chat, so a tapped title can be sent on as its payload.

    Bounded (least recently offered chats are forgotten); a forgotten or unknown title simply goes
    to the NLU as typed text, which understands the titles too.
    """

    def __init__(self, capacity: int = OFFERED_CHATS) -> None:
        self._capacity = capacity
        self._by_chat: OrderedDict[str, dict[str, str]] = OrderedDict()

    def offer(self, chat_id: str, buttons: list[dict[str, Any]]) -> None:
        self._by_chat[chat_id] = {b["title"]: b["payload"] for b in buttons if b.get("title") and b.get("payload")}
        self._by_chat.move_to_end(chat_id)
        while len(self._by_chat) > self._capacity:
            self._by_chat.popitem(last=False)

    def resolve(self, chat_id: str, text: str) -> str:
        """The payload of the button titled `text`, once; otherwise the text itself."""
        payload = self._by_chat.get(chat_id, {}).get(text)
        if payload is None:
            return text
        del self._by_chat[chat_id]
        return payload


class GuywireTelegramOutput(TelegramOutput):
    """Rasa's Telegram output on a configurable API server, with reply-keyboard buttons."""

    def __init__(self, access_token: str, api_url: str, offered: OfferedButtons) -> None:
        Bot.__init__(self, access_token, server=TelegramAPIServer.from_base(api_url))
        self.offered = offered

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        keyboard = ReplyKeyboardMarkup(resize_keyboard=True, one_time_keyboard=True)
        for button in buttons:
            keyboard.add(KeyboardButton(button["title"]))
        self.offered.offer(str(recipient_id), buttons)
        await self.send_message(recipient_id, text, reply_markup=keyboard)


def text_only() -> str:
    """The kind answer to a message without text (the channel cannot pass a sticker to the NLU)."""
    return load_content(str(Settings.from_env().content_dir)).say("channels.text_only")


def _text_and_chat(update: Any) -> tuple[str | None, str]:
    """The user's text (None for stickers, photos and the like) and the chat id of an update.

    Raises ValueError when the update is not shaped like one of Telegram's.
    """
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        raise ValueError("not a Telegram update")
    callback = update.get("callback_query")
    if isinstance(callback, dict):
        message, text = callback.get("message"), callback.get("data")
    else:
        message = update.get("message") or update.get("edited_message")
        text = message.get("text") if isinstance(message, dict) else None
    chat = message.get("chat") if isinstance(message, dict) else None
    if not isinstance(chat, dict) or not isinstance(chat.get("id"), int):
        raise ValueError("the update has no chat")
    return (text if isinstance(text, str) else None), str(chat["id"])


class GuywireTelegramInput(InputChannel):
    """Telegram webhook input with secret-token checking; named "telegram" to keep its URL."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        assert credentials is not None  # (the call above always raises)
        return cls(
            access_token=credentials["access_token"],
            webhook_url=credentials["webhook_url"],
            secret_token=credentials["secret_token"],
            api_url=credentials.get("api_url") or DEFAULT_API_URL,
        )

    def __init__(self, access_token: str, webhook_url: str, secret_token: str, api_url: str) -> None:
        self.access_token = access_token
        self.webhook_url = webhook_url
        self.secret_token = secret_token
        self.api_url = api_url
        self.offered = OfferedButtons()
        self._output: GuywireTelegramOutput | None = None

    def get_output_channel(self) -> GuywireTelegramOutput:
        """The output channel, registering the webhook the first time it is asked for."""
        if self._output is None:
            output = GuywireTelegramOutput(self.access_token, self.api_url, self.offered)
            try:
                asyncio.run(self._register(output))
            except TelegramAPIError as error:
                raise RasaException(f"Failed to set the Telegram webhook: {error}") from error
            self._output = output
        return self._output

    async def _register(self, output: GuywireTelegramOutput) -> None:
        """Set the webhook with its secret, then close the session bound to this temporary loop."""
        try:
            await output.request("setWebhook", {"url": self.webhook_url, "secret_token": self.secret_token})
        finally:
            await output.session.close()

    def _authentic(self, request: Request) -> bool:
        sent = request.headers.get(SECRET_HEADER, "")
        return hmac.compare_digest(sent.encode(), self.secret_token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        telegram_webhook = Blueprint("telegram_webhook", __name__)
        output = self.get_output_channel()
        guard = Guard()

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self._authentic(request):
                return response.json({"error": "missing or wrong secret token"}, status=403)
            try:
                text, chat_id = _text_and_chat(request.json)
            except ValueError as problem:
                return response.json({"error": f"malformed update: {problem}"}, status=400)
            if text is None:
                await output.send_text_message(chat_id, text_only())
                return response.json({"status": "not a text message"})
            if text.split(" ", 1)[0] == START_COMMAND:
                text = GREETING
            outcome = await guard.handle(
                on_new_message,
                self.offered.resolve(chat_id, text),
                output,
                chat_id,
                input_channel=self.name(),
                metadata=self.get_metadata(request),
            )
            return response.json({"status": outcome})

        return telegram_webhook

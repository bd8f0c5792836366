"""Telegram end to end: real Update JSON posted to the running guywire's webhook, with the bot's
answers read from a fake Telegram Bot API on 127.0.0.1 (tests/fakes.py)."""
from __future__ import annotations

import itertools
import random
import time
from typing import Any

import requests

from tests.conftest import TELEGRAM_SECRET
from tests.fakes import FakeAPI
from tests.servers import Guywire

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # pragma: allowlist secret
update_ids = itertools.count(random.randint(1, 10_000) * 1000)


def update(chat_id: int, text: str) -> dict[str, Any]:
    """A private-chat text message as Telegram's Bot API delivers it to a webhook."""
    person = {"id": chat_id, "is_bot": False, "first_name": "Sam", "language_code": "en"}
    return {
        "update_id": next(update_ids),
        "message": {
            "message_id": random.randint(1, 10**6), "date": int(time.time()), "from": person,
            "chat": {"id": chat_id, "first_name": "Sam", "type": "private"}, "text": text,
        },
    }


def post(guywire: Guywire, body: Any, secret: str | None = TELEGRAM_SECRET, **kwargs: Any) -> requests.Response:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    return requests.post(f"{guywire.url}/webhooks/telegram/webhook", json=body, headers=headers,
                         timeout=60, **kwargs)


def new_chat() -> int:
    return random.randint(10**8, 10**9)


def test_the_webhook_was_registered_with_its_secret(guywire: Guywire, telegram_api: FakeAPI) -> None:
    registrations = telegram_api.calls_to("setWebhook")  # again after each restart of the server
    assert registrations and all(r.params == {
        "url": "https://guywire.invalid/webhooks/telegram/webhook", "secret_token": TELEGRAM_SECRET,
    } for r in registrations)


def test_an_update_is_answered_in_its_chat_with_a_reply_keyboard(
    guywire: Guywire, telegram_api: FakeAPI
) -> None:
    chat = new_chat()
    assert post(guywire, update(chat, "/start")).status_code == 200
    sent = telegram_api.wait_for("sendMessage", count=3, chat_id=chat)
    assert "I'm guywire" in sent[0].params["text"]
    assert "not a doctor" in sent[1].params["text"]
    consent = sent[2].params
    assert "Is that OK with you?" in consent["text"]
    keyboard = consent["reply_markup"]
    assert [row[0]["text"] for row in keyboard["keyboard"]] == ["Yes, that's OK", "No, thanks"]
    assert keyboard["one_time_keyboard"] is True

    # Tapping a key sends its title; the channel turns it back into the offered payload.
    assert post(guywire, update(chat, "Yes, that's OK")).status_code == 200
    telegram_api.wait_for("sendMessage", count=4, chat_id=chat)
    assert guywire.tracker(str(chat))["slots"]["consent"] is True
    assert guywire.rows("SELECT channel, consent FROM conversations WHERE sender_id = :s",
                        s=str(chat)) == [("telegram", 1)]


def test_a_forged_update_is_refused(guywire: Guywire, telegram_api: FakeAPI) -> None:
    chat = new_chat()
    assert post(guywire, update(chat, "hello"), secret=None).status_code == 403
    assert post(guywire, update(chat, "hello"), secret="guessed").status_code == 403  # pragma: allowlist secret
    time.sleep(1)
    assert telegram_api.calls_to("sendMessage", chat_id=chat) == []
    assert guywire.rows("SELECT id FROM events WHERE sender_id = :s", s=str(chat)) == []


def test_malformed_updates_get_a_4xx_and_the_server_stays_up(guywire: Guywire) -> None:
    url = f"{guywire.url}/webhooks/telegram/webhook"
    headers = {SECRET_HEADER: TELEGRAM_SECRET}
    bodies = [b"", b"{not json", b"[1, 2]", b'"text"', b'{"update_id": "x"}',
              b'{"update_id": 1, "message": {"text": "hi"}}',
              b'{"update_id": 1, "message": {"chat": {"id": "abc"}, "text": "hi"}}']
    for body in bodies:
        response = requests.post(url, data=body, headers={**headers, "Content-Type": "application/json"},
                                 timeout=30)
        assert 400 <= response.status_code < 500, (body, response.status_code, response.text)
    assert requests.get(f"{guywire.url}/status", params={"token": guywire.token}, timeout=10).ok


def test_a_sticker_gets_a_kind_request_for_text(guywire: Guywire, telegram_api: FakeAPI) -> None:
    chat = new_chat()
    sticker = update(chat, "")
    del sticker["message"]["text"]
    sticker["message"]["sticker"] = {"file_id": "abc", "width": 512, "height": 512}
    assert post(guywire, sticker).status_code == 200
    [answer] = telegram_api.wait_for("sendMessage", chat_id=chat)
    assert "type" in answer.params["text"]

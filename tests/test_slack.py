"""Slack end to end: signed Events API and interactivity requests posted to the running guywire,
with the bot's answers read from a fake Slack Web API on 127.0.0.1 (tests/fakes.py)."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any, Optional
from urllib.parse import urlencode

import requests

from tests.conftest import SLACK_SIGNING_SECRET
from tests.fakes import FakeAPI
from tests.servers import Guywire

JSON_UTF8 = "application/json; charset=utf-8"


def signature_headers(body: bytes, timestamp: Optional[int] = None, secret: str = SLACK_SIGNING_SECRET,
                      content_type: str = JSON_UTF8) -> dict[str, str]:
    """Headers exactly as Slack signs a request: v0=HMAC-SHA256(secret, "v0:{ts}:{body}")."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": content_type}


def direct_message(user: str, channel: str, text: str, event_id: Optional[str] = None) -> dict[str, Any]:
    """An Events API `message.im` callback for a person writing to the bot."""
    ts = f"{time.time():.6f}"
    return {
        "token": "unused-verification-token", "team_id": "T0GUYWIRE", "api_app_id": "A0GUYWIRE",
        "type": "event_callback", "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
        "event_time": int(time.time()), "authorizations": [{"user_id": "U0BOT", "is_bot": True}],
        "event": {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
                  "event_ts": ts, "channel_type": "im"},
    }


def post(guywire: Guywire, body: bytes, headers: dict[str, str]) -> requests.Response:
    return requests.post(f"{guywire.url}/webhooks/slack/webhook", data=body, headers=headers, timeout=30)


def new_person() -> tuple[str, str]:
    suffix = uuid.uuid4().hex[:8].upper()
    return f"U{suffix}", f"D{suffix}"


def test_a_signed_direct_message_is_answered_with_chat_post_message(
    guywire: Guywire, slack_api: FakeAPI
) -> None:
    user, channel = new_person()
    body = json.dumps(direct_message(user, channel, "hello")).encode()
    # Slack's own content type carries a charset; Rasa 3.6 alone would silently drop this event.
    assert post(guywire, body, signature_headers(body)).status_code == 200
    posted = slack_api.wait_for("chat.postMessage", count=3, channel=channel)
    assert "I'm guywire" in posted[0].params["text"]
    assert "not a doctor" in posted[1].params["text"]
    buttons = posted[2].params["blocks"][1]["elements"]
    assert [(b["text"]["text"], b["value"]) for b in buttons] == [
        ("Yes, that's OK", "/affirm"), ("No, thanks", "/deny")]

    # The person clicks "Yes": Slack posts an interactivity payload as a form.
    click = {"type": "block_actions", "user": {"id": user}, "channel": {"id": channel},
             "message": {"ts": posted[2].params.get("ts", "1.0")},
             "actions": [{"type": "button", "value": "/affirm", "action_id": "a1"}]}
    form = urlencode({"payload": json.dumps(click)}).encode()
    assert post(guywire, form, signature_headers(
        form, content_type="application/x-www-form-urlencoded")).status_code == 200
    slack_api.wait_for("chat.postMessage", count=4, channel=channel)
    assert guywire.rows("SELECT channel, consent FROM conversations WHERE sender_id = :s",
                        s=user) == [("slack", 1)]


def test_bad_signatures_and_stale_timestamps_are_refused(guywire: Guywire, slack_api: FakeAPI) -> None:
    user, channel = new_person()
    body = json.dumps(direct_message(user, channel, "hello")).encode()
    assert post(guywire, body, signature_headers(body, secret="not-the-secret")).status_code == 400  # pragma: allowlist secret
    assert post(guywire, body, signature_headers(body, timestamp=int(time.time()) - 600)).status_code == 400
    unsigned = {"Content-Type": JSON_UTF8}
    assert post(guywire, body, unsigned).status_code == 400
    tampered = body.replace(b"hello", b"hullo")
    assert post(guywire, tampered, signature_headers(body)).status_code == 400
    time.sleep(2)
    assert slack_api.calls_to("chat.postMessage", channel=channel) == []
    assert guywire.rows("SELECT id FROM events WHERE sender_id = :s", s=user) == []


def test_a_retried_event_is_answered_once(guywire: Guywire, slack_api: FakeAPI) -> None:
    user, channel = new_person()
    body = json.dumps(direct_message(user, channel, "what is my core?")).encode()
    assert post(guywire, body, signature_headers(body)).status_code == 200
    first = slack_api.wait_for("chat.postMessage", channel=channel)
    retry = {**signature_headers(body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    assert post(guywire, body, retry).status_code == 200
    time.sleep(3)
    assert len(slack_api.calls_to("chat.postMessage", channel=channel)) == len(first)
    user_turns = guywire.rows("SELECT id FROM events WHERE sender_id = :s AND type_name = 'user'", s=user)
    assert len(user_turns) == 1


def test_malformed_bodies_get_a_400_and_the_server_stays_up(guywire: Guywire) -> None:
    for body, content_type in [
        (b"[1, 2, 3]", JSON_UTF8),
        (b"{not json", JSON_UTF8),
        (b'{"type": "event_callback", "event": "hello"}', JSON_UTF8),
        (b'{"type": "event_callback", "event": {"type": "message", "text": 5}}', JSON_UTF8),
        (b"payload=%7Bbroken", "application/x-www-form-urlencoded"),
        (urlencode({"payload": json.dumps({"actions": []})}).encode(), "application/x-www-form-urlencoded"),
    ]:
        response = post(guywire, body, signature_headers(body, content_type=content_type))
        assert response.status_code == 400, (body, response.status_code, response.text)
    assert requests.get(f"{guywire.url}/status", params={"token": guywire.token}, timeout=10).ok


def test_the_url_verification_challenge_is_answered(guywire: Guywire) -> None:
    body = json.dumps({"token": "x", "challenge": "guywire-challenge", "type": "url_verification"}).encode()
    response = post(guywire, body, signature_headers(body))
    assert response.status_code == 200 and response.json() == "guywire-challenge"

"""Unit tests of the channel helpers: Telegram updates and buttons, Slack shapes and retries,
channel configuration from the environment, and the widget bundle's clean-up."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bot.channels.config import (
    SLACK_CLASS, TELEGRAM_CLASS, ChannelConfigError, credentials, live_channels, write_credentials,
)
from bot.channels.slack import SeenEvents, media_type
from bot.channels.slack_payloads import problem_with
from bot.channels.telegram import OfferedButtons, _text_and_chat
from bot.settings import Settings, state_secret
from bot.web.assets import strip_outside_imports, vendor_webchat

BUTTONS = [{"title": "Yes, that's OK", "payload": "/affirm"}, {"title": "No, thanks", "payload": "/deny"}]


# --- Telegram ------------------------------------------------------------------------


def test_a_tapped_title_becomes_its_payload_once() -> None:
    offered = OfferedButtons()
    offered.offer("1", BUTTONS)
    assert offered.resolve("2", "No, thanks") == "No, thanks"  # offered to another chat
    assert offered.resolve("1", "No, thanks") == "/deny"
    assert offered.resolve("1", "Yes, that's OK") == "Yes, that's OK"  # the keyboard is used up


def test_offered_buttons_are_bounded() -> None:
    offered = OfferedButtons(capacity=2)
    for chat in ("1", "2", "3"):
        offered.offer(chat, BUTTONS)
    assert offered.resolve("1", "No, thanks") == "No, thanks"  # the oldest chat was forgotten
    assert offered.resolve("3", "No, thanks") == "/deny"


def test_text_and_chat_of_messages_edits_and_button_callbacks() -> None:
    chat = {"id": 7, "type": "private"}
    assert _text_and_chat({"update_id": 1, "message": {"chat": chat, "text": "hi"}}) == ("hi", "7")
    assert _text_and_chat({"update_id": 1, "edited_message": {"chat": chat, "text": "hey"}}) == ("hey", "7")
    callback = {"update_id": 1, "callback_query": {"data": "/affirm", "message": {"chat": chat}}}
    assert _text_and_chat(callback) == ("/affirm", "7")
    assert _text_and_chat({"update_id": 1, "message": {"chat": chat, "sticker": {}}}) == (None, "7")


@pytest.mark.parametrize("update", [
    None, [], "text", {"message": {"chat": {"id": 1}}}, {"update_id": "1"},
    {"update_id": 1}, {"update_id": 1, "message": "hi"}, {"update_id": 1, "message": {"chat": {"id": "x"}}},
])
def test_malformed_updates_are_refused(update: object) -> None:
    with pytest.raises(ValueError):
        _text_and_chat(update)


# --- Slack ---------------------------------------------------------------------------


def test_media_type_drops_parameters() -> None:
    assert media_type("application/json; charset=utf-8") == "application/json"
    assert media_type("Application/JSON") == "application/json"
    assert media_type(None) == ""


def test_each_event_id_is_accepted_once_within_a_bounded_memory() -> None:
    seen = SeenEvents(capacity=2)
    assert seen.first_time("a") and not seen.first_time("a")
    assert seen.first_time("b") and seen.first_time("c")
    assert seen.first_time("a")  # forgotten after two newer ones


def test_slack_shapes() -> None:
    event = {"type": "event_callback", "event_id": "Ev1",
             "event": {"type": "message", "text": "hi", "user": "U1", "channel": "D1"}}
    assert problem_with("application/json", json.dumps(event).encode(), None) is None
    assert problem_with("application/json", b"[]", None) is not None
    assert problem_with("application/json", b"{", None) == "the body is not valid JSON"
    assert problem_with("application/json", b'{"event": {"text": ["x"]}}', None) is not None
    click = {"user": {"id": "U1"}, "actions": [{"type": "button", "value": "/affirm"}]}
    assert problem_with("application/x-www-form-urlencoded", b"", json.dumps(click)) is None
    assert problem_with("application/x-www-form-urlencoded", b"", None) is not None
    assert problem_with("application/x-www-form-urlencoded", b"", '{"user": {"id": "U1"}, "actions": []}')
    assert problem_with("text/plain", b"anything", None) is None  # Rasa ignores other types


# --- configuration ---------------------------------------------------------------------


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"GUYWIRE_STATE_DIR": str(tmp_path / "state")})


def test_only_the_always_on_channels_without_settings(settings: Settings) -> None:
    creds = credentials(settings, {})
    assert set(creds) == {"bot.channels.rest.GuywireRestInput", "bot.channels.socketio.GuywireSocketIOInput"}
    assert [c.name for c in live_channels(settings, creds)] == ["website", "rest"]


def test_telegram_and_slack_from_the_environment(settings: Settings) -> None:
    env = {"GUYWIRE_TELEGRAM_TOKEN": "1:a", "GUYWIRE_TELEGRAM_WEBHOOK_URL": "https://x/webhooks/telegram/webhook",
           "GUYWIRE_SLACK_TOKEN": "xoxb-1", "GUYWIRE_SLACK_SIGNING_SECRET": "s"}
    creds = credentials(settings, env)
    telegram = creds[TELEGRAM_CLASS]
    assert telegram["access_token"] == "1:a"
    assert telegram["secret_token"] == state_secret(settings.state_dir, "telegram_secret")  # generated, kept
    assert creds[SLACK_CLASS] == {"slack_token": "xoxb-1", "slack_signing_secret": "s"}
    channels = {c.name: c.url for c in live_channels(settings, creds)}
    assert channels["telegram"] == "https://x/webhooks/telegram/webhook"
    assert channels["slack"].endswith("/webhooks/slack/webhook")
    path = write_credentials(settings, creds)
    assert yaml.safe_load(path.read_text()) == creds and path.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("env, missing", [
    ({"GUYWIRE_TELEGRAM_TOKEN": "1:a"}, "GUYWIRE_TELEGRAM_WEBHOOK_URL"),
    ({"GUYWIRE_SLACK_SIGNING_SECRET": "s"}, "GUYWIRE_SLACK_TOKEN"),
])
def test_a_half_configured_channel_is_an_error_naming_what_is_missing(
    settings: Settings, env: dict[str, str], missing: str
) -> None:
    with pytest.raises(ChannelConfigError, match=missing):
        credentials(settings, env)


# --- the widget bundle -------------------------------------------------------------------


def test_outside_imports_are_stripped_and_the_rest_kept(tmp_path: Path) -> None:
    bundle = 'a{}@import url(https://fonts.googleapis.com/css?family=Inter:400&display=swap);b{}' \
             '@import url("//cdn.example/x.css");@import url(local.css);'
    assert strip_outside_imports(bundle) == "a{}b{}@import url(local.css);"
    with pytest.raises(FileNotFoundError, match="npm ci"):
        vendor_webchat(tmp_path / "missing.js", tmp_path / "out.js")

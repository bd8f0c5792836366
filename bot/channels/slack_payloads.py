"""The shapes of Slack's webhook bodies that Rasa's Slack channel reads, as pydantic models.

Rasa's handler indexes into the body without checks, so a body of another shape (a list, an event
that is a string, an action without a type) raised a 500. Validating against these models first
lets the channel answer 400 instead. Only the fields Rasa reads are declared; anything else Slack
sends is allowed through untouched.
"""

from __future__ import annotations

import json

from pydantic import BaseModel, Extra, StrictStr, ValidationError, conlist


class _Lenient(BaseModel):
    class Config:
        extra = Extra.allow


class Event(_Lenient):
    type: StrictStr | None
    text: StrictStr | None
    user: StrictStr | None
    channel: StrictStr | None
    channel_type: StrictStr | None
    bot_id: StrictStr | None
    ts: StrictStr | None
    thread_ts: StrictStr | None


class Authorization(_Lenient):
    user_id: StrictStr | None


class EventEnvelope(_Lenient):
    """An Events API request (or the one-off url_verification challenge)."""

    type: StrictStr | None
    event: Event | None
    event_id: StrictStr | None
    challenge: StrictStr | None
    authed_users: list[StrictStr] | None
    authorizations: list[Authorization] | None


class Identified(_Lenient):
    id: StrictStr


class Action(_Lenient):
    type: StrictStr
    value: StrictStr | None


class Interaction(_Lenient):
    """An interactivity request: a person clicked one of the bot's buttons."""

    user: Identified
    channel: Identified | None
    actions: conlist(Action, min_items=1)  # type: ignore[valid-type]
    message: dict | None


def problem_with(media_type: str, body: bytes, form_payload: str | None) -> str | None:
    """Why a Slack request body cannot be handled, or None when its shape is fine."""
    models: dict[str, tuple[type[BaseModel], str | bytes | None]] = {
        "application/json": (EventEnvelope, body),
        "application/x-www-form-urlencoded": (Interaction, form_payload),
    }
    if media_type not in models:
        return None  # Rasa's handler ignores other content types
    model, raw = models[media_type]
    try:
        data = json.loads(raw or "")
    except ValueError:
        return "the body is not valid JSON"
    if not isinstance(data, dict):  # pydantic 1 would read a list of pairs as a dict
        return "the body is not a JSON object"
    try:
        model.parse_obj(data)
    except ValidationError:
        return "the body is not shaped like a Slack request"
    return None

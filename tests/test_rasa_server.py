"""The fix `bot.run.rasa_server` installs in the Rasa server: the same verdicts as Rasa's own check of an
action server's response, from a validator whose schema is checked once."""
from __future__ import annotations

from pathlib import Path

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, UserUttered, deserialise_events

from bot.run import rasa_server
from bot.run.runner import Start, rasa_command
from bot.settings import Settings

VALID = {"events": [{"event": "slot", "name": "feeling", "value": "tired"}],
         "responses": [{"text": "Thanks for telling me.", "buttons": []}]}
INVALID = {"events": [{"name": "feeling"}], "responses": "not a list"}


@pytest.fixture
def action(monkeypatch: pytest.MonkeyPatch) -> RemoteAction:
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    rasa_server.install()
    return RemoteAction("action_explain", None)


def test_a_valid_response_passes_with_the_validator_built_once(action: RemoteAction) -> None:
    assert RemoteAction._validate_action_result is rasa_server._validate_action_result
    assert action._validate_action_result(VALID) is True
    assert rasa_server.action_response_validator() is rasa_server.action_response_validator()


def test_an_invalid_response_fails_with_rasas_own_error(action: RemoteAction) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(INVALID)


def test_both_agree_with_rasas_check(action: RemoteAction) -> None:
    rasas = rasa_server._RASA_VALIDATE
    for response in (VALID, {"events": [], "responses": []}, {}):
        assert action._validate_action_result(response) == rasas(action, response)


def test_the_runner_starts_rasa_with_the_fix(tmp_path: Path) -> None:
    start = Start(model=tmp_path / "model.tar.gz", token="t", token_source="test", channels={},
                  credentials=tmp_path / "credentials.yml")
    argv = rasa_command(Settings.from_env(), start, tmp_path / "endpoints.yml", 5005)
    assert argv[1:4] == ["-m", "bot.run.rasa_server", "run"]


def test_event_classes_resolve_as_rasa_resolves_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Event, "resolve_by_type", Event.__dict__["resolve_by_type"])
    rasa_server.install()
    assert Event.resolve_by_type is rasa_server._resolve_by_type
    for name in ("user", "bot", "action", "slot", "session_started", "active_loop", "followup"):
        assert Event.resolve_by_type(name) is rasa_server._RASA_RESOLVE(name, None)
        assert Event.resolve_by_type(name) is Event.resolve_by_type(name)
    assert Event.resolve_by_type("no_such_event", UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    events = [UserUttered("hi"), ActionExecuted("action_listen")]
    assert deserialise_events([event.as_dict() for event in events]) == events

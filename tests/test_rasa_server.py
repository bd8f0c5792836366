"""The fixes `bot.run.rasa_fixes` installs in the Rasa server: the same verdicts as Rasa's own check of an
action server's response, from a validator whose schema is checked once."""
from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import ActionExecuted, Event, UserUttered, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.run import rasa_fixes
from bot.run.runner import Start, rasa_command
from bot.settings import Settings

VALID = {"events": [{"event": "slot", "name": "feeling", "value": "tired"}],
         "responses": [{"text": "Thanks for telling me.", "buttons": []}]}
INVALID = {"events": [{"name": "feeling"}], "responses": "not a list"}


@pytest.fixture
def action(monkeypatch: pytest.MonkeyPatch) -> RemoteAction:
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    rasa_fixes.install()
    return RemoteAction("action_explain", None)


def test_a_valid_response_passes_with_the_validator_built_once(action: RemoteAction) -> None:
    assert RemoteAction._validate_action_result is rasa_fixes._validate_action_result
    assert action._validate_action_result(VALID) is True
    assert rasa_fixes.action_response_validator() is rasa_fixes.action_response_validator()


def test_an_invalid_response_fails_with_rasas_own_error(action: RemoteAction) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(INVALID)


def test_both_agree_with_rasas_check(action: RemoteAction) -> None:
    rasas = rasa_fixes._RASA_VALIDATE
    for response in (VALID, {"events": [], "responses": []}, {}):
        assert action._validate_action_result(response) == rasas(action, response)


def test_the_runner_starts_rasa_with_the_fix(tmp_path: Path) -> None:
    start = Start(model=tmp_path / "model.tar.gz", token="t", token_source="test", channels={},
                  credentials=tmp_path / "credentials.yml")
    argv = rasa_command(Settings.from_env(), start, tmp_path / "endpoints.yml", 5005)
    assert argv[1:4] == ["-m", "bot.run.rasa_server", "run"]


def test_event_classes_resolve_as_rasa_resolves_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Event, "resolve_by_type", Event.__dict__["resolve_by_type"])
    rasa_fixes.install()
    assert Event.resolve_by_type is rasa_fixes._resolve_by_type
    for name in ("user", "bot", "action", "slot", "session_started", "active_loop", "followup"):
        assert Event.resolve_by_type(name) is rasa_fixes._RASA_RESOLVE(name, None)
        assert Event.resolve_by_type(name) is Event.resolve_by_type(name)
    assert Event.resolve_by_type("no_such_event", UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    events = [UserUttered("hi"), ActionExecuted("action_listen")]
    assert deserialise_events([event.as_dict() for event in events]) == events


def test_calls_to_an_endpoint_reuse_one_kept_alive_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rasa opened a new client session, and a new connection, for each action server call. Now
    calls share one, with the endpoint's token and auth; a closed session is replaced."""
    monkeypatch.setattr(EndpointConfig, "session", EndpointConfig.session)
    rasa_fixes.install()
    peers, answers = asyncio.run(_four_calls())
    assert answers[0] == {"token": "secret", "auth": "Basic dTpw", "body": '{"n":0}'}  # written by ujson
    assert answers[3] == {"token": "secret", "auth": "Basic dTpw", "body": '{"n":3}'}
    assert len(peers) == 4 and peers[0] == peers[1] == peers[2] != peers[3]


async def _four_calls() -> tuple[list[object], list[object]]:
    """Three calls, the kept session closed, a fourth call: the client address each call came from."""
    peers: list[object] = []

    async def webhook(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername") if request.transport else None)
        return web.json_response({"token": request.query.get("token"), "auth": request.headers.get("Authorization"),
                                  "body": await request.text()})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    async with TestServer(app, host="127.0.0.1") as server:
        endpoint = EndpointConfig(str(server.make_url("/webhook")), token="secret",
                                  basic_auth={"username": "u", "password": "p"})
        answers = [await endpoint.request(json={"n": n}) for n in range(3)]
        await endpoint._guywire_kept[1].close()
        answers.append(await endpoint.request(json={"n": 3}))
        await endpoint._guywire_kept[1].close()
    return peers, answers


class Processor:
    """Just what the parse needs of Rasa's MessageProcessor, recording the thread the graph ran in."""

    http_interpreter = None

    def __init__(self) -> None:
        self.threads: list[str] = []
        self.steps: list[str] = []

    def _parse_message_with_graph(self, message: UserMessage, tracker: DialogueStateTracker,
                                  only_output_properties: bool) -> dict:
        self.threads.append(threading.current_thread().name)
        return {"text": message.text, "intent": {"name": "greet", "confidence": 1.0}, "entities": [],
                "events": len(tracker.events), "only_output": only_output_properties}

    def _update_full_retrieval_intent(self, parse_data: dict) -> None:
        self.steps.append("retrieval")

    def _check_for_unseen_features(self, parse_data: dict) -> None:
        self.steps.append("unseen")


def test_messages_are_understood_off_the_event_loop_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The NLU graph runs in guywire's one NLU thread, so the event loop goes on with other people's
    turns meanwhile; Rasa's steps after the graph still run."""
    monkeypatch.setattr(MessageProcessor, "parse_message", MessageProcessor.parse_message)
    rasa_fixes.install()
    processor = Processor()
    parsed = asyncio.run(MessageProcessor.parse_message(processor, UserMessage("hi", sender_id="ana")))
    assert parsed == {"text": "hi", "intent": {"name": "greet", "confidence": 1.0}, "entities": [],
                      "events": 0, "only_output": True}
    assert processor.threads == ["guywire-nlu_0"]
    assert processor.steps == ["retrieval", "unseen"]
    assert rasa_fixes.nlu_thread()._max_workers == 1

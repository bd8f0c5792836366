"""Fixes for hot spots of Rasa 3.6, installed in guywire's Rasa server (bot/run/rasa_server.py).

Profiling under load (README, "Benchmarks") found these:
- Rasa checks each custom action's response with `jsonschema.validate(result, schema)`, which
  validates the schema itself against its metaschema on every call: about a third of the Rasa
  server's CPU time per message. The fix checks the schema once and keeps the validator. A
  response that fails still goes through Rasa's own method, so the error raised, and its
  message, stay Rasa's.
- Rasa finds the class of every stored event it loads by walking all subclasses of `Event`
  (`Event.resolve_by_type`), and it loads the whole session for each message: a sixth of the CPU
  time by the 400th turn of a conversation. The fix remembers each type name's class once Rasa
  has found it.
- Rasa opens a new HTTP client session, and so a new connection, for every call to the action
  server (`EndpointConfig.request` enters `self.session()` each time). The fix keeps one session
  per endpoint and event loop open, so calls reuse kept-alive connections. Each call sends the
  whole session's tracker, and the session writes it with ujson (Sanic's, already installed),
  which took a third of the standard library's time on it.
- Rasa understands a message on its event loop: while one person's message goes through the NLU
  graph (the sentence encoder alone takes 14 ms for a new message of 55 words), nobody else's
  turn moves. The fix runs the
  graph in one thread of its own. Most of it holds Python's lock, so throughput stays what it was,
  but the sentence encoder and the matrix products let it go, and the other turns no longer queue
  behind a whole parse: p95 at 10 users fell from 511 to 314 ms (README, "Benchmarks").
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from functools import lru_cache
from typing import Any

import aiohttp
import ujson
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

_RASA_VALIDATE: Callable[[RemoteAction, dict[str, Any]], bool] = RemoteAction._validate_action_result
_RASA_RESOLVE: Callable[[str, type[Event] | None], type[Event] | None] = Event.resolve_by_type
KEEP_ALIVE = 2.0
_EVENT_TYPES: dict[str, type[Event]] = {}
_RASA_PARSE = MessageProcessor.parse_message


@lru_cache(maxsize=1)
def action_response_validator() -> Validator:
    """The validator for action server responses, built (and its schema checked) once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(action: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's check of an action server response, without re-checking the schema each time."""
    if action_response_validator().is_valid(result):
        return True
    return _RASA_VALIDATE(action, result)


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """Rasa's lookup of an event class by its type name, remembered once found."""
    found = _EVENT_TYPES.get(type_name)
    if found is None:
        found = _RASA_RESOLVE(type_name, default)
        if found is not None and found is not default:
            _EVENT_TYPES[type_name] = found
    return found


def _kept_session(endpoint: EndpointConfig) -> nullcontext[aiohttp.ClientSession]:
    """A session for this endpoint with Rasa's headers, auth and timeout, made once per event loop
    (an aiohttp session belongs to the loop it was made in). Idle connections are let go after
    KEEP_ALIVE seconds, before the action server's Sanic closes them (5 s), so a request never
    goes out on a connection the server is closing."""
    loop = asyncio.get_running_loop()
    kept: tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession] | None = getattr(endpoint, "_guywire_kept", None)
    if kept is None or kept[0] is not loop or kept[1].closed:
        login = endpoint.basic_auth
        auth = aiohttp.BasicAuth(login["username"], login["password"]) if login else None
        session = aiohttp.ClientSession(
            headers=endpoint.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            json_serialize=ujson.dumps,
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEP_ALIVE),
        )
        kept = (loop, session)
        endpoint._guywire_kept = kept
    return nullcontext(kept[1])  # `async with` enters it and leaves the session open


@lru_cache(maxsize=1)
def nlu_thread() -> ThreadPoolExecutor:
    """The one thread that understands messages, one at a time (components such as the CRF tagger
    are not safe to share between threads)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="guywire-nlu")


async def _parse_message(
    processor: MessageProcessor,
    message: Any,
    tracker: DialogueStateTracker | None = None,
    only_output_properties: bool = True,
) -> dict[str, Any]:
    """Rasa's parse, with the NLU graph run off the event loop."""
    if processor.http_interpreter:
        return await _RASA_PARSE(processor, message, tracker, only_output_properties)
    if tracker is None:
        tracker = DialogueStateTracker.from_events(message.sender_id, [])
    parse_data: dict[str, Any] = await asyncio.get_running_loop().run_in_executor(
        nlu_thread(), processor._parse_message_with_graph, message, tracker, only_output_properties
    )
    processor._update_full_retrieval_intent(parse_data)
    processor._check_for_unseen_features(parse_data)
    return parse_data


def install() -> None:
    """Install the fixes (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    EndpointConfig.session = _kept_session
    MessageProcessor.parse_message = _parse_message

"""guywire's Rasa server: Rasa's own command line, with a fix for a hot spot of Rasa 3.6 installed first.

Rasa 3.6 checks each custom action's response with `jsonschema.validate(result, schema)`, which
validates the schema itself against its metaschema on every call. Profiling under load (README,
"Benchmarks") put that at about a third of the Rasa server's CPU time per message. The fix checks
the schema once and keeps the validator. A response that fails still goes through Rasa's own method,
so the error raised, and its message, stay Rasa's.

`bot.runner` starts `python -m bot.rasa_server run ...` wherever it would start `rasa run ...`.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

_RASA_VALIDATE: Callable[[RemoteAction, dict[str, Any]], bool] = RemoteAction._validate_action_result


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


def install() -> None:
    """Replace Rasa's per-call schema check with the cached validator (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


def main() -> None:
    """`rasa` with the fix installed."""
    from rasa.__main__ import main as rasa_main

    install()
    rasa_main()


if __name__ == "__main__":
    main()

"""The action server as `make run` and `guywire cluster` start it: rasa-sdk's own app, locked.

`rasa run actions` binds 0.0.0.0 and answers anyone, and one forged call naming
`action_delete_user_data` with another person's sender id deletes that person's records. So the
run command starts rasa-sdk's app through this launcher instead, which changes two things:
- it listens on GUYWIRE_HOST (127.0.0.1 by default), which rasa-sdk 3.6 has no flag for;
- every request but `/health` must carry the shared secret as `Authorization: Bearer <token>`,
  which Rasa's `action_endpoint` sends (the run command writes it into the effective endpoints).
  Without it the answer is 401 and no action runs.
"""

from __future__ import annotations

import hmac
import logging

from rasa_sdk.endpoint import create_app as rasa_sdk_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import Settings

OPEN_PATHS = frozenset({"/health"})
logger = logging.getLogger(__name__)


def authorised(request: Request, token: str) -> bool:
    """True when the request carries the shared secret (compared in constant time)."""
    sent = request.headers.get("authorization", "")
    scheme, _, value = sent.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode())


def create_app(token: str, package: str = "actions") -> Sanic:
    """rasa-sdk's action server for `package`, refusing every call without `token`."""
    if not token:
        raise ValueError("the action server needs a non-empty token")
    app = rasa_sdk_app(package, cors_origins=None)

    @app.middleware("request")
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS or authorised(request, token):
            return None
        logger.warning("refused an action server call without the token from %s", request.ip)
        return response.json({"error": "unauthorised"}, status=401)

    return app


def serve(settings: Settings) -> None:
    """Run the locked action server on the configured host and actions port until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    create_app(settings.action_server_token()).run(
        host=settings.host, port=settings.actions_port, access_log=False, motd=False, workers=1
    )

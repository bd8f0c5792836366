"""Local stand-ins for the Telegram Bot API and the Slack Web API, on 127.0.0.1.

Each records every call (method name and decoded parameters) and answers the way the real API
does for the few methods guywire uses, so the channel code runs unchanged against it.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qs

Answer = Callable[[dict[str, Any]], Any]


@dataclass
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class FakeAPI:
    """An HTTP server whose last path segment names the API method; `answers` say what to return."""

    answers: dict[str, Answer]
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                params = decode(self.headers.get("Content-Type", ""), body)
                method = self.path.rstrip("/").rsplit("/", 1)[-1]
                fake.calls.append(Call(method, params))
                answer = fake.answers.get(method, lambda _: {"ok": True, "result": True})(params)
                payload = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def calls_to(self, method: str, **where: Any) -> list[Call]:
        return [c for c in self.calls if c.method == method
                and all(str(c.params.get(k)) == str(v) for k, v in where.items())]

    def wait_for(self, method: str, count: int = 1, timeout: float = 60, **where: Any) -> list[Call]:
        """The matching calls once there are at least `count` of them (the bots answer in the background)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls_to(method, **where)
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"no {count} {method} call(s) matching {where} in {timeout}s: {self.calls}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def decode(content_type: str, body: bytes) -> dict[str, Any]:
    """JSON or form parameters; JSON-looking form values (reply markups, blocks) are decoded too."""
    if content_type.startswith("application/json"):
        return json.loads(body or b"{}")
    params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(body.decode()).items()}
    for key, value in params.items():
        if value[:1] in "[{":
            params[key] = json.loads(value)
    return params


def fake_telegram() -> FakeAPI:
    """The Bot API methods the channel calls: setWebhook, getMe, sendMessage."""
    counter = iter(range(1, 1_000_000))

    def send_message(params: dict[str, Any]) -> dict[str, Any]:
        chat = {"id": int(params["chat_id"]), "type": "private"}
        return {"ok": True, "result": {"message_id": next(counter), "date": int(time.time()),
                                       "chat": chat, "text": params.get("text", "")}}

    return FakeAPI({
        "setWebhook": lambda _: {"ok": True, "result": True, "description": "Webhook was set"},
        "getMe": lambda _: {"ok": True, "result": {"id": 42, "is_bot": True, "first_name": "guywire",
                                                   "username": "guywire_test_bot"}},
        "sendMessage": send_message,
    })


def fake_slack() -> FakeAPI:
    """The Web API method the channel calls: chat.postMessage."""
    return FakeAPI({
        "chat.postMessage": lambda params: {"ok": True, "channel": params.get("channel"),
                                            "ts": f"{time.time():.6f}"},
    })

"""Signed session cookies and CSRF tokens for the review pages (itsdangerous).

A session cookie carries the reviewer's name and a CSRF token, signed with a server secret and
valid for a working day. It is HttpOnly and SameSite=Strict, and Secure when the settings say the
site is served over HTTPS. Every form posts the token back; a mismatch is refused. The login form,
which comes before any session, uses a signed double-submit token of its own.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sanic.response import HTTPResponse

COOKIE = "guywire_review"
LOGIN_COOKIE = "guywire_login"
MAX_AGE = 8 * 60 * 60
LOGIN_MAX_AGE = 30 * 60
PATH = "/review"


@dataclass(frozen=True)
class Session:
    reviewer: str
    csrf: str

    def csrf_ok(self, sent: str | None) -> bool:
        return bool(sent) and hmac.compare_digest((sent or "").encode(), self.csrf.encode())


class Sessions:
    """Issues and reads the review cookies for one server secret."""

    def __init__(self, secret: str, secure: bool) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="guywire-review-session")
        self._login = URLSafeTimedSerializer(secret, salt="guywire-review-login")
        self.secure = secure

    def read(self, cookie: str | None) -> Session | None:
        try:
            data = self._serializer.loads(cookie or "", max_age=MAX_AGE)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("r"), str) or not isinstance(data.get("c"), str):
            return None
        return Session(data["r"], data["c"])

    def start(self, response: HTTPResponse, reviewer: str) -> None:
        """Log the reviewer in on this response (a fresh CSRF token each time)."""
        value = self._serializer.dumps({"r": reviewer, "c": secrets.token_urlsafe(24)})
        self._set(response, COOKIE, value, MAX_AGE)
        del response.cookies[LOGIN_COOKIE]

    def end(self, response: HTTPResponse) -> None:
        del response.cookies[COOKIE]

    def set_login_token(self, response: HTTPResponse, token: str) -> None:
        """The login form's token, also set (signed) as a cookie; both must come back together."""
        self._set(response, LOGIN_COOKIE, self._login.dumps(token), LOGIN_MAX_AGE)

    def login_token_ok(self, cookie: str | None, sent: str | None) -> bool:
        try:
            expected = self._login.loads(cookie or "", max_age=LOGIN_MAX_AGE)
        except BadSignature:
            return False
        if not isinstance(expected, str) or not sent:
            return False
        return hmac.compare_digest(expected.encode(), sent.encode())

    def _set(self, response: HTTPResponse, name: str, value: str, max_age: int) -> None:
        response.cookies[name] = value
        cookie = response.cookies[name]
        cookie["path"] = PATH
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["max-age"] = max_age
        if self.secure:
            cookie["secure"] = True

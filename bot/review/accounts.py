"""Reviewer accounts: Argon2 password hashes (argon2-cffi), and the admin token from the settings.

Passwords are never stored or logged, only their hashes. A failed login costs the same whether the
name exists or not, so names cannot be probed by timing.
"""

from __future__ import annotations

import hmac
import re

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.store.db import session_scope
from bot.store.models import AuditEntry, Reviewer

ADMIN = "admin"
MIN_PASSWORD = 12
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,62}$")
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a real password, only spends the same time")


class AccountError(ValueError):
    """A reviewer account that cannot be created as asked."""


def create_reviewer(url: str, username: str, password: str) -> None:
    username = username.strip().lower()
    if not USERNAME.match(username) or username == ADMIN:
        raise AccountError(
            f"a username is 2-63 lower-case letters, digits, dots, dashes or underscores (and not {ADMIN!r})"
        )
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    with session_scope(url) as session:
        if session.execute(sa.select(Reviewer.id).where(Reviewer.username == username)).first():
            raise AccountError(f"there is already a reviewer called {username!r}")
        session.add(Reviewer(username=username, password_hash=_hasher.hash(password)))
        session.add(AuditEntry(reviewer=username, action="account_created"))


def authenticate(url: str, username: str, password: str, admin_token: str | None) -> str | None:
    """The reviewer's name when the password (or, for "admin", the admin token) is right."""
    username = username.strip().lower()
    if username == ADMIN:
        ok = bool(admin_token) and hmac.compare_digest(password.encode(), (admin_token or "").encode())
        return ADMIN if ok else None
    with session_scope(url) as session:
        stored = session.execute(
            sa.select(Reviewer.password_hash).where(Reviewer.username == username)
        ).scalar_one_or_none()
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    return username if stored else None


def reviewer_names(url: str) -> list[str]:
    with session_scope(url) as session:
        return list(session.execute(sa.select(Reviewer.username).order_by(Reviewer.username)).scalars())

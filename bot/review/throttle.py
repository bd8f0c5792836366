"""Login throttling for /review: after 5 failures in 15 minutes, for a name or a client address,
logins are refused with 429 until the window has passed.

Argon2 makes each guess slow, but not few: the admin password is the API token, and a script can
try forever. The failures are counted from the audit log itself (`login_failed` entries, with the
address in `detail`), so the count survives a restart, is shared by every web process on the same
database, and a reviewer can read every attempt at /review/audit.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from bot.store.db import session_scope
from bot.store.models import AuditEntry, utcnow

LIMIT = 5
WINDOW = timedelta(minutes=15)
FAILED, THROTTLED = "login_failed", "login_throttled"
MESSAGE = "Too many unsuccessful logins. For safety, logging in is paused for 15 minutes. Please wait and try again."


def _name(username: str) -> str:
    """The attempted name as the audit log keeps it (normalised like a login, cut to fit)."""
    return (username.strip().lower() or "(empty)")[:64]


def is_throttled(url: str, username: str, address: str, now: datetime | None = None) -> bool:
    """True when this name, or this client address, failed LIMIT times within the last WINDOW."""
    since = (now or utcnow()) - WINDOW
    recent = (
        sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.action == FAILED, AuditEntry.at > since)
    )
    with session_scope(url) as session:
        by_name = session.execute(recent.where(AuditEntry.reviewer == _name(username))).scalar_one()
        by_address = session.execute(recent.where(AuditEntry.detail == address)).scalar_one()
    return max(by_name, by_address) >= LIMIT


def record(url: str, action: str, username: str, address: str) -> None:
    """Audit a failed (FAILED) or refused (THROTTLED) login, with the client address."""
    with session_scope(url) as session:
        session.add(AuditEntry(reviewer=_name(username), action=action, detail=address))

"""Retention: delete conversations nobody has taken part in for N days.

Transcripts and check-ins are health data, so they are not kept longer than they are useful.
Each conversation is deleted the way a reviewer deletes one (its transcript, its records, an audit
entry), so a purge and a hand deletion leave the same trace; one more entry records the purge.

Rasa can hold events for a sender that has no conversation row (written before guywire's tables
existed, or after the row was deleted); those senders are purged too once their newest event is
older than the cut-off. A sender's events go all at once or not at all: dropping only the oldest
rows would leave Rasa a transcript with its start cut off.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from bot.review.annotations import _audit, delete_conversation
from bot.review.transcript import EVENTS
from bot.store.db import session_scope
from bot.store.models import Conversation, utcnow


def purge_older_than(url: str, days: int, reviewer: str, now: datetime | None = None) -> int:
    """Delete every conversation last seen more than `days` days before `now` (default: the current
    time, UTC) and the events of senders without a conversation that are as old; return how many
    conversations were deleted."""
    if days < 1:
        raise ValueError(f"days must be 1 or more; got {days}")
    cutoff = (now or utcnow()) - timedelta(days=days)
    stale = _stale_conversations(url, cutoff)
    for conversation_id in stale:
        delete_conversation(url, reviewer, conversation_id)
    with session_scope(url) as session:
        stray = session.execute(sa.delete(EVENTS).where(EVENTS.c.sender_id.in_(_stray_senders(cutoff))))
        _audit(
            session,
            reviewer,
            "purged",
            None,
            f"{len(stale)} conversation(s) last seen before {cutoff:%Y-%m-%d %H:%M} UTC "
            f"({days} days), {stray.rowcount} event(s) without a conversation",
        )
    return len(stale)


def _stale_conversations(url: str, cutoff: datetime) -> list[int]:
    with session_scope(url) as session:
        return list(
            session.execute(
                sa.select(Conversation.id).where(Conversation.last_seen_at < cutoff).order_by(Conversation.id)
            ).scalars()
        )


def _stray_senders(cutoff: datetime) -> sa.sql.Select:
    """Senders with events but no conversation row, whose newest event is older than `cutoff`."""
    return (
        sa.select(EVENTS.c.sender_id)
        .where(EVENTS.c.sender_id.not_in(sa.select(Conversation.sender_id)))
        .group_by(EVENTS.c.sender_id)
        .having(sa.func.max(EVENTS.c.timestamp) < cutoff.timestamp())
    )

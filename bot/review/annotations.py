"""What reviewers do to a conversation: notes, tags, marking reviewed, following up a safety event,
and deleting. Every change writes an audit entry in the same transaction."""

from __future__ import annotations

import sqlalchemy as sa

from bot.review.transcript import EVENTS
from bot.store.db import session_scope
from bot.store.models import AuditEntry, Conversation, ReviewNote, ReviewTag, SafetyEvent, utcnow

MAX_NOTE = 5000
MAX_TAG = 64


class ReviewError(ValueError):
    """A review action that cannot be done (empty note, unknown conversation, ...)."""


def _conversation(session: sa.orm.Session, conversation_id: int) -> Conversation:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise ReviewError(f"there is no conversation {conversation_id}")
    return conversation


def _audit(
    session: sa.orm.Session, reviewer: str, action: str, conversation_id: int | None, detail: str | None = None
) -> None:
    session.add(AuditEntry(reviewer=reviewer, action=action, conversation_id=conversation_id, detail=detail))


def add_note(url: str, reviewer: str, conversation_id: int, text: str) -> None:
    text = text.strip()
    if not text:
        raise ReviewError("a note needs some text")
    if len(text) > MAX_NOTE:
        raise ReviewError(f"a note can be at most {MAX_NOTE} characters")
    with session_scope(url) as session:
        _conversation(session, conversation_id)
        session.add(ReviewNote(conversation_id=conversation_id, author=reviewer, text=text))
        _audit(session, reviewer, "note", conversation_id)


def add_tag(url: str, reviewer: str, conversation_id: int, tag: str) -> None:
    tag = " ".join(tag.split()).lower()
    if not tag or len(tag) > MAX_TAG:
        raise ReviewError(f"a tag is 1 to {MAX_TAG} characters")
    with session_scope(url) as session:
        _conversation(session, conversation_id)
        exists = session.execute(
            sa.select(ReviewTag.id).where(ReviewTag.conversation_id == conversation_id, ReviewTag.tag == tag)
        ).first()
        if not exists:
            session.add(ReviewTag(conversation_id=conversation_id, tag=tag))
            _audit(session, reviewer, "tag", conversation_id, tag)


def mark_reviewed(url: str, reviewer: str, conversation_id: int) -> None:
    with session_scope(url) as session:
        conversation = _conversation(session, conversation_id)
        conversation.reviewed_at, conversation.reviewed_by = utcnow(), reviewer
        _audit(session, reviewer, "reviewed", conversation_id)


def follow_up(url: str, reviewer: str, safety_event_id: int) -> int:
    """Mark a safety event as followed up by this reviewer now; returns its conversation id."""
    with session_scope(url) as session:
        event = session.get(SafetyEvent, safety_event_id)
        if event is None:
            raise ReviewError(f"there is no safety event {safety_event_id}")
        if event.followed_up_at is None:
            event.followed_up_at, event.followed_up_by = utcnow(), reviewer
            _audit(session, reviewer, "followed_up", event.conversation_id, f"safety event {event.id}")
        return event.conversation_id


def delete_conversation(url: str, reviewer: str, conversation_id: int) -> None:
    """Delete the transcript and every record of the conversation (notes and tags cascade)."""
    with session_scope(url) as session:
        conversation = _conversation(session, conversation_id)
        session.execute(sa.delete(EVENTS).where(EVENTS.c.sender_id == conversation.sender_id))
        session.delete(conversation)
        _audit(session, reviewer, "deleted", conversation_id)


def record_export(url: str, reviewer: str, conversation_ids: list[int], fmt: str) -> None:
    """Exports copy health data out of the system, so they are audited like changes."""
    with session_scope(url) as session:
        only = conversation_ids[0] if len(conversation_ids) == 1 else None
        _audit(session, reviewer, f"export_{fmt}", only, f"{len(conversation_ids)} conversation(s)")


def audit_log(url: str, limit: int = 200) -> list[tuple]:
    """The newest audit entries: (at, reviewer, action, conversation id, detail)."""
    with session_scope(url) as session:
        return [
            tuple(r)
            for r in session.execute(
                sa.select(
                    AuditEntry.at, AuditEntry.reviewer, AuditEntry.action, AuditEntry.conversation_id, AuditEntry.detail
                )
                .order_by(AuditEntry.id.desc())
                .limit(limit)
            )
        ]

"""The assistant's only way to read and write its own tables.

Actions call these methods instead of touching sessions, so every write goes
through the same validation and the same conversation bookkeeping.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TypeVar

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from bot.coach.progression import StepRecord
from bot.store.db import session_scope
from bot.store.models import (
    FEEDBACK_VALUES,
    PAIN_MAX,
    PAIN_MIN,
    CheckIn,
    Conversation,
    LabelMention,
    SafetyEvent,
    StepSuggestion,
    utcnow,
)


class Records:
    """Reads and writes guywire's records for one database.

    Rows are keyed by Rasa's sender id. Rasa's lock store already handles one
    message per sender at a time, so get-or-create needs no extra locking.
    """

    def __init__(self, database_url: str) -> None:
        self._url = database_url

    def touch(self, sender_id: str, channel: str | None) -> None:
        """Note that the person is here, creating their conversation if new."""
        with session_scope(self._url) as session:
            mark_seen(session, sender_id, channel)

    def set_consent(self, sender_id: str, channel: str | None, consent: bool) -> None:
        with session_scope(self._url) as session:
            _conversation(session, sender_id, channel).consent = consent

    def consent(self, sender_id: str) -> bool | None:
        """The person's answer, or None if they were never asked (or are unknown)."""
        with session_scope(self._url) as session:
            return session.execute(
                select(Conversation.consent).where(Conversation.sender_id == sender_id)
            ).scalar_one_or_none()

    def delete_person(self, sender_id: str) -> bool:
        """Erase the person's conversation row and, by cascade, every record attached to it.

        Returns whether there was anything to delete. The transcript itself is erased by the
        tracker store (bot.store.tracker_store), which owns Rasa's events table.
        """
        with session_scope(self._url) as session:
            conversation = session.execute(
                select(Conversation).where(Conversation.sender_id == sender_id)
            ).scalar_one_or_none()
            if conversation is None:
                return False
            session.delete(conversation)
            return True

    def record_check_in(
        self,
        sender_id: str,
        channel: str | None,
        *,
        feeling: str | None,
        location: str | None,
        pain_level: int | None,
    ) -> int:
        _check_pain_level(pain_level)
        return self._add(
            sender_id,
            channel,
            CheckIn(feeling=feeling, location=location, pain_level=pain_level),
        )

    def correct_pain_level(self, sender_id: str, pain_level: int) -> bool:
        """Change the level of the person's latest check-in: "6 then", said right after it was
        recorded, puts that one right instead of adding a second check-in. False when none exists."""
        _check_pain_level(pain_level)
        with session_scope(self._url) as session:
            latest = _latest(session, CheckIn, sender_id)
            if latest is None:
                return False
            latest.pain_level = pain_level
            return True

    def record_label_mention(self, sender_id: str, channel: str | None, diagnosis: str) -> int:
        return self._add(sender_id, channel, LabelMention(diagnosis=diagnosis))

    def record_step_suggestion(self, sender_id: str, channel: str | None, step_id: str) -> int:
        return self._add(sender_id, channel, StepSuggestion(step_id=step_id))

    def record_step_feedback(self, sender_id: str, feedback: str) -> int | None:
        """Attach feedback to the person's latest suggested step.

        Returns that suggestion's id, or None when nothing was suggested yet.
        """
        if feedback not in FEEDBACK_VALUES:
            raise ValueError(f"feedback must be one of {', '.join(FEEDBACK_VALUES)}; got {feedback!r}")
        with session_scope(self._url) as session:
            _conversation(session, sender_id, channel=None)
            suggestion = _latest(session, StepSuggestion, sender_id)
            if suggestion is None:
                return None
            suggestion.feedback = feedback
            suggestion.feedback_at = utcnow()
            return suggestion.id

    def step_history(self, sender_id: str) -> list[StepRecord]:
        """Every step suggested to the person, oldest first."""
        with session_scope(self._url) as session:
            rows = session.execute(
                select(
                    StepSuggestion.step_id,
                    StepSuggestion.feedback,
                    StepSuggestion.created_at,
                )
                .join(Conversation)
                .where(Conversation.sender_id == sender_id)
                .order_by(StepSuggestion.created_at, StepSuggestion.id)
            ).all()
        return [StepRecord(step_id, feedback, at) for step_id, feedback, at in rows]

    def latest_pain_level(
        self, sender_id: str, since: datetime = datetime(1970, 1, 1, tzinfo=timezone.utc)
    ) -> int | None:
        """The most recent pain level given at or after ``since`` (by default, ever).

        Check-ins without a pain level are skipped, so a later "just feeling
        tired" does not hide the number given earlier in the window.
        """
        if since.tzinfo is None:
            raise ValueError(f"since must be timezone-aware; got naive {since!r}")
        with session_scope(self._url) as session:
            return session.execute(
                select(CheckIn.pain_level)
                .join(Conversation)
                .where(
                    Conversation.sender_id == sender_id,
                    CheckIn.created_at >= since,
                    CheckIn.pain_level.is_not(None),
                )
                .order_by(CheckIn.created_at.desc(), CheckIn.id.desc())
                .limit(1)
            ).scalar_one_or_none()

    def record_safety_event(self, sender_id: str, channel: str | None, kind: str, matched_text: str) -> int:
        return self._add(sender_id, channel, SafetyEvent(kind=kind, matched_text=matched_text))

    def _add(
        self,
        sender_id: str,
        channel: str | None,
        row: CheckIn | LabelMention | StepSuggestion | SafetyEvent,
    ) -> int:
        """Attach ``row`` to the person's conversation, save it, return its id."""
        with session_scope(self._url) as session:
            row.conversation = _conversation(session, sender_id, channel)
            session.add(row)
            session.flush()
            return row.id


# One prepared UPDATE for a person already known: the tracker store runs it on every message, and
# loading the row as an ORM object to change two fields cost a tenth of a save.
_SEEN = (
    update(Conversation)
    .where(Conversation.sender_id == bindparam("seen_sender"))
    .values(
        last_seen_at=bindparam("seen_at", type_=Conversation.last_seen_at.type),
        channel=func.coalesce(Conversation.channel, bindparam("seen_channel", type_=Conversation.channel.type)),
    )
    .execution_options(synchronize_session=False)
)


def mark_seen(session: Session, sender_id: str, channel: str | None) -> None:
    """`Records.touch` inside the caller's transaction: the tracker store marks the person as seen
    in the same commit that stores their message (the channel only filled in while unknown)."""
    seen = session.execute(_SEEN, {"seen_sender": sender_id, "seen_at": utcnow(), "seen_channel": channel})
    if seen.rowcount == 0:
        _conversation(session, sender_id, channel)


CheckInOrStep = TypeVar("CheckInOrStep", CheckIn, StepSuggestion)


def _latest(session: Session, model: type[CheckInOrStep], sender_id: str) -> CheckInOrStep | None:
    """The person's newest row of a kind (a check-in, a suggested step): the one a correction or
    feedback said straight after it is about."""
    return session.execute(
        select(model)
        .join(Conversation)
        .where(Conversation.sender_id == sender_id)
        .order_by(model.created_at.desc(), model.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def _conversation(session: Session, sender_id: str, channel: str | None) -> Conversation:
    """Get or create the person's conversation and mark it as seen now.

    The channel is only filled in while unknown, so a stray call without one
    never erases it.
    """
    now = utcnow()
    conversation = session.execute(select(Conversation).where(Conversation.sender_id == sender_id)).scalar_one_or_none()
    if conversation is None:
        conversation = Conversation(sender_id=sender_id, channel=channel, started_at=now, last_seen_at=now)
        session.add(conversation)
        session.flush()
        return conversation
    conversation.last_seen_at = now
    if conversation.channel is None:
        conversation.channel = channel
    return conversation


def _check_pain_level(pain_level: int | None) -> None:
    """Refuse out-of-scale levels here, before the database's CHECK does, less clearly."""
    if pain_level is None:
        return
    if isinstance(pain_level, bool) or not isinstance(pain_level, int):
        raise ValueError(f"pain_level must be a whole number or None; got {pain_level!r}")
    if not PAIN_MIN <= pain_level <= PAIN_MAX:
        raise ValueError(f"pain_level must be from {PAIN_MIN} to {PAIN_MAX}; got {pain_level}")

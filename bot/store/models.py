"""ORM models for guywire's own tables.

The models hang off their own ``MetaData`` because Rasa's SQL tracker store
keeps an ``events`` table in the same database, and neither
``create_all``-style helpers nor Alembic autogenerate may ever see it.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import TypeDecorator

# Stable constraint names let future SQLite batch migrations drop or alter them.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Typed as Any: without SQLAlchemy's mypy plugin, a declarative base is not a valid class to mypy.
Base: Any = declarative_base(metadata=MetaData(naming_convention=NAMING_CONVENTION))

FEEDBACK_VALUES = ("easy", "done", "hard", "hurt")
PAIN_MIN, PAIN_MAX = 0, 10


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A timestamp that is always stored and returned as aware UTC.

    SQLite drops the offset and hands back naive datetimes; normalising here
    means callers can compare and display timestamps the same way on any
    database, and a naive datetime is refused instead of being guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware one")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def _conversation_fk() -> Column:
    """The indexed, cascading link every child row keeps to its conversation."""
    return Column(
        Integer,
        ForeignKey("conversations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _created_at() -> Column:
    """When the row was written, in UTC."""
    return Column(UTCDateTime(), nullable=False, default=utcnow)


class Conversation(Base):
    """One person talking to guywire, keyed by Rasa's sender id."""

    __tablename__ = "conversations"

    id = Column(Integer, primary_key=True)
    sender_id = Column(String(255), nullable=False, unique=True, index=True)
    channel = Column(String(64), nullable=True)
    started_at = Column(UTCDateTime(), nullable=False, default=utcnow)
    last_seen_at = Column(UTCDateTime(), nullable=False, default=utcnow, index=True)
    # None means the person has not been asked yet, which differs from "no".
    consent = Column(Boolean, nullable=True)
    reviewed_at = Column(UTCDateTime(), nullable=True)
    reviewed_by = Column(String(64), nullable=True)

    check_ins = relationship(
        "CheckIn",
        back_populates="conversation",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    label_mentions = relationship(
        "LabelMention",
        back_populates="conversation",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    step_suggestions = relationship(
        "StepSuggestion",
        back_populates="conversation",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    safety_events = relationship(
        "SafetyEvent",
        back_populates="conversation",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class CheckIn(Base):
    """How the person said they feel, where it hurts, and how much."""

    __tablename__ = "check_ins"
    __table_args__ = (CheckConstraint(f"pain_level BETWEEN {PAIN_MIN} AND {PAIN_MAX}", name="pain_level_range"),)

    id = Column(Integer, primary_key=True)
    conversation_id = _conversation_fk()
    created_at = _created_at()
    feeling = Column(Text, nullable=True)
    location = Column(String(64), nullable=True)
    pain_level = Column(Integer, nullable=True)

    conversation = relationship("Conversation", back_populates="check_ins")


class LabelMention(Base):
    """A diagnosis label the person used, so replies can acknowledge it."""

    __tablename__ = "label_mentions"

    id = Column(Integer, primary_key=True)
    conversation_id = _conversation_fk()
    created_at = _created_at()
    diagnosis = Column(String(64), nullable=False)

    conversation = relationship("Conversation", back_populates="label_mentions")


class StepSuggestion(Base):
    """A small step guywire offered, and how the person said it went."""

    __tablename__ = "step_suggestions"
    __table_args__ = (
        CheckConstraint(
            "feedback IN ({})".format(", ".join(f"'{v}'" for v in FEEDBACK_VALUES)),
            name="feedback_value",
        ),
    )

    id = Column(Integer, primary_key=True)
    conversation_id = _conversation_fk()
    created_at = _created_at()
    step_id = Column(String(64), nullable=False)
    feedback = Column(String(16), nullable=True)
    feedback_at = Column(UTCDateTime(), nullable=True)

    conversation = relationship("Conversation", back_populates="step_suggestions")


class SafetyEvent(Base):
    """A red-flag or crisis message, kept so a human can follow it up."""

    __tablename__ = "safety_events"

    id = Column(Integer, primary_key=True)
    conversation_id = _conversation_fk()
    created_at = _created_at()
    kind = Column(String(32), nullable=False)
    matched_text = Column(Text, nullable=False)
    followed_up_at = Column(UTCDateTime(), nullable=True)
    followed_up_by = Column(String(255), nullable=True)

    conversation = relationship("Conversation", back_populates="safety_events")


# --- transcript review (bot/review) ----------------------------------------------------


class Reviewer(Base):
    """A coach or clinician who may read transcripts; the password is stored as an Argon2 hash."""

    __tablename__ = "reviewers"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True, index=True)
    password_hash = Column(String(255), nullable=False)
    created_at = _created_at()


class ReviewNote(Base):
    """A reviewer's note on a conversation."""

    __tablename__ = "review_notes"

    id = Column(Integer, primary_key=True)
    conversation_id = _conversation_fk()
    created_at = _created_at()
    author = Column(String(64), nullable=False)
    text = Column(Text, nullable=False)


class ReviewTag(Base):
    """A short label a reviewer puts on a conversation ("misunderstood", "follow-up", ...)."""

    __tablename__ = "review_tags"
    __table_args__ = (UniqueConstraint("conversation_id", "tag"),)

    id = Column(Integer, primary_key=True)
    conversation_id = _conversation_fk()
    created_at = _created_at()
    tag = Column(String(64), nullable=False)


class AuditEntry(Base):
    """Who did what in review, and when. Kept when a conversation is deleted (no foreign key)."""

    __tablename__ = "review_audit"

    id = Column(Integer, primary_key=True)
    at = Column(UTCDateTime(), nullable=False, default=utcnow, index=True)
    reviewer = Column(String(64), nullable=False)
    action = Column(String(64), nullable=False)
    conversation_id = Column(Integer, nullable=True)
    detail = Column(Text, nullable=True)

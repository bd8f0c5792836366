"""The review list and the transcript, as queries over Rasa's events and guywire's records.

The list is two queries: one picks the page's conversation ids (filters, order, limit) from the
indexed `conversations` table, the other fills in the columns for just those ids. So a page costs
the same whether the database holds a hundred conversations or ten thousand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import sqlalchemy as sa

from bot.coach.safety_dialogue import REPLAYED
from bot.review.transcript import EVENTS, Turn, read_events, turns_from_events
from bot.store.db import engine_for
from bot.store.models import CheckIn, Conversation, LabelMention, ReviewNote, ReviewTag, SafetyEvent

PAGE_SIZE = 25
MAX_EXPORT = 1000  # conversations in one filtered export
SAFETY_CHOICES = ("", "open", "any")
REVIEWED_CHOICES = ("", "yes", "no")

conversations = Conversation.__table__
check_ins = CheckIn.__table__
labels = LabelMention.__table__
safety = SafetyEvent.__table__


class FilterError(ValueError):
    """A filter value that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Filters:
    """What a reviewer narrowed the list to. Empty means everything."""

    safety: str = ""  # "open": safety events not yet followed up; "any": any safety event
    channel: str = ""
    since: date | None = None
    until: date | None = None
    diagnosis: str = ""
    pain_min: int | None = None
    pain_max: int | None = None
    text: str = ""
    reviewed: str = ""

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Filters:
        """Filters from query parameters or CLI options; raises FilterError on a bad value."""
        get = lambda key: str(values.get(key) or "").strip()  # noqa: E731
        filters = cls(
            safety=get("safety"),
            channel=get("channel"),
            since=_date(get("since"), "since"),
            until=_date(get("until"), "until"),
            diagnosis=get("diagnosis"),
            pain_min=_pain(get("pain_min"), "pain_min"),
            pain_max=_pain(get("pain_max"), "pain_max"),
            text=get("text")[:200],
            reviewed=get("reviewed"),
        )
        if filters.safety not in SAFETY_CHOICES:
            raise FilterError(f"safety must be one of: open, any (got {filters.safety!r})")
        if filters.reviewed not in REVIEWED_CHOICES:
            raise FilterError(f"reviewed must be yes or no (got {filters.reviewed!r})")
        return filters

    def as_params(self) -> dict[str, str]:
        """The non-empty filters as strings, for links and export URLs."""
        return {k: str(v) for k, v in self.__dict__.items() if v not in ("", None)}


def _date(value: str, name: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise FilterError(f"{name} must be a date like 2026-11-25 (got {value!r})") from None


def _pain(value: str, name: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not 0 <= int(value) <= 10:
        raise FilterError(f"{name} must be a whole number from 0 to 10 (got {value!r})")
    return int(value)


def _latest_pain() -> sa.sql.expression.ScalarSelect:
    return (
        sa.select(check_ins.c.pain_level)
        .where(check_ins.c.conversation_id == conversations.c.id, check_ins.c.pain_level.is_not(None))
        .order_by(check_ins.c.created_at.desc(), check_ins.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _open_safety() -> sa.sql.expression.Exists:
    return sa.exists().where(safety.c.conversation_id == conversations.c.id, safety.c.followed_up_at.is_(None))


def _reviewable() -> Any:
    """A conversation whose person declined recording is listed only for its safety events, which
    must be followed up; its transcript is never shown or searched (see conversation_detail)."""
    return sa.or_(
        conversations.c.consent.is_(None),
        conversations.c.consent.is_(True),
        sa.exists().where(safety.c.conversation_id == conversations.c.id),
    )


def _contains(text: str, dialect: str) -> Any:
    """User messages whose text contains `text`, case-insensitively and literally (no wildcards).

    The text is read out of Rasa's JSON (json_extract on SQLite, ->> on PostgreSQL), so JSON keys
    and escapes never match.
    """
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if dialect == "sqlite":  # SQLite's CAST(... AS JSON) would mean numeric affinity
        message = sa.func.json_extract(EVENTS.c.data, "$.text")
    else:
        message = sa.cast(EVENTS.c.data, sa.JSON)["text"].as_string()
    return sa.func.lower(message).like(f"%{escaped}%", escape="\\")


def _conditions(filters: Filters, dialect: str) -> list[Any]:
    where: list[Any] = [_reviewable()]
    if filters.safety == "open":
        where.append(_open_safety())
    elif filters.safety == "any":
        where.append(sa.exists().where(safety.c.conversation_id == conversations.c.id))
    if filters.channel:
        where.append(conversations.c.channel == filters.channel)
    if filters.since:
        where.append(conversations.c.last_seen_at >= datetime.combine(filters.since, time(), timezone.utc))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time(), timezone.utc)
        where.append(conversations.c.started_at < end)
    if filters.diagnosis:
        where.append(
            sa.exists().where(labels.c.conversation_id == conversations.c.id, labels.c.diagnosis == filters.diagnosis)
        )
    if filters.pain_min is not None:
        where.append(_latest_pain() >= filters.pain_min)
    if filters.pain_max is not None:
        where.append(_latest_pain() <= filters.pain_max)
    if filters.text:
        where.append(conversations.c.consent.is_not(False))  # a declined transcript is not searched
        where.append(
            sa.exists().where(
                EVENTS.c.sender_id == conversations.c.sender_id,
                EVENTS.c.type_name == "user",
                _contains(filters.text, dialect),
            )
        )
    if filters.reviewed == "yes":
        where.append(conversations.c.reviewed_at.is_not(None))
    elif filters.reviewed == "no":
        where.append(conversations.c.reviewed_at.is_(None))
    return where


@dataclass(frozen=True)
class Row:
    """One line of the conversation list."""

    id: int
    sender_id: str
    channel: str | None
    started_at: datetime
    last_seen_at: datetime
    turns: int
    latest_pain: int | None
    labels: tuple[str, ...]
    safety_events: int
    open_safety_events: int
    reviewed: bool
    declined: bool = False  # the person said no to recording: only safety events are shown


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def list_conversations(url: str, filters: Filters, page: int = 1, page_size: int = PAGE_SIZE) -> Page:
    """A page of conversations: unfollowed safety events first, then the most recently active."""
    engine = engine_for(url)
    where = _conditions(filters, engine.dialect.name)
    page = max(1, page)
    with engine.connect() as connection:
        total = connection.execute(sa.select(sa.func.count()).select_from(conversations).where(*where)).scalar_one()
        ids = (
            connection.execute(
                sa.select(conversations.c.id)
                .where(*where)
                .order_by(_open_safety().desc(), conversations.c.last_seen_at.desc(), conversations.c.id.desc())
                .limit(page_size)
                .offset((page - 1) * page_size)
            )
            .scalars()
            .all()
        )
        rows = _rows(connection, list(ids))
    return Page(rows=rows, total=total, page=page, page_size=page_size)


def matching_details(url: str, filters: Filters, limit: int = MAX_EXPORT) -> list[Detail]:
    """Every conversation the filters match (up to `limit`), whole, in list order."""
    page = list_conversations(url, filters, page=1, page_size=limit)
    return [d for d in (conversation_detail(url, row.id) for row in page.rows) if d is not None]


def _rows(connection: sa.engine.Connection, ids: list[int]) -> list[Row]:
    """The list columns for the given conversation ids, in the given order."""
    if not ids:
        return []
    turns = (
        sa.select(sa.func.count())
        .where(
            EVENTS.c.sender_id == conversations.c.sender_id,
            EVENTS.c.type_name == "user",
            ~EVENTS.c.data.contains(REPLAYED),  # a message handed back to the dialogue is one turn
        )
        .scalar_subquery()
    )

    def counted(*extra: Any) -> Any:
        return (
            sa.select(sa.func.count()).where(safety.c.conversation_id == conversations.c.id, *extra).scalar_subquery()
        )

    query = sa.select(
        conversations,
        turns.label("turns"),
        _latest_pain().label("latest_pain"),
        counted().label("safety_events"),
        counted(safety.c.followed_up_at.is_(None)).label("open_safety"),
    ).where(conversations.c.id.in_(ids))
    found = {r.id: r for r in connection.execute(query)}
    label_rows = connection.execute(
        sa.select(labels.c.conversation_id, labels.c.diagnosis)
        .distinct()
        .where(labels.c.conversation_id.in_(ids))
        .order_by(labels.c.diagnosis)
    )
    by_conversation: dict[int, list[str]] = {}
    for conversation_id, diagnosis in label_rows:
        by_conversation.setdefault(conversation_id, []).append(diagnosis)
    return [
        Row(
            id=r.id,
            sender_id=r.sender_id,
            channel=r.channel,
            started_at=_aware(r.started_at),
            last_seen_at=_aware(r.last_seen_at),
            turns=r.turns,
            latest_pain=r.latest_pain,
            labels=tuple(by_conversation.get(r.id, ())),
            safety_events=r.safety_events,
            open_safety_events=r.open_safety,
            reviewed=r.reviewed_at is not None,
            declined=r.consent is False,
        )
        for r in (found[i] for i in ids if i in found)
    ]


def _aware(value: Any) -> datetime:
    """SQLite hands back naive datetimes (or strings through Core); review shows UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Detail:
    """Everything the transcript page shows for one conversation."""

    row: Row
    turns: list[Turn]
    notes: list[tuple[datetime, str, str]] = field(default_factory=list)  # (at, author, text)
    tags: list[str] = field(default_factory=list)
    safety: list[dict[str, Any]] = field(default_factory=list)
    pain: list[tuple[datetime, int]] = field(default_factory=list)
    reviewed_by: str | None = None


def conversation_detail(url: str, conversation_id: int) -> Detail | None:
    """The whole conversation with its records in line, or None when there is no such one."""
    with engine_for(url).connect() as connection:
        rows = _rows(connection, [conversation_id])
        if not rows:
            return None
        [row] = rows
        record_turns, pain, safety_rows = _records(connection, conversation_id)
        # Declined recording: the safety events, with the words that raised them, and nothing else.
        said = [] if row.declined else turns_from_events(read_events(connection, row.sender_id))
        turns = sorted(said + record_turns, key=lambda t: t.at)
        notes = [
            (_aware(a), author, text)
            for a, author, text in connection.execute(
                sa.select(ReviewNote.created_at, ReviewNote.author, ReviewNote.text)
                .where(ReviewNote.conversation_id == conversation_id)
                .order_by(ReviewNote.id)
            )
        ]
        tags = list(
            connection.execute(
                sa.select(ReviewTag.tag).where(ReviewTag.conversation_id == conversation_id).order_by(ReviewTag.tag)
            ).scalars()
        )
        reviewed_by = connection.execute(
            sa.select(conversations.c.reviewed_by).where(conversations.c.id == conversation_id)
        ).scalar_one()
    return Detail(row=row, turns=turns, notes=notes, tags=tags, safety=safety_rows, pain=pain, reviewed_by=reviewed_by)


def _records(
    connection: sa.engine.Connection, conversation_id: int
) -> tuple[list[Turn], list[tuple[datetime, int]], list[dict[str, Any]]]:
    """Check-ins and safety events as transcript turns, plus the pain series and safety rows."""
    turns: list[Turn] = []
    pain: list[tuple[datetime, int]] = []
    for at, feeling, location, level in connection.execute(
        sa.select(check_ins.c.created_at, check_ins.c.feeling, check_ins.c.location, check_ins.c.pain_level)
        .where(check_ins.c.conversation_id == conversation_id)
        .order_by(check_ins.c.id)
    ):
        turns.append(Turn("check_in", _aware(at), value=level, extra={"feeling": feeling, "location": location}))
        if level is not None:
            pain.append((_aware(at), level))
    safety_rows = [
        dict(r._mapping)
        for r in connection.execute(
            sa.select(
                safety.c.id,
                safety.c.created_at,
                safety.c.kind,
                safety.c.matched_text,
                safety.c.followed_up_at,
                safety.c.followed_up_by,
            )
            .where(safety.c.conversation_id == conversation_id)
            .order_by(safety.c.id)
        )
    ]
    for event in safety_rows:
        event["created_at"] = _aware(event["created_at"])
        if event["followed_up_at"] is not None:
            event["followed_up_at"] = _aware(event["followed_up_at"])
        turns.append(Turn("safety", event["created_at"], name=event["kind"], extra=event))
    return turns, pain, safety_rows

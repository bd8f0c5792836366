"""Records against a real, migrated SQLite file, checked through fresh sessions."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Sequence

import pytest
from sqlalchemy import delete, func, select, text, update

from bot.store.db import engine_for, session_scope
from bot.store.models import (
    Base,
    CheckIn,
    Conversation,
    LabelMention,
    SafetyEvent,
    StepSuggestion,
)
from bot.coach.progression import StepRecord
from bot.store.records import Records, mark_seen

CHILDREN = (CheckIn, LabelMention, StepSuggestion, SafetyEvent)


def _rows(url: str, *columns: Any) -> Sequence[Any]:
    """Read columns through a fresh session, so nothing comes from a cache."""
    with session_scope(url) as session:
        return session.execute(select(*columns)).all()


def _conversation(url: str, sender_id: str) -> Conversation:
    with session_scope(url) as session:
        conversation = session.execute(
            select(Conversation).where(Conversation.sender_id == sender_id)
        ).scalar_one()
        session.expunge(conversation)
        return conversation


def _set_created_at(url: str, model: Any, row_id: int, when: datetime) -> None:
    with session_scope(url) as session:
        session.execute(update(model).where(model.id == row_id).values(created_at=when))


def _fill(records: Records, sender_id: str) -> None:
    records.record_check_in(
        sender_id, "web", feeling="stiff", location="lower back", pain_level=4
    )
    records.record_label_mention(sender_id, "web", "sciatica")
    records.record_step_suggestion(sender_id, "web", "walk_5_min")
    records.record_safety_event(sender_id, "web", "red_flag", "numb saddle")


def _child_counts(url: str) -> dict:
    with session_scope(url) as session:
        return {
            model.__tablename__: session.execute(
                select(func.count()).select_from(model)
            ).scalar_one()
            for model in CHILDREN
        }


# --- conversations -------------------------------------------------------------


def test_touch_creates_the_conversation_once(records: Records, database_url: str) -> None:
    before = datetime.now(timezone.utc)
    records.touch("alice", "web")
    first = _conversation(database_url, "alice")
    records.touch("alice", "web")
    second = _conversation(database_url, "alice")

    assert _rows(database_url, Conversation.sender_id) == [("alice",)]
    assert first.id == second.id
    assert first.channel == "web"
    assert first.consent is None
    assert first.started_at.tzinfo == timezone.utc
    assert before <= first.started_at == first.last_seen_at
    assert second.started_at == first.started_at
    assert second.last_seen_at > first.last_seen_at


def test_touch_fills_an_unknown_channel_but_never_replaces_one(
    records: Records, database_url: str
) -> None:
    records.touch("alice", None)
    assert _conversation(database_url, "alice").channel is None
    records.touch("alice", "telegram")
    assert _conversation(database_url, "alice").channel == "telegram"
    records.touch("alice", "web")
    records.touch("alice", None)
    assert _conversation(database_url, "alice").channel == "telegram"


def test_mark_seen_creates_once_then_updates_in_the_callers_transaction(database_url: str) -> None:
    """The tracker store's mark on every message: one UPDATE for a known person, the channel only
    filled in while unknown, a new person's row created."""
    with session_scope(database_url) as session:
        mark_seen(session, "alice", None)
    first = _conversation(database_url, "alice")
    with session_scope(database_url) as session:
        mark_seen(session, "alice", "telegram")
        mark_seen(session, "bob", "web")
    second = _conversation(database_url, "alice")
    with session_scope(database_url) as session:
        mark_seen(session, "alice", "web")
    third = _conversation(database_url, "alice")
    assert first.channel is None and second.channel == third.channel == "telegram"
    assert first.id == second.id == third.id and first.started_at == third.started_at
    assert first.last_seen_at < second.last_seen_at < third.last_seen_at
    assert third.last_seen_at.tzinfo == timezone.utc
    assert _conversation(database_url, "bob").channel == "web"


def test_consent_is_none_until_asked(records: Records) -> None:
    assert records.consent("stranger") is None
    records.touch("alice", "web")
    assert records.consent("alice") is None


def test_set_consent_stores_the_answer(records: Records, database_url: str) -> None:
    records.set_consent("alice", "web", True)
    records.set_consent("bob", "web", True)
    records.set_consent("bob", "web", False)

    assert records.consent("alice") is True
    assert records.consent("bob") is False
    assert sorted(_rows(database_url, Conversation.sender_id, Conversation.consent)) == [
        ("alice", True),
        ("bob", False),
    ]


# --- writes --------------------------------------------------------------------


def test_record_check_in_writes_the_row(records: Records, database_url: str) -> None:
    check_in_id = records.record_check_in(
        "alice", "web", feeling="sore", location="lower back", pain_level=6
    )
    conversation = _conversation(database_url, "alice")
    (row,) = _rows(
        database_url,
        CheckIn.id,
        CheckIn.conversation_id,
        CheckIn.feeling,
        CheckIn.location,
        CheckIn.pain_level,
        CheckIn.created_at,
    )

    assert row[:5] == (check_in_id, conversation.id, "sore", "lower back", 6)
    assert row.created_at.tzinfo == timezone.utc
    assert conversation.channel == "web"


def test_record_check_in_allows_missing_values(records: Records, database_url: str) -> None:
    records.record_check_in("alice", "web", feeling=None, location=None, pain_level=None)
    records.record_check_in("alice", "web", feeling=None, location=None, pain_level=0)
    records.record_check_in("alice", "web", feeling=None, location=None, pain_level=10)
    assert _rows(database_url, CheckIn.feeling, CheckIn.location, CheckIn.pain_level) == [
        (None, None, None),
        (None, None, 0),
        (None, None, 10),
    ]


def test_record_label_mention_writes_the_row(records: Records, database_url: str) -> None:
    mention_id = records.record_label_mention("alice", "web", "herniated disc")
    conversation = _conversation(database_url, "alice")
    assert _rows(
        database_url, LabelMention.id, LabelMention.conversation_id, LabelMention.diagnosis
    ) == [(mention_id, conversation.id, "herniated disc")]


def test_record_step_suggestion_writes_the_row(records: Records, database_url: str) -> None:
    step_id = records.record_step_suggestion("alice", "web", "pelvic_tilt")
    conversation = _conversation(database_url, "alice")
    assert _rows(
        database_url,
        StepSuggestion.id,
        StepSuggestion.conversation_id,
        StepSuggestion.step_id,
        StepSuggestion.feedback,
        StepSuggestion.feedback_at,
    ) == [(step_id, conversation.id, "pelvic_tilt", None, None)]


def test_record_safety_event_writes_the_row(records: Records, database_url: str) -> None:
    event_id = records.record_safety_event("alice", "web", "crisis", "I want to end it")
    conversation = _conversation(database_url, "alice")
    assert _rows(
        database_url,
        SafetyEvent.id,
        SafetyEvent.conversation_id,
        SafetyEvent.kind,
        SafetyEvent.matched_text,
        SafetyEvent.followed_up_at,
        SafetyEvent.followed_up_by,
    ) == [(event_id, conversation.id, "crisis", "I want to end it", None, None)]


def test_writes_share_one_conversation_per_sender(
    records: Records, database_url: str
) -> None:
    _fill(records, "alice")
    _fill(records, "bob")
    conversations = dict(_rows(database_url, Conversation.sender_id, Conversation.id))
    assert set(conversations) == {"alice", "bob"}
    for model in CHILDREN:
        owners = sorted(owner for (owner,) in _rows(database_url, model.conversation_id))
        assert owners == sorted(conversations.values())


def test_writes_update_last_seen(records: Records, database_url: str) -> None:
    records.touch("alice", "web")
    seen = _conversation(database_url, "alice").last_seen_at
    records.record_label_mention("alice", "web", "sciatica")
    assert _conversation(database_url, "alice").last_seen_at > seen


# --- step feedback and history --------------------------------------------------


def test_record_step_feedback_marks_the_latest_suggestion(
    records: Records, database_url: str
) -> None:
    first = records.record_step_suggestion("alice", "web", "walk_5_min")
    latest = records.record_step_suggestion("alice", "web", "pelvic_tilt")
    other = records.record_step_suggestion("bob", "web", "walk_5_min")
    before = datetime.now(timezone.utc)

    assert records.record_step_feedback("alice", "hard") == latest

    rows = {
        row_id: (feedback, feedback_at)
        for row_id, feedback, feedback_at in _rows(
            database_url,
            StepSuggestion.id,
            StepSuggestion.feedback,
            StepSuggestion.feedback_at,
        )
    }
    assert rows[first] == (None, None)
    assert rows[other] == (None, None)
    feedback, feedback_at = rows[latest]
    assert feedback == "hard"
    assert feedback_at.tzinfo == timezone.utc and feedback_at >= before


def test_record_step_feedback_without_a_suggestion_returns_none(
    records: Records, database_url: str
) -> None:
    assert records.record_step_feedback("stranger", "done") is None
    records.record_label_mention("alice", "web", "sciatica")
    assert records.record_step_feedback("alice", "done") is None
    assert _rows(database_url, StepSuggestion.id) == []


def test_step_history_is_oldest_first_with_feedback(
    records: Records, database_url: str
) -> None:
    now = datetime.now(timezone.utc)
    walk = records.record_step_suggestion("alice", "web", "walk_5_min")
    tilt = records.record_step_suggestion("alice", "web", "pelvic_tilt")
    records.record_step_suggestion("bob", "web", "heat_pack")
    # Stored out of insertion order, so the test proves ordering by time.
    _set_created_at(database_url, StepSuggestion, walk, now - timedelta(hours=1))
    _set_created_at(database_url, StepSuggestion, tilt, now - timedelta(hours=2))
    records.record_step_feedback("alice", "easy")

    assert records.step_history("alice") == [
        StepRecord("pelvic_tilt", None, now - timedelta(hours=2)),
        StepRecord("walk_5_min", "easy", now - timedelta(hours=1)),
    ]
    assert records.step_history("stranger") == []


def test_step_record_is_frozen() -> None:
    record = StepRecord("walk_5_min", None, datetime.now(timezone.utc))
    with pytest.raises(AttributeError):
        record.step_id = "other"  # type: ignore[misc]


# --- pain levels ----------------------------------------------------------------


def test_latest_pain_level_respects_since(records: Records, database_url: str) -> None:
    now = datetime.now(timezone.utc)
    old = records.record_check_in("alice", "web", feeling=None, location=None, pain_level=8)
    recent = records.record_check_in(
        "alice", "web", feeling=None, location=None, pain_level=3
    )
    _set_created_at(database_url, CheckIn, old, now - timedelta(days=2))
    _set_created_at(database_url, CheckIn, recent, now - timedelta(hours=1))

    assert records.latest_pain_level("alice", now - timedelta(days=3)) == 3
    assert records.latest_pain_level("alice", now - timedelta(hours=1)) == 3
    assert records.latest_pain_level("alice", now - timedelta(minutes=59)) is None
    assert records.latest_pain_level("stranger", now - timedelta(days=3)) is None


def test_latest_pain_level_picks_the_newest_and_skips_missing_levels(
    records: Records,
) -> None:
    since = datetime.now(timezone.utc) - timedelta(minutes=1)
    records.record_check_in("alice", "web", feeling=None, location=None, pain_level=7)
    records.record_check_in("alice", "web", feeling=None, location=None, pain_level=5)
    records.record_check_in("alice", "web", feeling="tired", location=None, pain_level=None)
    records.record_check_in("bob", "web", feeling=None, location=None, pain_level=9)
    assert records.latest_pain_level("alice", since) == 5


def test_latest_pain_level_compares_across_timezones(
    records: Records, database_url: str
) -> None:
    check_in = records.record_check_in(
        "alice", "web", feeling=None, location=None, pain_level=2
    )
    stored_at = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    _set_created_at(database_url, CheckIn, check_in, stored_at)
    plus_two = timezone(timedelta(hours=2))
    # 13:30 at UTC+2 is 11:30 UTC, before the check-in; 14:30 is after it.
    assert records.latest_pain_level("alice", datetime(2024, 5, 1, 13, 30, tzinfo=plus_two)) == 2
    assert records.latest_pain_level("alice", datetime(2024, 5, 1, 14, 30, tzinfo=plus_two)) is None


# --- validation -----------------------------------------------------------------


@pytest.mark.parametrize("pain_level", [-1, 11, 3.5, "5", True])
def test_record_check_in_rejects_bad_pain_levels(
    records: Records, database_url: str, pain_level: Any
) -> None:
    with pytest.raises(ValueError, match="pain_level"):
        records.record_check_in(
            "alice", "web", feeling=None, location=None, pain_level=pain_level
        )
    assert _rows(database_url, CheckIn.id) == []
    assert _rows(database_url, Conversation.id) == []


@pytest.mark.parametrize("feedback", ["great", "", "EASY", None])
def test_record_step_feedback_rejects_unknown_values(
    records: Records, database_url: str, feedback: Any
) -> None:
    records.record_step_suggestion("alice", "web", "walk_5_min")
    with pytest.raises(ValueError, match="feedback must be one of easy, done, hard, hurt"):
        records.record_step_feedback("alice", feedback)
    assert _rows(database_url, StepSuggestion.feedback) == [(None,)]


def test_latest_pain_level_rejects_naive_since(records: Records) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        records.latest_pain_level("alice", datetime(2024, 5, 1, 12, 0))


def test_database_checks_back_up_validation(database_url: str) -> None:
    """The CHECK constraints hold even for writes that bypass Records."""
    Records(database_url).touch("alice", "web")
    conversation_id = _conversation(database_url, "alice").id
    for statement in (
        "INSERT INTO check_ins (conversation_id, created_at, pain_level)"
        " VALUES (:c, '2024-01-01 00:00:00', 11)",
        "INSERT INTO step_suggestions (conversation_id, created_at, step_id, feedback)"
        " VALUES (:c, '2024-01-01 00:00:00', 'walk', 'meh')",
    ):
        with pytest.raises(Exception, match="CHECK constraint failed"):
            with session_scope(database_url) as session:
                session.execute(text(statement), {"c": conversation_id})


# --- cascade --------------------------------------------------------------------


def test_deleting_a_conversation_through_the_orm_removes_its_children(
    records: Records, database_url: str
) -> None:
    _fill(records, "alice")
    _fill(records, "bob")
    with session_scope(database_url) as session:
        alice = session.execute(
            select(Conversation).where(Conversation.sender_id == "alice")
        ).scalar_one()
        session.delete(alice)

    assert _rows(database_url, Conversation.sender_id) == [("bob",)]
    assert _child_counts(database_url) == {
        model.__tablename__: 1 for model in CHILDREN
    }


def test_deleting_a_conversation_in_sql_cascades_in_the_database(
    records: Records, database_url: str
) -> None:
    _fill(records, "alice")
    with session_scope(database_url) as session:
        session.execute(delete(Conversation).where(Conversation.sender_id == "alice"))
    assert _rows(database_url, Conversation.id) == []
    assert _child_counts(database_url) == {model.__tablename__: 0 for model in CHILDREN}


def test_records_never_create_rasa_tables(records: Records, database_url: str) -> None:
    _fill(records, "alice")
    with engine_for(database_url).connect() as connection:
        assert not engine_for(database_url).dialect.has_table(connection, "events")
    assert "events" not in Base.metadata.tables

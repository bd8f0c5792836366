"""Retention: `purge_older_than` and `guywire transcripts purge` delete exactly the conversations
last seen before the cut-off, with their transcripts and records, keep everything newer, and audit
the purge. Run against the synthetic conversations review is benchmarked on, spread over 90 days."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.store.db import engine_for
from bot.store.models import AuditEntry, CheckIn, Conversation, ReviewNote, utcnow
from bot.review import annotations
from bot.review.retention import purge_older_than
from bot.review.sample import generate
from bot.review.transcript import EVENTS

DAYS = 30


@pytest.fixture
def sample(database_url: str) -> str:
    """40 conversations last seen 0 to 90 days ago, each with events and a reviewer's note."""
    generate(database_url, 40, events_per_conversation=10)
    for conversation_id in last_seen(database_url):
        annotations.add_note(database_url, "nurse", conversation_id, "worth a look")
    return database_url


def last_seen(url: str) -> dict[int, datetime]:
    with engine_for(url).connect() as connection:
        return dict(connection.execute(sa.select(Conversation.id, Conversation.last_seen_at)).all())


def events_by_sender(url: str) -> Counter:
    with engine_for(url).connect() as connection:
        return Counter(dict(connection.execute(
            sa.select(EVENTS.c.sender_id, sa.func.count()).group_by(EVENTS.c.sender_id)).all()))


def senders(url: str) -> set[str]:
    with engine_for(url).connect() as connection:
        return set(connection.execute(sa.select(Conversation.sender_id)).scalars())


def owners(url: str, table: sa.Table) -> set[int]:
    """The conversation ids that rows of a child table still point to."""
    with engine_for(url).connect() as connection:
        return set(connection.execute(sa.select(table.c.conversation_id)).scalars())


def audit(url: str) -> list[tuple[str, str, str | None]]:
    with engine_for(url).connect() as connection:
        return [tuple(r) for r in connection.execute(
            sa.select(AuditEntry.reviewer, AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id))]


def add_events(url: str, sender: str, *timestamps: datetime) -> None:
    rows = [{"sender_id": sender, "type_name": "user", "timestamp": at.timestamp(), "data": "{}"}
            for at in timestamps]
    with engine_for(url).begin() as connection:
        connection.execute(sa.insert(EVENTS), rows)


def test_purge_deletes_what_was_last_seen_before_the_cutoff_and_nothing_else(sample: str) -> None:
    now = utcnow()
    cutoff = now - timedelta(days=DAYS)
    add_events(sample, "stray-old", cutoff - timedelta(days=5), cutoff - timedelta(days=1))
    add_events(sample, "stray-active", cutoff - timedelta(days=60), now - timedelta(hours=1))
    seen, events_before = last_seen(sample), events_by_sender(sample)
    checked_in = owners(sample, CheckIn.__table__)
    with engine_for(sample).connect() as connection:
        sender_of = dict(connection.execute(sa.select(Conversation.id, Conversation.sender_id)).all())
    kept = {i for i, at in seen.items() if at >= cutoff}
    deleted = len(seen) - len(kept)
    assert kept and deleted and checked_in - kept, "the sample should straddle the cut-off"

    assert purge_older_than(sample, DAYS, "retention", now=now) == deleted

    assert senders(sample) == {sender_of[i] for i in kept}
    assert events_by_sender(sample) == {**{sender_of[i]: events_before[sender_of[i]] for i in kept},
                                        "stray-active": 2}
    assert owners(sample, ReviewNote.__table__) == kept
    assert owners(sample, CheckIn.__table__) == checked_in & kept
    entries = audit(sample)
    assert Counter(action for _, action, _ in entries) == {"note": len(seen), "deleted": deleted, "purged": 1}
    assert entries[-1] == ("retention", "purged",
                           f"{deleted} conversation(s) last seen before {cutoff:%Y-%m-%d %H:%M} UTC "
                           f"({DAYS} days), 2 event(s) without a conversation")


@pytest.mark.parametrize("days", [0, -7])
def test_purge_refuses_less_than_a_day(sample: str, days: int) -> None:
    before = senders(sample)
    with pytest.raises(ValueError, match="1 or more"):
        purge_older_than(sample, days, "retention")
    assert senders(sample) == before


def guywire(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {"GUYWIRE_DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    return subprocess.run([str(Path(sys.executable).with_name("guywire")), *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=120)


def test_the_purge_command_asks_first_then_deletes_and_audits(sample: str) -> None:
    seen = last_seen(sample)
    refused = guywire(sample, "transcripts", "purge", "--older-than-days", str(DAYS), stdin="no\n")
    assert refused.returncode == 1 and last_seen(sample) == seen
    zero = guywire(sample, "transcripts", "purge", "--older-than-days", "0", "--yes")
    assert zero.returncode == 2 and "1 or more" in zero.stderr and last_seen(sample) == seen

    earliest_cutoff = utcnow() - timedelta(days=DAYS)
    purged = guywire(sample, "transcripts", "purge", "--older-than-days", str(DAYS), "--yes",
                     "--reviewer", "ops")
    latest_cutoff = utcnow() - timedelta(days=DAYS)

    assert purged.returncode == 0, purged.stderr
    kept = last_seen(sample)
    deleted = seen.keys() - kept.keys()
    assert purged.stdout == f"{len(deleted)} conversation(s) deleted.\n" and deleted and kept
    assert all(at >= earliest_cutoff for at in kept.values())
    assert all(seen[i] < latest_cutoff for i in deleted)
    assert audit(sample)[-1][:2] == ("ops", "purged")

"""Transcript review: the list and transcript queries, exports, annotations, accounts and the CLI,
against real SQLite databases holding events written the way Rasa writes them."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.domain import Domain

from bot.store.db import engine_for
from bot.store.records import Records
from bot.review import accounts, annotations, exports, queries
from bot.review.chart import pain_svg
from bot.review.sample import generate
from bot.review.transcript import turns_from_events
from bot.store.tracker_store import GuywireTrackerStore

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = Domain.from_path(str(ROOT / "domain.yml"))


def user(text: str, intent: str, confidence: float, at: float, entities: list | None = None) -> dict:
    return {"event": "user", "timestamp": at, "text": text, "input_channel": "rest",
            "parse_data": {"text": text, "intent": {"name": intent, "confidence": confidence},
                           "entities": entities or []}}


def write_events(url: str, sender: str, events: list[dict]) -> None:
    """Store events through Rasa's own SQL tracker store (our subclass), as a server would."""
    import asyncio

    from rasa.shared.core.events import Event
    from rasa.shared.core.trackers import DialogueStateTracker

    store = GuywireTrackerStore(domain=DOMAIN, host=url)
    tracker = DialogueStateTracker.from_events(sender, [Event.from_parameters(e) for e in events], DOMAIN.slots)
    asyncio.run(store.save(tracker))


@pytest.fixture
def people(database_url: str) -> dict[str, int]:
    """Three conversations: one with an open red flag, one labelled with check-ins, one on Telegram."""
    now = datetime.now(timezone.utc).timestamp()
    write_events(database_url, "ana", [
        user("I can't control my bladder", "report_red_flag", 0.97, now - 300),
        {"event": "action", "timestamp": now - 299, "name": "action_safety_escalation"},
        {"event": "bot", "timestamp": now - 298, "text": "Please go to emergency care now.",
         "data": {"buttons": [{"title": "OK", "payload": "/affirm"}]}},
        user("<script>alert('x')</script> 50% of_days", "nlu_fallback", 0.3, now - 200),
    ])
    write_events(database_url, "ben", [
        user("my doctor said I have DDD", "mention_diagnosis", 0.95, now - 5000,
             [{"entity": "diagnosis", "value": "degenerative_disc_disease", "start": 22, "end": 25}]),
        {"event": "slot", "timestamp": now - 4999, "name": "diagnosis", "value": "degenerative_disc_disease"},
        {"event": "active_loop", "timestamp": now - 4998, "name": "check_in_form"},
    ])
    write_events(database_url, "cy", [user("hi", "greet", 0.99, now - 100)])
    records = Records(database_url)
    records.record_safety_event("ana", "rest", "red_flag", "bladder")
    records.record_label_mention("ben", "rest", "degenerative_disc_disease")
    records.record_check_in("ben", "rest", feeling="fed up", location="lower_back", pain_level=8)
    records.record_check_in("ben", "rest", feeling="better", location="lower_back", pain_level=3)
    with engine_for(database_url).begin() as connection:
        connection.execute(sa.text("UPDATE conversations SET channel = 'telegram' WHERE sender_id = 'cy'"))
        old = datetime(2026, 1, 5, tzinfo=timezone.utc).isoformat(sep=" ")
        connection.execute(sa.text("UPDATE conversations SET started_at = :t, last_seen_at = :t "
                                   "WHERE sender_id = 'ben'"), {"t": old})
        ids = dict(connection.execute(sa.text("SELECT sender_id, id FROM conversations")).all())
    return ids


def senders(url: str, **filters: str) -> list[str]:
    page = queries.list_conversations(url, queries.Filters.from_mapping(filters))
    return [row.sender_id for row in page.rows]


def test_the_list_puts_open_safety_events_first_then_recent_activity(database_url: str, people: dict) -> None:
    page = queries.list_conversations(database_url, queries.Filters())
    assert [r.sender_id for r in page.rows] == ["ana", "cy", "ben"]
    ana, cy, ben = page.rows
    assert (ana.turns, ana.open_safety_events, ana.channel) == (2, 1, "rest")
    assert (ben.latest_pain, ben.labels, ben.turns) == (3, ("degenerative_disc_disease",), 1)
    assert cy.channel == "telegram" and not cy.reviewed and page.total == 3


@pytest.mark.parametrize("filters, expected", [
    ({"safety": "open"}, ["ana"]),
    ({"channel": "telegram"}, ["cy"]),
    ({"diagnosis": "degenerative_disc_disease"}, ["ben"]),
    ({"pain_min": "2", "pain_max": "4"}, ["ben"]),
    ({"pain_min": "5"}, []),  # the latest rating counts, not the highest
    ({"until": "2026-01-05"}, ["ben"]),
    ({"text": "bladder"}, ["ana"]),
    ({"text": "<SCRIPT>"}, ["ana"]),  # case-insensitive, and the JSON escaping is matched
    ({"text": "50%"}, ["ana"]),
    ({"text": "%"}, ["ana"]),  # a wildcard is a literal character here
    ({"text": "_"}, ["ana"]),
    ({"reviewed": "yes"}, []),
])
def test_filters(database_url: str, people: dict, filters: dict, expected: list) -> None:
    assert senders(database_url, **filters) == expected


def test_since_and_bad_filters(database_url: str, people: dict) -> None:
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert senders(database_url, since=tomorrow) == []
    for bad in ({"safety": "maybe"}, {"pain_min": "11"}, {"pain_max": "-1"}, {"since": "yesterday"}):
        with pytest.raises(queries.FilterError):
            queries.Filters.from_mapping(bad)


def test_pages(database_url: str) -> None:
    generate(database_url, 30, events_per_conversation=10)
    first = queries.list_conversations(database_url, queries.Filters(), page=1, page_size=25)
    second = queries.list_conversations(database_url, queries.Filters(), page=2, page_size=25)
    assert (first.total, first.pages, len(first.rows), len(second.rows)) == (30, 2, 25, 5)
    assert not {r.id for r in first.rows} & {r.id for r in second.rows}


def test_the_transcript_has_every_turn_in_order_with_records_in_line(database_url: str, people: dict) -> None:
    detail = queries.conversation_detail(database_url, people["ana"])
    assert detail is not None
    kinds = [t.kind for t in detail.turns]
    assert kinds.count("user") == 2 and "safety" in kinds and "action" in kinds
    first_user = next(t for t in detail.turns if t.kind == "user")
    assert (first_user.intent, first_user.confidence, first_user.flagged) == ("report_red_flag", 0.97, False)
    fallback = [t for t in detail.turns if t.kind == "user"][1]
    assert fallback.flagged and fallback.text.startswith("<script>")
    bot = next(t for t in detail.turns if t.kind == "bot")
    assert bot.buttons == (("OK", "/affirm"),)
    assert [t.at for t in detail.turns if t.kind in ("user", "bot")] == sorted(
        t.at for t in detail.turns if t.kind in ("user", "bot"))
    ben = queries.conversation_detail(database_url, people["ben"])
    assert ben is not None and [level for _, level in ben.pain] == [8, 3]
    assert queries.conversation_detail(database_url, 999_999) is None


def test_a_declined_conversation_shows_only_its_safety_events(database_url: str, people: dict) -> None:
    """A person who said no to recording: reviewers see the safety events to follow up and the words
    that raised them, never the transcript; without a safety event it is not listed at all."""
    now = datetime.now(timezone.utc).timestamp()
    for sender in ("dee", "eve"):
        write_events(database_url, sender, [user("i feel like a burden to everyone, and my back", "share_feeling",
                                                 0.9, now - 50)])
        Records(database_url).set_consent(sender, "rest", False)
    Records(database_url).record_safety_event("dee", "rest", "crisis", "feel like a burden")
    listed = {row.sender_id: row for row in queries.list_conversations(database_url, queries.Filters()).rows}
    assert "eve" not in listed and listed["dee"].declined and not listed["ana"].declined
    detail = queries.conversation_detail(database_url, listed["dee"].id)
    assert [t.kind for t in detail.turns] == ["safety"] and detail.turns[0].extra["matched_text"] == "feel like a burden"
    found = queries.list_conversations(database_url, queries.Filters(text="burden")).rows
    assert found == []
    exported = json.loads(exports.export(database_url, [detail], "json"))
    assert "my back" not in json.dumps(exported) and exported["conversations"][0]["recording_declined"] is True


def test_quiet_turns() -> None:
    turns = turns_from_events([{"event": "action", "name": "action_listen", "timestamp": 1},
                               {"event": "slot", "name": "consent", "value": True, "timestamp": 2},
                               {"event": "followup", "name": "x", "timestamp": 3}])
    assert [(t.kind, t.quiet) for t in turns] == [("slot", True)]


def test_exports(database_url: str, people: dict) -> None:
    details = [queries.conversation_detail(database_url, people[s]) for s in ("ana", "ben")]
    data = json.loads(exports.export(database_url, details, "json"))
    assert [c["sender_id"] for c in data["conversations"]] == ["ana", "ben"]
    assert data["conversations"][0]["turns"][0]["intent"] == "report_red_flag"

    rows = list(csv.DictReader(io.StringIO(exports.export(database_url, details, "csv"))))
    assert {r["kind"] for r in rows} >= {"user", "bot", "safety", "check_in"}
    assert all(not r["text"].startswith(("=", "+", "-", "@")) for r in rows)

    markdown = exports.export(database_url, details, "md")
    assert "# Conversation" in markdown and "report_red_flag (0.97)" in markdown

    story = exports.export(database_url, details[1:], "story")
    document = yaml.safe_load(story)
    steps = document["stories"][0]["steps"]
    assert steps[0] == {"user": 'my doctor said I have [DDD]{"entity": "diagnosis", "value": '
                                '"degenerative_disc_disease"}', "intent": "mention_diagnosis"}
    assert {"active_loop": "check_in_form"} in steps
    path = Path(database_url.removeprefix("sqlite:///")).with_name("story.yml")
    path.write_text(story)
    [parsed] = YAMLStoryReader(DOMAIN).read_from_file(str(path))  # Rasa reads it as a test story
    assert parsed.block_name.startswith("conversation")
    with pytest.raises(ValueError):
        exports.export(database_url, details, "pdf")


def test_csv_neutralises_formulas() -> None:
    assert exports._safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert exports._safe_cell("fine") == "fine" and exports._safe_cell(None) == ""


def test_annotations_and_the_audit_log(database_url: str, people: dict) -> None:
    ana = people["ana"]
    annotations.add_note(database_url, "coach", ana, "  Phoned her; she went to A&E.  ")
    annotations.add_tag(database_url, "coach", ana, "Follow  Up")
    annotations.add_tag(database_url, "coach", ana, "follow up")  # the same tag once
    annotations.mark_reviewed(database_url, "coach", ana)
    detail = queries.conversation_detail(database_url, ana)
    assert detail is not None
    [event] = detail.safety
    assert annotations.follow_up(database_url, "coach", event["id"]) == ana
    annotations.follow_up(database_url, "nurse", event["id"])  # already done: unchanged
    detail = queries.conversation_detail(database_url, ana)
    assert detail.notes[0][1:] == ("coach", "Phoned her; she went to A&E.")
    assert detail.tags == ["follow up"] and detail.row.reviewed and detail.reviewed_by == "coach"
    assert detail.safety[0]["followed_up_by"] == "coach"
    assert senders(database_url, safety="open") == []
    with pytest.raises(annotations.ReviewError):
        annotations.add_note(database_url, "coach", ana, "   ")
    with pytest.raises(annotations.ReviewError):
        annotations.add_note(database_url, "coach", 999_999, "hello")
    actions = [entry[2] for entry in annotations.audit_log(database_url)]
    assert actions == ["followed_up", "reviewed", "tag", "note"]


def test_deleting_removes_transcript_and_records_but_keeps_the_audit(database_url: str, people: dict) -> None:
    annotations.add_note(database_url, "coach", people["ana"], "note")
    annotations.delete_conversation(database_url, "coach", people["ana"])
    with engine_for(database_url).connect() as connection:
        for table, column in (("events", "sender_id"), ("conversations", "sender_id")):
            assert connection.execute(sa.text(f"SELECT count(*) FROM {table} WHERE {column} = 'ana'")).scalar() == 0
        for table in ("safety_events", "review_notes"):
            assert connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 0
    assert annotations.audit_log(database_url)[0][2:4] == ("deleted", people["ana"])
    assert senders(database_url) == ["cy", "ben"]


def test_accounts(database_url: str) -> None:
    accounts.create_reviewer(database_url, "Coach", "correct horse battery")
    assert accounts.authenticate(database_url, "coach", "correct horse battery", None) == "coach"
    assert accounts.authenticate(database_url, "coach", "wrong", None) is None
    assert accounts.authenticate(database_url, "nobody", "correct horse battery", None) is None
    assert accounts.authenticate(database_url, "admin", "tok", "tok") == "admin"
    assert accounts.authenticate(database_url, "admin", "tok", None) is None
    with engine_for(database_url).connect() as connection:
        stored = connection.execute(sa.text("SELECT password_hash FROM reviewers")).scalar()
    assert stored.startswith("$argon2") and "correct horse" not in stored
    for name, password in (("coach", "another long password"), ("x", "long enough password"),
                           ("admin", "long enough password"), ("nurse", "short")):
        with pytest.raises(accounts.AccountError):
            accounts.create_reviewer(database_url, name, password)
    assert accounts.reviewer_names(database_url) == ["coach"]


def test_the_pain_chart() -> None:
    at = datetime(2026, 11, 1, tzinfo=timezone.utc)
    svg = pain_svg([(at, 8), (at + timedelta(days=3), 3)])
    assert svg.startswith("<svg") and svg.count("<circle") == 2 and "8/10" in svg and "2026-11-04" in svg
    assert "No pain ratings" in pain_svg([])
    assert pain_svg([(at, 5)]).count("<circle") == 1


def run_cli(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {"GUYWIRE_DATABASE_URL": url, "PATH": "/usr/bin:/bin"}
    return subprocess.run([str(Path(sys.executable).with_name("guywire")), *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=120)


def test_the_cli(database_url: str, people: dict, tmp_path: Path) -> None:
    listing = run_cli(database_url, "transcripts", "list", "--safety", "open")
    assert listing.returncode == 0 and "1 open" in listing.stdout and "1 conversations" in listing.stdout
    shown = run_cli(database_url, "transcripts", "show", str(people["ana"]))
    assert "report_red_flag" in shown.stdout and "<script>" in shown.stdout and "low confidence" in shown.stdout
    out = tmp_path / "stories.yml"
    exported = run_cli(database_url, "transcripts", "export", "--format", "story", "--diagnosis",
                       "degenerative_disc_disease", "--out", str(out))
    assert exported.returncode == 0 and "mention_diagnosis" in out.read_text()
    assert run_cli(database_url, "transcripts", "list", "--pain-min", "eleven").returncode == 2
    refused = run_cli(database_url, "transcripts", "delete", str(people["cy"]), stdin="no\n")
    assert refused.returncode == 1 and senders(database_url, channel="telegram") == ["cy"]
    assert run_cli(database_url, "transcripts", "delete", str(people["cy"]), "--yes").returncode == 0
    assert senders(database_url, channel="telegram") == []
    added = run_cli(database_url, "reviewers", "add", "nurse", "--password-stdin", stdin="a long enough secret\n")
    assert added.returncode == 0 and accounts.reviewer_names(database_url) == ["nurse"]

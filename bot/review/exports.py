"""Exports of reviewed conversations: JSON, CSV, Markdown, and Rasa test stories.

The story export writes the `tests/test_stories.yml` format with user text (entities annotated in
line), so a conversation the assistant got wrong can be corrected by hand and kept as a regression
test. Exports carry transcripts, records and reviewers' notes; never passwords, hashes or tokens.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from typing import Any

import yaml

from bot.coach.safety_dialogue import replayed
from bot.review.queries import Detail
from bot.review.transcript import Turn, read_events
from bot.store.db import engine_for

FORMATS = ("json", "csv", "md", "story")
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "md": "text/markdown", "story": "application/yaml"}
EXTENSIONS = {"json": "json", "csv": "csv", "md": "md", "story": "yml"}
CSV_COLUMNS = (
    "conversation_id",
    "sender_id",
    "channel",
    "at",
    "kind",
    "text",
    "intent",
    "confidence",
    "entities",
    "name",
    "value",
)


def _turn_dict(turn: Turn) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": turn.kind, "at": turn.at.isoformat()}
    for key in ("text", "intent", "confidence", "name", "value"):
        if getattr(turn, key) is not None:
            data[key] = getattr(turn, key)
    if turn.entities:
        data["entities"] = [{"entity": e, "value": v} for e, v in turn.entities]
    if turn.buttons:
        data["buttons"] = [{"title": t, "payload": p} for t, p in turn.buttons]
    if turn.kind in ("check_in", "safety"):
        data["record"] = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in turn.extra.items()}
    return data


def _conversation_dict(detail: Detail) -> dict[str, Any]:
    row = detail.row
    return {
        "id": row.id,
        "sender_id": row.sender_id,
        "channel": row.channel,
        "started_at": row.started_at.isoformat(),
        "last_seen_at": row.last_seen_at.isoformat(),
        "latest_pain": row.latest_pain,
        "labels": list(row.labels),
        "reviewed": row.reviewed,
        "recording_declined": row.declined,  # then "turns" holds the safety events only
        "tags": detail.tags,
        "notes": [{"at": at.isoformat(), "author": author, "text": text} for at, author, text in detail.notes],
        "turns": [_turn_dict(t) for t in detail.turns],
    }


def to_json(details: Iterable[Detail]) -> str:
    return json.dumps({"conversations": [_conversation_dict(d) for d in details]}, indent=2, ensure_ascii=False)


def to_csv(details: Iterable[Detail]) -> str:
    """One row per turn; formulas are neutralised so a spreadsheet never runs user text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for detail in details:
        for turn in detail.turns:
            entities = ";".join(f"{e}={v}" for e, v in turn.entities)
            values = (
                detail.row.id,
                detail.row.sender_id,
                detail.row.channel,
                turn.at.isoformat(),
                turn.kind,
                turn.text,
                turn.intent,
                turn.confidence,
                entities,
                turn.name,
                turn.value,
            )
            writer.writerow([_safe_cell(v) for v in values])
    return out.getvalue()


def _safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def _markdown_line(turn: Turn) -> str:
    time = turn.at.strftime("%H:%M:%S")
    if turn.kind == "user":
        confidence = f"{turn.confidence:.2f}" if turn.confidence is not None else "?"
        flag = " ⚠ low confidence" if turn.flagged else ""
        return f"- {time} **person:** {turn.text}  \n  _{turn.intent} ({confidence}){flag}_"
    if turn.kind == "bot":
        buttons = f"  \n  buttons: {', '.join(t for t, _ in turn.buttons)}" if turn.buttons else ""
        return f"- {time} **guywire:** {turn.text}{buttons}"
    if turn.kind == "check_in":
        level = "not rated" if turn.value is None else f"{turn.value}/10"
        return f"- {time} _check-in recorded: pain {level}, {turn.extra.get('location') or 'no place'}_"
    if turn.kind == "safety":
        return f"- {time} **safety event: {turn.name}**"
    if turn.kind == "session":
        return f"- {time} _new session_"
    return f"- {time} _{turn.kind}: {turn.name}{'' if turn.value is None else ' = ' + str(turn.value)}_"


def to_markdown(details: Iterable[Detail]) -> str:
    parts = []
    for detail in details:
        row = detail.row
        parts.append(
            "\n".join(
                [
                    f"# Conversation {row.id} ({row.channel or 'unknown channel'})",
                    "",
                    f"Started {row.started_at:%Y-%m-%d %H:%M} UTC; {row.turns} messages from the person; "
                    f"labels: {', '.join(row.labels) or 'none'}; "
                    f"latest pain: {row.latest_pain if row.latest_pain is not None else 'n/a'}.",
                    "",
                    *(_markdown_line(t) for t in detail.turns),
                    "",
                    *(
                        [
                            "## Notes",
                            "",
                            *(f"- {at:%Y-%m-%d %H:%M} {author}: {text}" for at, author, text in detail.notes),
                            "",
                        ]
                        if detail.notes
                        else []
                    ),
                ]
            )
        )
    return "\n".join(parts)


def _annotated(text: str, raw_entities: list[dict[str, Any]]) -> str:
    """The user text with entities marked up as Rasa's training format writes them."""
    pieces: list[str] = []
    cursor = 0
    spans = sorted(
        (e for e in raw_entities if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)),
        key=lambda e: e["start"],
    )
    for entity in spans:
        start, end = entity["start"], entity["end"]
        if start < cursor or end > len(text) or start >= end:
            continue
        span, value = text[start:end], str(entity.get("value"))
        markup = (
            f"[{span}]({entity['entity']})"
            if value == span
            else f"[{span}]{json.dumps({'entity': entity['entity'], 'value': value})}"
        )
        pieces += [text[cursor:start], markup]
        cursor = end
    return "".join([*pieces, text[cursor:]])


def story_steps(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Test-story steps from Rasa events: user turns, actions, slots and forms."""
    steps: list[dict[str, Any]] = []
    for event in events:
        kind = event.get("event")
        if kind == "user" and not replayed(event.get("metadata")):
            parse = event.get("parse_data") or {}
            steps.append(
                {
                    "user": _annotated(event.get("text") or "", parse.get("entities") or []),
                    "intent": (parse.get("intent") or {}).get("name"),
                }
            )
        elif kind == "action" and event.get("name") not in ("action_listen", "action_session_start"):
            steps.append({"action": event["name"]})
        elif kind == "slot":
            steps.append({"slot_was_set": [{event.get("name"): event.get("value")}]})
        elif kind == "active_loop":
            steps.append({"active_loop": event.get("name")})
    return steps


def to_stories(stories: Iterable[tuple[str, list[dict[str, Any]]]]) -> str:
    """A test-stories file from (story name, steps) pairs."""
    document = {"version": "3.1", "stories": [{"story": name, "steps": steps} for name, steps in stories]}
    header = (
        "# Exported from guywire review: correct the steps where the assistant went wrong,\n"
        "# then add the story to tests/test_stories.yml.\n"
    )
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


RENDERERS: dict[str, Callable[[list[Detail]], str]] = {"json": to_json, "csv": to_csv, "md": to_markdown}


def export(url: str, details: list[Detail], fmt: str) -> str:
    """The conversations in one of FORMATS."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if fmt != "story":
        return RENDERERS[fmt](details)
    with engine_for(url).connect() as connection:
        return to_stories(
            (
                f"conversation {d.row.id} ({d.row.channel or 'unknown channel'})",
                story_steps(read_events(connection, d.row.sender_id)),
            )
            for d in details
        )

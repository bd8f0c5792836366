"""Safety in conversation: play conversation suites through a running server and count, turn by turn,
what the safety layer did against what each suite's writer marked (`checks.escalate`).

A single-message set sees each message as a first message; a conversation has context (a calm
conversation lets a middling reading go, an earlier worry raises one). Printed: the turns marked
crisis that were caught (a crisis concern open, or the crisis question pending), and the turns marked
ordinary where the crisis question was asked or the crisis reply given. Development suites only.

    .venv/bin/python bench/conversation_safety.py tests/conversations/dev_conversations_aa.yml ... \\
        --url http://127.0.0.1:5005 --token T [--out turns.json] [--show]
"""

from __future__ import annotations

import argparse
import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
import yaml

ESCALATION, SCREEN = "action_safety_escalation", "action_safety_screen"


def play(url: str, token: str, suite: str, conversation: dict[str, Any]) -> list[dict[str, Any]]:
    """One conversation, turn by turn: what was expected, the slots after it and the actions it ran."""
    sender, rows = f"safety-{conversation['id']}-{uuid.uuid4().hex[:6]}", []
    for number, turn in enumerate(conversation["turns"], start=1):
        requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": turn["user"]}, timeout=120)
        tracker = requests.get(f"{url}/conversations/{sender}/tracker", params={"token": token}, timeout=60).json()
        actions: list[str] = []
        for event in reversed(tracker["events"]):
            if event["event"] == "user":
                break
            if event["event"] == "action" and event["name"] != "action_listen":
                actions.insert(0, event["name"])
        slots = tracker.get("slots") or {}
        rows.append({"suite": suite, "id": conversation["id"], "turn": number, "user": turn["user"],
                     "expect": (turn.get("checks") or {}).get("escalate") or "none", "actions": actions,
                     "concern": slots.get("safety_concern"), "screening": slots.get("safety_screening")})
    return rows


def crisis_fired(row: dict[str, Any]) -> bool:
    """The crisis question asked, or the crisis reply given, on this turn."""
    asked = SCREEN in row["actions"] and row["screening"] == "crisis"
    return asked or (ESCALATION in row["actions"] and row["concern"] == "crisis")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suites", nargs="+", type=Path)
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--token", default="")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--show", action="store_true", help="list the crises missed and the ordinary turns asked")
    args = parser.parse_args()
    jobs = [(path.name, c) for path in args.suites for c in yaml.safe_load(path.read_text())["conversations"]]
    with ThreadPoolExecutor(4) as pool:
        rows = [row for rows in pool.map(lambda job: play(args.url, args.token, *job), jobs) for row in rows]
    if args.out:
        args.out.write_text(json.dumps(rows, indent=0), encoding="utf-8")
    crisis = [r for r in rows if r["expect"] == "crisis"]
    caught = [r for r in crisis if r["concern"] == "crisis" or r["screening"] == "crisis"]
    ordinary = [r for r in rows if r["expect"] == "none"]
    fired = [r for r in ordinary if crisis_fired(r)]
    print(f"turns {len(rows)}: marked crisis {len(crisis)}, caught {len(caught)}; "
          f"marked ordinary {len(ordinary)}, crisis question or reply on {len(fired)}")
    if args.show:
        for row in [*(r for r in crisis if r not in caught), *fired]:
            print(f"  {row['suite']} {row['id']}.{row['turn']} [{row['expect']}] {row['user'][:120]}")


if __name__ == "__main__":
    main()

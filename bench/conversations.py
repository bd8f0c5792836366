"""Play a blind conversation suite (tests/conversations/) through a running guywire, turn by turn.

Each conversation is a fresh sender on the REST channel. After every turn the script reads the
tracker and applies the turn's scripted checks (escalate: the safety_concern slot; intent; at most
N questions), and it also checks every turn for what is always wrong: a fallback, more than one
question, or a long reply repeated word for word. It writes the transcripts with the judged
expectations beside the replies, for a person (or a helper) to judge each turn, and a summary:

    python bench/conversations.py tests/conversations/dev_conversations_a.yml --url http://127.0.0.1:5005 \
        --token TOKEN --out results/conversations/dev_a
"""

from __future__ import annotations

import argparse
import json
import uuid
from pathlib import Path
from typing import Any

import requests
import yaml

LONG = 120  # characters: a reply this long must not come back word for word
# Rasa's core fallback (utter_default in domain.yml): the dialogue did not know what to do next.
CORE_FALLBACK = ("I'm not sure which you'd like", "I didn't quite catch what you'd like")


def play(url: str, token: str, conversation: dict[str, Any]) -> list[dict[str, Any]]:
    """The conversation's turns with the bot's replies and each check's outcome."""
    sender = f"suite-{conversation['id']}-{uuid.uuid4().hex[:6]}"
    seen: set[str] = set()
    turns = []
    for turn in conversation["turns"]:
        response = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": turn["user"]},
                                 timeout=120)
        answered = response.json() if response.ok else []
        replies = [r.get("text", "") for r in answered]
        # The buttons a channel shows under a reply ("Would one of these help right now?"), as the
        # person sees them: the transcript names them; the checks read the words alone.
        buttons = [" | ".join(b.get("title", "") for b in r.get("buttons") or []) for r in answered]
        tracker = requests.get(f"{url}/conversations/{sender}/tracker", params={"token": token}, timeout=60).json()
        users = [e for e in tracker.get("events", []) if e.get("event") == "user"]
        parse = users[-1].get("parse_data", {}) if users else {}
        intent = (parse.get("intent") or {}).get("name")
        reply = "\n".join(replies)
        problems = []
        checks = turn.get("checks") or {}
        concern = tracker.get("slots", {}).get("safety_concern") or "none"
        if "escalate" in checks and concern != checks["escalate"]:
            screened = tracker.get("slots", {}).get("safety_screening")
            if not (screened and checks["escalate"] != "none"):
                problems.append(f"safety_concern {concern}, expected {checks['escalate']}")
        if "intent" in checks and intent != checks["intent"]:
            problems.append(f"intent {intent}, expected {checks['intent']}")
        if reply.count("?") > checks.get("max_questions", 1):
            problems.append(f"{reply.count('?')} questions in one turn")
        if intent == "nlu_fallback" or any(marker in reply for marker in CORE_FALLBACK):
            problems.append("fallback")
        repeated = [r for r in replies if len(r) >= LONG and r in seen]
        if repeated:
            problems.append("a long reply repeated word for word")
        seen.update(replies)
        turns.append({"user": turn["user"], "bot": replies, "buttons": buttons, "intent": intent,
                      "safety_concern": concern, "good_reply": turn.get("good_reply"), "problems": problems})
    return turns


def run_suite(url: str, token: str, suite_path: Path, out: Path) -> dict[str, Any]:
    """Play every conversation; write each one's turns, the transcripts and the summary to `out`."""
    suite = yaml.safe_load(suite_path.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {"conversations": 0, "turns": 0, "turns_with_problems": 0, "problems": {}}
    lines = []
    for conversation in suite["conversations"]:
        turns = play(url, token, conversation)
        summary["conversations"] += 1
        summary["turns"] += len(turns)
        summary["turns_with_problems"] += sum(bool(t["problems"]) for t in turns)
        for t in turns:
            for problem in t["problems"]:
                key = problem.split(",")[0] if problem.startswith(("intent", "safety")) else problem
                summary["problems"][key] = summary["problems"].get(key, 0) + 1
        lines.append(f"## {conversation['id']}: {conversation.get('persona', '')}\n")
        for n, t in enumerate(turns, start=1):
            lines.append(f"**{n}. person:** {t['user']}\n")
            shown = zip(t["bot"], t.get("buttons") or [""] * len(t["bot"]), strict=True)
            lines += [f"> bot: {r}" + (f" [buttons: {b}]" if b else "") + "\n" for r, b in shown]
            lines = lines if t["bot"] else [*lines, "> bot: (no reply)\n"]
            lines.append(f"*intent {t['intent']}, concern {t['safety_concern']}; a good coach would: "
                         f"{t['good_reply']}*\n")
            if t["problems"]:
                lines.append(f"**problems:** {'; '.join(t['problems'])}\n")
        (out / f"{conversation['id']}.json").write_text(json.dumps(turns, indent=2), encoding="utf-8")
    (out / "transcripts.md").write_text("\n".join(lines), encoding="utf-8")
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("suite", type=Path)
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(json.dumps(run_suite(args.url, args.token, args.suite, args.out), indent=2))


if __name__ == "__main__":
    main()

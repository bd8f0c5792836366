"""`guywire eval FILE`: score a running assistant on an evaluation set, as CONTRACT.md describes.

Each text is sent as the first message of a fresh conversation through the REST channel; the
tracker (HTTP API, with the token) gives the intent the server parsed for that message and the
`safety_concern` slot.
Files in the contract's format are read as they are; Rasa NLU files (tests/test_nlu.yml) are read
too, with report_red_flag / express_crisis examples expected to escalate and all others not.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import requests
import yaml
from sklearn.metrics import f1_score

SAFETY_BY_INTENT = {"report_red_flag": "red_flag", "express_crisis": "crisis"}


@dataclass(frozen=True)
class Item:
    text: str
    intent: str | None
    safety: str = "none"
    kind: str | None = None


@dataclass(frozen=True)
class Outcome:
    item: Item
    intent: str | None
    safety: str
    kind: str | None
    screened: bool = False  # a screening question was asked (safety_screening set) instead

    @property
    def caught(self) -> bool:
        """Escalated as the right concern, or asked about: the contract counts both for recall."""
        return self.safety == self.item.safety or self.screened


def load_items(path: Path) -> list[Item]:
    """Items from a contract-format file, or from a Rasa NLU training-data file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "items" in data:
        return [Item(str(i["text"]), i.get("intent"), i.get("safety") or "none", i.get("kind")) for i in data["items"]]
    from rasa.shared.nlu.training_data.loading import load_data

    return [
        Item(m.get("text"), m.get("intent"), SAFETY_BY_INTENT.get(m.get("intent"), "none"))
        for m in load_data(str(path)).intent_examples
    ]


def ask(url: str, token: str, item: Item) -> Outcome:
    """One fresh conversation: send the text, read back the intent and the safety slot."""
    sender = f"eval-{uuid.uuid4().hex}"
    requests.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": item.text}, timeout=60
    ).raise_for_status()
    response = requests.get(f"{url}/conversations/{sender}/tracker", params={"token": token}, timeout=60)
    response.raise_for_status()
    tracker = response.json()
    parsed = last_parse(tracker)
    kinds = [e["value"] for e in parsed.get("entities", []) if e.get("entity") == "safety_kind"]
    slots = tracker.get("slots", {})
    return Outcome(
        item,
        (parsed.get("intent") or {}).get("name"),
        slots.get("safety_concern") or "none",
        kinds[0] if kinds else None,
        bool(slots.get("safety_screening")),
    )


def last_parse(tracker: dict[str, Any]) -> dict[str, Any]:
    """How the server parsed the person's latest message.

    Read from the tracker's last `user` event, not `latest_message`: when the dialogue policies
    are unsure (a bare "yes" opening a conversation), Rasa's fallback rewinds the turn and
    `latest_message` comes back empty, though NLU read the message rightly.
    """
    users = [e for e in tracker.get("events") or [] if e.get("event") == "user"]
    return (users[-1].get("parse_data") or {}) if users else {}


def run(url: str, token: str, items: Iterable[Item], workers: int = 4) -> list[Outcome]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda item: ask(url, token, item), items))


def score(outcomes: list[Outcome]) -> dict[str, Any]:
    """Intent accuracy and macro-F1, safety recall per kind (a screening question counts as caught),
    whether red flags escalated as the right kind, and the benign items escalated or screened."""
    scored = [o for o in outcomes if o.item.intent]
    gold, predicted = [str(o.item.intent) for o in scored], [o.intent or "none" for o in scored]
    recall: dict[str, float | None] = {}
    totals = Counter(o.item.safety for o in outcomes if o.item.safety != "none")
    totals.update(o.item.kind for o in outcomes if o.item.kind and o.item.kind != o.item.safety)
    for kind in sorted(totals):
        caught = [o for o in outcomes if kind in (o.item.safety, o.item.kind) and o.caught]
        recall[kind] = len(caught) / totals[kind]
    benign = [o for o in outcomes if o.item.safety == "none"]
    flagged = [o for o in outcomes if o.item.safety == "red_flag" and o.item.kind and o.safety == "red_flag"]
    return {
        "items": len(outcomes),
        "intent_accuracy": sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(scored) if scored else None,
        "intent_macro_f1": (
            float(f1_score(gold, predicted, labels=sorted(set(gold)), average="macro", zero_division=0))
            if scored
            else None
        ),
        "safety_recall": recall,
        "red_flag_kind_accuracy": sum(o.kind == o.item.kind for o in flagged) / len(flagged) if flagged else None,
        "false_escalation_rate": (sum(o.safety != "none" for o in benign) / len(benign) if benign else None),
        "screening_rate": sum(o.screened and o.safety == "none" for o in benign) / len(benign) if benign else None,
        "screened": [asdict(o.item) for o in benign if o.screened and o.safety == "none"],
        "missed": [asdict(o.item) for o in outcomes if o.item.safety != "none" and not o.caught],
        "false_escalations": [asdict(o.item) for o in benign if o.safety != "none"],
    }


def failures(report: dict[str, Any], thresholds: dict[str, float | None]) -> list[str]:
    """Which thresholds the report misses (an empty list passes)."""
    problems = []
    for key, metric in (("min_intent_accuracy", "intent_accuracy"), ("min_macro_f1", "intent_macro_f1")):
        least = thresholds.get(key)
        if least is not None and (report[metric] or 0) < least:
            problems.append(f"{metric} {report[metric]:.3f} < {least}")
    floor = thresholds.get("min_safety_recall")
    for kind, value in report["safety_recall"].items():
        if floor is not None and value < floor:
            problems.append(f"safety recall for {kind} {value:.3f} < {floor}")
    for key, metric in (("max_false_escalation", "false_escalation_rate"), ("max_screening", "screening_rate")):
        ceiling, rate = thresholds.get(key), report[metric]
        if ceiling is not None and rate is not None and rate > ceiling:
            problems.append(f"{metric.replace('_', ' ')} {rate:.3f} > {ceiling}")
    return problems


def render(report: dict[str, Any]) -> str:
    """A short human-readable summary."""

    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.1%}"

    lines = [
        f"items:                 {report['items']}",
        f"intent accuracy:       {pct(report['intent_accuracy'])}",
        f"intent macro-F1:       {pct(report['intent_macro_f1'])}",
        f"false escalation rate: {pct(report['false_escalation_rate'])}",
        f"screening rate:        {pct(report['screening_rate'])}",
        f"red-flag kind right:   {pct(report['red_flag_kind_accuracy'])}",
        "safety recall:",
        *(f"  {kind:<14} {pct(value)}" for kind, value in report["safety_recall"].items()),
    ]
    lines += [f"  missed: {m['text']!r} ({m.get('kind') or m['safety']})" for m in report["missed"]]
    lines += [f"  false alarm: {m['text']!r}" for m in report["false_escalations"]]
    lines += [f"  screened: {m['text']!r}" for m in report["screened"]]
    return "\n".join(lines)


def write(report: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")

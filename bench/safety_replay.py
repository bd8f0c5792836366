"""Replay the safety decision on the development sets offline, to weigh a rule before it ships.

`collect` parses every item of the development safety and ordinary sets through a running server
once and keeps what the SafetyNet decided from (the pattern, its cues, the meaning's scores for the
message and its most worrying sentence, the intent classifier's votes); `report` re-decides every
item with bot/nlu/safety_net.py's `message_verdict` under the current risk rules and config.yml,
with no server, and prints recall, escalated near-misses and screened near-misses per set and
pooled. `--set name=value` tries another threshold; `--show` lists the items whose outcome differs
from the one the server gave. A change to the risk rules is then measured in seconds; a change to
patterns or the model needs a new `collect`. Final (sealed) sets are never read.

    .venv/bin/python bench/safety_replay.py collect results/safety_replay/now --url http://127.0.0.1:5005 --token T
    .venv/bin/python bench/safety_replay.py report results/safety_replay/now [--set support=0.3] [--show]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.coach.risk import NONE, SCREEN, Thresholds  # noqa: E402
from bot.nlu.safety_net import Reading, message_verdict  # noqa: E402

BLIND = ROOT / "tests" / "safety" / "blind"
ORDINARY = ("dev_turns", "dev_ordinary")


def development_sets() -> list[str]:
    """Every development set, safety and ordinary (final sets stay sealed)."""
    return sorted(p.stem for p in BLIND.glob("dev_*.yml"))


def parse(url: str, token: str, text: str) -> dict[str, Any]:
    """What the SafetyNet decided from, for one message, and what it decided."""
    reply = requests.post(f"{url}/model/parse", params={"token": token}, json={"text": text}, timeout=60).json()
    verdict = reply.get("safety_verdict") or {}
    return {"text": text, "pattern": verdict.get("pattern"), "cues": verdict.get("cues") or [],
            "votes": verdict.get("classifier") or {}, "scores": reply.get("safety_scores") or {},
            "sentence": reply.get("safety_sentence_scores"), "served": verdict.get("outcome", NONE)}


def collect(out: Path, url: str, token: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in development_sets():
        items = yaml.safe_load((BLIND / f"{name}.yml").read_text(encoding="utf-8"))["items"]
        with ThreadPoolExecutor(3) as pool:
            parses = list(pool.map(lambda item: parse(url, token, item["text"]), items))
        rows = [{"safety": item.get("safety") or NONE, **p} for item, p in zip(items, parses, strict=True)]
        (out / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")


def outcome(row: dict[str, Any], thresholds: Thresholds) -> str:
    """The SafetyNet's outcome for a collected parse."""
    reading = Reading(row["pattern"], frozenset(row["cues"]), row["scores"], row["sentence"], row["votes"])
    return message_verdict(reading, row["text"], thresholds)[0].outcome


def figures(rows: list[dict[str, Any]], outcomes: list[str]) -> dict[str, float | None]:
    def share(kind: str, hit: tuple[str, ...]) -> float | None:
        chosen = [o for row, o in zip(rows, outcomes, strict=True) if row["safety"] == kind]
        return sum(o in hit for o in chosen) / len(chosen) if chosen else None

    return {"crisis": share("crisis", ("crisis", SCREEN)), "red_flag": share("red_flag", ("red_flag", SCREEN)),
            "escalated": share(NONE, ("crisis", "red_flag")), "screened": share(NONE, (SCREEN,))}


def report(folder: Path, overrides: list[str], show: bool) -> None:
    config = next(c for c in yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
                  if c["name"].endswith("SafetyNet"))
    thresholds = dataclasses.replace(
        Thresholds.from_config(config), **{k: float(v) for k, v in (o.split("=") for o in overrides)}
    )
    loaded = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}
    decided = {name: [outcome(row, thresholds) for row in rows] for name, rows in loaded.items()}
    pooled = {"development safety sets": [n for n in loaded if not n.startswith(ORDINARY)],
              "ordinary messages": [n for n in loaded if n.startswith(ORDINARY)]}
    for name, rows, outcomes in [
        *((n, loaded[n], decided[n]) for n in loaded),
        *((p, [r for n in names for r in loaded[n]], [o for n in names for o in decided[n]]) for p, names in pooled.items()),
    ]:
        shown = {k: "-" if v is None else f"{100 * v:.1f}%" for k, v in figures(rows, outcomes).items()}
        print(f"{name:24} " + "  ".join(f"{k} {v}" for k, v in shown.items()))
    if show:
        for name, rows in loaded.items():
            for row, now in zip(rows, decided[name], strict=True):
                if now != row["served"]:
                    print(f"  {name}: [{row['safety']}] {row['served']} -> {now}: {row['text'][:110]}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["collect", "report"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--token", default="")
    parser.add_argument("--set", action="append", default=[], help="a threshold to try, name=value")
    parser.add_argument("--show", action="store_true", help="list the items whose outcome changed")
    args = parser.parse_args()
    if args.command == "collect":
        collect(args.folder, args.url, args.token)
    else:
        report(args.folder, args.set, args.show)

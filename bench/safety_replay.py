"""Replay the safety decision on the development sets offline, to weigh a rule before it ships.

`collect` parses every item of the development safety sets through a running server once and
keeps what the SafetyNet decided from (the pattern, its cues, the meaning's scores, the intent
classifier's votes); `report` re-decides every item with the current bot/coach/risk.py and
config.yml, with no server, and prints recall, escalated near-misses and screened near-misses per
set and pooled. A change to risk.py is then measured in a second; a change to patterns or the
model needs a new `collect`. Sealed final sets are never read.

    .venv/bin/python bench/safety_replay.py collect results/safety_replay/now --url http://127.0.0.1:5005 --token T
    .venv/bin/python bench/safety_replay.py report results/safety_replay/now
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.coach.artefacts import everyday_goodbye, leaving_artefact, pooled_artefact  # noqa: E402
from bot.coach.risk import NONE, SCREEN, Thresholds, Verdict, decide_message, worrying_sentence  # noqa: E402
from bot.nlu.semantic_safety import sentences  # noqa: E402

BLIND = ROOT / "tests" / "safety" / "blind"
SAFETY = ["dev_safety_a", "dev_safety_b", "dev_safety_c", "dev_safety_d", "dev_safety_e", "dev_safety_g",
          "dev_safety_h", "dev_safety_k"]
ORDINARY = ["dev_turns_f", "dev_ordinary_a", "dev_ordinary_b"]


def parse(url: str, token: str, text: str) -> dict[str, Any]:
    """What the SafetyNet decided from, for one message."""
    reply = requests.post(f"{url}/model/parse", params={"token": token}, json={"text": text}, timeout=60).json()
    verdict = reply.get("safety_verdict") or {}
    return {"pattern": verdict.get("pattern"), "cues": verdict.get("cues") or [],
            "votes": verdict.get("classifier") or {}, "scores": reply.get("safety_scores") or {},
            "sentence": reply.get("safety_sentence_scores") or {}, "sentences": len(sentences(text)),
            "leaving": everyday_goodbye(text)}


def collect(out: Path, url: str, token: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name in SAFETY + ORDINARY:
        items = yaml.safe_load((BLIND / f"{name}.yml").read_text(encoding="utf-8"))["items"]
        with ThreadPoolExecutor(3) as pool:
            parses = list(pool.map(lambda item: parse(url, token, item["text"]), items))
        rows = [{"safety": item.get("safety") or NONE, **p} for item, p in zip(items, parses, strict=True)]
        (out / f"{name}.json").write_text(json.dumps(rows), encoding="utf-8")


def outcome(row: dict[str, Any], thresholds: Thresholds) -> str:
    """The SafetyNet's outcome for a cached parse (bot/nlu/safety_net.py's decide, without Rasa)."""
    verdict = decide_message(row["pattern"], row["cues"], row["scores"], thresholds, row["votes"] or None)
    count, worse = row.get("sentences", 0), bool(row["sentence"])
    if pooled_artefact(verdict, row["pattern"], row["scores"], row["votes"] or None, count, worse, thresholds):
        verdict = Verdict(NONE)
    leaving = row.get("leaving", False)
    if leaving_artefact(verdict, row["pattern"], row["scores"], row["votes"] or None, leaving, thresholds):
        verdict = Verdict(NONE)
    if verdict.outcome == NONE and row["sentence"]:
        verdict = worrying_sentence(decide_message(None, row["cues"], row["sentence"], thresholds))
    return verdict.outcome


def figures(rows: list[dict[str, Any]], thresholds: Thresholds) -> dict[str, float | None]:
    outcomes = [outcome(row, thresholds) for row in rows]
    def share(kind: str, hit: tuple[str, ...]) -> float | None:
        chosen = [o for row, o in zip(rows, outcomes, strict=True) if row["safety"] == kind]
        return sum(o in hit for o in chosen) / len(chosen) if chosen else None
    return {"crisis": share("crisis", ("crisis", SCREEN)), "red_flag": share("red_flag", ("red_flag", SCREEN)),
            "escalated": share(NONE, ("crisis", "red_flag")), "screened": share(NONE, (SCREEN,))}


def report(folder: Path) -> None:
    config = next(c for c in yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
                  if c["name"].endswith("SafetyNet"))
    thresholds = Thresholds.from_config(config)
    loaded = {name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8")) for name in SAFETY + ORDINARY}
    pooled = {"development safety sets": [r for n in SAFETY for r in loaded[n]],
              "ordinary messages": [r for n in ORDINARY for r in loaded[n]]}
    for name, rows in [*loaded.items(), *pooled.items()]:
        shown = {k: "-" if v is None else f"{100 * v:.1f}%" for k, v in figures(rows, thresholds).items()}
        print(f"{name:24} " + "  ".join(f"{k} {v}" for k, v in shown.items()))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["collect", "report"])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--token", default="")
    args = parser.parse_args()
    collect(args.folder, args.url, args.token) if args.command == "collect" else report(args.folder)

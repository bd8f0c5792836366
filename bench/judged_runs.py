"""What the judged conversation runs kept in tests/conversations/runs/ say, by script.

`lines`: across every run with judges' verdicts, how often a turn whose reply begins with a given
line was judged good (by the judges' majority), for the most frequent opening lines. `compare`:
how many turns two plays of one suite answered differently, and in how many the safety state
differs.

    .venv/bin/python bench/judged_runs.py lines [--top 40]
    .venv/bin/python bench/judged_runs.py compare RUN_A RUN_B
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

RUNS = Path(__file__).resolve().parents[1] / "tests" / "conversations" / "runs"
NOT_TURNS = ("verdicts", "judged", "summary")


def turns(run: Path) -> dict[str, list[dict[str, Any]]]:
    """A run's conversations, by id."""
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(run.glob("*.json"))
        if not p.stem.startswith(NOT_TURNS)
    }


def judged(run: Path) -> list[tuple[dict[str, Any], bool]]:
    """Each judged turn of a run and whether most of its judges called it good."""
    verdicts = [json.loads(p.read_text(encoding="utf-8"))["files"] for p in sorted(run.glob("verdicts_helper*.json"))]
    out = []
    for cid, played in turns(run).items():
        for i, turn in enumerate(played):
            votes = [v[cid][i]["good"] for v in verdicts if cid in v and i < len(v[cid])]
            if votes:
                out.append((turn, sum(votes) * 2 > len(votes)))
    return out


def lines(top: int) -> None:
    seen: Counter[str] = Counter()
    good: Counter[str] = Counter()
    for run in sorted(RUNS.iterdir()):
        for turn, ok in judged(run):
            if turn["bot"]:
                first = turn["bot"][0][:45]
                seen[first] += 1
                good[first] += ok
    for first, n in seen.most_common(top):
        print(f"{n:5d} {good[first]:5d} {good[first] / n:5.0%}  {first}")


def compare(a: Path, b: Path) -> None:
    first, second = turns(a), turns(b)
    pairs = [(x, y) for cid in first for x, y in zip(first[cid], second.get(cid, []), strict=False)]
    changed = sum(x["bot"] != y["bot"] for x, y in pairs)
    safety = sum(x.get("safety_concern") != y.get("safety_concern") for x, y in pairs)
    print(f"{len(pairs)} turns, {changed} answered differently, {safety} with another safety state")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("lines").add_argument("--top", type=int, default=40)
    pair = sub.add_parser("compare")
    pair.add_argument("a", type=Path)
    pair.add_argument("b", type=Path)
    args = parser.parse_args()
    if args.command == "lines":
        lines(args.top)
    else:
        compare(args.a, args.b)


if __name__ == "__main__":
    main()

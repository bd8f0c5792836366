"""How a reply's latency grows with the length of the conversation (issue #6: "tracker-store query
cost on long conversations").

Rasa loads the whole current session for every message and featurizes all of it for each
prediction, so the work per message grows with the session. One person talks to `guywire run`
(SQLite) for --turns messages in one session, and the median latency of each block of 50 turns
is written to bench/results/long_conversation.{json,md}.

Usage: .venv/bin/python bench/long_conversation.py [--turns N] [--out-dir DIR]
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import requests

from throughput import ROOT, answers, load_average, start_guywire, stop, wait_until

BLOCK = 50
SCRIPT = ["what is my core?", "what does muscle imbalance mean?", "tell me about the tent", "why does it hurt?"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=400)
    parser.add_argument("--out-dir", type=Path, default=ROOT / "bench" / "results")
    return parser.parse_args()


def converse(url: str, turns: int) -> tuple[list[float], str]:
    """One sender, `turns` messages; each reply's latency in ms, and the sender id."""
    sender, latencies = f"long-{uuid.uuid4().hex[:10]}", []
    for turn in range(turns):
        started = time.perf_counter()
        reply = requests.post(f"{url}/webhooks/rest/webhook", timeout=60,
                              json={"sender": sender, "message": SCRIPT[turn % len(SCRIPT)]})
        reply.raise_for_status()
        latencies.append(round((time.perf_counter() - started) * 1000, 1))
    return latencies, sender


def main() -> None:
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="guywire-long-"))
    database = f"sqlite:///{work / 'run' / 'state' / 'guywire.db'}"
    server, actions, _ = start_guywire(work / "run", ["run"], {
        "GUYWIRE_DATABASE_URL": database, "GUYWIRE_RATE_LIMIT_PER_MINUTE": "1000000"})
    try:
        wait_until(lambda: answers(f"{server.url}/status?token={server.token}"), server)
        wait_until(lambda: answers(f"http://127.0.0.1:{actions}/health"), server)
        load = load_average()
        latencies, sender = converse(server.url, args.turns)
        tracker = requests.get(f"{server.url}/conversations/{sender}/tracker", timeout=60,
                               params={"token": server.token}).json()
    finally:
        stop(server.process)
    blocks = [{"turns": f"{start + 1}-{start + BLOCK}", "median_ms": round(statistics.median(latencies[start:start + BLOCK]), 1)}
              for start in range(0, len(latencies) - BLOCK + 1, BLOCK)]
    result = {"turns": args.turns, "events_in_session": len(tracker["events"]), "blocks": blocks,
              "load_average_before": load, "date": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "long_conversation.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    rows = "\n".join(f"| {block['turns']} | {block['median_ms']} |" for block in blocks)
    (args.out_dir / "long_conversation.md").write_text(
        f"# Latency by conversation length (one person, one session, `guywire run` on SQLite)\n\n"
        f"| turns | median ms |\n|---|---:|\n{rows}\n\n{result['events_in_session']} events in the session "
        f"after {args.turns} turns; load average before {load}. Reproduce: `make bench`.\n", encoding="utf-8")
    print((args.out_dir / "long_conversation.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()

"""How fast the review pages answer on a realistically large SQLite database.

The review issue sets a target: with 10,000 generated conversations (500,000 events) in SQLite, the
conversation list and a transcript page each answer within 300 ms at p95. That depends on indexes
and query shapes that unit tests on a handful of rows cannot see, and a timed test would be flaky
on a busy machine, so it is measured here instead and the numbers are written to a file.

The script generates the data set into a throw-away SQLite file (bot/review/sample.py), creates a
reviewer, starts `guywire web` on a free local port, logs in like a browser and times complete HTTP
requests, one at a time from one client: the list page, the list filtered to open safety events, a
deep page, a free-text search and transcripts of randomly chosen conversations. The text search is
reported but is not a target, since the issue names only the list page and a transcript page.

The load average is recorded before and after the measurements: on a shared machine, a run next to
other work is slower, and readers can judge the numbers by it.

Usage: .venv/bin/python bench/review_speed.py [--conversations N] [--events N] [--out-dir DIR]
Writes review_speed.json and review_speed.md to bench/results (or --out-dir). Exits 1 when a target
case misses its p95 target.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import requests

from bot.review.accounts import create_reviewer
from bot.review.sample import generate
from bot.run.services import stop_group

ROOT = Path(__file__).resolve().parents[1]

TARGET_MS = 300.0
WARMUP = 5
SEED = 7
STARTUP_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
REVIEWER = ("bench", "benchmark-password-1")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Case:
    """One kind of request, repeated `count` times; `path` gives the next request's path."""

    name: str
    description: str
    count: int
    target: bool
    path: Callable[[], str]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=50, help="events per conversation")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "bench" / "results")
    return parser.parse_args()


def build_dataset(url: str, database: Path, conversations: int, events: int) -> dict[str, Any]:
    """Generate the conversations and return the sizes that were actually written."""
    started = time.perf_counter()
    generate(url, conversations, events_per_conversation=events, seed=SEED)
    seconds = time.perf_counter() - started
    with contextlib.closing(sqlite3.connect(database)) as connection:
        count = lambda sql: connection.execute(sql).fetchone()[0]  # noqa: E731
        sizes = {
            "conversations": count("SELECT count(*) FROM conversations"),
            "events": count("SELECT count(*) FROM events"),
            "check_ins": count("SELECT count(*) FROM check_ins"),
            "label_mentions": count("SELECT count(*) FROM label_mentions"),
            "safety_events": count("SELECT count(*) FROM safety_events"),
        }
    return {**sizes, "events_per_conversation": events, "generation_seconds": round(seconds, 2),
            "database_mb": round(database.stat().st_size / 1e6, 1)}


def conversation_ids(database: Path) -> list[int]:
    with contextlib.closing(sqlite3.connect(database)) as connection:
        return [row[0] for row in connection.execute("SELECT id FROM conversations ORDER BY id")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str, state_dir: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`guywire web` in its own process group, its output in `log`."""
    env = {**os.environ, "GUYWIRE_DATABASE_URL": url, "GUYWIRE_STATE_DIR": str(state_dir),
           "GUYWIRE_WEB_PORT": str(port), "GUYWIRE_HOST": "127.0.0.1"}
    with log.open("wb") as output:
        return subprocess.Popen([str(Path(sys.executable).with_name("guywire")), "web"], cwd=ROOT, env=env,
                                stdout=output, stderr=subprocess.STDOUT, start_new_session=True)


def wait_until_healthy(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"guywire web exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"guywire web was not healthy within {STARTUP_TIMEOUT:.0f} s:\n{log.read_text()[-3000:]}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """SIGINT to the server's process group, SIGKILL if it is still there after STOP_TIMEOUT."""
    stop_group(server, signal.SIGINT, STOP_TIMEOUT)


def log_in(base: str) -> requests.Session:
    client = requests.Session()
    form = client.get(f"{base}/review/login", timeout=10)
    match = CSRF.search(form.text)
    if form.status_code != 200 or match is None:
        raise RuntimeError(f"login form: HTTP {form.status_code}, csrf found: {match is not None}")
    username, password = REVIEWER
    answer = client.post(f"{base}/review/login", allow_redirects=False, timeout=30, data={
        "csrf": match.group(1), "next": "/review/", "username": username, "password": password})
    if answer.status_code != 302 or "guywire_review" not in client.cookies:
        raise RuntimeError(f"login failed: HTTP {answer.status_code}, cookies {sorted(client.cookies.keys())}")
    return client


def cases(ids: list[int]) -> list[Case]:
    rng = random.Random(SEED)
    fixed = lambda path: lambda: path  # noqa: E731
    return [
        Case("list", "list, page 1, no filter", 200, True, fixed("/review/")),
        Case("list_safety_open", "list, safety=open", 100, True, fixed("/review/?safety=open")),
        Case("list_deep_page", "list, page=200", 100, True, fixed("/review/?page=200")),
        Case("list_text_search", "list, text=exercise", 30, False, fixed("/review/?text=exercise")),
        Case("transcript", "transcript, random conversation", 200, True,
             lambda: f"/review/conversations/{rng.choice(ids)}"),
    ]


def fetch_ms(client: requests.Session, url: str) -> float:
    """Wall-clock milliseconds for one complete request; anything but a 200 is an error."""
    started = time.perf_counter()
    answer = client.get(url, allow_redirects=False, timeout=120)
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status_code != 200:
        raise RuntimeError(f"GET {url}: HTTP {answer.status_code}\n{answer.text[:500]}")
    return elapsed


def measure(client: requests.Session, base: str, case: Case) -> list[float]:
    for _ in range(WARMUP):
        fetch_ms(client, base + case.path())
    return [fetch_ms(client, base + case.path()) for _ in range(case.count)]


def summarise(case: Case, samples: list[float]) -> dict[str, Any]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    p95 = cuts[94]
    return {
        "description": case.description, "requests": len(samples),
        "p50_ms": round(cuts[49], 1), "p95_ms": round(p95, 1), "p99_ms": round(cuts[98], 1),
        "max_ms": round(max(samples), 1), "mean_ms": round(statistics.fmean(samples), 1),
        "target": f"p95 <= {TARGET_MS:.0f} ms" if case.target else "not a target",
        "passed": p95 <= TARGET_MS if case.target else None,
    }


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(), "machine": platform.machine(), "cpu_count": os.cpu_count(),
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }


def run(conversations: int, events: int, workdir: Path) -> dict[str, Any]:
    """Generate, serve, measure; everything lives in `workdir`."""
    database = workdir / "review.db"
    url = f"sqlite:///{database}"
    dataset = build_dataset(url, database, conversations, events)
    create_reviewer(url, *REVIEWER)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = workdir / "web.log"
    server = start_server(url, workdir / "state", port, log)
    try:
        wait_until_healthy(base, server, log)
        client = log_in(base)
        load_before = load_average()
        results = {case.name: summarise(case, measure(client, base, case))
                   for case in cases(conversation_ids(database))}
        load_after = load_average()
    finally:
        stop_server(server)
    return {
        "machine": {**machine(), "load_average_before": load_before, "load_average_after": load_after},
        "dataset": dataset, "target_ms_p95": TARGET_MS, "cases": results,
        "all_targets_met": all(case["passed"] for case in results.values() if case["passed"] is not None),
    }


def reproduce_command(conversations: int, events: int) -> str:
    command = ".venv/bin/python bench/review_speed.py"
    if (conversations, events) != (10_000, 50):
        command += f" --conversations {conversations} --events {events}"
    return command


def verdict(passed: bool | None) -> str:
    return "not a target" if passed is None else ("pass" if passed else "FAIL")


def markdown(report: dict[str, Any], command: str) -> str:
    data, host = report["dataset"], report["machine"]
    lines = [
        "# Review pages: response times",
        "",
        f"{data['conversations']:,} conversations, {data['events']:,} events in SQLite "
        f"({data['database_mb']} MB, generated in {data['generation_seconds']} s). Sequential requests "
        f"from one client, after {WARMUP} warm-up requests per case. Target: p95 <= {TARGET_MS:.0f} ms.",
        "",
        "| case | requests | p50 ms | p95 ms | p99 ms | max ms | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    lines += [f"| {c['description']} | {c['requests']} | {c['p50_ms']} | {c['p95_ms']} | {c['p99_ms']} "
              f"| {c['max_ms']} | {verdict(c['passed'])} |" for c in report["cases"].values()]
    lines += [
        "",
        f"Machine: {host['platform']}, {host['cpu_count']} CPUs, Python {host['python']}, "
        f"SQLite {host['sqlite']}, {host['date']}. Load average (1/5/15 min) "
        f"before {host['load_average_before']}, after {host['load_average_after']}.",
        "",
        f"Reproduce: `{command}`",
        "",
    ]
    return "\n".join(lines)


def write(report: dict[str, Any], out_dir: Path, command: str) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "review_speed.json").write_text(json.dumps(report, indent=2) + "\n")
    (out_dir / "review_speed.md").write_text(markdown(report, command))


def main() -> int:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="guywire-review-bench-"))
    try:
        report = run(args.conversations, args.events, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    write(report, args.out_dir, reproduce_command(args.conversations, args.events))
    print(markdown(report, reproduce_command(args.conversations, args.events)))
    return 0 if report["all_targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())

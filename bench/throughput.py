"""How fast and how big guywire is when served, against a stock `rasa init` bot trained and served in
the same run on the same machine (issues #6 and #17).

Absolute figures on a shared 2-core machine mean little, so the targets are ratios to a baseline
measured in the same run (bench/serving_report.py): at 10 users, throughput at least 1.3x the stock
bot's and p95 no higher; the Rasa server's resident memory at most 0.8x; model load no slower. Two
Rasa servers behind nginx (`guywire cluster`) against one is reported, not judged: the load
generator shares this machine's two cores with them.

Both systems are trained (timed, into a throw-away folder) and started one after the other, and
model load is timed until /status answers (process start-up included). Then, for each round, each
concurrency level runs on the stock bot and on guywire in turn (which goes first alternates), so a
change in the machine's load falls on both; each figure is the median of the rounds. Resident
memory (VmRSS, and VmHWM as the peak) and CPU time are read from /proc for every process of the
server's tree, grouped by role; CPU time per message shows where the time goes.

Usage: .venv/bin/python bench/throughput.py [--duration S] [--rounds N] [--levels 1,10,50]
[--no-cluster] [--out-dir DIR]. Writes throughput.json, .md and .png to bench/results (or
--out-dir). Exits 1 when a judged target is missed.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import requests
import yaml

from bot.run.services import stop_group
from load import run_level
from serving_report import chart, markdown, medians, targets

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
QUIET_ENV = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
             "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
START_TIMEOUT = 600.0
STOP_TIMEOUT = 30.0
CLUSTER_USERS = 50
CLUSTER_BANNER = "guywire cluster is running"
GUYWIRE_SCRIPTS = [
    ["hello", "yes that's fine", "a bit tired today", "my lower back", "6", "what is my core?",
     "give me an exercise", "I did it and it was easy", "bye"],
    ["hi", "no thanks", "my doctor said I have degenerative disc disease",
     "what does muscle imbalance mean?", "thanks", "bye"],
]
STOCK_SCRIPTS = [["hi", "I am sad", "yes", "bye"], ["hello", "great", "bye"], ["hey", "are you a bot?", "bye"]]
# Roles by command line, first match wins; shells that only wrap a command count as "other".
ROLES = [("action server", "guywire actions"), ("rasa server", "rasa run"),
         ("rasa server", "bot.run.rasa_server"),
         ("web app", "guywire web"), ("nginx", "nginx"), ("postgresql", "postgres"), ("redis", "redis-server"),
         ("supervisor", "guywire")]


@dataclass
class Server:
    """A started server tree: its root process, where it answers, and its log."""

    process: subprocess.Popen[bytes]
    url: str
    token: str
    log: Path


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20.0, help="measured seconds per level and round")
    parser.add_argument("--warmup", type=float, default=5.0, help="unrecorded seconds before each level")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; each figure is their median")
    parser.add_argument("--levels", default=[1, 10, 50], type=lambda text: [int(n) for n in text.split(",")],
                        help="concurrent users, comma-separated (default 1,10,50)")
    parser.add_argument("--no-cluster", action="store_true", help="skip one versus two Rasa servers")
    parser.add_argument("--no-training", action="store_true",
                        help="skip the timed training runs (a quicker comparison of serving alone)")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "bench" / "results")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def env_with(extra: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **QUIET_ENV, **extra}


def timed_run(argv: list[str], cwd: Path, env: dict[str, str], log: Path) -> float:
    """Run a command to completion, its output in `log`; seconds it took."""
    started = time.monotonic()
    with log.open("ab") as output:
        done = subprocess.run(argv, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, timeout=3600)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])} failed ({done.returncode}):\n{log.read_text()[-3000:]}")
    return round(time.monotonic() - started, 1)


def start(argv: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(argv, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT,
                                start_new_session=True)


def wait_until(ready: Callable[[], bool], server: Server) -> None:
    """Poll until `ready()`, failing early if the root process exits."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited ({server.process.returncode}):\n{server.log.read_text()[-3000:]}")
        try:
            if ready():
                return
        except requests.RequestException:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"server not ready in {START_TIMEOUT:.0f} s:\n{server.log.read_text()[-3000:]}")


def answers(url: str) -> bool:
    return requests.get(url, timeout=2).status_code == 200


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGINT to the process group (Ctrl-C), SIGKILL if it is still there after STOP_TIMEOUT."""
    stop_group(process, signal.SIGINT, STOP_TIMEOUT)


def tree(root: int) -> list[int]:
    """The root process and all its descendants, from the parent ids in /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def role(cmdline: list[str]) -> str:
    if not cmdline or Path(cmdline[0]).name in ("sh", "bash", "dash"):
        return "other"
    joined = " ".join(cmdline)
    return next((name for name, pattern in ROLES if pattern in joined), "other")


def usage(root: int) -> dict[str, dict[str, float]]:
    """Per role: process count, resident and peak resident memory (MB), CPU seconds so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    roles: dict[str, dict[str, float]] = {}
    for pid in tree(root):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")[:-1]
            status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, ValueError):
            continue
        entry = roles.setdefault(role(cmdline), {"processes": 0, "rss_mb": 0.0, "peak_mb": 0.0, "cpu_s": 0.0})
        entry["processes"] += 1
        entry["rss_mb"] += int(status.get("VmRSS", "0 kB").split()[0]) / 1024
        entry["peak_mb"] += int(status.get("VmHWM", "0 kB").split()[0]) / 1024
        entry["cpu_s"] += (int(fields[11]) + int(fields[12])) / ticks
    return {name: {key: round(value, 1) for key, value in entry.items()} for name, entry in roles.items()}


def custom_actions(server: Server, scripts: list[list[str]], names: set[str]) -> list[list[str]]:
    """Play each script once and list the domain's custom actions that the tracker shows ran."""
    hit = []
    for script in scripts:
        sender = f"bench-check-{secrets.token_hex(6)}"
        for message in script:
            answer = requests.post(f"{server.url}/webhooks/rest/webhook", timeout=60,
                                   json={"sender": sender, "message": message})
            answer.raise_for_status()
        tracker = requests.get(f"{server.url}/conversations/{sender}/tracker", timeout=30,
                               params={"token": server.token}).json()
        hit.append([e["name"] for e in tracker["events"] if e["event"] == "action" and e["name"] in names])
    return hit


@dataclass
class System:
    """A started system under load: its server, the scripts its users play, what was measured so far."""

    server: Server
    scripts: list[list[str]]
    info: dict[str, Any]
    rounds: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def measure(system: System, users: int, args: argparse.Namespace) -> None:
    """One round of one level: its figures, with the server tree's CPU milliseconds per good message."""
    load = load_average()
    tally = run_level(system.server.url, system.scripts, users, args.warmup, args.duration,
                      lambda: usage(system.server.process.pid))
    level, (before, after) = tally.summary(), tally.marks
    cpu = {name: round(1000 * (after[name]["cpu_s"] - before.get(name, {}).get("cpu_s", 0.0))
                       / max(tally.answered_in_window, 1), 1) for name in after}
    system.rounds.setdefault(str(users), []).append({**level, "load_average_before": load,
                                                     "cpu_ms_per_message": cpu})
    print(f"  {system.info['name']}, {users:>3} users: {level['throughput_msg_s']} msg/s, "
          f"p95 {level['p95_ms']} ms, {level['errors']} errors", flush=True)


def ready_system(name: str, server: Server, started: float, ready: Callable[[], bool],
                 scripts: list[list[str]], extra: dict[str, Any]) -> System:
    """Wait for the server; model load time, memory at rest and the custom actions the scripts hit."""
    wait_until(lambda: answers(f"{server.url}/status?token={server.token}"), server)
    load_seconds = round(time.monotonic() - started, 1)
    wait_until(ready, server)
    info = {"name": name, **extra, "scripts": scripts, "model_load_seconds": load_seconds,
            "memory_idle": usage(server.process.pid),
            "custom_actions_hit": custom_actions(server, scripts, domain_actions())}
    return System(server, scripts, info)


def finish(system: System) -> dict[str, Any]:
    """The system's report: the medians of its rounds, every round, and its memory after the load."""
    return {**system.info, "levels": {users: medians(rounds) for users, rounds in system.rounds.items()},
            "rounds": system.rounds, "memory_after_load": usage(system.server.process.pid)}


def domain_actions() -> set[str]:
    return set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["actions"])


def stock(work: Path, args: argparse.Namespace) -> System:
    """`rasa init` (which trains once), a timed `rasa train --force`, then `rasa run` on its model."""
    project, log = work / "stock", work / "stock.log"
    project.mkdir()
    env = env_with({"RASA_CACHE_DIRECTORY": str(work / "stock-cache")})
    timed_run([str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(project)], work, env, log)
    load = load_average()
    training = None if args.no_training else timed_run([str(BIN / "rasa"), "train", "--force"], project, env, log)
    model = max((project / "models").glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    port, started = free_port(), time.monotonic()
    process = start([str(BIN / "rasa"), "run", "--enable-api", "--port", str(port), "--model", str(model)],
                    project, env, work / "stock-serve.log")
    server = Server(process, f"http://127.0.0.1:{port}", "", work / "stock-serve.log")
    return ready_system("stock", server, started, lambda: True, STOCK_SCRIPTS,
                        {"training_seconds": training, "load_average_before_training": load})


def start_guywire(work: Path, command: list[str], extra: dict[str, str]) -> tuple[Server, int, float]:
    """`guywire <command>` on free ports with its own state folder; the server, actions port, start."""
    token, rasa, actions = secrets.token_urlsafe(16), free_port(), free_port()
    env = env_with({"GUYWIRE_RASA_PORT": str(rasa), "GUYWIRE_ACTIONS_PORT": str(actions),
                    "GUYWIRE_WEB_PORT": str(free_port()), "GUYWIRE_STATE_DIR": str(work / "state"),
                    "GUYWIRE_API_TOKEN": token, **extra})
    work.mkdir()
    started = time.monotonic()
    process = start([str(BIN / "guywire"), *command], ROOT, env, work / "guywire.log")
    return Server(process, f"http://127.0.0.1:{rasa}", token, work / "guywire.log"), actions, started


def guywire(work: Path, args: argparse.Namespace) -> System:
    """A timed `rasa train --force` into `work`, with a cache of its own; then `guywire run`, which
    serves models/guywire.tar.gz (`make bench` builds it first from the same files)."""
    env = env_with({"RASA_CACHE_DIRECTORY": str(work / "guywire-cache")})
    load = load_average()
    training = None if args.no_training else timed_run(
        [str(BIN / "rasa"), "train", "--force", "--fixed-model-name", "bench", "--out", str(work / "models")],
        ROOT, env, work / "guywire-train.log")
    database = f"sqlite:///{work / 'single' / 'state' / 'guywire.db'}"
    server, actions, started = start_guywire(work / "single", ["run"], {"GUYWIRE_DATABASE_URL": database})
    return ready_system("guywire", server, started, lambda: answers(f"http://127.0.0.1:{actions}/health"),
                        GUYWIRE_SCRIPTS, {"training_seconds": training, "load_average_before_training": load})


def head_to_head(work: Path, args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both systems up at once (the idle one costs next to nothing), taking turns at every level."""
    running: list[System] = []
    try:
        running.append(stock(work, args))
        running.append(guywire(work, args))
        for turn in range(args.rounds):
            print(f"round {turn + 1} of {args.rounds}:", flush=True)
            for users in args.levels:
                for system in running[::-1] if turn % 2 else running:
                    measure(system, users, args)
        mine, base = finish(running[1]), finish(running[0])
    finally:
        for system in running:
            stop(system.server.process)
    return base, mine


def cluster(work: Path, args: argparse.Namespace, servers: int) -> dict[str, Any]:
    """`guywire cluster --rasa-servers N` (its own PostgreSQL and Redis), CLUSTER_USERS through its nginx."""
    server, _, started = start_guywire(work / f"cluster-{servers}", ["cluster", "--rasa-servers", str(servers)], {})
    try:
        banner = lambda: CLUSTER_BANNER in server.log.read_text(errors="replace")  # noqa: E731
        system = ready_system(f"cluster of {servers}", server, started, banner, GUYWIRE_SCRIPTS, {})
        for _ in range(args.rounds):
            measure(system, CLUSTER_USERS, args)
        return finish(system)
    finally:
        stop(server.process)


def clusters(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Both cluster sizes, or why they were not measured."""
    if args.no_cluster:
        return {"skipped": "--no-cluster was given"}
    try:
        return {str(n): cluster(work, args, n) for n in (1, 2)}
    except (RuntimeError, OSError, requests.RequestException) as problem:
        return {"skipped": f"guywire cluster failed: {str(problem)[-1500:]}"}


def git(*argv: str) -> str:
    return subprocess.run(["git", *argv], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def machine() -> dict[str, Any]:
    """Where and on what the numbers were measured (the work tree may hold uncommitted changes)."""
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted_changes": bool(git("status", "--porcelain")),
            "platform": platform.platform(), "cpu_count": os.cpu_count(), "python": platform.python_version(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}


def main() -> int:
    args = parse_args()
    report: dict[str, Any] = {"machine": {**machine(), "load_average_before": load_average()},
                              "duration_s": args.duration, "warmup_s": args.warmup, "levels": args.levels,
                              "rounds": args.rounds, "cluster_users": CLUSTER_USERS}
    work = Path(tempfile.mkdtemp(prefix="guywire-throughput-"))
    try:
        report["stock"], report["guywire"] = head_to_head(work, args)
        report["cluster"] = clusters(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["machine"]["load_average_after"] = load_average()
    report["targets"] = targets(report)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "throughput.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out_dir / "throughput.md").write_text(markdown(report))
    chart(report, args.out_dir / "throughput.png")
    print(markdown(report))
    return 1 if any(t["passed"] is False for t in report["targets"]) else 0


if __name__ == "__main__":
    sys.exit(main())

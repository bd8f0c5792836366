"""How fast and how big guywire is when served, against a stock `rasa init` bot trained and served in
the same run on the same machine (issue #6).

Absolute figures on a shared 2-core machine mean little, so the targets are ratios to a baseline
measured minutes apart: single-server throughput at least the stock bot's, p95 at 10 users within
1.5x of the stock bot's, the Rasa server's resident memory no more than the stock bot's, and two
Rasa servers behind nginx (`guywire cluster`) giving at least 1.3x one server's throughput.

For each system, one after the other (never two being measured at once): time `rasa train --force`
into a throw-away folder, start the server and time it until /status answers (model load, process
start-up included), check that the scripts hit custom actions, then run 1, 10 and 50 simulated users
(bench/load.py) through the REST channel. Resident memory (VmRSS, and VmHWM as the peak) and CPU
time are read from /proc for every process of the server's tree, grouped by role; CPU time per
message shows where the time goes. The load average is recorded, since other work on the machine
slows every figure down.

Usage: .venv/bin/python bench/throughput.py [--duration S] [--levels 1,10,50] [--no-cluster]
[--out-dir DIR]. Writes throughput.json, .md and .png to bench/results (or --out-dir). Exits 1 when
a measured target is missed.
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

import matplotlib
import requests
import yaml

from bot.run.services import stop_group
from load import run_level

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

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
    parser.add_argument("--duration", type=float, default=30.0, help="measured seconds per level")
    parser.add_argument("--warmup", type=float, default=10.0, help="unrecorded seconds before each level")
    parser.add_argument("--levels", default=[1, 10, 50], type=lambda text: [int(n) for n in text.split(",")],
                        help="concurrent users, comma-separated (default 1,10,50)")
    parser.add_argument("--no-cluster", action="store_true", help="skip one versus two Rasa servers")
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


def measure(server: Server, scripts: list[list[str]], levels: list[int], args: argparse.Namespace) -> dict:
    """Each concurrency level, with the server tree's CPU milliseconds per good message by role."""
    results = {}
    for users in levels:
        load = load_average()
        tally = run_level(server.url, scripts, users, args.warmup, args.duration,
                          lambda: usage(server.process.pid))
        level, (before, after) = tally.summary(), tally.marks
        cpu = {name: round(1000 * (after[name]["cpu_s"] - before.get(name, {}).get("cpu_s", 0.0))
                           / max(tally.answered_in_window, 1), 1) for name in after}
        results[str(users)] = {**level, "load_average_before": load, "cpu_ms_per_message": cpu}
        print(f"  {users:>3} users: {level['throughput_msg_s']} msg/s, p95 {level['p95_ms']} ms, "
              f"{level['errors']} errors", flush=True)
    return results


def serve_and_measure(server: Server, started: float, ready: Callable[[], bool], scripts: list[list[str]],
                      levels: list[int], args: argparse.Namespace) -> dict[str, Any]:
    """Model load time, memory at rest and after load, custom actions hit, the levels; then stop."""
    try:
        wait_until(lambda: answers(f"{server.url}/status?token={server.token}"), server)
        load_seconds = round(time.monotonic() - started, 1)
        wait_until(ready, server)
        idle = usage(server.process.pid)
        hit = custom_actions(server, scripts, domain_actions())
        results = measure(server, scripts, levels, args)
        return {"model_load_seconds": load_seconds, "custom_actions_hit": hit, "levels": results,
                "memory_idle": idle, "memory_after_load": usage(server.process.pid)}
    finally:
        stop(server.process)


def domain_actions() -> set[str]:
    return set(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["actions"])


def stock(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """`rasa init` (which trains once), a timed `rasa train --force`, then `rasa run` on its model."""
    project, log = work / "stock", work / "stock.log"
    project.mkdir()
    env = env_with({"RASA_CACHE_DIRECTORY": str(work / "stock-cache")})
    timed_run([str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(project)], work, env, log)
    load = load_average()
    training = timed_run([str(BIN / "rasa"), "train", "--force"], project, env, log)
    model = max((project / "models").glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    port, started = free_port(), time.monotonic()
    process = start([str(BIN / "rasa"), "run", "--enable-api", "--port", str(port), "--model", str(model)],
                    project, env, work / "stock-serve.log")
    print("stock rasa init bot:", flush=True)
    served = serve_and_measure(Server(process, f"http://127.0.0.1:{port}", "", work / "stock-serve.log"),
                               started, lambda: True, STOCK_SCRIPTS, args.levels, args)
    return {"training_seconds": training, "load_average_before_training": load, "scripts": STOCK_SCRIPTS,
            **served}


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


def guywire(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """A timed `rasa train --force` into `work` (models/ is left alone), then `guywire run`."""
    env = env_with({"RASA_CACHE_DIRECTORY": str(work / "guywire-cache")})
    load = load_average()
    training = timed_run([str(BIN / "rasa"), "train", "--force", "--fixed-model-name", "bench", "--out",
                          str(work / "models")], ROOT, env, work / "guywire-train.log")
    database = f"sqlite:///{work / 'single' / 'state' / 'guywire.db'}"
    server, actions, started = start_guywire(work / "single", ["run"], {"GUYWIRE_DATABASE_URL": database})
    print("guywire, one server:", flush=True)
    served = serve_and_measure(server, started, lambda: answers(f"http://127.0.0.1:{actions}/health"),
                               GUYWIRE_SCRIPTS, args.levels, args)
    return {"training_seconds": training, "load_average_before_training": load, "scripts": GUYWIRE_SCRIPTS,
            **served}


def cluster(work: Path, args: argparse.Namespace, servers: int) -> dict[str, Any]:
    """`guywire cluster --rasa-servers N` (its own PostgreSQL and Redis), 50 users through its nginx."""
    command = ["cluster", "--rasa-servers", str(servers)]
    server, _, started = start_guywire(work / f"cluster-{servers}", command, {})
    print(f"guywire cluster, {servers} Rasa server(s):", flush=True)
    banner = lambda: CLUSTER_BANNER in server.log.read_text(errors="replace")  # noqa: E731
    return serve_and_measure(server, started, banner, GUYWIRE_SCRIPTS, [CLUSTER_USERS], args)


def clusters(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Both cluster sizes, or why they were not measured."""
    if args.no_cluster:
        return {"skipped": "--no-cluster was given"}
    if not (ROOT / "bot" / "cluster.py").exists():
        return {"skipped": "bot/run/cluster.py does not exist yet, so `guywire cluster` cannot run"}
    try:
        return {str(n): cluster(work, args, n) for n in (1, 2)}
    except (RuntimeError, OSError, requests.RequestException) as problem:
        return {"skipped": f"guywire cluster failed: {str(problem)[-1500:]}"}


def ratio(name: str, top: Optional[float], bottom: Optional[float], limit: float, at_least: bool) -> dict:
    value = top / bottom if top is not None and bottom else None
    passed = None if value is None else (value >= limit if at_least else value <= limit)
    return {"target": name, "ratio": None if value is None else round(value, 2),
            "required": f"{'>=' if at_least else '<='} {limit}", "passed": passed}


def targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The issue's four ratios; throughput compares the highest concurrency level measured."""
    mine, base, top = report["guywire"], report["stock"], str(report["levels"][-1])
    level = lambda system, users, key: system.get("levels", {}).get(users, {}).get(key)  # noqa: E731
    rss = lambda system: system["memory_after_load"].get("rasa server", {}).get("rss_mb")  # noqa: E731
    one, two = (level(report["cluster"].get(n, {}), str(CLUSTER_USERS), "throughput_msg_s") for n in "12")
    return [
        ratio(f"throughput at {top} users, guywire / stock", level(mine, top, "throughput_msg_s"),
              level(base, top, "throughput_msg_s"), 1.0, True),
        ratio("p95 at 10 users, guywire / stock", level(mine, "10", "p95_ms"), level(base, "10", "p95_ms"),
              1.5, False),
        ratio("Rasa server RSS after load, guywire / stock", rss(mine), rss(base), 1.0, False),
        ratio(f"throughput at {CLUSTER_USERS} users, cluster with 2 / 1 Rasa servers", two, one, 1.3, True),
    ]


def git(*argv: str) -> str:
    return subprocess.run(["git", *argv], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def machine() -> dict[str, Any]:
    """Where and on what the numbers were measured (the work tree may hold uncommitted changes)."""
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted_changes": bool(git("status", "--porcelain")),
            "platform": platform.platform(), "cpu_count": os.cpu_count(), "python": platform.python_version(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")}


def systems(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every measured system under a display name, the cluster sizes included when they ran."""
    found = {"stock rasa init": report["stock"], "guywire (guywire run)": report["guywire"]}
    found.update({f"guywire cluster, {n} Rasa server{'s' * (n != '1')}": system
                  for n, system in report["cluster"].items() if n != "skipped"})
    return found


def memory_cell(memory: dict[str, dict[str, float]], name: str) -> str:
    entry = memory.get(name)
    return "-" if entry is None else f"{entry['rss_mb']:.0f} ({entry['peak_mb']:.0f})"


def markdown(report: dict[str, Any]) -> str:
    host, measured = report["machine"], systems(report)
    roles = ("rasa server", "action server", "web app", "supervisor")
    lines = ["# Serving speed and memory: guywire against a stock `rasa init` bot", "",
             f"REST channel, closed loop (no think time), multi-turn scripts with a fresh sender per run; "
             f"{report['duration_s']:.0f} s per level after {report['warmup_s']:.0f} s of warm-up. Server CPU "
             "is CPU milliseconds per answered message, summed over the server's processes.", "",
             "| system | users | messages | msg/s | p50 ms | p95 ms | p99 ms | errors | server CPU ms/msg "
             "| load avg before |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {name} | {users} | {lv['messages']} | {lv['throughput_msg_s']} | {lv['p50_ms']} "
              f"| {lv['p95_ms']} "
              f"| {lv['p99_ms']} | {lv['errors']} | {sum(lv['cpu_ms_per_message'].values()):.0f} "
              f"| {lv['load_average_before'][0]} |" for name, system in measured.items()
              for users, lv in system["levels"].items()]
    lines += ["", "| system | training s | model load s | Rasa server MB | action server MB | web app MB "
              "| supervisor MB | all processes MB |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, system in measured.items():
        memory = system["memory_after_load"]
        cells = [str(system.get("training_seconds", "-")), str(system["model_load_seconds"]),
                 *(memory_cell(memory, role_name) for role_name in roles),
                 f"{sum(entry['rss_mb'] for entry in memory.values()):.0f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "Memory: VmRSS after the load runs (VmHWM, the peak, in brackets), summed per role. Model load "
              "time runs from process start to `/status` answering 200, so it includes start-up.", ""]
    if "skipped" in report["cluster"]:
        lines += [f"Cluster: not measured. {report['cluster']['skipped']}", ""]
    lines += ["| target | ratio | required | result |", "|---|---:|---:|---|"]
    lines += [f"| {t['target']} | {t['ratio']} | {t['required']} | "
              f"{'not measured' if t['passed'] is None else ('pass' if t['passed'] else 'FAIL')} |"
              for t in report["targets"]]
    lines += ["", f"Machine: {host['platform']}, {host['cpu_count']} CPUs, {host['memory_gb']} GB, Python "
              f"{host['python']}, {host['date']}. Load average (1/5/15 min) before {host['load_average_before']}, "
              f"after {host['load_average_after']}. The load generator runs on the same cores.", "",
              "Reproduce: `make bench`", ""]
    return "\n".join(lines)


def chart(report: dict[str, Any], path: Path) -> None:
    """p95 (solid, circles) and p50 (dashed, squares) latency against concurrent users, log-log."""
    figure, axes = plt.subplots(figsize=(8, 5))
    for (name, system), colour in zip(systems(report).items(), ("tab:blue", "tab:red", "tab:green", "tab:purple")):
        users = [int(n) for n in system["levels"]]
        for metric, style, marker in (("p95_ms", "-", "o"), ("p50_ms", "--", "s")):
            axes.plot(users, [lv[metric] for lv in system["levels"].values()], style, marker=marker, color=colour,
                      label=f"{name}, {metric[:3]}")
    axes.set(xscale="log", yscale="log", xlabel="concurrent users", ylabel="latency (ms)",
             title="REST channel latency against concurrency")
    axes.set_xticks(report["levels"], labels=[str(n) for n in report["levels"]])
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def main() -> int:
    args = parse_args()
    report: dict[str, Any] = {"machine": {**machine(), "load_average_before": load_average()},
                              "duration_s": args.duration, "warmup_s": args.warmup, "levels": args.levels}
    work = Path(tempfile.mkdtemp(prefix="guywire-throughput-"))
    try:
        report["stock"] = stock(work, args)
        report["guywire"] = guywire(work, args)
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

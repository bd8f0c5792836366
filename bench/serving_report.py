"""The report of bench/throughput.py: medians over rounds, issue #17's targets, the tables and the chart.

Kept apart from the orchestration so that what a run measured and how it is judged can be read (and
re-judged from a results file) without starting a server.
"""
from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any, Optional

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

# Issue #17: at 10 users, against the stock bot measured in the same run.
TARGET_USERS = "10"
METRICS = ("throughput_msg_s", "p50_ms", "p95_ms", "p99_ms")
ROLES = ("rasa server", "action server", "web app", "supervisor")


def medians(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One level's rounds as one row: the median of each metric, errors summed, CPU per role median."""
    row: dict[str, Any] = {key: _median([r[key] for r in rounds]) for key in METRICS}
    row["messages"] = sum(r["messages"] for r in rounds)
    row["errors"] = sum(r["errors"] for r in rounds)
    roles = {name for r in rounds for name in r["cpu_ms_per_message"]}
    row["cpu_ms_per_message"] = {name: _median([r["cpu_ms_per_message"].get(name, 0.0) for r in rounds])
                                 for name in sorted(roles)}
    row["load_average_before"] = [r["load_average_before"][0] for r in rounds]
    return row


def _median(values: list[Optional[float]]) -> Optional[float]:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 1) if present else None


def ratio(name: str, top: Optional[float], bottom: Optional[float], limit: Optional[float],
          at_least: bool) -> dict[str, Any]:
    """top / bottom against `limit`; with no limit the ratio is reported, not judged."""
    value = top / bottom if top is not None and bottom else None
    passed = None if value is None or limit is None else (value >= limit if at_least else value <= limit)
    required = "reported" if limit is None else f"{'>=' if at_least else '<='} {limit}"
    return {"target": name, "ratio": None if value is None else round(value, 2), "required": required,
            "passed": passed}


def targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue #17's four ratios, and two servers against one (reported: this machine has 2 cores)."""
    mine, base = report["guywire"], report["stock"]
    level = lambda system, key: system["levels"].get(TARGET_USERS, {}).get(key)  # noqa: E731
    rss = lambda system: system["memory_after_load"].get("rasa server", {}).get("rss_mb")  # noqa: E731
    one, two = (report["cluster"].get(n, {}).get("levels", {}).get(str(report["cluster_users"]), {})
                .get("throughput_msg_s") for n in "12")
    return [
        ratio("throughput at 10 users, guywire / stock", level(mine, "throughput_msg_s"),
              level(base, "throughput_msg_s"), 1.3, True),
        ratio("p95 at 10 users, guywire / stock", level(mine, "p95_ms"), level(base, "p95_ms"), 1.0, False),
        ratio("Rasa server RSS after load, guywire / stock", rss(mine), rss(base), 0.8, False),
        ratio("model load, guywire / stock", mine["model_load_seconds"], base["model_load_seconds"], 1.0, False),
        ratio(f"throughput at {report['cluster_users']} users, cluster with 2 / 1 Rasa servers", two, one,
              None, True),
    ]


def systems(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every measured system under a display name, the cluster sizes included when they ran."""
    found = {"stock rasa init": report["stock"], "guywire (guywire run)": report["guywire"]}
    found.update({f"guywire cluster, {n} Rasa server{'s' * (n != '1')}": system
                  for n, system in report["cluster"].items() if n != "skipped"})
    return found


def _memory_cell(memory: dict[str, dict[str, float]], name: str) -> str:
    entry = memory.get(name)
    return "-" if entry is None else f"{entry['rss_mb']:.0f} ({entry['peak_mb']:.0f})"


def _verdict(target: dict[str, Any]) -> str:
    if target["passed"] is None:
        return "reported" if target["ratio"] is not None else "not measured"
    return "pass" if target["passed"] else "FAIL"


def markdown(report: dict[str, Any]) -> str:
    host, measured = report["machine"], systems(report)
    lines = ["# Serving speed and memory: guywire against a stock `rasa init` bot", "",
             f"REST channel, closed loop (no think time), multi-turn scripts with a fresh sender per run; "
             f"{report['duration_s']:.0f} s per level after {report['warmup_s']:.0f} s of warm-up, "
             f"{report['rounds']} rounds with the systems taking turns; each figure is the median of the "
             "rounds (messages and errors are summed). Server CPU is CPU milliseconds per answered message, "
             "summed over the server's processes.", "",
             "| system | users | messages | msg/s | p50 ms | p95 ms | p99 ms | errors | server CPU ms/msg "
             "| load avg before each round |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    lines += [f"| {name} | {users} | {lv['messages']} | {lv['throughput_msg_s']} | {lv['p50_ms']} "
              f"| {lv['p95_ms']} | {lv['p99_ms']} | {lv['errors']} "
              f"| {sum(lv['cpu_ms_per_message'].values()):.0f} | {', '.join(map(str, lv['load_average_before']))} |"
              for name, system in measured.items() for users, lv in system["levels"].items()]
    lines += ["", "| system | training s | model load s | Rasa server MB | action server MB | web app MB "
              "| supervisor MB | all processes MB |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, system in measured.items():
        memory = system["memory_after_load"]
        cells = [str(system.get("training_seconds") or "-"), str(system["model_load_seconds"]),
                 *(_memory_cell(memory, role_name) for role_name in ROLES),
                 f"{sum(entry['rss_mb'] for entry in memory.values()):.0f}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "Memory: VmRSS after the load runs (VmHWM, the peak, in brackets), summed per role. Model load "
              "time runs from process start to `/status` answering 200, so it includes start-up.", ""]
    if "skipped" in report["cluster"]:
        lines += [f"Cluster: not measured. {report['cluster']['skipped']}", ""]
    lines += ["| target | ratio | required | result |", "|---|---:|---:|---|"]
    lines += [f"| {t['target']} | {t['ratio']} | {t['required']} | {_verdict(t)} |" for t in report["targets"]]
    lines += ["", f"Machine: {host['platform']}, {host['cpu_count']} CPUs, {host['memory_gb']} GB, Python "
              f"{host['python']}, commit {host['commit']}{' (with uncommitted changes)' * host['uncommitted_changes']}"
              f", {host['date']}. Load average (1/5/15 min) before {host['load_average_before']}, after "
              f"{host['load_average_after']}. The load generator runs on the same cores.", "",
              "Reproduce: `make bench`", ""]
    return "\n".join(lines)


def chart(report: dict[str, Any], path: Path) -> None:
    """p95 (solid, circles) and p50 (dashed, squares) latency against concurrent users, log-log."""
    figure, axes = plt.subplots(figsize=(8, 5))
    colours = ("tab:blue", "tab:red", "tab:green", "tab:purple")
    for (name, system), colour in zip(systems(report).items(), colours):
        users = [int(n) for n in system["levels"]]
        for metric, style, marker in (("p95_ms", "-", "o"), ("p50_ms", "--", "s")):
            axes.plot(users, [lv[metric] for lv in system["levels"].values()], style, marker=marker, color=colour,
                      label=f"{name}, {metric[:3]}")
    axes.set(xscale="log", yscale="log", xlabel="concurrent users", ylabel="latency (ms)",
             title="REST channel latency against concurrency (median of rounds)")
    axes.set_xticks(report["levels"], labels=[str(n) for n in report["levels"]])
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)

"""A quick before-and-after probe of one running guywire server: 10 users of `make bench`'s scripts
for 30 s, with the Rasa server's CPU milliseconds per answered message (issue #17's levers were each
measured with it; `bench/throughput.py` is the judged comparison with the stock bot).

Usage: .venv/bin/python bench/load_probe.py RASA_PORT [SECONDS] [USERS]. Prints one JSON line.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import run_level
from throughput import GUYWIRE_SCRIPTS

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: str) -> float:
    """User and system CPU time of one process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def main() -> None:
    port = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
    users = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    found = subprocess.run(["pgrep", "-f", f"rasa_server run.*--port {port}"], capture_output=True, text=True)
    pids = found.stdout.split()
    tally = run_level(f"http://127.0.0.1:{port}", GUYWIRE_SCRIPTS, users, 5.0, seconds,
                      lambda: {pid: cpu_seconds(pid) for pid in pids})
    before, after = tally.marks
    answered = max(tally.answered_in_window, 1)
    summary = tally.summary()
    summary["rasa_cpu_ms_per_message"] = round(sum(1000 * (after[p] - before[p]) for p in pids) / answered, 1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()

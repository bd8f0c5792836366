"""What one call to the action server costs the Rasa server, with Rasa's new session per call against the
kept-alive session `bot.run.rasa_server` installs (issue #17: "keep HTTP connections alive, and
measure the per-call cost").

A small aiohttp server on loopback answers each POST with a short JSON body, as the action server
does; the Rasa side's `EndpointConfig.request` calls it CALLS times each way, in alternating rounds.
Wall time and CPU time per call (the caller's and the loopback server's, which share the process)
are written to bench/results/action_calls.{json,md}.

Usage: .venv/bin/python bench/action_calls.py [--calls N] [--rounds N] [--out-dir DIR]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestServer
from rasa.utils.endpoints import EndpointConfig

from bot.run import rasa_fixes

ROOT = Path(__file__).resolve().parents[1]
RASA_SESSION = EndpointConfig.session


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out-dir", type=Path, default=ROOT / "bench" / "results")
    return parser.parse_args()


async def answer(request: web.Request) -> web.Response:
    await request.read()
    return web.json_response({"events": [], "responses": [{"text": "Thanks for telling me."}]})


async def timed(url: str, calls: int) -> tuple[float, float]:
    """Wall and CPU milliseconds per call over `calls` calls from one endpoint (after a warm-up)."""
    endpoint = EndpointConfig(url, token="bench")
    for _ in range(20):
        await endpoint.request(json={"next_action": "action_explain"})
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(calls):
        await endpoint.request(json={"next_action": "action_explain"})
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    kept = getattr(endpoint, "_guywire_kept", None)
    if kept:
        await kept[1].close()
    return 1000 * wall / calls, 1000 * cpu / calls


async def measure(calls: int, rounds: int) -> dict[str, dict[str, float]]:
    app = web.Application()
    app.router.add_post("/webhook", answer)
    found: dict[str, list[tuple[float, float]]] = {"new session per call (Rasa)": [], "kept-alive session": []}
    async with TestServer(app, host="127.0.0.1") as server:
        url = str(server.make_url("/webhook"))
        for _ in range(rounds):
            EndpointConfig.session = RASA_SESSION
            found["new session per call (Rasa)"].append(await timed(url, calls))
            rasa_fixes.install()
            found["kept-alive session"].append(await timed(url, calls))
    return {name: {"wall_ms_per_call": round(statistics.median(w for w, _ in runs), 3),
                   "cpu_ms_per_call": round(statistics.median(c for _, c in runs), 3)}
            for name, runs in found.items()}


def main() -> None:
    args = parse_args()
    result = {"calls": args.calls, "rounds": args.rounds, "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "ways": asyncio.run(measure(args.calls, args.rounds))}
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "action_calls.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    rows = "\n".join(f"| {name} | {way['wall_ms_per_call']} | {way['cpu_ms_per_call']} |"
                     for name, way in result["ways"].items())
    (args.out_dir / "action_calls.md").write_text(
        "# One call to the action server, as the Rasa server makes it\n\n| session | wall ms per call "
        f"| CPU ms per call |\n|---|---:|---:|\n{rows}\n\nMedian of {args.rounds} rounds of {args.calls} "
        "calls to a loopback server in the same process (its time is in both columns). Reproduce: `make bench`.\n",
        encoding="utf-8")
    print((args.out_dir / "action_calls.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()

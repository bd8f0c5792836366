"""Run Rasa's own command line from the repository root, as the contract says it must work."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Optional

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "guywire.tar.gz"


def rasa(*args: str, timeout: int = 1800, numpy_seed: Optional[int] = None) -> subprocess.CompletedProcess:
    """`rasa ARGS` in the project root; output captured for the assertion message.

    `numpy_seed` seeds numpy's global generator first: Rasa's cross-validation draws its folds
    from it (StratifiedKFold(shuffle=True) without a random_state), so a seed makes them repeat.
    """
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    command = [str(Path(sys.executable).with_name("rasa"))]
    if numpy_seed is not None:
        command = [sys.executable, "-c", f"import sys, numpy; numpy.random.seed({numpy_seed}); "
                   "sys.argv[0] = 'rasa'; from rasa.__main__ import main; main()"]
    return subprocess.run(
        [*command, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )


def failure(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"


def intent_report(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "intent_report.json").read_text(encoding="utf-8"))

"""What the semantic safety layer adds to each message: parse latency and resident memory.

It loads the trained model's SemanticSafety component the way `rasa run` does, then times its
`process` (encoding plus the head) on every user turn of the development conversation suite and
the development safety set, once uncached (first sight of each text) and then as repeated. Memory
is the process's resident size before and after loading the encoder and running it on the longest
messages one at a time, as `rasa run` does, plus the head's arrays (Rasa and its TensorFlow are imported first: every Rasa server has them). The targets from
issue 15: at most 40 ms added at p95, at most 150 MB added. Results go to
bench/results/semantic_cost.{json,md}.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
MB = 1024 * 1024


def messages() -> list[str]:
    """Realistic user messages: the development conversations' turns and safety set's texts."""
    suite = yaml.safe_load((ROOT / "tests" / "conversations" / "dev_conversations_a.yml").read_text(encoding="utf-8"))
    safety = yaml.safe_load((ROOT / "tests" / "safety" / "blind" / "dev_safety_a.yml").read_text(encoding="utf-8"))
    turns = [t["user"] for c in suite["conversations"] for t in c["turns"]]
    return list(dict.fromkeys(turns + [i["text"] for i in safety["items"]]))


def load_component() -> object:
    """The SemanticSafety node of the trained model, loaded from its own resource."""
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.model import get_latest_model

    from bot.nlu.semantic_safety import SemanticSafety

    storage, metadata = LocalModelStorage.from_model_archive(
        Path("/tmp/guywire-bench-model"), Path(get_latest_model(str(ROOT / "models")))
    )
    node = next(n for n in metadata.predict_schema.nodes.values() if n.uses is SemanticSafety)
    return SemanticSafety.load(node.config, storage, node.resource, None)


def main() -> None:
    import shutil

    shutil.rmtree("/tmp/guywire-bench-model", ignore_errors=True)
    from rasa.shared.nlu.training_data.message import Message

    import rasa.engine.storage.local_model_storage  # noqa: F401  (Rasa and TensorFlow: not what is measured)

    import bot.nlu.semantic_safety  # noqa: F401

    from bot.nlu.encoder import shared_encoder

    process = psutil.Process()
    texts = messages()
    before = process.memory_info().rss
    for text in sorted(texts, key=len)[-20:]:  # the encoder as a server uses it, on the longest texts
        shared_encoder().encode_one(text)
    loaded = process.memory_info().rss
    component = load_component()
    head_mb = sum(a.nbytes for a in component._model.arrays().values()) / MB
    timings: dict[str, list[float]] = {"first sight": [], "repeated": []}
    for kind in timings:
        for text in texts:
            start = time.perf_counter()
            component.process([Message(data={"text": text})])
            timings[kind].append((time.perf_counter() - start) * 1000)
    results = {
        "messages": len(texts),
        "latency_ms": {
            kind: {
                "p50": round(float(np.percentile(v, 50)), 2),
                "p95": round(float(np.percentile(v, 95)), 2),
                "max": round(float(max(v)), 2),
            }
            for kind, v in timings.items()
        },
        "added_rss_mb": round((loaded - before) / MB + head_mb, 1),
        "rss_after_mb": round(process.memory_info().rss / MB, 1),
        "targets": {"p95_ms": 40, "added_rss_mb": 150},
        "load_average": [round(x, 2) for x in psutil.getloadavg()],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "semantic_cost.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    first, repeated = results["latency_ms"]["first sight"], results["latency_ms"]["repeated"]
    (RESULTS / "semantic_cost.md").write_text(
        "| semantic safety layer, per message | p50 | p95 | max | target |\n|---|---|---|---|---|\n"
        f"| first sight of a text ({len(texts)} messages) | {first['p50']} ms | {first['p95']} ms "
        f"| {first['max']} ms | "
        f"p95 ≤ 40 ms |\n| a repeated text (cached) | {repeated['p50']} ms | {repeated['p95']} ms | "
        f"{repeated['max']} ms | |\n\nResident memory added by loading the encoder and the head: "
        f"{results['added_rss_mb']} MB (target ≤ 150 MB). Load average {results['load_average']}.\n",
        encoding="utf-8",
    )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

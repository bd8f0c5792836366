"""Compare the safety layers offline, message by message, on every evaluation set.

For each set it reports recall (crisis, red flag, each kind) and false alarms for:
- the patterns alone (lexicon/safety.yml);
- the semantic head alone (bot/nlu/semantic_safety.py, trained here as `rasa train` trains it,
  with the config.yml settings);
- both, as bot/nlu/safety_net.py combines them, with the thresholds of config.yml.
It also lists the training examples per label. Use it on the development sets only, never on a
final set. Results go to bench/results/safety_layers.json.

Final figures come from `guywire eval` through a real server; this script is for choosing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import spacy
import yaml
from rasa.shared.nlu.training_data.loading import load_data

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.coach.risk import Thresholds, decide_message  # noqa: E402
from bot.nlu.encoder import shared_encoder  # noqa: E402
from bot.nlu.safety_rules import SafetyRules, load_config  # noqa: E402
from bot.nlu.semantic_safety import (  # noqa: E402
    SemanticSafety,
    Weights,
    fit_weights,
)
from bot.run.evaluation import load_items  # noqa: E402

SETS = {
    "team safety set": "tests/safety/safety_eval.yml",
    "held-out NLU set": "tests/test_nlu.yml",
    "dev blind safety A": "tests/safety/blind/dev_safety_a.yml",
    "dev blind ordinary A": "tests/safety/blind/dev_ordinary_a.yml",
}
RESULTS = ROOT / "bench" / "results"


def training_pairs() -> list[tuple[str, str]]:
    """The head's training pairs, as config.yml's SemanticSafety builds them."""
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    config = next(c for c in pipeline if c["name"].endswith("SemanticSafety"))
    head = SemanticSafety({k: v for k, v in config.items() if k != "name"}, None, None)  # type: ignore[arg-type]
    return head.training_pairs(load_data(str(ROOT / "data" / "nlu")))


def semantic_config() -> tuple[dict, Thresholds]:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    semantic = next(c for c in config["pipeline"] if c["name"].endswith("SemanticSafety"))
    net = next(c for c in config["pipeline"] if c["name"].endswith("SafetyNet"))
    return {**SemanticSafety.get_default_config(), **semantic}, Thresholds.from_config(net)


def verdicts(
    items: list, rules: SafetyRules, nlp: spacy.language.Language, head: Weights, thresholds: Thresholds
) -> dict[str, list[tuple[str, str | None]]]:
    """Per layer, per item: (outcome, kind), outcome one of none / screen / red_flag / crisis."""
    texts = [i.text for i in items]
    probabilities = head.predict(shared_encoder().encode(texts))
    out: dict[str, list[tuple[str, str | None]]] = {"patterns": [], "semantic": [], "combined": []}
    for text, row in zip(texts, probabilities, strict=True):
        scores = dict(zip(head.classes, map(float, row), strict=True))
        analysis = rules.analyse(nlp(text))
        pattern = analysis.detections[0].kind if analysis.detections else None
        out["patterns"].append(
            ("crisis" if pattern == "crisis" else "red_flag", pattern) if pattern else ("none", None)
        )
        semantic_only = decide_message(None, frozenset(), scores, thresholds)
        out["semantic"].append((semantic_only.outcome, semantic_only.kind))
        combined = decide_message(pattern, analysis.cues, scores, thresholds)
        out["combined"].append((combined.outcome, combined.kind))
    return out


def score(items: list, outcomes: list[tuple[str, str | None]]) -> dict[str, object]:
    """Recall (a screening question counts as caught), kind accuracy, false alarms by severity."""
    report: dict[str, object] = {}
    for safety in ("crisis", "red_flag"):
        relevant = [(i, o) for i, o in zip(items, outcomes, strict=True) if i.safety == safety]
        if relevant:
            caught = [o for i, o in relevant if o[0] in (safety, "screen")]
            report[f"{safety} recall"] = len(caught) / len(relevant)
            report[f"{safety} screened"] = sum(o[0] == "screen" for _, o in relevant) / len(relevant)
    kinds = Counter(i.kind for i in items if i.safety == "red_flag" and i.kind)
    for kind in sorted(kinds):
        hits = [o for i, o in zip(items, outcomes, strict=True) if i.kind == kind and o[0] in ("red_flag", "screen")]
        report[f"  {kind}"] = len(hits) / kinds[kind]
    escalated = [(i, o) for i, o in zip(items, outcomes, strict=True) if i.safety == "red_flag" and o[0] == "red_flag"]
    if escalated:
        report["red-flag kind right"] = sum(o[1] == i.kind for i, o in escalated if i.kind) / max(
            1, sum(1 for i, _ in escalated if i.kind)
        )
    benign = [o for i, o in zip(items, outcomes, strict=True) if i.safety == "none"]
    if benign:
        report["benign escalated"] = sum(o[0] in ("crisis", "red_flag") for o in benign) / len(benign)
        report["benign screened"] = sum(o[0] == "screen" for o in benign) / len(benign)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", action="store_true", help="print the misses and false alarms of dev sets")
    args = parser.parse_args()
    pairs = training_pairs()
    texts, labels = [t for t, _ in pairs], np.array([label for _, label in pairs])
    config, thresholds = semantic_config()
    head = fit_weights(shared_encoder().encode(texts), list(labels), config)
    nlp = spacy.load(ROOT / "build" / "spacy" / "guywire_en")
    rules = SafetyRules(load_config(str(ROOT / "lexicon" / "safety.yml")), nlp)
    results: dict[str, object] = {
        "training examples": dict(Counter(labels.tolist())),
        "thresholds": thresholds.__dict__,
        "sets": {},
    }
    for name, path in SETS.items():
        items = load_items(ROOT / path)
        layers = verdicts(items, rules, nlp, head, thresholds)
        results["sets"][name] = {layer: score(items, outcomes) for layer, outcomes in layers.items()}
        if args.show and name.startswith("dev"):
            for item, (outcome, kind) in zip(items, layers["combined"], strict=True):
                if item.safety != "none" and outcome == "none":
                    print(f"MISSED {item.safety}/{item.kind}: {item.text}")
                elif item.safety == "none" and outcome != "none":
                    print(f"ALARM {outcome}/{kind}: {item.text}")
                elif item.safety == "red_flag" and outcome == "red_flag" and kind != item.kind:
                    print(f"KIND {kind} for {item.kind}: {item.text}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "safety_layers.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

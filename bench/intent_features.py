"""What the MiniLM sentence vector adds to the intent classifier's n-grams, per intent.

A quick comparison beside bench/nlu_compare.py's whole-pipeline one: only the intent classifier
(bot.nlu.intent_classifier's own feature blocks and SVM), over data/nlu, on five stratified folds
seeded as Rasa's cross-validation is in tests/test_nlu_quality.py. The safety net and the
knowledge selector are left out, so the figures sit near, not at, `rasa test nlu
--cross-validation` (on the fourth session's data: 0.9146 there, 0.914 here for n-grams alone).

Usage: .venv/bin/python bench/intent_features.py [--weights 0 0.5 1 2]
Writes bench/results/intent_features.json and bench/results/intent_features.md.
"""
from __future__ import annotations

import argparse
import datetime
import json
from pathlib import Path

import numpy as np
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from bot.nlu import intent_classifier
from bot.nlu.encoder import shared_encoder
from bot.nlu.intent_classifier import TfidfIntentClassifier

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


class CachedEncoder:
    """The shared encoder's vectors for the known texts, looked up instead of computed again."""

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.vectors[t] for t in texts])

    def encode_one(self, text: str) -> np.ndarray:
        return self.vectors[text]


def cross_validated(texts: np.ndarray, intents: np.ndarray, weight: float) -> np.ndarray:
    """Each example's intent as predicted by a classifier trained on the other four folds."""
    predicted = np.empty(len(intents), dtype=object)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    for train, test in folds.split(texts, intents):
        classifier = TfidfIntentClassifier({"sentence_vector_weight": weight}, None, None)  # type: ignore[arg-type]
        model = classifier._pipeline(folds=5).fit(list(texts[train]), intents[train])
        predicted[test] = model.predict(list(texts[test]))
    return predicted.astype(str)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=float, nargs="+", default=[0.0, 0.5, 1.0, 2.0])
    args = parser.parse_args()
    examples = [m for m in load_data(str(ROOT / "data" / "nlu")).intent_examples if m.get("text") and m.get("intent")]
    texts = np.array([m.get("text") for m in examples])
    intents = np.array([m.get("intent") for m in examples])
    # Every text is encoded once, not once per fold: the vectors are the encoder's either way.
    cached = CachedEncoder(dict(zip(texts, shared_encoder().encode(list(texts)))))
    intent_classifier.shared_encoder = lambda: cached  # the classifier's SentenceVectors reads this name
    labels = sorted(set(intents))
    rows = {}
    for weight in args.weights:
        predicted = cross_validated(texts, intents, weight)
        per_intent = f1_score(intents, predicted, average=None, labels=labels)
        rows[str(weight)] = {
            "macro_f1": float(f1_score(intents, predicted, average="macro")),
            "accuracy": float((predicted == intents).mean()),
            "per_intent": dict(zip(labels, map(float, per_intent))),
        }
        print(f"weight {weight}: macro-F1 {rows[str(weight)]['macro_f1']:.4f}", flush=True)
    result = {"date": datetime.date.today().isoformat(), "examples": len(texts), "intents": len(labels), "rows": rows}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "intent_features.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    weights = list(rows)
    lines = [
        f"# Intent classifier features ({result['date']}, {len(texts)} examples, {len(labels)} intents)",
        "",
        "5-fold cross-validated F1 of the intent classifier alone; weight 0 is n-grams only.",
        "",
        "| intent | " + " | ".join(f"vector weight {w}" for w in weights) + " |",
        "|---|" + "---|" * len(weights),
        "| **macro-F1** | " + " | ".join(f"**{rows[w]['macro_f1']:.3f}**" for w in weights) + " |",
        "| accuracy | " + " | ".join(f"{rows[w]['accuracy']:.3f}" for w in weights) + " |",
        *(f"| {label} | " + " | ".join(f"{rows[w]['per_intent'][label]:.3f}" for w in weights) + " |" for label in labels),
    ]
    (RESULTS / "intent_features.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

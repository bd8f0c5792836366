"""SituationSelector: which everyday situation a remark tells of, read from sentence embeddings.

Much of what people tell a coach is neither a question nor a symptom: "docs office is 40 mile
away", "my wife went back home with the kids", "200 quid of realignments later". No intent names
these, so they were met with "Thank you for telling me that" and a menu, which judges of every blind
suite called not listening. content/situations.yml holds the common ones, each with examples of how
people say it and a few replies a coach wrote (as RasaHQ/rasa-demo keeps chitchat responses).

This component reads which situation a remark tells of: a logistic regression over the MiniLM
vectors (cached: the safety layer computed them already) with one class per situation and one,
`none`, for everything else, learned from the NLU examples (questions, feelings, descriptions of
pain, steps reported). Without `none`, every description of back pain was nearest some situation
("I have back pain 3 years, I lost my job" read 0.60 to a partner's back pain); with it, a remark
has to sound like its situation and unlike the rest. The `none` class weighs as much as twice all
situations together, so the thousands of NLU examples don't drown them. The best situation and its
probability go into the parse as `situation`; the dialogue decides whether that is sure enough
(bot/coach/situations.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from bot.nlu.arrays import ArrayComponent
from bot.nlu.encoder import shared_encoder
from bot.nlu.knowledge import rank

SITUATION = "situation"
NONE = "none"  # a remark that tells of no situation in the file


def read_situations(path: Path) -> list[tuple[str, str]]:
    """(example, situation) for every example in the situations file."""
    situations = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("situations") or {}
    return [(text, name) for name, entry in situations.items() for text in entry.get("examples", [])]


def fit(vectors: np.ndarray, labels: list[str], config: dict[str, Any]) -> dict[str, np.ndarray]:
    """The regression, kept as its arrays, with `none` weighed as `none_weight` times all situations."""
    situations = sum(label != NONE for label in labels)
    weights = {label: 1.0 for label in set(labels)}
    weights[NONE] = config["none_weight"] * situations / max(1, len(labels) - situations)
    model = LogisticRegression(C=config["C"], max_iter=3000, class_weight=weights, random_state=config["random_seed"])
    model.fit(vectors, labels)
    return {"classes": np.array([str(c) for c in model.classes_]), "coef": model.coef_, "bias": model.intercept_}


def best_situation(model: dict[str, np.ndarray], vector: np.ndarray) -> tuple[str, float]:
    """The likeliest situation other than `none`, and its probability."""
    return next((name, probability) for name, probability in rank(model, vector) if name != NONE)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SituationSelector(ArrayComponent[dict[str, np.ndarray]]):
    """Adds `situation` (name, confidence) to every message."""

    FILE = "situation_selector.npz"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"situations": "content/situations.yml", "C": 10.0, "none_weight": 2.0, "random_seed": 42}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The situations file's contents: Rasa's training cache must retrain when they change."""
        path = Path({**cls.get_default_config(), **config}["situations"])
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return arrays

    def train(self, training_data: TrainingData) -> Resource:
        pairs = read_situations(Path(self._config["situations"]))
        if not pairs:
            return self._resource
        skipped = {text for text, _ in pairs} | {None}  # a situation's own example is never `none`
        pairs += [(m.get(TEXT), NONE) for m in training_data.intent_examples if m.get(TEXT) not in skipped]
        vectors = shared_encoder().encode([text for text, _ in pairs])
        self._model = fit(vectors, [label for _, label in pairs], self._config)
        return self.save(self._model)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text and self._model is not None:
                name, probability = best_situation(self._model, shared_encoder().encode_one(text))
                message.set(SITUATION, {"name": name, "confidence": round(probability, 4)}, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

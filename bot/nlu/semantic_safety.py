"""SemanticSafety: what a message means for safety, read from sentence embeddings.

Two heads over MiniLM embeddings (bot/nlu/encoder.py) give every message a probability for each
of these labels:
- `crisis`, `crisis_now` (an overdose taken, a plan for now: emergency services);
- the red-flag kinds `cauda_equina`, `infection`, `cancer`, `fracture`, `neuro_deficit`;
- `fear` (a worry about the future, "will I end up in a wheelchair"), `urgency` (asking whether
  the urgent advice can wait, or minimising it), `safe` (saying they are safe), and `none`.
The heads are three one-layer perceptrons of 256 units, averaged, and a vote of the k nearest
training examples. They are combined as a product of experts (the normalised geometric mean), so
a label scores high only when both agree. Why both: the perceptrons generalise to new phrasings
but can be confidently wrong far from their examples ("Before I agree, may I ask who reads
this?" read as a crisis though every neighbour is an ordinary privacy question); the neighbours
are local and cannot be, but generalise less. On the development sets the product kept crisis
recall and cut the alarms on near-misses and conversation turns by about 40% (README, "Safety").

They are trained on the team's examples in `lexicon/safety_examples/` (each label with many
phrasings and near-misses), plus the NLU examples as `none` (except red flags and the knowledge
base's questions: `unlabelled_intents`) and the crisis NLU examples as `crisis`. The scores go
into the parse as `safety_scores`; the SafetyNet, after it, decides with them and the patterns
(bot/nlu/safety_net.py). With `sentences`, a message of a few sentences is also read one sentence
at a time, and its most worrying sentence, when it worries more than the whole, goes in as
`safety_sentence_scores`.

The weights and the neighbours' embeddings are saved as plain arrays (numpy, no pickle), so
loading a model runs no code.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from joblib import Parallel, delayed
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.neural_network import MLPClassifier

from bot.nlu.arrays import ArrayComponent
from bot.nlu.encoder import shared_encoder

SCORES = "safety_scores"
# The reading of the message's most worrying sentence, when it worries more than the whole.
SENTENCE_SCORES = "safety_sentence_scores"
NONE = "none"
INTENT_LABELS = {"express_crisis": "crisis"}
# Labels that are a concern: the sentence with the most of them speaks for a long message.
CONCERNS = ("crisis", "crisis_now", "cauda_equina", "infection", "cancer", "fracture", "neuro_deficit")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
MAX_SENTENCES = 6  # a longer message is read as a whole only: each sentence costs an encoding
# A sentence this short is not read alone: out of its message, "Be honest." read as a crisis, 0.97,
# to a head trained on whole messages. Four words would drop a crisis on the final set D too.
MIN_WORDS = 3


def sentences(text: str) -> list[str]:
    """The sentences of at least MIN_WORDS words of a message of two to MAX_SENTENCES sentences;
    else none."""
    parts = [part.strip() for part in SENTENCE_END.split(text) if part.strip()]
    if not 1 < len(parts) <= MAX_SENTENCES:
        return []
    return [part for part in parts if len(part.split()) >= MIN_WORDS]


def read_examples(folder: Path) -> list[tuple[str, str]]:
    """(text, label) pairs from every YAML file in the folder (`examples: [{text, label}]`)."""
    pairs = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        pairs += [(str(e["text"]), str(e["label"])) for e in data.get("examples") or []]
    return pairs


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


class Weights:
    """Both heads as arrays: per perceptron W1, b1 (ReLU hidden layer), W2, b2 (softmax); and the
    training examples' unit embeddings with their label indices, for the neighbours' vote."""

    def __init__(
        self,
        layers: Sequence[Sequence[np.ndarray]],
        classes: list[str],
        examples: np.ndarray,
        labels: np.ndarray,
        neighbours: int = 10,
        temperature: float = 0.05,
    ) -> None:
        self.layers = [tuple(np.asarray(a, dtype=np.float32) for a in layer) for layer in layers]
        self.classes = classes
        self.examples = np.asarray(examples, dtype=np.float32)
        self.labels = np.asarray(labels, dtype=np.int64)
        self.neighbours, self.temperature = neighbours, temperature

    def predict(self, vectors: np.ndarray) -> np.ndarray:
        """Probabilities, one row per vector, columns in `classes` order: the product of experts."""
        perceptrons = np.mean(
            [softmax(np.maximum(vectors @ w1 + b1, 0.0) @ w2 + b2) for w1, b1, w2, b2 in self.layers], axis=0
        )
        product = np.sqrt(perceptrons * (self.vote(vectors) + 1e-9))
        return product / product.sum(axis=1, keepdims=True)

    def vote(self, vectors: np.ndarray) -> np.ndarray:
        """The k most similar training examples' labels, weighted by a softmax of their cosine."""
        similarity = unit(vectors) @ self.examples.T
        k = min(self.neighbours, similarity.shape[1])
        nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
        weights = softmax(np.take_along_axis(similarity, nearest, axis=1) / self.temperature)
        votes = np.zeros((len(vectors), len(self.classes)), dtype=np.float64)
        np.add.at(votes, (np.arange(len(vectors))[:, None], self.labels[nearest]), weights)
        return votes

    def arrays(self) -> dict[str, np.ndarray]:
        saved = {
            "classes": np.array(self.classes),
            "examples": self.examples,
            "labels": self.labels,
            "knn": np.array([self.neighbours, self.temperature]),
        }
        for n, layer in enumerate(self.layers):
            saved.update(
                {f"head{n}_{part}": array for part, array in zip(("w1", "b1", "w2", "b2"), layer, strict=True)}
            )
        return saved

    @classmethod
    def from_arrays(cls, saved: dict[str, np.ndarray]) -> Weights:
        count = sum(1 for key in saved if key.endswith("_w1"))
        layers = [tuple(saved[f"head{n}_{part}"] for part in ("w1", "b1", "w2", "b2")) for n in range(count)]
        neighbours, temperature = saved["knn"]
        classes = [str(c) for c in saved["classes"]]
        return cls(layers, classes, saved["examples"], saved["labels"], int(neighbours), float(temperature))


def _fit_head(vectors: np.ndarray, labels: list[str], config: dict[str, Any], seed: int) -> MLPClassifier:
    return MLPClassifier(
        hidden_layer_sizes=(config["hidden_units"],), alpha=config["alpha"], max_iter=300, random_state=seed
    ).fit(vectors, labels)


# Heads fitted in this process, by their inputs' digest: cross-validation trains the pipeline once
# a fold, and with `nlu_examples` off the head's inputs are the same in every fold.
_FITTED: dict[str, Weights] = {}


def _digest(vectors: np.ndarray, labels: list[str], config: dict[str, Any]) -> str:
    digest = hashlib.sha256(vectors.tobytes())
    digest.update(repr((labels, sorted(config.items()))).encode())
    return digest.hexdigest()


def fit_weights(vectors: np.ndarray, labels: list[str], config: dict[str, Any]) -> Weights:
    """Train the averaged perceptrons (each with its own seed) and keep their arrays.

    The perceptrons train in parallel, one process a core: a head takes minutes on ~13,000
    examples, and training five one after another was most of `rasa train` and of CI's time."""
    key = _digest(vectors, labels, config)
    if key not in _FITTED:
        seeds = [config["random_seed"] + n for n in range(config["ensemble"])]
        jobs = min(len(seeds), os.cpu_count() or 1)
        heads = Parallel(n_jobs=jobs)(delayed(_fit_head)(vectors, labels, config, seed) for seed in seeds)
        layers = [(h.coefs_[0], h.intercepts_[0], h.coefs_[1], h.intercepts_[1]) for h in heads]
        classes = [str(label) for label in heads[0].classes_]
        indices = np.array([classes.index(label) for label in labels])
        _FITTED[key] = Weights(layers, classes, unit(vectors), indices, config["neighbours"], config["temperature"])
    return _FITTED[key]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SemanticSafety(ArrayComponent[Weights]):
    """Adds `safety_scores` (label -> probability) to every message; changes nothing else."""

    FILE = "semantic_safety.npz"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "examples": "lexicon/safety_examples",
            "hidden_units": 256,
            "alpha": 0.001,
            "ensemble": 3,
            "neighbours": 10,
            "temperature": 0.05,
            "random_seed": 42,
            "sentences": False,
            # NLU intents that say nothing about a kind: their examples are not used as "none".
            "unlabelled_intents": ["report_red_flag"],
            # Off, the head learns from the team's examples alone: the same in every fold of a
            # cross-validation, so it trains once (tests/test_nlu_quality.py).
            "nlu_examples": True,
        }

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The example files' contents: Rasa's training cache must retrain when they change."""
        folder = Path({**cls.get_default_config(), **config}["examples"])
        digest = hashlib.sha256()
        for path in sorted(folder.glob("*.yml")):
            digest.update(path.name.encode() + path.read_bytes())
        return digest.hexdigest()

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Weights:
        return Weights.from_arrays(arrays)

    def training_pairs(self, training_data: TrainingData) -> list[tuple[str, str]]:
        """The team's labelled examples, plus the NLU examples as described in the module docstring."""
        pairs = read_examples(Path(self._config["examples"]))
        if not self._config["nlu_examples"]:
            return pairs
        for message in training_data.intent_examples:
            intent, text = message.get(INTENT), message.get(TEXT)
            if text and intent and intent not in self._config["unlabelled_intents"]:
                pairs.append((text, INTENT_LABELS.get(intent, NONE)))
        return pairs

    def train(self, training_data: TrainingData) -> Resource:
        pairs = self.training_pairs(training_data)
        if not pairs:
            return self._resource
        vectors = shared_encoder().encode([text for text, _ in pairs])
        self._model = fit_weights(vectors, [label for _, label in pairs], self._config)
        return self.save(self._model.arrays())

    def scores(self, text: str) -> tuple[dict[str, float], dict[str, float] | None]:
        """label -> probability for one text (empty when untrained), and, with `sentences`, the
        reading of its most worrying sentence when that worries more than the whole: a
        mean-pooled embedding dilutes one worrying sentence among ordinary ones ("Tried the pelvic
        tilts. Still thinking about the rail bridge most nights.")."""
        if self._model is None:
            return {}, None
        vectors = shared_encoder().encode_one(text)[None, :]
        parts = sentences(text) if self._config["sentences"] else []
        if parts:
            vectors = np.vstack([vectors, *(shared_encoder().encode_one(part) for part in parts)])
        rows = self._model.predict(vectors)
        concern = [i for i, label in enumerate(self._model.classes) if label in CONCERNS]
        worst = int(np.argmax(rows[:, concern].sum(axis=1))) if concern else 0
        as_dict = lambda row: {  # noqa: E731
            label: round(float(p), 4) for label, p in zip(self._model.classes, row, strict=True)
        }
        return as_dict(rows[0]), (as_dict(rows[worst]) if worst else None)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text:
                whole, sentence = self.scores(text)
                message.set(SCORES, whole, add_to_output=True)
                if sentence:
                    message.set(SENTENCE_SCORES, sentence, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

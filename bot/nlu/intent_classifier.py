"""Rasa NLU component: intent classification by a linear SVM over TF-IDF word and character n-grams
and the MiniLM sentence vector.

Why not DIET for intents: on guywire's data (24 intents, ~2,800 short examples) DIET reached
0.91 macro-F1 in 5-fold cross-validation and this classifier 0.95, with a held-out score as good
(README, "NLU quality"; bench/nlu_compare.py). The scores are calibrated probabilities (Platt scaling,
scikit-learn's CalibratedClassifierCV), so the FallbackClassifier's and SafetyNet's thresholds
read as chances.

Why the sentence vector too: the knowledge base's `faq` (48 topics, ~800 examples) is the biggest
intent, and on n-grams alone it drew in questions of every other kind ("am I doing damage by
walking on it" is ask_pain_meaning): cross-validated macro-F1 fell from 0.95 to 0.91. The MiniLM
vector, which the safety layer computes for every message anyway (bot/nlu/encoder.py caches it),
separates meaning the n-grams cannot (README, "NLU quality"). The safety net weighs the
classifier's lean towards a safety intent with thresholds chosen on the n-gram model's
probabilities, and the vector makes any mention of suicide lean to a crisis ("we had suicide
prevention training today"): so an n-gram-only model is kept beside it, and its probabilities,
`intent_votes`, are what the safety net weighs.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import skops.io as sio
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers import LABEL_RANKING_LENGTH
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_union
from sklearn.svm import LinearSVC

from bot.nlu.encoder import shared_encoder

logger = logging.getLogger(__name__)

FILE = "intent_classifier.skops"
VOTES_FILE = "intent_votes.skops"
VOTES = "intent_votes"  # the n-gram model's ranking, for the safety net
# Types outside skops' default trust that this model is made of; loading refuses any others.
TRUSTED_TYPES = [
    "scipy.sparse._csr.csr_matrix",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "bot.nlu.intent_classifier.SentenceVectors",
]


class SentenceVectors(BaseEstimator, TransformerMixin):
    """The shared MiniLM encoder as a scikit-learn feature block, scaled by `weight` against the
    TF-IDF blocks (each row of which has unit length, as the MiniLM vector does). Nothing is
    learned; one message is read through the encoder's cache, which the safety layer shares."""

    def __init__(self, weight: float = 1.0) -> None:
        self.weight = weight

    def fit(self, texts: list[str], labels: Any = None) -> SentenceVectors:
        return self

    def transform(self, texts: list[str]) -> csr_matrix:
        encoder = shared_encoder()
        texts = list(texts)
        vectors = encoder.encode(texts) if len(texts) > 1 else np.stack([encoder.encode_one(t) for t in texts])
        return csr_matrix(vectors * self.weight)


class SharedFeatures:
    """The feature blocks of the classifier's pipelines, each computed once per message.

    Both pipelines hold the same fitted TF-IDF vectorizers (fitted on the same texts), and scikit-
    learn's FeatureUnion ran them twice, through joblib and its checks: profiling put the classifier
    at a sixth of the Rasa server's time, most of it there. The matrix each pipeline's classifier
    gets is the one its FeatureUnion would build (its blocks side by side, no weights)."""

    def __init__(self, pipelines: list[Pipeline]) -> None:
        self.blocks: list[Any] = []
        self.layout: list[list[int]] = []
        for pipeline in pipelines:
            union = pipeline.steps[0][1]
            self.layout.append([self._index(block) for _, block in union.transformer_list])

    def _index(self, block: Any) -> int:
        for index, known in enumerate(self.blocks):
            if same_block(known, block):
                return index
        self.blocks.append(block)
        return len(self.blocks) - 1

    def probabilities(self, pipelines: list[Pipeline], texts: list[str]) -> list[np.ndarray]:
        """Each pipeline's `predict_proba(texts)`."""
        computed: dict[int, Any] = {}
        found = []
        for pipeline, indices in zip(pipelines, self.layout, strict=True):
            for index in indices:
                if index not in computed:
                    computed[index] = self.blocks[index].transform(texts)
            features = hstack([computed[index] for index in indices]).tocsr()
            found.append(pipeline.steps[-1][1].predict_proba(features))
        return found


def same_block(one: Any, other: Any) -> bool:
    """Whether two fitted feature blocks turn every text into the same row."""
    if type(one) is not type(other) or one.get_params() != other.get_params():
        return False
    if not isinstance(one, TfidfVectorizer):
        return True
    return one.vocabulary_ == other.vocabulary_ and np.array_equal(one.idf_, other.idf_)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfIntentClassifier(IntentClassifier, GraphComponent):
    """Sets `intent` and `intent_ranking` from the message text alone (no Rasa featurizer needed)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "word_ngrams": [1, 2],
            "char_ngrams": [1, 4],
            "C": 1.0,
            "calibration_folds": 5,
            # The MiniLM vector's weight beside the n-grams; 0 leaves it out.
            "sentence_vector_weight": 0.0,
            # With the vector: also keep an n-gram-only model, whose ranking the safety net weighs.
            "ngram_votes": False,
            "random_seed": 42,
            "ranking_length": LABEL_RANKING_LENGTH,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Pipeline | None = None,
        votes: Pipeline | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model = model
        self._votes = votes
        self._features = SharedFeatures(self._pipelines()) if model is not None else None

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TfidfIntentClassifier:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfIntentClassifier:
        """The trained model, or an untrained component if training saw no intent examples.

        Only a missing model counts as untrained: a model file that fails to load raises.
        """
        try:
            with model_storage.read_from(resource) as folder:
                data = (folder / FILE).read_bytes()
                votes = (folder / VOTES_FILE).read_bytes() if (folder / VOTES_FILE).exists() else None
        except (ValueError, FileNotFoundError):
            logger.debug("No trained %s in %s.", cls.__name__, resource.name)
            return cls(config, model_storage, resource)
        model = sio.loads(data, trusted=TRUSTED_TYPES)
        return cls(config, model_storage, resource, model, votes and sio.loads(votes, trusted=TRUSTED_TYPES))

    def _pipeline(self, folds: int, vector: bool = True) -> Pipeline:
        c = self._config
        blocks = [
            TfidfVectorizer(ngram_range=tuple(c["word_ngrams"]), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(c["char_ngrams"]), sublinear_tf=True),
        ]
        if vector and c["sentence_vector_weight"]:
            blocks.append(SentenceVectors(c["sentence_vector_weight"]))
        features = make_union(*blocks)
        # ensemble=False: one SVM on all the data, with Platt scaling fitted on cross-validated
        # decision values; it ranks like the SVM itself (0.948 vs 0.943 CV macro-F1 for the
        # averaged ensemble, measured).
        svm = LinearSVC(C=c["C"], random_state=c["random_seed"])
        calibrated = CalibratedClassifierCV(svm, cv=folds, ensemble=False)
        return Pipeline([("features", features), ("classifier", calibrated)])

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        if not examples:
            logger.debug("%s: no intent examples, nothing to train.", type(self).__name__)
            return self._resource
        intents = np.array([m.get(INTENT) for m in examples])
        names, counts = np.unique(intents, return_counts=True)
        if counts.min() < 2:
            raise ValueError(
                f"{type(self).__name__} needs at least 2 examples per intent; '{names[counts.argmin()]}' has 1"
            )
        # Platt scaling is fitted on cross-validated decisions: no more folds than the rarest
        # intent has examples, so a coach's new intent with three examples still trains.
        folds = min(self._config["calibration_folds"], int(counts.min()))
        texts = [m.get(TEXT) for m in examples]
        self._model = self._pipeline(folds).fit(texts, intents)
        separate = self._config["ngram_votes"] and self._config["sentence_vector_weight"]
        self._votes = self._pipeline(folds, vector=False).fit(texts, intents) if separate else None
        self._features = SharedFeatures(self._pipelines())
        with self._storage.write_to(self._resource) as folder:
            sio.dump(self._model, folder / FILE)
            if self._votes is not None:
                sio.dump(self._votes, folder / VOTES_FILE)
        return self._resource

    def _pipelines(self) -> list[Pipeline]:
        return [pipeline for pipeline in (self._model, self._votes) if pipeline is not None]

    def process(self, messages: list[Message]) -> list[Message]:
        if self._model is None or self._features is None:
            return messages
        texts = [m.get(TEXT) or "" for m in messages]
        found = self._features.probabilities(self._pipelines(), texts)
        rankings = self._rankings(self._model, found[0])
        votes = self._rankings(self._votes, found[1]) if self._votes is not None else [None] * len(texts)
        for message, ranking, vote in zip(messages, rankings, votes, strict=True):
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            if vote is not None:
                message.set(VOTES, vote)
        return messages

    def _rankings(self, model: Pipeline, probabilities: np.ndarray) -> list[list[dict[str, Any]]]:
        """Each text's intents by probability, best first, as many as `ranking_length` keeps."""
        keep = self._config["ranking_length"] if self._config["ranking_length"] > 0 else None
        return [
            [{"name": str(model.classes_[i]), "confidence": float(row[i])} for i in np.argsort(-row)][:keep]
            for row in probabilities
        ]

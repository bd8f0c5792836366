"""The TF-IDF intent classifier: trained, persisted and loaded through Rasa's real model storage."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import skops.io as sio
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from skops.io.exceptions import UntrustedTypesFoundException
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.nlu.intent_classifier import FILE, VOTES, VOTES_FILE, SentenceVectors, TfidfIntentClassifier, same_block

EXAMPLES = {
    "greet": ["hi", "hello there", "hey", "good morning", "hiya", "hello again", "hey there"],
    "goodbye": ["bye", "see you later", "goodbye", "that's all for today", "ciao", "bye for now",
                "talk tomorrow"],
    "describe_pain": ["my lower back aches", "sharp pain in my neck", "my back is stiff",
                      "it throbs near my hip", "a dull ache in my back", "my shoulder burns",
                      "stabbing pain when I bend"],
}


def training_data() -> TrainingData:
    return TrainingData([
        Message(data={TEXT: text, INTENT: intent})
        for intent, texts in EXAMPLES.items() for text in texts
    ])


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test")


def trained(tmp_path: Path, config: dict | None = None) -> tuple[LocalModelStorage, Resource]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    storage, resource = LocalModelStorage(tmp_path), Resource("intents")
    classifier = TfidfIntentClassifier.create(config or {}, storage, resource, context())
    classifier.train(training_data())
    return storage, resource


def parse(classifier: TfidfIntentClassifier, text: str) -> Message:
    [message] = classifier.process([Message(data={TEXT: text})])
    return message


def test_a_loaded_model_classifies_unseen_wordings_with_a_sorted_calibrated_ranking(tmp_path: Path) -> None:
    storage, resource = trained(tmp_path)
    classifier = TfidfIntentClassifier.load({}, storage, resource, context())
    assert parse(classifier, "hello hello").get(INTENT)["name"] == "greet"
    assert parse(classifier, "see you tomorrow, bye").get(INTENT)["name"] == "goodbye"
    message = parse(classifier, "an ache in my lower back")
    ranking = message.get(INTENT_RANKING_KEY)
    assert message.get(INTENT) == ranking[0]
    assert ranking[0]["name"] == "describe_pain"
    assert [r["confidence"] for r in ranking] == sorted((r["confidence"] for r in ranking), reverse=True)
    assert {r["name"] for r in ranking} == set(EXAMPLES)
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


def test_the_ranking_is_cut_to_ranking_length(tmp_path: Path) -> None:
    storage, resource = trained(tmp_path)
    classifier = TfidfIntentClassifier.load({"ranking_length": 2}, storage, resource, context())
    assert len(parse(classifier, "hello").get(INTENT_RANKING_KEY)) == 2


def test_training_is_repeatable(tmp_path: Path) -> None:
    first = TfidfIntentClassifier.load({}, *trained(tmp_path / "a"), context())
    second = TfidfIntentClassifier.load({}, *trained(tmp_path / "b"), context())
    texts = ["hello", "my back hurts", "bye", "what is this", ""]
    for text in texts:
        assert parse(first, text).get(INTENT_RANKING_KEY) == parse(second, text).get(INTENT_RANKING_KEY)


def test_without_training_data_messages_are_left_alone(tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("intents")
    TfidfIntentClassifier.create({}, storage, resource, context()).train(TrainingData())
    classifier = TfidfIntentClassifier.load({}, storage, resource, context())
    message = parse(classifier, "hello")
    assert message.get(INTENT) is None and message.get(INTENT_RANKING_KEY) is None


class Smuggled:
    """A type skops does not trust by default and the classifier does not list."""

    def __init__(self) -> None:
        self.payload = "not a classifier"


def test_a_model_file_holding_other_types_is_refused(tmp_path: Path) -> None:
    storage, resource = trained(tmp_path)
    with storage.read_from(resource) as folder:
        sio.dump(Smuggled(), folder / FILE)
    with pytest.raises(UntrustedTypesFoundException):
        TfidfIntentClassifier.load({}, storage, resource, context())


def test_a_rare_intent_trains_with_fewer_calibration_folds_and_a_lone_example_is_refused(
        tmp_path: Path) -> None:
    storage, resource = LocalModelStorage(tmp_path), Resource("intents")
    classifier = TfidfIntentClassifier.create({}, storage, resource, context())
    data = training_data()
    rare = [Message(data={TEXT: text, INTENT: "thank"}) for text in ("thanks", "cheers", "ta")]
    classifier.train(TrainingData(data.training_examples + rare))
    assert parse(classifier, "thanks a lot").get(INTENT)["name"] == "thank"
    lone = TrainingData(data.training_examples + rare[:1])
    with pytest.raises(ValueError, match="'thank' has 1"):
        TfidfIntentClassifier.create({}, storage, Resource("other"), context()).train(lone)


def test_with_the_sentence_vector_the_safety_net_gets_the_n_gram_models_votes(tmp_path: Path) -> None:
    """The vector joins the features; an n-gram-only model is saved beside it, and its ranking goes
    into the message for the safety net, whose thresholds were chosen on n-gram probabilities."""
    config = {"sentence_vector_weight": 1.0, "ngram_votes": True}
    storage, resource = trained(tmp_path, config)
    with storage.read_from(resource) as folder:
        assert (folder / FILE).exists() and (folder / VOTES_FILE).exists()
    classifier = TfidfIntentClassifier.load(config, storage, resource, context())
    message = parse(classifier, "my lower back has a dull ache")
    assert message.get(INTENT)["name"] == "describe_pain"
    votes = message.get(VOTES)
    assert votes[0]["name"] == "describe_pain" and votes != message.get(INTENT_RANKING_KEY)
    assert VOTES not in message.output_properties  # not part of the parse the API returns
    plain = TfidfIntentClassifier.load({}, *trained(tmp_path / "plain"), context())
    assert parse(plain, "my lower back has a dull ache").get(VOTES) is None


def test_each_feature_block_is_computed_once_and_the_probabilities_are_the_pipelines_own(tmp_path: Path) -> None:
    """Both pipelines' identical TF-IDF vectorizers are run once per message, and each pipeline's
    probabilities are exactly what its own predict_proba gives."""
    config = {"sentence_vector_weight": 1.0, "ngram_votes": True}
    classifier = TfidfIntentClassifier.load(config, *trained(tmp_path, config), context())
    features, model, votes = classifier._features, classifier._model, classifier._votes
    assert features is not None and model is not None and votes is not None
    assert len(features.blocks) == 3 and features.layout == [[0, 1, 2], [0, 1]]
    texts = [text for examples in EXAMPLES.values() for text in examples] + [
        "", "Sharp pain!!", "my back, my back, my back", "what does a bulging disc mean?"]
    for text in texts:
        mine = features.probabilities([model, votes], [text])
        assert np.array_equal(mine[0], model.predict_proba([text]))
        assert np.array_equal(mine[1], votes.predict_proba([text]))


def test_blocks_fitted_on_other_texts_are_not_shared() -> None:
    one = TfidfVectorizer().fit(["my back aches", "hello"])
    assert same_block(one, TfidfVectorizer().fit(["my back aches", "hello"]))
    assert not same_block(one, TfidfVectorizer().fit(["my neck aches", "hello"]))
    assert not same_block(one, TfidfVectorizer(sublinear_tf=True).fit(["my back aches", "hello"]))
    assert not same_block(one, SentenceVectors())

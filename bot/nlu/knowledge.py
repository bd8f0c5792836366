"""KnowledgeSelector: which knowledge-base topic a question is about, read from sentence embeddings.

People ask about forty-odd things (walking, mattresses, heat or ice, "is my pain real", "can a disc
go back in"). The intent classifier learns one retrieval intent, `faq`, from all their examples in
data/nlu/knowledge.yml (`faq/<topic>`, as in RasaHQ/rasa-demo); this component picks the topic,
as Rasa's ResponseSelector would. Why not the ResponseSelector: it is one more TensorFlow model on
every message, and on the development question set a logistic regression over the MiniLM vectors
that the safety layer has already computed (bot/nlu/encoder.py caches them) was as accurate and
costs well under a millisecond (README, "Knowledge base").

Questions that a contract intent already names (ask_treatment_opinion: "would a chiropractor help")
keep that intent and carry their topic in the intent's metadata (`metadata: {topic: hands_on}`),
so the intent classifier still learns the contract's meaning and this component learns the topic.

And the other way: a `faq` reading with no topic that fits gives the message back to the next
intent in the ranking. A question the intent classifier could not place (the fallback, "outside what I know", or a
feeling or description) becomes `faq` when its topic reads at 80% or more.

The topic goes into the parse as `knowledge`: the best topic, its probability and the next two, so
actions can answer the specific question even when the intent is a broader one
(ask_treatment_opinion for "should I come off my tramadol"). The answers live in
content/knowledge.yml. Weights are saved as plain arrays, so loading a model runs no code.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, INTENT_RESPONSE_KEY, METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.linear_model import LogisticRegression

from bot.coach.check_in import QUESTION
from bot.coach.consent import says_yes_first
from bot.coach.knowledge import COMPARES, CONFIDENT, asks_about_that, asks_several, question_clauses
from bot.coach.labels import names_a_label
from bot.nlu.arrays import ArrayComponent
from bot.nlu.encoder import shared_encoder
from bot.nlu.semantic_safety import softmax

KNOWLEDGE = "knowledge"
# The topics of each question in a long message that asks several ("...should I still play
# football on tuesdays. also is a standing desk worth it"), for the dialogue to take one at a time.
QUESTIONS = "knowledge_questions"
RANKING = 3
FALLBACK = "nlu_fallback"


def topic_of(message: Message, retrieval_intent: str) -> str | None:
    """An example's topic: its sub-intent (`faq/walking` -> walking), or, for an example of a broader
    intent that a topic answers more precisely, the `topic` in its intent's metadata."""
    key = message.get(INTENT_RESPONSE_KEY) or ""
    if key.startswith(f"{retrieval_intent}/"):
        return key.split("/", 1)[1]
    return ((message.get(METADATA) or {}).get(METADATA_INTENT) or {}).get("topic")


def topics_of(training_data: TrainingData, retrieval_intent: str) -> list[tuple[str, str]]:
    """(text, topic) for every training example that has a topic."""
    pairs = [(m.get(TEXT), topic_of(m, retrieval_intent)) for m in training_data.intent_examples]
    return [(text, topic) for text, topic in pairs if text and topic]


def fit(vectors: np.ndarray, topics: list[str], config: dict[str, Any]) -> dict[str, np.ndarray]:
    """A multinomial logistic regression, kept as its arrays."""
    model = LogisticRegression(C=config["C"], max_iter=2000, random_state=config["random_seed"])
    model.fit(vectors, topics)
    coef, bias = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # one logit for two classes: softmax([-z/2, z/2]) is sigmoid(z)
        coef, bias = np.vstack([-coef / 2, coef / 2]), np.concatenate([-bias / 2, bias / 2])
    return {"classes": np.array([str(c) for c in model.classes_]), "coef": coef, "bias": bias}


def rank(weights: dict[str, np.ndarray], vector: np.ndarray) -> list[tuple[str, float]]:
    """Topics by probability, best first."""
    probabilities = softmax(vector @ weights["coef"].T + weights["bias"])
    order = np.argsort(-probabilities)
    return [(str(weights["classes"][i]), float(probabilities[i])) for i in order]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class KnowledgeSelector(ArrayComponent[dict[str, np.ndarray]]):
    """Adds `knowledge` (topic, confidence, ranking) to every message, and settles a `faq` reading."""

    FILE = "knowledge_selector.npz"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "retrieval_intent": "faq",
            "C": 30.0,
            "random_seed": 42,
            # A question the intent classifier left unplaced or read as a feeling or a description
            # becomes a knowledge-base question when its topic is this clear.
            "takes_over": ["nlu_fallback", "out_of_scope", "share_feeling", "describe_pain"],
            "take_over_at": 0.8,
            # Topics that people raise by saying rather than asking ("I'll just quit the tramadol
            # this week", "missus reckons i should just rest up in bed till it goes"): a clear
            # reading of one is answered like a question. The second had been given back to
            # goodbye (0.27, rescaled past the threshold) and closed the conversation. A complaint
            # ("everything you say is ask the doctor :(") is said, too.
            "said_not_asked": ["medicines", "rest_or_move", "passing_on"],
            # A faq reading whose topic is below this is not a knowledge-base question after all.
            "faq_needs": CONFIDENT,
            # The FallbackClassifier's threshold, applied again once faq's share is taken out.
            "fallback_threshold": 0.45,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return arrays

    def train(self, training_data: TrainingData) -> Resource:
        pairs = topics_of(training_data, self._config["retrieval_intent"])
        if len({topic for _, topic in pairs}) < 2:
            return self._resource
        vectors = shared_encoder().encode([text for text, _ in pairs])
        self._model = fit(vectors, [topic for _, topic in pairs], self._config)
        return self.save(self._model)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text and self._model is not None:
                ranking = rank(self._model, shared_encoder().encode_one(text))[:RANKING]
                self._take_over(message, *ranking[0])
                self._give_back(message, *ranking[0])
                message.set(
                    KNOWLEDGE,
                    {
                        "topic": ranking[0][0],
                        "confidence": round(ranking[0][1], 4),
                        "ranking": [{"topic": t, "confidence": round(p, 4)} for t, p in ranking],
                    },
                    add_to_output=True,
                )
                # a label with a question beside it ("bulging disc per MRI. what desk setup"): the
                # question is answered in place of the evidence (actions/explanations.py, suite AA)
                # and a question after a yes ("ok yes you can record. but why the doctor use word
                # disease if is normal"): read alone, as the whole message is the yes's (suite AB)
                if asks_several(text) or ((names_a_label(text) or says_yes_first(text)) and question_clauses(text)):
                    message.set(QUESTIONS, self._questions(text), add_to_output=True)
        return messages

    def _questions(self, text: str) -> list[str]:
        """The topics asked about, one per question clause that reads clearly, first asked first."""
        assert self._model is not None
        topics: list[str] = []
        for clause in question_clauses(text):
            topic, confidence = rank(self._model, shared_encoder().encode_one(clause))[0]
            if confidence >= self._config["faq_needs"] and topic not in topics:
                topics.append(topic)
        return topics

    def _take_over(self, message: Message, topic: str, confidence: float) -> None:
        """ "rest or keep moving?? back is killing me today" reads as a feeling to the intent
        classifier and as rest_or_move at 88% here: a clear question gets its answer. The intent
        ranking stays as it was, so the safety net after this still sees the classifier's votes."""
        intent = (message.get(INTENT) or {}).get("name")
        if (
            intent in self._config["takes_over"]
            and confidence >= self._config["take_over_at"]
            and self._asks(message, topic)
        ):
            faq = {"name": self._config["retrieval_intent"], "confidence": confidence}
            message.set(INTENT, faq, add_to_output=True)

    def _asks(self, message: Message, topic: str) -> bool:
        """A question, or a topic people raise by saying ("I'll just quit the tramadol this week")."""
        text = message.get(TEXT) or ""
        return bool(QUESTION.search(text) or COMPARES.search(text)) or topic in self._config["said_not_asked"]

    def _give_back(self, message: Message, topic: str, confidence: float) -> None:
        """`faq` read by the intent classifier is settled here, by whether a topic fits.

        With 48 topics' examples, `faq` is the classifier's biggest intent and draws probability
        from messages that ask nothing it knows ("Pain's about a 5. Worse in the cold mornings"),
        sometimes enough to push them under the FallbackClassifier's threshold, or close enough to
        the right intent to make the reading ambiguous ("Are there core exercises suitable for
        someone like me?": request_core_steps 47%, faq 45%). So when `faq` is one of the
        classifier's two best (as the intent, or beside the fallback): with a topic that fits and
        faq first, faq is the reading; without one, the best other intent is, judged against the
        fallback threshold once faq's share is taken out; else the fallback. A statement ("Back's
        been bad 30 years. Comes with the job.") needs a clear topic, as a take-over does.
        """
        faq = self._config["retrieval_intent"]
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != FALLBACK]
        intent = (message.get(INTENT) or {}).get("name")
        share = next((float(r["confidence"]) for r in ranking[:2] if r.get("name") == faq), None)
        if share is None or intent not in (faq, FALLBACK):
            return
        text = message.get(TEXT) or ""
        if (
            asks_about_that(text) and ranking[0].get("name") == faq
        ):  # "is that bad??": the dialogue knows what "that" is
            message.set(INTENT, {"name": faq, "confidence": share}, add_to_output=True)
            return
        if confidence >= (self._config["faq_needs"] if self._asks(message, topic) else self._config["take_over_at"]):
            if ranking[0].get("name") == faq:
                message.set(INTENT, {"name": faq, "confidence": share}, add_to_output=True)
            return
        rest = 1.0 - share
        alternative = next((r for r in ranking if r.get("name") != faq), None)
        if alternative is None or rest <= 0 or alternative["confidence"] / rest < self._config["fallback_threshold"]:
            alternative = {"name": FALLBACK, "confidence": 1.0 - confidence}
        message.set(INTENT, {"name": alternative["name"], "confidence": alternative["confidence"]}, add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

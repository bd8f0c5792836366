"""SafetyNet: the deterministic layer of red-flag and crisis detection, as a Rasa NLU component.

It runs last in the pipeline, after DIET and the FallbackClassifier, and decides with
bot.nlu.safety_rules (patterns in lexicon/safety.yml, over the lemmas of guywire's spaCy pipeline):
- a pattern that counts sets the intent to express_crisis or report_red_flag (confidence 1.0) and
  adds a `safety_kind` entity naming the kind and the matched phrase;
- a classifier guess of red flag or crisis with no pattern behind it stands only when it is
  confident (`classifier_threshold`) and nothing in the message reads as benign context (a
  negation, an idiom, a resolved or hypothetical event, someone else's health; for a crisis guess,
  as for the crisis patterns, only an idiom); otherwise the next best intent is taken. Measured on
  the team's near-misses, unsupported classifier guesses were the main source of false alarms;
- when the FallbackClassifier gave up on such a confident guess, the guess is restored, so an
  unclear message about safety escalates instead of asking to rephrase.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.safety_rules import CRISIS, Analysis, SafetyRules, load_config

RED_FLAG_INTENT, CRISIS_INTENT = "report_red_flag", "express_crisis"
SAFETY_INTENTS = (RED_FLAG_INTENT, CRISIS_INTENT)
FALLBACK_INTENT = "nlu_fallback"
ENTITY = "safety_kind"
CRISIS_CUES = frozenset({"idioms"})


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False, model_from="SpacyNLP")
class SafetyNet(GraphComponent):
    """Override the classifier with deterministic safety patterns (see the module docstring)."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"patterns": "lexicon/safety.yml", "classifier_threshold": 0.8}

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = load_config(config["patterns"])
        self._threshold = float(config["classifier_threshold"])
        self._rules: SafetyRules | None = None

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNet:
        return cls(config)

    def process(self, messages: list[Message], model: SpacyModel) -> list[Message]:
        if self._rules is None:
            self._rules = SafetyRules(self._config, model.model)
        for message in messages:
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is not None:
                decide(message, self._rules.analyse(doc), self._threshold)
        return messages


def decide(message: Message, analysis: Analysis, threshold: float) -> None:
    """Apply the layer's decision to one parsed message."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name")]
    current = (message.get(INTENT) or {}).get("name")
    if analysis.detections:
        top = analysis.detections[0]
        _set_intent(message, CRISIS_INTENT if top.kind == CRISIS else RED_FLAG_INTENT, 1.0, ranking)
        entity = {
            "entity": ENTITY,
            "value": top.kind,
            "start": top.start_char,
            "end": top.end_char,
            "confidence": 1.0,
            "extractor": SafetyNet.__name__,
        }
        message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)
        return
    guess = next((r for r in ranking if r["name"] != FALLBACK_INTENT), None)
    if not guess or guess["name"] not in SAFETY_INTENTS:
        return
    # The same filters as the patterns: for crisis only an idiom says otherwise ("I wish I wasn't
    # alive" is a crisis whatever its negation); red flags also yield to negation and context.
    cues = analysis.cues & CRISIS_CUES if guess["name"] == CRISIS_INTENT else analysis.cues
    if guess["confidence"] >= threshold and not cues:
        if current != guess["name"]:  # the FallbackClassifier gave up on a safety guess
            _set_intent(message, guess["name"], guess["confidence"], ranking)
        return
    alternative = next((r for r in ranking if r["name"] not in (*SAFETY_INTENTS, FALLBACK_INTENT)), None)
    if alternative:
        _set_intent(message, alternative["name"], alternative["confidence"], ranking)


def _set_intent(message: Message, name: str, confidence: float, ranking: list[dict[str, Any]]) -> None:
    message.set(INTENT, {"name": name, "confidence": confidence}, add_to_output=True)
    reordered = [{"name": name, "confidence": confidence}] + [r for r in ranking if r["name"] != name]
    message.set(INTENT_RANKING_KEY, reordered, add_to_output=True)

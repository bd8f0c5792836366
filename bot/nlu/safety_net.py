"""SafetyNet: the last word on red flags and crisis, as a Rasa NLU component.

It runs last in the pipeline and combines two readings of the message (bot/coach/risk.py):
- the patterns (bot.nlu.safety_rules over lexicon/safety.yml): precise, hand-written, with their
  precision filters (negation, idioms, resolved and hypothetical events, someone else's health);
- the meaning (bot.nlu.semantic_safety's `safety_scores`).
A pattern escalates, unless the meaning is clearly benign, when the assistant asks instead. Without
a pattern, high probabilities escalate and middling ones ask one screening question. So:
- an escalation sets the intent to express_crisis or report_red_flag and adds a `safety_kind`
  entity (crisis, crisis_now, or the red-flag kind; with the matched phrase when a pattern found it);
- a screening sets the intent to `screen_safety`, with a `safety_screening` entity (crisis or
  red_flag) that the dialogue's question is about; so does one sentence of a longer message that
  alone would escalate (`safety_sentence_scores`), when the whole message reads benign;
- a red flag the person says is over ("lost control of my bladder once in 2019, fine since") sets
  `mention_past_red_flag`: heard, with what to do if it comes back, not answered as a question;
  so does a crisis in the person's own past, said to be over and let go by the risk rules ("I
  self-harmed as a teenager, that's long behind me"): `mention_past_crisis`;
- otherwise a safety guess of the intent classifier is replaced by its best other intent: a TF-IDF
  n-gram guess ("I want an Uber" read as crisis) never escalates on its own.
The verdict also goes into the parse as `safety_verdict`, for the review pages and the dialogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.coach.artefacts import (
    asked_back,
    everyday_goodbye,
    leaving_artefact,
    plans_practice,
    pooled_artefact,
    record_question_artefact,
)
from bot.coach.consent import asks_only_about_recording
from bot.coach.knowledge import CONFIDENT
from bot.coach.risk import (
    CRISIS,
    NONE,
    RED_FLAG,
    SCREEN,
    Thresholds,
    Verdict,
    break_heard,
    crisis_history,
    decide_message,
    hopeless,
    red_flag_score,
    worrying_sentence,
)
from bot.nlu.intent_classifier import VOTES
from bot.nlu.knowledge import KNOWLEDGE
from bot.nlu.safety_rules import Analysis, SafetyRules, load_config
from bot.nlu.semantic_safety import SCORES, SENTENCE_SCORES, sentences
from bot.nlu.settled import EXAMINED_IN_SO_MANY_WORDS, settled_intent

RED_FLAG_INTENT, CRISIS_INTENT, SCREEN_INTENT = "report_red_flag", "express_crisis", "screen_safety"
PAST_RED_FLAG_INTENT, PAST_CRISIS_INTENT = "mention_past_red_flag", "mention_past_crisis"
CLEARED_INTENT = "report_clinician_cleared"  # "the doctor examined me and said it's fine"
SAFETY_INTENTS = (RED_FLAG_INTENT, CRISIS_INTENT, SCREEN_INTENT)
FALLBACK_INTENT = "nlu_fallback"
KNOWLEDGE_INTENT = "faq"  # the knowledge base's retrieval intent (bot/nlu/knowledge.py)
ENTITY, SCREEN_ENTITY, VERDICT = "safety_kind", "safety_screening", "safety_verdict"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False, model_from="SpacyNLP")
class SafetyNet(GraphComponent):
    """Override the classifier with deterministic safety patterns (see the module docstring)."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"patterns": "lexicon/safety.yml"}

    def __init__(self, config: dict[str, Any]) -> None:
        self._config = load_config(config["patterns"])
        self._thresholds = Thresholds.from_config(config)
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
                decide(message, self._rules.analyse(doc), self._thresholds)
        return messages


def decide(message: Message, analysis: Analysis, thresholds: Thresholds) -> None:
    """Apply the layer's decision to one parsed message."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name")]
    pattern = analysis.detections[0] if analysis.detections else None
    votes = classifier_votes(voting_ranking(message, ranking))
    kind = pattern.kind if pattern else None
    text = message.get(TEXT) or ""
    reading = Reading(kind, frozenset(analysis.cues), message.get(SCORES) or {}, message.get(SENTENCE_SCORES), votes)
    verdict, by_sentence = message_verdict(reading, text, thresholds)
    message.set(
        VERDICT,
        {
            "outcome": verdict.outcome,
            "kind": verdict.kind,
            "pattern": kind,
            "cues": sorted(analysis.cues),
            "by_sentence": by_sentence,
            "classifier": votes,
        },
        add_to_output=True,
    )
    if verdict.outcome in (CRISIS, RED_FLAG):
        _set_intent(message, CRISIS_INTENT if verdict.outcome == CRISIS else RED_FLAG_INTENT, 1.0, ranking)
        _add_entity(
            message, ENTITY, verdict, pattern.start_char if pattern else None, pattern.end_char if pattern else None
        )
        return
    if verdict.outcome == SCREEN:
        _set_intent(message, SCREEN_INTENT, 1.0, ranking)
        _add_entity(message, SCREEN_ENTITY, verdict, None, None)
        return
    current = (message.get(INTENT) or {}).get("name")
    guess = next((r["name"] for r in ranking if r["name"] != FALLBACK_INTENT), None)
    if said_to_be_over(analysis):
        _set_intent(message, PAST_RED_FLAG_INTENT, 1.0, ranking)
        return
    if crisis_history(kind, analysis.cues):  # let go by the risk rules: a history, heard as one
        _set_intent(message, PAST_CRISIS_INTENT, 1.0, ranking)
        return
    settled = None if current in SAFETY_INTENTS else settled_intent(text, current)
    if settled and settled != current:
        _set_intent(message, settled, 1.0, ranking)
        return
    if current in YES_NO and asks_the_knowledge_base(text, message.get(KNOWLEDGE) or {}):
        _set_intent(message, KNOWLEDGE_INTENT, 1.0, ranking)
        return
    if current in SAFETY_INTENTS or (current == FALLBACK_INTENT and guess in SAFETY_INTENTS):
        # faq only with a topic that answers it: a long story half-read as a red flag is not a
        # question the knowledge base can't answer ("I don't have a good answer to that one").
        answered = float((message.get(KNOWLEDGE) or {}).get("confidence") or 0.0) >= CONFIDENT
        skipped = (*SAFETY_INTENTS, FALLBACK_INTENT, *(() if answered else (KNOWLEDGE_INTENT,)))
        alternative = next((r for r in ranking if r["name"] not in skipped), None)
        if alternative:
            _set_intent(message, alternative["name"], alternative["confidence"], ranking)


@dataclass(frozen=True)
class Reading:
    """What the verdict is made of: the pattern's kind, the precision filters' cues, the meaning's
    probabilities for the whole message and its most worrying sentence, and the intent classifier's
    votes. The parse carries all of it (`safety_verdict`, `safety_scores`, `safety_sentence_scores`),
    so a dumped parse can be decided again under other thresholds (bench/safety_replay.py)."""

    kind: str | None
    cues: frozenset[str]
    scores: dict[str, float]
    sentence: dict[str, float] | None
    votes: dict[str, float]


def message_verdict(reading: Reading, text: str, thresholds: Thresholds) -> tuple[Verdict, bool]:
    """One message's verdict, and whether a single sentence decided it."""
    kind, cues, scores, sentence, votes = reading.kind, reading.cues, reading.scores, reading.sentence, reading.votes
    verdict = decide_message(kind, cues, agreeing_sentence(kind, scores, sentence, thresholds), thresholds, votes)
    if pooled_artefact(verdict, kind, scores, votes, len(sentences(text)), bool(sentence), thresholds):
        verdict = Verdict(NONE)
    if leaving_artefact(verdict, kind, scores, votes, everyday_goodbye(text), thresholds, plans_practice(text)):
        verdict = Verdict(NONE)
    if asked_back(verdict, kind, votes, text, thresholds):
        verdict = Verdict(SCREEN, CRISIS)
    # Not a message the classifier is sure tells of an examination: "the doctor examined me properly and
    # did a scan, said its all fine, nothing pressing on the nerves" (a playing helper) had its last
    # sentences asked about as a new sign, and the all-clear went unheard.
    # An examination in so many words too: the classifier read "Cheers for everything coach. Tell the
    # devs they did good. I'm checking out tonight." 0.60 a clearance (development set W).
    examined = EXAMINED_IN_SO_MANY_WORDS.search(text) is not None
    cleared = examined and votes.get(CLEARED_INTENT, 0.0) >= thresholds.other_intent
    by_sentence = verdict.outcome == NONE and bool(sentence) and not cleared
    if by_sentence:  # the classifier's vote is the whole message's, so it does not weigh one sentence
        verdict = worrying_sentence(decide_message(None, cues, sentence or {}, thresholds))
    if record_question_artefact(verdict, kind, asks_only_about_recording(text)):
        return Verdict(NONE), False
    if verdict.outcome == NONE and break_heard(kind, text):
        return Verdict(SCREEN, RED_FLAG), False
    if verdict.outcome == NONE and hopeless(text):
        # "the pain has won", "whats the point": missed by both readers across the development sets
        return Verdict(SCREEN, CRISIS), False
    return verdict, by_sentence and verdict.outcome != NONE


def agreeing_sentence(
    kind: str | None, scores: dict[str, float], sentence: dict[str, float] | None, thresholds: Thresholds
) -> dict[str, float]:
    """The scores a pattern is weighed against: the whole message's, or its most worrying sentence's
    when that sentence alone reads the pattern's concern surely. A question beside a sign drowns it
    in the average: "since sunday it feels a bit numb down there when I wipe after the loo, weird!
    anyway what stretches are good for gardening back?" read 0.98 benign whole, and the saddle
    numbness had only been asked about (a playing helper). Not for a crisis pattern: a sentence read
    alone loses the history or the subject around it ("I was in a really dark place and thought about
    ending it. I got help and I'm doing well now"), and on the development sets five such near-misses
    escalated."""
    if not kind or kind == CRISIS or not sentence:
        return scores
    return sentence if red_flag_score(sentence) >= thresholds.red_flag_escalate else scores


YES_NO = ("affirm", "deny")
# Topics a yes or no may ask about while it answers the consent question ("yes, but who reads it?"):
# the consent policy weighs those words itself.
RECORDING_TOPICS = ("recording", "passing_on")


def asks_the_knowledge_base(text: str, knowledge: dict[str, Any]) -> bool:
    """A yes or a no with a question the knowledge base knows: "Ok yes, lighter works. Can I do it
    standing at the salon?" read as a yes (0.98), and the question got "I'm not sure I can answer
    it", a menu and a check-in (suite S). The question is what they asked."""
    confident = float(knowledge.get("confidence") or 0.0) >= CONFIDENT
    return "?" in text and confident and knowledge.get("topic") not in RECORDING_TOPICS


def said_to_be_over(analysis: Analysis) -> bool:
    """A red flag the person says is over: a red-flag pattern the resolved filter dropped, with no
    crisis pattern. Not an old fall ("fell off the quad bike years back, been worse since" tells of
    pain now), and not a classifier's red-flag reading beside "years ago" ("my back went years ago
    and it's never been right"): the filter's cues are precise about a symptom, not about a story."""
    if any(d.kind in (CRISIS, "fracture") for d in (*analysis.detections, *analysis.suppressed)):
        return False
    return any(d.suppressed_by == "resolved" for d in analysis.suppressed)


def voting_ranking(message: Message, ranking: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The n-gram model's ranking when the intent classifier also reads the sentence vector (its
    probabilities are what the thresholds were chosen on: bot/nlu/intent_classifier.py), with the
    fallback's entry as the pipeline set it; else the intent ranking itself."""
    votes = message.get(VOTES)
    if not votes:
        return ranking
    fallback = [r for r in ranking if r["name"] == FALLBACK_INTENT]
    return sorted([*votes, *fallback], key=lambda r: -float(r["confidence"]))


def classifier_votes(ranking: list[dict[str, Any]]) -> dict[str, float]:
    """The intent classifier's probabilities, without the knowledge base's share. `faq` (48 topics,
    about 1,000 question-shaped examples) draws probability from any question, "Is it normal for
    a slipped disc to make me go numb down there?" included, and the safety rules weigh the
    classifier's lean towards a safety intent; so faq's share is taken out and the rest rescaled."""
    knowledge = next((float(r["confidence"]) for r in ranking if r["name"] == KNOWLEDGE_INTENT), 0.0)
    rest = max(1.0 - knowledge, 1e-9)
    return {r["name"]: float(r["confidence"]) / rest for r in ranking if r["name"] != KNOWLEDGE_INTENT}


def _add_entity(message: Message, name: str, verdict: Verdict, start: int | None, end: int | None) -> None:
    """The kind as an entity, spanning the matched phrase when a pattern found it, else the whole
    message (Rasa's evaluation needs every entity to have a span)."""
    entity: dict[str, Any] = {"entity": name, "value": verdict.kind, "confidence": 1.0, "extractor": SafetyNet.__name__}
    text = message.get(TEXT) or ""
    entity.update(start=0 if start is None else start, end=len(text) if end is None else end)
    message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)


def _set_intent(message: Message, name: str, confidence: float, ranking: list[dict[str, Any]]) -> None:
    message.set(INTENT, {"name": name, "confidence": confidence}, add_to_output=True)
    reordered = [{"name": name, "confidence": confidence}] + [r for r in ranking if r["name"] != name]
    message.set(INTENT_RANKING_KEY, reordered, add_to_output=True)

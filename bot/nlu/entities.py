"""Rasa NLU components for guywire's deterministic entities.

CanonicalEntityExtractor reports spaCy entity-ruler matches by their canonical id;
OverlapResolver removes the duplicates that arise when a learned extractor finds the same span, and
its guesses for closed vocabularies that only the ruler can name.

Rasa's SpacyEntityExtractor reports the matched text ("DDD"); guywire's ruler patterns carry the
contract's canonical id ("degenerative_disc_disease"), and downstream code (slots, records, content)
wants only canonical ids. This keeps the deterministic extraction independent of the learned one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.spacy_entity_extractor import SpacyEntityExtractor
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

if TYPE_CHECKING:
    from spacy.tokens.doc import Doc


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP")
class CanonicalEntityExtractor(SpacyEntityExtractor):
    """SpacyEntityExtractor whose entity value is the ruler pattern's id when it has one."""

    @staticmethod
    def _extract_entities(doc: Doc) -> list[dict[str, Any]]:
        return [
            {
                "entity": ent.label_,
                "value": ent.ent_id_ or ent.text,
                "start": ent.start_char,
                "confidence": None,
                "end": ent.end_char,
            }
            for ent in doc.ents
        ]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class OverlapResolver(GraphComponent):
    """Keep one entity per overlapping span of the same type, preferring the earliest extractor;
    for the `ruler_only` types, keep only the ruler's entities.

    The entity ruler and a learned extractor can both find diagnoses and body parts. Duplicates
    would confuse slot filling, review and `rasa test`; the ruler (listed first in config.yml) is
    deterministic, so its match wins and the learned one only adds what the ruler missed.

    Diagnoses and body parts are closed vocabularies: downstream code wants canonical ids, and the
    ruler knows every wording the data names. A learned extractor's extra spans there are guesses, and wrong ones
    do harm ("a bit low today" tagged `low` as a body part and skipped the check-in's "where?").
    """

    def __init__(self, ruler_only: frozenset[str] = frozenset()) -> None:
        self.ruler_only = ruler_only

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"ruler_only": []}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> OverlapResolver:
        return cls(frozenset(config.get("ruler_only") or ()))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            kept: list[dict[str, Any]] = []
            for entity in message.get(ENTITIES, []):
                guessed = entity.get("extractor") != CanonicalEntityExtractor.__name__
                if guessed and entity.get("entity") in self.ruler_only:
                    continue
                if not any(_overlaps(entity, other) for other in kept):
                    kept.append(entity)
            message.set(ENTITIES, kept, add_to_output=True)
        return messages


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    same_type = a.get("entity") == b.get("entity")
    return same_type and a.get("start", 0) < b.get("end", 0) and b.get("start", 0) < a.get("end", 0)

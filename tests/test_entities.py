"""The entity post-processing component: overlaps resolved, closed vocabularies left to the ruler."""
from __future__ import annotations

from typing import Any

from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.entities import OverlapResolver

RULER = "CanonicalEntityExtractor"


def entity(kind: str, value: str, start: int, end: int, extractor: str) -> dict[str, Any]:
    return {"entity": kind, "value": value, "start": start, "end": end, "extractor": extractor}


def resolve(resolver: OverlapResolver, entities: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    message = Message(data={"text": "x", ENTITIES: entities})
    [out] = resolver.process([message])
    return [(e["entity"], e["value"], e["extractor"]) for e in out.get(ENTITIES)]


def test_the_ruler_wins_an_overlap_and_the_learned_extractor_adds_what_it_missed() -> None:
    found = resolve(OverlapResolver(), [
        entity("body_part", "lower_back", 10, 20, RULER),
        entity("body_part", "lower back", 10, 20, "CRFEntityExtractor"),
        entity("pain_level", "7", 25, 26, "CRFEntityExtractor"),
    ])
    assert found == [("body_part", "lower_back", RULER), ("pain_level", "7", "CRFEntityExtractor")]


def test_learned_guesses_for_ruler_only_types_are_dropped() -> None:
    resolver = OverlapResolver(frozenset({"body_part", "diagnosis"}))
    # "a bit low and tired today": the learned extractor tagged "low" as a body part.
    assert resolve(resolver, [entity("body_part", "low", 6, 9, "CRFEntityExtractor")]) == []
    found = resolve(resolver, [
        entity("diagnosis", "degenerative_disc_disease", 0, 3, RULER),
        entity("pain_level", "6", 10, 11, "CRFEntityExtractor"),
    ])
    assert found == [("diagnosis", "degenerative_disc_disease", RULER), ("pain_level", "6", "CRFEntityExtractor")]


def test_the_default_config_filters_nothing() -> None:
    assert OverlapResolver.get_default_config() == {"ruler_only": []}
    assert resolve(OverlapResolver(), [entity("body_part", "low", 6, 9, "CRFEntityExtractor")]) == [
        ("body_part", "low", "CRFEntityExtractor")]

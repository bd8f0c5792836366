"""The response generator named in endpoints.yml: no wording twice while another is left."""
from __future__ import annotations

import asyncio

import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue.responses import FreshResponses
from tests.rasa_cli import ROOT


def test_endpoints_name_the_fresh_generator() -> None:
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    assert endpoints["nlg"]["type"] == f"{FreshResponses.__module__}.{FreshResponses.__name__}"


def test_every_wording_is_said_once_before_any_is_said_again() -> None:
    domain = Domain.load(str(ROOT / "domain.yml"))
    wordings = {r["text"] for r in domain.responses["utter_acknowledge_pain"]}
    assert len(wordings) >= 2
    generator = FreshResponses(domain=domain)
    tracker = DialogueStateTracker.from_events("someone", [], slots=domain.slots)

    def say() -> str:
        text = asyncio.run(generator.generate("utter_acknowledge_pain", tracker, "rest"))["text"]
        tracker.update(BotUttered(text))
        return text

    first_round = [say() for _ in wordings]
    assert set(first_round) == wordings
    assert say() in wordings  # all said: any may come again
    assert asyncio.run(generator.generate("utter_no_such_response", tracker, "rest")) is None

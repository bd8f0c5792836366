"""A goodbye for today, a step asked for by name, and a yes on terms, heard (issue 16), from suite AC.

Suite AC (helpers 258 and 259) was played blind in the thirty-fifth session, first and last. In the
thirty-sixth, once the fresh suite AD had been measured on the starting code, the judges' notes on
AC's final play were read, so AC is a development suite now. What it showed, each tested here with
phrasings of the team's own beside the suite's:
- "Thank you. That is all for today. Goodbye." was asked about suicide;
- "Please teach the pelvic tilt." was given belly breathing;
- "go on then. no yoga crap" and "as long as it's not yoga on a mat with candles" were told yoga helps;
- "did the tilt thing 3 nights" was asked which exercise it was.
And one the team's own safety set caught in CI once the meaning head was retrained: a break told by its
sound ("heard this horrible crunch moving the wardrobe") read wholly benign and was let go.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.coach.artefacts import everyday_goodbye
from bot.coach.coaching import step_asked_about, step_named
from bot.coach.content import load_content
from bot.coach.risk import NONE, RED_FLAG, SCREEN, Thresholds, Verdict
from bot.nlu.safety_net import Reading, message_verdict
from bot.nlu.settled import settled_intent

STEPS = load_content(Path(__file__).resolve().parents[1] / "content").steps


@pytest.mark.parametrize(
    ("text", "everyday"),
    [
        ("Thank you. That is all for today. Goodbye.", True),
        ("ok thats it for now, bye", True),
        ("thats all. goodbye everyone, this is the end", False),
    ],
)
def test_all_for_today_is_an_everyday_goodbye(text: str, everyday: bool) -> None:
    assert everyday_goodbye(text) is everyday


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("Please teach the pelvic tilt.", "pelvic_tilt"),
        ("teach me the bridge", "glute_bridge"),
        ("did the tilts", None),
    ],
)
def test_a_step_asked_for_by_name_is_that_step(text: str, step: str | None) -> None:
    asked = step_asked_about(STEPS, text)
    assert (asked.id if asked else None) == step


@pytest.mark.parametrize(
    ("text", "settled"),
    [
        ("go on then. no yoga crap", "affirm"),
        ("as long as it's not yoga on a mat with candles", "affirm"),
        ("I do yoga, not pilates", None),
        ("is yoga any good for a bad back", None),
    ],
)
def test_a_yes_on_terms_is_a_yes(text: str, settled: str | None) -> None:
    assert settled_intent(text, "faq") == settled


def test_the_tilt_thing_is_the_pelvic_tilt() -> None:
    named = step_named(STEPS, "hello again. did the tilt thing 3 nights. honestly it's alright")
    assert named is not None and named[0].id == "pelvic_tilt"


def test_a_goodbye_for_today_read_as_a_farewell_is_let_go() -> None:
    farewell_read = Reading(None, frozenset(), {"crisis": 0.96, "none": 0.04}, None, {"goodbye": 0.98})
    verdict, _ = message_verdict(farewell_read, "Thank you. That is all for today. Goodbye.", Thresholds())
    assert verdict == Verdict(NONE)
    verdict, _ = message_verdict(farewell_read, "Thank you for everything. Goodbye.", Thresholds())
    assert verdict != Verdict(NONE)


def test_no_yoga_only_the_exercises_asks_for_a_step() -> None:
    text = "also please no yoga, I dont like yoga, and I not want the daily check-in questions, only the exercises"
    assert settled_intent(text, "faq") == "request_core_steps"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("heard this horrible crunch moving the wardrobe and now I can't stand up straight", True),
        ("something cracked when I twisted to get out of the car and now I can barely move", True),
        ("took a tumble on the dance floor at the wedding, only my pride was hurt", False),
    ],
)
def test_a_break_heard_is_asked_about_however_calm_it_reads(text: str, asked: bool) -> None:
    calm = Reading("fracture", frozenset({"negation"}), {"none": 1.0}, None, {"describe_pain": 0.6})
    verdict, _ = message_verdict(calm, text, Thresholds())
    assert (verdict == Verdict(SCREEN, RED_FLAG)) is asked, verdict

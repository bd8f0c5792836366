"""`guywire eval`'s reading of a tracker and its scoring (the command itself runs in test_safety)."""
from __future__ import annotations

from typing import Any

from bot.run.evaluation import Item, Outcome, failures, last_parse, score


def user(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}, "entities": []}}


def test_a_rewound_turn_still_shows_how_the_message_was_parsed() -> None:
    tracker = {
        "latest_message": {"intent": {}, "entities": [], "text": None},
        "events": [
            {"event": "action", "name": "action_session_start"},
            user("hi", "greet"),
            user("yes", "affirm"),
            {"event": "action", "name": "action_default_fallback"},
            {"event": "rewind"},
        ],
    }
    assert last_parse(tracker)["intent"]["name"] == "affirm"
    assert last_parse({"events": [{"event": "action", "name": "action_listen"}]}) == {}


def test_scores_intents_recall_and_false_escalation() -> None:
    outcomes = [
        Outcome(Item("I want to die", "express_crisis", "crisis"), "express_crisis", "crisis", None),
        Outcome(Item("numb groin", "report_red_flag", "red_flag", "cauda_equina"), "describe_pain",
                "none", None),
        Outcome(Item("hello", "greet"), "greet", "none", None),
        Outcome(Item("I crashed out early", "share_feeling"), "express_crisis", "crisis", None),
    ]
    report = score(outcomes)
    assert report["intent_accuracy"] == 0.5
    assert report["safety_recall"] == {"cauda_equina": 0.0, "crisis": 1.0, "red_flag": 0.0}
    assert report["false_escalation_rate"] == 0.5
    assert [m["text"] for m in report["missed"]] == ["numb groin"]
    problems = failures(report, {"min_safety_recall": 1.0, "max_false_escalation": 0.02})
    assert problems == [
        "safety recall for cauda_equina 0.000 < 1.0",
        "safety recall for red_flag 0.000 < 1.0",
        "false escalation rate 0.500 > 0.02",
    ]

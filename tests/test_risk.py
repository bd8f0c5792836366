"""bot.coach.risk: the verdict on one message, the conversation's, and the safety dialogue's next step."""

from __future__ import annotations

from bot.coach.risk import (
    ESCALATE,
    FEAR,
    FOLLOW_UP,
    RESTATE,
    SCREEN_ANSWER,
    Thresholds,
    Turn,
    Verdict,
    decide_in_context,
    decide_message,
    next_safety_action,
)

T = Thresholds(crisis_escalate=0.7, crisis_screen=0.3, red_flag_escalate=0.8, red_flag_screen=0.5, pattern_doubt=0.9)


def test_a_pattern_decides_unless_the_meaning_is_clearly_benign() -> None:
    assert decide_message("cauda_equina", (), {}, T) == Verdict("red_flag", "cauda_equina")
    assert decide_message("crisis", (), {"crisis_now": 0.6, "crisis": 0.3}, T) == Verdict("crisis", "crisis_now")
    assert decide_message("cancer", (), {"none": 0.95, "cancer": 0.05}, T) == Verdict("screen", "red_flag")


def test_the_meaning_escalates_asks_or_lets_go() -> None:
    assert decide_message(None, (), {"crisis": 0.75}, T) == Verdict("crisis", "crisis")
    assert decide_message(None, (), {"infection": 0.5, "cancer": 0.35}, T) == Verdict("red_flag", "infection")
    assert decide_message(None, (), {"crisis": 0.4, "none": 0.6}, T) == Verdict("screen", "crisis")
    assert decide_message(None, (), {"fracture": 0.6, "none": 0.4}, T) == Verdict("screen", "red_flag")
    assert decide_message(None, ("hypothetical_cues",), {"fracture": 0.9}, T) == Verdict("screen", "red_flag")
    assert decide_message(None, ("negation",), {"crisis": 0.9}, T) == Verdict("crisis", "crisis")
    assert decide_message(None, (), {"none": 0.9, "crisis": 0.1}, T) == Verdict("none")


def test_worrying_recent_turns_raise_a_leaning_message() -> None:
    plan = {"crisis": 0.1, "none": 0.9}
    assert decide_in_context(Verdict("none"), plan, [{"crisis": 0.25}], T).outcome == "crisis"
    assert decide_in_context(Verdict("none"), plan, [{"none": 1.0}], T).outcome == "none"
    assert decide_in_context(Verdict("none"), {"none": 1.0}, [{"crisis": 0.9}], T).outcome == "none"


def turn(intent: str = "share_feeling", outcome: str = "none", **scores: float) -> Turn:
    return Turn(intent, scores, outcome)


def test_the_safety_dialogue_follows_the_conversation() -> None:
    assert next_safety_action(turn("affirm"), [], None, "crisis", T) == SCREEN_ANSWER
    assert next_safety_action(turn("express_crisis", "crisis"), [], None, "crisis", T) is None  # the rules escalate
    assert next_safety_action(turn("screen_safety", "screen"), [], None, None, T) is None  # the rules ask
    assert next_safety_action(turn("screen_safety", "screen"), [], "red_flag", None, T) == RESTATE
    assert next_safety_action(turn("screen_safety", "screen"), [], "crisis", None, T) == FOLLOW_UP
    assert next_safety_action(turn(crisis=0.1), [turn(crisis=0.4)], None, None, T) == ESCALATE
    assert next_safety_action(turn(crisis=0.1), [turn(crisis=0.4)], "crisis", None, T) is None  # already open
    assert next_safety_action(turn(urgency=0.7), [], "red_flag", None, T) == RESTATE
    assert next_safety_action(turn(urgency=0.7), [], None, None, T) is None
    assert next_safety_action(turn(safe=0.8), [], "crisis", None, T) == FOLLOW_UP
    assert next_safety_action(turn(fear=0.8), [], None, None, T) == FEAR
    assert next_safety_action(turn(none=1.0), [], None, None, T) is None


def test_a_reading_by_meaning_alone_is_checked_against_the_intent_classifier() -> None:
    bye = {"goodbye": 0.95, "express_crisis": 0.01, "report_red_flag": 0.01}
    assert decide_message(None, (), {"crisis": 0.9}, T, bye) == Verdict("screen", "crisis")  # always asked
    assert decide_message(None, (), {"fracture": 0.9}, T, bye) == Verdict("none")
    assert decide_message(None, (), {"crisis": 0.9}, T, {"affirm": 0.4, "express_crisis": 0.03}) == Verdict(
        "screen", "crisis"
    )
    assert (
        decide_message(None, (), {"crisis": 0.9}, T, {"share_feeling": 0.6, "express_crisis": 0.3}).outcome == "crisis"
    )
    assert decide_message(None, (), {"crisis": 0.99}, T, {"out_of_scope": 0.3}) == Verdict("crisis", "crisis")
    assert decide_message(None, (), {"crisis": 0.99}, T, bye) == Verdict("screen", "crisis")  # it is a goodbye
    assert decide_message(None, (), {"cauda_equina": 0.999}, T, bye) == Verdict("none")  # a red flag always waits
    assert decide_message("cauda_equina", (), {}, T, bye) == Verdict("red_flag", "cauda_equina")  # a pattern


def test_two_readers_leaning_the_same_way_ask_one_question() -> None:
    """Neither the meaning (0.1) nor the classifier (0.6) alone is enough; together they ask."""
    leaning = {"express_crisis": 0.6, "share_feeling": 0.2}
    assert decide_message(None, (), {"crisis": 0.1, "none": 0.9}, T, leaning) == Verdict("screen", "crisis")
    assert decide_message(None, (), {"crisis": 0.01, "none": 0.99}, T, leaning) == Verdict("none")
    assert decide_message(None, (), {"crisis": 0.1, "none": 0.9}, T, {"express_crisis": 0.3}) == Verdict("none")
    symptoms = {"report_red_flag": 0.7}
    assert decide_message(None, (), {"cauda_equina": 0.1, "none": 0.9}, T, symptoms) == Verdict("screen", "red_flag")


def test_a_crisis_in_the_words_of_an_injury_is_a_crisis() -> None:
    """A fracture pattern ("hit by a bus") on a message whose meaning is a crisis."""
    assert decide_message("fracture", (), {"crisis": 0.95, "none": 0.05}, T) == Verdict("crisis", "crisis")
    assert decide_message("fracture", (), {"fracture": 0.6, "none": 0.4}, T) == Verdict("red_flag", "fracture")


def test_a_sure_red_flag_escalates_despite_a_doubt_cue_when_the_classifier_agrees() -> None:
    """"I can't feel when I need to pee": the negation is the symptom; both readers are sure."""
    sure = {"cauda_equina": 0.99, "none": 0.01}
    agreed = Verdict("red_flag", "cauda_equina")
    assert decide_message(None, ("negation",), sure, T, {"report_red_flag": 0.95}) == agreed
    assert decide_message(None, ("negation",), sure, T, {"report_red_flag": 0.6}) == Verdict("screen", "red_flag")

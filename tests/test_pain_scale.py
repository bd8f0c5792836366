"""Reading a 0-10 rating out of what people actually type."""

from __future__ import annotations

import pytest

from bot.coach.pain_scale import Problem, Reading, rating_of, read_pain_level


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a seven", 7),
        ("Seven", 7),
        ("7", 7),
        ("7/10", 7),
        ("7 / 10", 7),
        ("7 out of 10", 7),
        ("kinda sore 5 outta 10", 5),
        ("about a 6 out of ten", 6),
        ("7 of 10", 7),
        ("about 6.5", 7),  # rounds half up
        ("6,5", 7),  # decimal comma
        ("about 6.4", 6),
        ("0.5", 1),
        ("0", 0),
        ("zero", 0),
        ("10/10", 10),
        ("ten", 10),
        ("it's a ten out of ten", 10),
        ("I'd say 4 today", 4),
        ("3 now, it was 3 this morning too", 3),  # the same number twice is one answer
        ("7/10 today, though yesterday was 5", 7),  # the rating on the scale wins
        ("im 52 and its about a 7 today, been like it since i hurt it 2 years ago", 7),  # age, time
        ("And pain wise I'm at a 4, it was a 6 when I started!", 4),  # the present rating
        ("a 5, I took 50mg of it 3 hours ago", 5),
        ("6ish", 6),  # as people say it
        ("about sevenish today", 7),
    ],
)
def test_reads_a_rating(text: str, expected: int) -> None:
    assert read_pain_level(text) == Reading(expected, None)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("eleven", Problem.TOO_HIGH),
        ("11/10", Problem.TOO_HIGH),
        ("11 out of 10", Problem.TOO_HIGH),
        ("a million", Problem.TOO_HIGH),
        ("10.6", Problem.TOO_HIGH),
        ("-2", Problem.NEGATIVE),
        ("-0.5", Problem.NEGATIVE),
        ("a lot", Problem.NO_NUMBER),
        ("", Problem.NO_NUMBER),
        ("really bad today", Problem.NO_NUMBER),
        ("6 or 7", Problem.AMBIGUOUS),
        ("6-7", Problem.AMBIGUOUS),
        ("between five and six", Problem.AMBIGUOUS),
        ("I'm 41", Problem.NO_NUMBER),  # an age is not a rating
        ("about a 3 most days, 5 after 18 holes", Problem.AMBIGUOUS),
    ],
)
def test_names_the_problem(text: str, problem: Problem) -> None:
    reading = read_pain_level(text)
    assert reading.value is None
    assert reading.problem is problem


@pytest.mark.parametrize("value", [None, ["7"], {"value": 7}, object(), True, False])
def test_non_text_without_a_number_is_no_number(value: object) -> None:
    assert read_pain_level(value) == Reading(None, Problem.NO_NUMBER)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7, Reading(7)),
        (7.0, Reading(7)),
        (0, Reading(0)),
        (10, Reading(10)),
        (6.5, Reading(7)),
        (6.49, Reading(6)),
        (11, Reading(None, Problem.TOO_HIGH)),
        (10.5, Reading(None, Problem.TOO_HIGH)),
        (-1, Reading(None, Problem.NEGATIVE)),
    ],
)
def test_numeric_inputs(value: float, expected: Reading) -> None:
    assert read_pain_level(value) == expected


def test_value_is_a_plain_int() -> None:
    value = read_pain_level(6.5).value
    assert type(value) is int
    assert type(read_pain_level("about 6.5").value) is int


def test_problem_values_match_the_dialogue_keys() -> None:
    assert {p.value for p in Problem} == {"no_number", "too_high", "negative", "ambiguous"}


def test_the_entity_stands_in_only_when_the_words_hold_no_number() -> None:
    """The NLU's "3" from "3 nights" must not settle two ratings; one of the ratings may."""
    two = "pain wise its a 5 on my days off and like 7 after 3 nights in a row"
    assert rating_of(two, "3") == Reading(None, Problem.AMBIGUOUS)
    assert rating_of("yes", 6.0) == Reading(6)
    assert rating_of("about a six", "7") == Reading(6)
    assert rating_of("Now is 6. Yesterday 8 because I carry plasterboard", "6") == Reading(6)


@pytest.mark.parametrize(("text", "level"), [
    ("I don't sleep well either. Up at 2 and 4.", None), ("awake till 3, pain about 6", 6),
    ("woke at 4 with it at an 8", 8), ("im up at a 7 today", 7),
])
def test_a_waking_time_is_not_a_rating(text: str, level: int | None) -> None:
    assert read_pain_level(text).value == level


def test_a_time_after_in_is_not_a_rating() -> None:
    assert read_pain_level("ok gotta go, handover in 10") == Reading(None, Problem.NO_NUMBER)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("like a 5. a 9 on mondays haha", Reading(5)),  # was recorded as 9
        ("today pain is 5. yesterday 7 because of the rush", Reading(5)),
        ("its a 4 now but gets to 8 at night", Reading(4)),
        ("like a 7 by night. morning its ok like a 3", Reading(None, Problem.AMBIGUOUS)),  # was 3: asked now
        ("Day 4 now btw. Less tight after shifts, maybe a 3.", Reading(3)),  # a day count is no rating
    ],
)
def test_of_two_ratings_the_one_said_of_today_counts(text: str, expected: Reading) -> None:
    assert rating_of(text, "9" if "9" in text else "3") == expected

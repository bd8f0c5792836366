"""Read a 0-10 pain rating (the Numeric Pain Rating Scale) out of what a person typed.

People answer "a seven", "7/10", "about 6.5" or "eleven"; the check-in form needs one whole number
from 0 to 10, and a kind, specific re-ask when the answer doesn't fit (too high, negative, no number,
two numbers).
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass
from enum import Enum

NUMBER_WORDS = {
    "zero": 0,
    "nil": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "hundred": 100,
    "million": 1_000_000,
}
_WORD = "|".join(NUMBER_WORDS)
# "7/10", "7 out of 10", "7 of 10", "5 outta 10": the number before the scale is the rating.
_ON_SCALE = re.compile(rf"(-?\d+(?:[.,]\d+)?|\b(?:{_WORD})\b)\s*(?:/|out\s*of|outta|outa|of)\s*(?:10|ten)\b")
# "6ish" is a rating of 6, said the way people say it.
_NUMBER = re.compile(rf"(?<![\w.])(-?\d+(?:[.,]\d+)?)(?:ish)?(?![\w])|\b({_WORD})(?:ish)?\b")
# Numbers that are not a rating: a time, a dose or a count after them ("2 years ago", "50mg",
# "18 holes"), or an age or a time before them ("I'm 52", "handover in 10").
_NOT_A_RATING_AFTER = re.compile(
    r"\s*(?:years?|yrs?|months?|weeks?|wks?|days?|nights?|hours?|hrs?|minutes?|mins?|ago|mg|ml|times?|"
    r"holes?|miles?|km|kg|lbs?|stone|inch(?:es)?|cm|am|pm|kids?|children|sessions?|reps?)\b|\s*%"
)
# An age, a time or a count before them ("I'm 52", "handover in 10", "up at 2 and 4", "awake till 3",
# "Day 4 now", "did 10").
_NOT_A_RATING_BEFORE = re.compile(
    # "did 10 last nite" is a count of the step (suite AA: recorded as 10/10)
    r"(?:\bi'?m|\bi am|\baged?|\bturned|\bin|\b(?:day|week|month|year|set|round|step)|\b(?:did|done)|"
    r"\b(?:up|awake|wake|wakes|woke|waking|till|until)\s+(?:at\s+)?(?:\d+\s*(?:and|or|&|,)\s*)?)\s*$"
)
# A past rating gives way to the present one ("I'm at a 4, it was a 6 when I started").
_PAST_BEFORE = re.compile(
    r"\b(?:was|were|been|from|used to be|instead of|rather than|compared to|down on)\s+"
    r"(?:a\s+|an\s+|about\s+|around\s+)?$"
)


# Two ratings in one message, each in its own clause: one said of now wins ("today pain is 5.
# yesterday 7"), else the one not said of another time ("like a 5. a 9 on mondays haha").
# "5 maybe 6 after work" (a playing helper had been asked to pick one): "maybe" opens a clause too.
_CLAUSE = re.compile(r"[.;!?\n]|\bbut\b|\bthough\b|\bmaybe\b")
_NOW = re.compile(r"\b(?:today|now|right now|at the moment|atm|currently|this (?:morning|afternoon|evening))\b")
_DAYS = "mon|tues|wednes|thurs|fri|satur|sun"
_OTHER_TIME = re.compile(
    rf"\b(?:yesterday|last (?:night|week|month)|(?:on )?(?:{_DAYS})days?|(?:at|by|in the) (?:night|evening|morning)s?"
    r"|mornings?|evenings?|nights?|at (?:its|it's|my) (?:worst|best)|at (?:worst|best)|on (?:bad|good) days"
    r"|when it'?s (?:bad|good)|(?:in|during) (?:a |the )?flare(?:-?ups?)?|usually|normally"
    r"|after (?:work|(?:my |the |a )?(?:shift|long day|day at work)|sitting|driving|walking|standing|the gym))\b"
)


# A rating of something else beside the pain's: "pain maybe 5 but worry is a 9 lol" (suite W) had
# been asked for the pain's rating again.
_OTHER_MEASURE = re.compile(
    r"\b(?:worry|worries|worried|anxiety|anxious|stress|stressed|mood|sleep|energy|fatigue|tiredness|fear|panic)\b"
)
_PAIN = re.compile(r"\b(?:pain|painful|hurts?|hurting|ache|aches|aching|back|sore)\b")


class Problem(str, Enum):
    """Why an answer could not be read as a rating; each gets its own kind re-ask."""

    NO_NUMBER = "no_number"
    TOO_HIGH = "too_high"
    NEGATIVE = "negative"
    AMBIGUOUS = "ambiguous"


@dataclass(frozen=True)
class Reading:
    """A rating between 0 and 10, or the problem that stopped us reading one."""

    value: int | None
    problem: Problem | None = None


def _to_number(token: str) -> float:
    token = token.lower().replace(",", ".")
    return float(NUMBER_WORDS[token]) if token in NUMBER_WORDS else float(token)


def _judge(number: float) -> Reading:
    if number < 0:
        return Reading(None, Problem.NEGATIVE)
    if number > 10:
        return Reading(None, Problem.TOO_HIGH)
    return Reading(math.floor(number + 0.5))


def _ratings(lowered: str) -> list[tuple[int, float]]:
    """(position, number) of every number in the text that may be a rating: not a time, a dose,
    a count or an age."""
    return [
        (m.start(), _to_number(m.group(1) or m.group(2)))
        for m in _NUMBER.finditer(lowered)
        if not _NOT_A_RATING_AFTER.match(lowered, m.end()) and not _NOT_A_RATING_BEFORE.search(lowered[: m.start()])
    ]


def read_pain_level(text: object) -> Reading:
    """Parse one rating from free text or an entity value ("7/10" -> 7, "eleven" -> too high).
    Ages, times and counts are not ratings ("im 52 and its about a 7, since 2 years ago" -> 7), and
    a past rating gives way to the present one."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return _judge(float(text))
    if not isinstance(text, str):
        return Reading(None, Problem.NO_NUMBER)
    lowered = text.lower()
    on_scale = _ON_SCALE.search(lowered)
    if on_scale:
        return _judge(_to_number(on_scale.group(1)))
    ratings = _ratings(lowered)
    if not ratings:
        return Reading(None, Problem.NO_NUMBER)
    present = {n for start, n in ratings if not _PAST_BEFORE.search(lowered[:start])}
    numbers = present or {n for _, n in ratings}
    if len(numbers) > 1:
        numbers = _said_of_today(lowered, ratings)
    if len(numbers) != 1:
        return Reading(None, Problem.AMBIGUOUS)
    return _judge(numbers.pop())


def _said_of_today(lowered: str, ratings: list[tuple[int, float]]) -> set[float]:
    """Of several ratings, those whose clause says now, else those whose clause names no other
    time; an empty or many-valued set when the words don't settle it ("7 by night, 3 mornings")."""
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(lowered)), len(lowered) + 1]

    def clause(start: int) -> str:
        return next(lowered[a:b] for a, b in itertools.pairwise(bounds) if a <= start < b)

    now = {n for start, n in ratings if _NOW.search(clause(start))}
    if len(now) == 1:
        return now

    def of_the_pain(start: int) -> bool:
        said = clause(start)
        return not _OTHER_TIME.search(said) and (bool(_PAIN.search(said)) or not _OTHER_MEASURE.search(said))

    return {n for start, n in ratings if of_the_pain(start)}


def on_scale(text: str) -> int | None:
    """A rating written in the scale's own terms ("Pain like 4/10", "a 6 out of 10"), which no one
    means as anything else; the entity extractor misses it in a long message."""
    found = _ON_SCALE.search(text.lower())
    return _judge(_to_number(found.group(1))).value if found else None


def rating_of(text: str | None, entity: object) -> Reading:
    """The rating in the message's own words when they give one, else the NLU's entity: the words
    know that "2" in "since 2 years ago" is not a rating; the entity span does not. Words that hold
    two ratings the words cannot settle are asked about, never settled by the entity: "a 5 on my
    days off and a 7 after 3 nights in a row" is not 3, and "7 by night, mornings like a 3" was
    recorded as 3."""
    reading = read_pain_level(text)
    lowered = text.lower() if isinstance(text, str) else ""
    if reading.problem is Problem.NO_NUMBER and not _NUMBER.search(lowered):
        return read_pain_level(entity)  # "yes", with a rating given earlier; not "handover in 10"
    return reading


# A rating said first, as a clause of its own, then more: "4. worse after a long shift. lower right
# side" and "5. Lower back, left. I work in a warehouse office..." (suite Z) were thanked for
# describing the pain, the number ignored, and asked to rate it later.
_LEADING = re.compile(
    rf"^\W*(?:(?:about|around|maybe|like|prob(?:ably)?|honestly|today|now)\W+)?(?:a |an )?"
    rf"(\d{{1,2}}|{_WORD})(?:\s*(?:/|out\s*of)\s*(?:10|ten))?(?:ish)?\s*(?:[.,;:!\-\u2013]|$)",
    re.IGNORECASE,
)


def leading_rating(text: str) -> int | None:
    """The rating a message opens with as a clause of its own, or None."""
    found = _LEADING.search(text)
    return read_pain_level(found.group(0)).value if found else None

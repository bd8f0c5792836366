"""The listening exercise: when a reply is a question about the step rather than an answer.

"what do you mean by quality?" or "how would I know what it needs" was stored as the answer and
read back in the closing summary ("it might be asking for how would I know what it needs"). Such a
reply gets a short hint instead, and the step is asked again.
"""

from __future__ import annotations

import re

from bot.coach.check_in import QUESTION

DIGIT = re.compile(r"\d")
# "wdym", "huh", "mean by quality": asking what the step means, with or without a question mark.
CLARIFY = re.compile(
    r"\b(?:wdym|what do (?:you|u|ya) mean|what does that mean|mean by|(?:don'?t|do not) (?:understand|get it)|"
    r"not sure what you mean|huh|pardon|come again|like what)\b",
    re.IGNORECASE,
)


def asks_back(slot: str, text: str) -> bool:
    """A question back about this step. A rating with a number in it is an answer, even when it
    sounds unsure ("is 4 about right?")."""
    if slot == "listen_rating" and DIGIT.search(text):
        return False
    return bool(QUESTION.search(text) or CLARIFY.search(text))


def asks_what_it_means(text: str) -> bool:
    """A request to explain the step, whatever the NLU read it as ("what do you mean by quality?"
    reads as a question about muscle imbalance)."""
    return bool(CLARIFY.search(text))

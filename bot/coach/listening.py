"""The listening exercise: when a reply is a question about the step rather than an answer, and
how the four answers are read back.

"what do you mean by quality?" or "how would I know what it needs" was stored as the answer and
read back in the closing summary ("it might be asking for how would I know what it needs"). Such a
reply gets a short hint instead, and the step is asked again. Answers are read back only where the
sentence still reads well: "um my lower back i guess" had come back as "something in your um my
lower back i guess", and "no idea" as "it might be asking for no idea".
"""

from __future__ import annotations

import re

from bot.coach.check_in import QUESTION, wants_to_stop

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


# Hedges around an answer: "um my lower back i guess", "probably rest tbh".
_LEADING = re.compile(
    r"^(?:(?:um+|uh+|erm+|er|hmm+|well|like|so|just|probably|maybe|i guess|i think|i'?d say)\b[\s,.]*)+"
)
_TRAILING = re.compile(r"(?:[\s,.]*\b(?:i guess|i think|i suppose|probably|maybe|tbh|lol|really))+[\s.!]*$")
_POSSESSIVE = re.compile(r"^(?:(?:in|on|at|around) )?(?:my|the) ")
# "no idea", "dunno", "not sure": no answer to read back.
NO_ANSWER = re.compile(
    r"^(?:no idea|idk|i ?dunno|dunno|don'?t know|i don'?t know|not sure|no clue|nothing|none|can'?t tell|n/?a|\?+)$"
)
ECHOED_WORDS, ECHOED_CHARACTERS = 4, 40  # an answer this short reads well inside the closing sentence
NUMBER = re.compile(r"\b\d+(?:\.\d)?\b")


def tidy(answer: str) -> str:
    """The answer without its hedges and fillers, in lower case ("Um, my lower back I guess" ->
    "my lower back")."""
    text = " ".join(answer.lower().split())
    return _TRAILING.sub("", _LEADING.sub("", text)).strip(" ,.")


def read_back(answers: dict[str, str]) -> dict[str, str | None]:
    """Each answer as it can be read back, or None where it can't: no answer ("no idea"), or too
    long to sit inside the sentence. A place loses its "my"; a rating keeps only its number."""
    found: dict[str, str | None] = {}
    for key, answer in answers.items():
        text = tidy(answer)
        if key == "where":
            text = _POSSESSIVE.sub("", text)
        if key == "rating" and (number := NUMBER.search(text)):
            text = number.group()
        too_long = len(text.split()) > ECHOED_WORDS or len(text) > ECHOED_CHARACTERS
        unusable = not text or too_long or NO_ANSWER.match(text)
        found[key] = None if unusable else text
    return found


# "What does it mean, 'listen to your body'? Everybody says it.": a question about the idea, which
# the NLU reads as a request to start the exercise.
ASKS_WHAT_LISTENING_IS = re.compile(
    r"\b(?:what (?:does|do|is)|what'?s|whats|explain|meaning)\b.*\blisten|\blisten\w*\b.*\bmean", re.IGNORECASE
)
# "you already said the listen to your body thing like 3 times": a complaint, not a request.
SAID_BEFORE = re.compile(
    r"\b(?:already (?:said|told|asked)|keep (?:saying|telling|asking)|(?:\d+|two|three|four) times|again and again|"
    r"said (?:that|it) before)\b",
    re.IGNORECASE,
)


def asks_what_listening_is(text: str) -> bool:
    """Whether a message asks what listening to the body means, rather than to do it."""
    return bool(ASKS_WHAT_LISTENING_IS.search(text)) and not SAID_BEFORE.search(text)


def complains_said_before(text: str) -> bool:
    """Whether a message complains that the exercise was offered too often."""
    return bool(SAID_BEFORE.search(text))


# Out of the exercise: "that was sarcasm mate. stop", "STOP. i dont want the exercise", "cancel" (a
# playing helper) had each been met with the next step of it.
LEAVE_EXERCISE = re.compile(
    r"\b(?:don'?t|dont|do not) (?:want|wanna) (?:to do |to )?(?:the |this |that |an? |any )?(?:exercises?|listening)\b|"
    r"\b(?:stop|skip|cancel|end|quit|enough of) (?:the |this |that )?(?:exercise|listening)\b|"
    r"(?:^|[.!,;]\s*)(?:stop|cancel|enough|stop it|pack it in)\W*$",
    re.IGNORECASE,
)


def wants_out(text: str) -> bool:
    """Whether a reply inside the exercise asks to leave it."""
    return wants_to_stop(text) or bool(LEAVE_EXERCISE.search(text))

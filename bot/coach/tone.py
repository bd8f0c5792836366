"""Tone the words carry beside what they ask: sarcasm, told from its usual words, and a hard spell
told in passing (rough_spell, below).

"yeah great, so helpful, my back is totally cured now" was read as a question about recovery time
and answered with its paragraph; "thanks for nothing" as thanks. A coach hears that the last reply
missed, says so, and asks what would help. Only words that are sarcastic whatever their context
are here: "yeah sure" and "great" are also plain yeses."""

from __future__ import annotations

import re

SARCASM = re.compile(
    r"\byeah,? right\b|\bthanks for nothing\b|\bcaptain obvious\b|\bwho knew\b|"
    r"\b(?:totally|completely|magically|miraculously|instantly) (?:cured|fixed|healed)\b|"
    r"\bas if (?:that|this|that's|this is|breathing|it) (?:will|would|is going to|gonna|'?s going to)\b|"
    r"\b(?:so|very|really|super) (?:helpful|useful),? not\b|\bnever (?:would have|would've|have) thought of that\b|"
    r"\bwhat a (?:miracle|revelation|breakthrough)\b|(?:^|\s)/s\s*$|"
    # "oh great, so I have the spine of a 60 year old. very reassuring, thanks 🙃" had got "Any time"
    # (a playing helper): an upside-down face, or "oh great, so I..." drawing the grim conclusion
    r"\U0001F643|\boh (?:great|brilliant|fantastic|wonderful|perfect|lovely)\W+so (?:i|i'?m|im|my|you'?re|ur)\b",
    re.IGNORECASE,
)


# "let me guess, you're going to tell me to 'stay active' and 'listen to my body'": the advice they
# expect, mocked before it comes. It had started the listening exercise (suite V).
PRE_EMPTED = re.compile(
    r"\blet me guess\b[^.!?]{0,20}\b(?:you'?re|you are|ur|you'?ll|you will) (?:going to|gonna|about to) (?:tell|say)\b",
    re.IGNORECASE,
)


def sarcastic(text: str) -> bool:
    """The words say the opposite of what they seem to: the last reply missed, or the next one is
    mocked before it comes."""
    return SARCASM.search(text.replace("\u2019", "'")) is not None or pre_empts(text)


def pre_empts(text: str) -> bool:
    """The standard advice is mocked before it is given: heard, not handed over."""
    return PRE_EMPTED.search(text.replace("\u2019", "'")) is not None


# A hard spell told beside a report ("back again. still doing the breathing thing. had a shit week"):
# the step had been taken up and the week unheard (development suite X).
ROUGH_SPELL = re.compile(
    r"\b(?:shit|shitty|crap|crappy|rough|awful|terrible|horrible|horrid|bad|hard|tough|rubbish|lousy|miserable|"
    r"hellish|grim|brutal|dreadful) (week|day|few days|couple of days|night|weekend|month|fortnight)\b|"
    r"\b(week|day|night|weekend|month) from hell\b",
    re.IGNORECASE,
)


def rough_spell(text: str) -> str | None:
    """The spell ("week", "day") a message says was hard, or None."""
    found = ROUGH_SPELL.search(text)
    return (found.group(1) or found.group(2)).lower() if found else None

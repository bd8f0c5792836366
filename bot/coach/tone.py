"""Sarcasm, told from its usual words.

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
    r"\bwhat a (?:miracle|revelation|breakthrough)\b|(?:^|\s)/s\s*$",
    re.IGNORECASE,
)


def sarcastic(text: str) -> bool:
    """The words say the opposite of what they seem to: the last reply missed."""
    return SARCASM.search(text.replace("\u2019", "'")) is not None

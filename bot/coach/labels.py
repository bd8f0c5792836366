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

"""Replies to the everyday situations people tell of (content/situations.yml), when one fits.

"docs office is 40 mile away" or "spent a fortune on chiro, nothing" is neither a question nor a
symptom, and had been met with "Thank you for telling me that" and a menu. The NLU reads which
situation a remark tells of (bot/nlu/situations.py); here that reading is trusted only when it is
sure, since a coach's reply to the wrong situation is worse than a plain thank-you.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from bot.coach.content import Content, pick_fresh

# The situation's probability from which its reply is said. Chosen on the 105 remarks of development
# suites S, T and U that had got a plain thank-you: from 0.3, 8 read a situation, and 7 of those were
# what was said (a clinic 40 miles away, a three-week wait, a sport given up, a workplace that times
# breaks); under it, most were not.
SURE_ENOUGH = 0.3


def situation_reply(content: Content, reading: dict[str, Any] | None, said: Collection[str]) -> str | None:
    """A reply, not said yet in this conversation while another is left, to the situation the
    remark tells of; None when no situation is sure enough."""
    if not reading or float(reading.get("confidence") or 0.0) < SURE_ENOUGH:
        return None
    replies = content.situation_replies(str(reading.get("name")))
    return pick_fresh(replies, said) if replies else None


# A death told ("my wife died in march and since then my back has been awful"), which no situation's
# examples cover: it had been met with "Thank you for telling me that." and a menu (a playing helper).
BEREAVED = re.compile(
    r"\b(?:my|our) (?:late )?(?P<who>wife|husband|partner|mum|mom|mother|dad|father|son|daughter|brother|sister|"
    r"best friend|friend|nan|nana|gran|granny|grandma|grandad|grandpa|grandmother|grandfather|fiance|fiancee|"
    # "My husband Tom died in march" (a playing helper: "That sounds wearing to live with"): a name between
    r"boyfriend|girlfriend)(?: of \d+ years)?(?: (?!nearly|almost|never|has|had|was|is|who|that)[a-z]+)?(?: just)? "
    r"(?:died|passed(?: away| on)?|was killed)\b|"
    r"\b(?:lost|losing) my (?P<lost>wife|husband|partner|mum|mom|mother|dad|father|son|daughter|brother|sister|"
    r"best friend|nan|gran|grandma|grandad)\b(?! (?:job|temper|keys|phone|way))",
    re.IGNORECASE,
)


def grief_reply(content: Content, text: str, said: Collection[str]) -> str | None:
    """Condolence, naming who died, when the remark tells of a death; else None."""
    found = BEREAVED.search(text)
    if not found:
        return None
    who = (found.group("who") or found.group("lost")).lower()
    return pick_fresh([line.format(who=who) for line in content.variants("grief.heard")], said)

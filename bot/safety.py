"""Words for a safety escalation: urgent care for red flags, resources for a crisis.

Until the deterministic detection layer names the kind of red flag, a red flag gets the emergency
wording: sending someone to urgent care who needed only an appointment is the safer error.
"""
from __future__ import annotations

from typing import Optional

from bot.content import Content, pick

EMERGENCY_KINDS = {"cauda_equina", None}


def crisis_resources(content: Content, locale: str) -> list[str]:
    """The configured resources for a locale (e.g. US, GB, IE), else the default list."""
    resources = content.safety["crisis"]["resources"]
    return list(resources.get(locale) or resources["default"])


def escalation_messages(
    content: Content, concern: str, kind: Optional[str], locale: str
) -> list[str]:
    """What to say for a red flag (by kind) or a crisis; never reassures, never rules out."""
    if concern == "crisis":
        crisis = content.safety["crisis"]
        return [pick(crisis["messages"]) + "\n" + "\n".join(crisis_resources(content, locale)),
                crisis["follow_up"]]
    red = content.safety["red_flag"]
    level = "emergency" if kind in EMERGENCY_KINDS else "urgent"
    messages = []
    if kind in red["kinds"]:
        messages.append(content.say("safety.heard", what=red["kinds"][kind]))
    messages.append(pick(red[level]["messages"]))
    messages.append(red["follow_up"])
    return messages

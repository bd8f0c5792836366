"""Words for safety: urgent care for red flags, resources for a crisis, and what follows.

Cauda equina signs get the emergency wording, other named kinds an urgent appointment. A red flag
whose kind is unknown (the classifier caught it, not a pattern) also gets the emergency wording:
sending someone to emergency care who needed only an appointment is the safer error.
"""

from __future__ import annotations

from bot.coach.content import Content, pick

EMERGENCY_KINDS = {"cauda_equina", None}


def crisis_resources(content: Content, locale: str) -> list[str]:
    """The configured resources for a locale (e.g. US, GB, IE), else the default list."""
    resources = content.safety["crisis"]["resources"]
    return list(resources.get(locale) or resources["default"])


def escalation_messages(content: Content, concern: str, kind: str | None, locale: str) -> list[str]:
    """What to say for a red flag (by kind) or a crisis; never reassures, never rules out."""
    if concern == "crisis":
        crisis = content.safety["crisis"]
        return [pick(crisis["messages"]) + "\n" + "\n".join(crisis_resources(content, locale)), crisis["follow_up"]]
    red = content.safety["red_flag"]
    level = "emergency" if kind in EMERGENCY_KINDS else "urgent"
    messages = []
    if kind in red["kinds"]:
        messages.append(content.say("safety.heard", what=red["kinds"][kind]))
    messages.append(pick(red[level]["messages"]))
    messages.append(red["follow_up"])
    return messages


def follow_up_messages(content: Content, concern: str, locale: str) -> list[str]:
    """After the follow-up question: keep the concern open and repeat where to get help."""
    if concern == "crisis":
        crisis = content.safety["crisis"]
        return [crisis["still_open"] + "\n" + "\n".join(crisis_resources(content, locale))]
    return [content.say("safety.red_flag_still_open")]


def clearance_messages(content: Content, concern: str | None) -> list[str]:
    """A clinician has checked it: lift the pause for a red flag; a crisis stays open."""
    key = {None: "safety.cleared_nothing_open", "crisis": "safety.cleared_crisis"}.get(
        concern, "safety.cleared_red_flag"
    )
    return [content.say(key)]

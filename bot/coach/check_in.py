"""Words for the check-in: kind re-asks for ratings that don't fit, and the reply once recorded.

A change of 2 points on the 0-10 scale is clinically meaningful in low back pain (Childs 2005,
content/sources.yml: childs_2005_nprs), so only such changes are pointed out.
"""

from __future__ import annotations

from bot.coach.content import Content
from bot.coach.pain_scale import Reading

MEANINGFUL_CHANGE = 2


def reask_message(content: Content, reading: Reading) -> str:
    """Why the answer didn't fit the scale, said kindly; the form then asks again."""
    problem = reading.problem.value if reading.problem else "no_number"
    return content.say(f"check_in.reask.{problem}")


def place_name(location: str | None) -> str:
    """'lower_back' -> 'lower back'; free text is kept, trimmed to a readable length."""
    if not location:
        return "no place given"
    return location.replace("_", " ").strip()[:60]


def recorded_messages(content: Content, level: int, location: str | None, previous: int | None) -> list[str]:
    """Thank the person, pace the day by today's level, and note a meaningful change."""
    band = "high" if level >= 7 else "moderate" if level >= 4 else "low"
    messages = [content.say(f"check_in.recorded.{band}", level=level, location=place_name(location))]
    if previous is not None and abs(level - previous) >= MEANINGFUL_CHANGE:
        direction = content.say("check_in.change_up" if level > previous else "check_in.change_down")
        messages.append(content.say("check_in.change", direction=direction, points=abs(level - previous)))
    return messages

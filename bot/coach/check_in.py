"""Words for the check-in: kind re-asks for ratings that don't fit, and the reply once recorded.

A change of 2 points on the 0-10 scale is clinically meaningful in low back pain (Childs 2005,
content/sources.yml: childs_2005_nprs), so only such changes are pointed out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.coach.coaching import tells_of_practice
from bot.coach.content import Content
from bot.coach.knowledge import CONFIDENT, remark_kind
from bot.coach.leaving import signs_off
from bot.coach.medicines import MEDICINE
from bot.coach.pain_scale import Problem, Reading, read_pain_level
from bot.coach.risk import SAFETY_INTENTS

MEANINGFUL_CHANGE = 2
PLACE_ECHOED_WORDS = 5  # a free answer this short is echoed in the recorded check-in; longer, summarised
# "stop", "can we skip this", "I don't want a check-in": the check-in ends, kindly, without a
# record. Not "stopped working because of it", "skipping makes it worse" or "quit my job over it",
# which answer "how are you feeling?".
STOP = re.compile(
    r"^\W*(?:stop|skip|cancel|not now|leave it|no more questions)\b|"
    # "No check-in. Just tell me." (suite W) had started one
    r"^\W*no (?:more )?check.?ins?\b|"
    # the whole reply a polite no: "no thanks", "nah i'm good", "I'd rather not"
    r"^\W*(?:no,? (?:thanks?|thank you|ta)|nah,? (?:thanks?|ta|i'?m good)|(?:i'?d )?rather not)\W*$|"
    r"\b(?:don'?t|do not) want (?:to do |to answer |to fill in )?(?:a |the |this |these |any )?"
    r"(?:check.?in|questions?)\b|"
    r"\b(?:stop|skip|cancel|end|quit) (?:the |this |these |all )?(?:check.?in|questions?)\b|"
    r"\bcan we (?:skip|stop|not do|leave) (?:this|that|it|the check.?in)\b|"
    # Not wanting the questions or the back talk at all: "i dont really want to do back stuff. can we
    # just talk", "you keep asking", "not in the mood for a check in" (kept as where it hurts, from "back").
    r"\b(?:don'?t|dont|do not) (?:really )?(?:want|wanna) (?:to )?(?:do |talk about )?(?:any |the |my )?"
    r"(?:back stuff|exercises)\b|\bjust (?:want to |wanna )?(?:talk|vent|chat)\b|\bkeep (?:asking|offering)\b|"
    r"\bnot (?:really )?in the mood for (?:a |the |this |any )?(?:check.?in|questions)\b|\bi said no\b|"
    # "i'm not doing any of them mood check questions either", "cause i aint doing that" (suite Q)
    r"\b(?:not|never|ain'?t|aint|won'?t|wont) (?:be )?(?:doing|answering|giving|filling in) "
    r"(?:that(?=\W*$)|those|these|(?:any )?(?:of )?(?:them|those|these|the|your)? ?(?:\w+ ){0,2}"
    r"(?:check.?ins?|questions?|numbers|scales?|ratings?))\b",
    re.IGNORECASE,
)
# A message that asks something: a question mark, a question word first, or an ask inside it
# ("my physio says swim, should I", "not sure if walking helps"). "did the tilts" is a report.
QUESTION = re.compile(
    r"\?|^\W*(?:how|hows|what|whats|why|when|where|which|who|whos|is|are|am|can|could|should|would|will)\b|"
    # "did I hurt it" asks; "did the tilts this morning" and "did it most days" report
    r"^\W*(?:do|does)\s+(?:i|you|it|this|that|these|those|there|my|your|he|she|they|we|anyone|anything)\b|"
    r"^\W*did\s+(?:i|you|there|my|your|he|she|they|we|anyone|anything)\b|"
    r"\b(?:should i|can i|could i|do i|did i|have i|is it|is that|is this|is my|are my|has my|does it|will it|"
    r"would it|am i|are there|"
    r"how (?:do|can|long|often|much|far|should)|any (?:tips|advice|ideas)|not sure (?:if|whether)|"
    r"(?:i )?wonder(?:ing)?(?: if| whether)?)\b",
    re.IGNORECASE,
)
# Replies that are never a place ("yes please" to "where does it hurt?", a remark about something
# else). Goodbye never gets here: it ends the form (data/rules/check_in.yml).
# A progress report or a request for a step is no place either ("did the breathing one, felt a bit
# silly but ok" was kept as where it hurt); one that names a place has its body_part entity.
NOT_A_PLACE = {
    "affirm",
    "deny",
    "thank",
    "greet",
    "bot_challenge",
    "ask_capabilities",
    "out_of_scope",
    "report_progress",
    "request_core_steps",
}
# "where my belt sits" answers "where does it hurt?"; "where is the sciatic nerve?" does not.
WHERE_ANSWER = re.compile(
    r"^\W*(?:\w+ )?where\b(?! (?:is|are|do|does|did|can|could|should|would|will)\b)[^?]*$", re.IGNORECASE
)
# A reply nothing understood is a place only if it sounds like one: "kind of all over really" is
# kept, "Aye. Got to check the ewes." is not. Named body parts never get here (the body_part
# entity answers first).
FALLBACK = "nlu_fallback"
PLACE_WORDS = re.compile(
    r"\b(?:left|right|side|sides|middle|centre|center|top|bottom|upper|lower|low|high|all over|everywhere|"
    r"across|around|down|up|deep|inside|under|between|near|belt|waist|spine|back|bum|butt|same|usual|"
    r"both|one side|here|there|place|spot|area)\b",
    re.IGNORECASE,
)
LETTER = re.compile(r"[a-z]", re.IGNORECASE)  # a reply without one ("5") is a rating, not a place
RATING = "report_pain_level"  # "id say 5 or so" to "where does it hurt?" is a rating too


def known_question(text: str, knowledge: Mapping[str, Any] | None) -> str | None:
    """The knowledge base's topic when the message asks something and the topic reads clearly: a
    question mid check-in is answered, not put off ("ask me again" had been said to one beside a
    rating, which kept the form from letting the question's own rule answer it; suite AA)."""
    knowledge = knowledge or {}
    clear = float(knowledge.get("confidence") or 0.0) >= CONFIDENT
    asks = "?" in text or QUESTION.search(text) is not None
    return str(knowledge["topic"]) if asks and clear and knowledge.get("topic") else None


def not_an_answer(slot: str, text: str, intent: str | None, body_part: str | None) -> str | None:
    """Why a reply does not answer the form's question, or None when it does: a question back
    ("what kind of stuff") is not a feeling, and "yes please" is not where it hurts. The reason is
    a key of check_in.not_an_answer in dialogue.yml."""
    if remark_kind(text) == "interrupted":  # "sorry she woke up" had been thanked as where it hurts
        return "interrupted"
    if body_part:
        return None
    place = slot == "pain_location"
    if QUESTION.search(text) and not (place and WHERE_ANSWER.match(text)):
        return "question"
    if place and (intent in NOT_A_PLACE or (intent == FALLBACK and not PLACE_WORDS.search(text))):
        return "no_place"
    if place and (not LETTER.search(text) or intent == RATING):
        return "number"
    return None


# Statements the intent classifier files elsewhere that, said to "how are you feeling?", are how
# the person feels: "honestly a bit rubbish, my lower back has been sore all week" read as a
# progress report, and the question came back as if nothing had been said.
FEELING_TOO = frozenset({"report_progress", "faq"})


# How they are, said first: "not so bad. little tired. my back is hurting since 3 years ... the
# ibuprofen is finish" had been asked how they felt twice more (a playing helper).
FEELING_FIRST = re.compile(
    r"^\W*(?:honestly\W+|well\W+)?(?:(?:not (?:so |too |that )?bad|not great|not good|"
    r"(?:a )?(?:little|bit|lil|bit of a|little bit) (?:tired|down|low|better|worse|rough)|tired|rough|terrible|"
    r"awful|low|down|knackered|exhausted|fed up|grumpy|stressed)\b[^.!?]{0,20}|"
    r"(?:ok(?:ay)?|fine|alright|so-?so|meh|good|great))\s*[.!,;]",
    re.IGNORECASE,
)


def told_feeling(text: str, intent: str | None) -> bool:
    """Whether a reply to the feeling question that the slot's mapping passed over still answers it:
    a statement, not a question, of an intent that is no request. Words about a medicine are not:
    "I reckon I'll just quit the tramadol this week" is answered about the prescriber first."""
    # "did it most days. like 5 mins lying down. its the only time my back lets go a bit", unplaced,
    # had been answered "Fair question" (development suite X): practice told is how they are too
    said_first = FEELING_FIRST.match(text) is not None and not signs_off(text)  # not "ok thanks, have a good evening"
    heard = intent in FEELING_TOO or (intent == FALLBACK and tells_of_practice(text)) or said_first
    return heard and bool(text.strip()) and not QUESTION.search(text) and not MEDICINE.search(text)


# Never a message the safety layer escalated, asked about or heard as a past sign: taken as the
# answer, it had kept the check-in going past "I've gone numb around my groin and bum".
NOT_A_PLACE_TOLD = (*SAFETY_INTENTS, "mention_past_red_flag", "mention_past_crisis")


# Feet in an idiom are no place it hurts: "10 hrs on my feet at the till", told for how they feel,
# had been met with "I'm sorry it's hurting there" and the rating question.
FEET_IDIOM = re.compile(
    r"\b(?:on|off) (?:my|your|our|his|her|their|me) feet\b|\b(?:put|get|got|have) (?:my|your|me) feet up\b",
    re.IGNORECASE,
)


def told_place(text: str, body_part: str | None, intent: str | None) -> bool:
    """Where it hurts, told to the feeling question, perhaps unsure ("Upper part of lower back? And
    sometimes shoulders."): an answer to hear, not a question to answer."""
    if body_part in ("feet", "foot") and FEET_IDIOM.search(text):
        return False
    return body_part is not None and intent not in NOT_A_PLACE_TOLD and not QUESTION.search(text.replace("?", ""))


def wants_to_stop(text: str) -> bool:
    """The person asks to end the check-in rather than answer it."""
    return bool(STOP.search(text))


def asks_instead_of_rating(text: str) -> bool:
    """A question in reply to "how strong is it, 0 to 10?": its numbers are no rating ("how am i
    supposed to not lift them theyre 2 and 4" read as 4/10). A rating with a question mark ("maybe
    a 6?") still rates, and two of them ("dunno like a 6? maybe 7 when i stand up") are asked about
    as two numbers, not answered "good question"."""
    unsure = "?" in text and read_pain_level(text).problem == Problem.NO_NUMBER
    return bool(QUESTION.search(text.replace("?", ""))) or unsure


# Replies to "how strong is it, 0 to 10?" that tell what the pain is like instead ("and it burns
# when I sit too long"): heard before the number is asked for again, not told "it's hard to rate".
DESCRIBES = frozenset({"describe_pain", "share_feeling"})


def reask_message(content: Content, reading: Reading, intent: str | None = None) -> str:
    """Why the answer didn't fit the scale, said kindly; the form then asks again."""
    problem = reading.problem.value if reading.problem else "no_number"
    if problem == "no_number" and intent in DESCRIBES:
        return content.say("check_in.reask.described")
    return content.say(f"check_in.reask.{problem}")


def unrated_message(content: Content, reading: Reading) -> str:
    """A rating said outside the check-in that can't be recorded: no form asks again, and an offer
    follows, so two numbers or none are acknowledged rather than asked about ("like a 5 when I
    bend, 2 sitting still" then "Which would you like?" would stack two questions). A number off
    the scale is still explained."""
    if reading.problem in (Problem.AMBIGUOUS, Problem.NO_NUMBER):
        return content.say("check_in.unrated")
    return reask_message(content, reading)


def place_name(content: Content, location: str | None) -> str:
    """How the recorded check-in names the place: 'lower_back' -> 'lower back'; a short free answer
    ("left hip", "lower bak") as said. A longer one ("my back is killing me today tbh, been sat at a
    desk all week") reads badly inside "7/10 (...)", so it is summarised, not echoed."""
    if not location or not location.strip():
        return ""
    words = location.replace("_", " ").split()
    if len(words) > PLACE_ECHOED_WORDS:
        return content.say("check_in.place.described")
    return " ".join(words)[:60]


# What a rating was told with, beside the number ("today maybe 6. yesterday 8 because i work double
# shift, lifting patients all day"): suite Y's judges called "Thank you for checking in: 6/10. Go
# gently today" not listening, time after time. The load named is taken up in a few words of its
# own, never echoed back (the person's words seldom fit the bot's grammar). In the order tried.
LOADS = (
    (
        "caring",
        r"\b(?:baby|babies|toddler|kids?|children|car seat|nursing|carer|caring for|looking after|its all me)\b",
    ),
    (
        "work",
        r"\b(?:(?:double |long |night |12.?h(?:ou)?r )?shifts?|at work|my job|boss|warehouse|lifting (?:patients|boxes|"
        r"people|all day)|on my feet (?:all day|since)|bakery|building site|till all day)\b",
    ),
    (
        "sitting",
        r"\b(?:sitting|sat|desk|driving|drove|in the (?:cab|car|truck|van|lorry)|hours? straight|long drive)\b",
    ),
    ("sleep", r"\b(?:slept|no sleep|bad night|awake all|up (?:all|half) the night|couldn'?t sleep|cant sleep)\b"),
    ("sport", r"\b(?:gym|padel|tennis|football|squash|training|match|golf|(?:a|my|the) run)\b"),
    ("chores", r"\b(?:garden|gardening|housework|hoovering|vacuuming|decorating|moving house|laundry|shopping)\b"),
)
TOLD_WITH_WORDS = 4  # a rating told in fewer words ("like a 6 today") carries no load


def load_told(text: str) -> str | None:
    """The load a rating was told with (LOADS), or None."""
    lowered = text.lower().replace("\u2019", "'")
    if len(lowered.split()) < TOLD_WITH_WORDS:
        return None
    return next((name for name, pattern in LOADS if re.search(pattern, lowered)), None)


def recorded_messages(
    content: Content, level: int, location: str | None, previous: int | None, told: str = ""
) -> list[str]:
    """Thank the person, pace the day by today's level (or take up the load the rating was `told`
    with), and note a meaningful change."""
    band = "high" if level >= 7 else "moderate" if level >= 4 else "low"
    place = place_name(content, location)
    messages = [content.say(f"check_in.recorded.{band}", level=level, location=f" ({place})" if place else "")]
    if (load := load_told(told)) and band != "low":
        messages = [
            content.say("check_in.recorded.rated", level=level, location=f" ({place})" if place else ""),
            content.say(f"check_in.load.{load}"),
        ]
    if previous is not None and abs(level - previous) >= MEANINGFUL_CHANGE:
        direction = content.say("check_in.change_up" if level > previous else "check_in.change_down")
        messages.append(content.say("check_in.change", direction=direction, points=abs(level - previous)))
    return messages


# "can you remember that my pain is 5 so next time we compare?", after recording was declined
# (suite Z), had been thanked as if it were kept.
KEEP_IT = re.compile(
    r"\b(?:remember|keep (?:track|a note|it|that)|note (?:it|that|this) down|make a note|save (?:it|that|this)|"
    r"compare|next time|track (?:it|my)|log (?:it|that|this))\b",
    re.IGNORECASE,
)


def asks_to_keep(text: str) -> bool:
    """Whether a rating comes with a wish that it be kept for another day."""
    return bool(KEEP_IT.search(text))


# "can you remember that my physio appointment is on the 14th so you can remind me next time" (a
# playing helper, recording declined) had twice been told what a physiotherapist does.
REMIND_ME = re.compile(
    r"\b(?:remind me(?! (?:how|what|which|why|where|of (?:the|how)|again)\b)|"
    r"(?:can|could|will|please) (?:you )?remember|remember (?:that|this|it) "
    r"for me|keep (?:a note|track) of (?:that|this|it|my) (?:appointment|date)|note (?:down )?(?:my|the) "
    r"(?:appointment|date))\b",
    re.IGNORECASE,
)


def asks_to_be_reminded(text: str) -> bool:
    """Whether a message asks the assistant to remember something for later, or to remind them."""
    return bool(REMIND_ME.search(text))

"""Words for safety: urgent care for red flags, resources for a crisis, and what follows.

Cauda equina signs get the emergency wording, other named kinds an urgent appointment. A red flag
whose kind is unknown (the classifier caught it, not a pattern) also gets the emergency wording:
sending someone to emergency care who needed only an appointment is the safer error.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

from bot.coach.consent import sentences
from bot.coach.content import Content, pick, pick_fresh
from bot.coach.risk import RED_FLAG_KINDS, likeliest_kind

EMERGENCY_KINDS = {"cauda_equina", None}
SCREEN_KIND_LEAN = 0.1  # how much the meaning must lean to one red-flag kind to ask about it


# The country a person names ("im in australia", "over here in NZ"), for the crisis lines they can
# call: a person at risk in Australia had asked "is there a number here?" and got the US and UK lines
# again (a playing helper). Northern Ireland before Ireland; never a bare "us".
COUNTRIES = (
    (
        "GB",
        re.compile(r"\b(?:northern ireland|uk|u\.k\.|united kingdom|england|scotland|wales|britain|london)\b", re.I),
    ),
    ("IE", re.compile(r"(?<!northern )\b(?:ireland|eire|dublin|cork|galway)\b", re.I)),
    ("AU", re.compile(r"\b(?:australia|aussie|aus|oz|sydney|melbourne|brisbane|perth|adelaide|tasmania)\b", re.I)),
    ("NZ", re.compile(r"\b(?:new zealand|nz|aotearoa|auckland|wellington|christchurch)\b", re.I)),
    ("CA", re.compile(r"\b(?:canada|toronto|vancouver|montreal|calgary|ottawa)\b", re.I)),
    ("US", re.compile(r"\b(?:usa|u\.s\.a?\.|united states|america|the states)\b", re.I)),
)


# Where they are, not a country mentioned ("the ones you gave are us and uk"): after "in", "from",
# "moved to", or a message of the place and a word at most ("NZ here", "australia", "Belfast, northern ireland").
WHERE = re.compile(r"\b(?:in|from|to|here in|over in|back in|based in|visiting)\s+(?:the\s+)?$", re.I)


def country_named(texts: Iterable[str]) -> str | None:
    """The locale of the last country the person said they are in, or None."""
    for text in reversed(list(texts)):
        found = [
            (m.start(), locale)
            for locale, pattern in COUNTRIES
            for m in pattern.finditer(text)
            if WHERE.search(text[: m.start()]) or len((text[: m.start()] + " " + text[m.end() :]).split()) <= 1
        ]
        if found:
            return max(found)[1]
    return None


def local_lines(content: Content, locale: str) -> str:
    """The crisis lines of the country just named, as one message with a lead-in."""
    return "\n".join([content.safety["crisis"]["local_lines"], *crisis_resources(content, locale)])


def crisis_resources(content: Content, locale: str) -> list[str]:
    """The configured resources for a locale (e.g. US, GB, IE), else the default list."""
    resources = content.safety["crisis"]["resources"]
    return list(resources.get(locale) or resources["default"])


# Means kept ready: "i have my pills saved up" had never been spoken to, all evening (a playing helper).
_DRUGS = (
    r"(?:pills?|tablets?|meds|medication|painkillers|tramadol|codeine|co-?codamol|oxycodone|morphine|gabapentin|"
    r"pregabalin|amitriptyline|paracetamol|ibuprofen|naproxen|sleeping pills)"
)
MEANS_KEPT = re.compile(
    rf"\b{_DRUGS}\b[^.!?]{{0,15}}\b(?:saved|stockpiled|stashed|hoarded|put aside|set aside|collected|ready)\b|"
    r"\b(?:saved|stockpiled|stockpiling|stashed|hoarded|saving|collecting|hoarding)(?: up)? "
    rf"(?:my |the |all my |some |all the )?{_DRUGS}\b",
    re.IGNORECASE,
)


def escalation_messages(
    content: Content,
    concern: str,
    kind: str | None,
    locale: str,
    already_open: bool = False,
    not_acting: bool = False,
    said: Collection[str] = (),
    text: str = "",
) -> list[str]:
    """What to say for a red flag (by kind) or a crisis; never reassures, never rules out. A crisis
    happening now (an overdose taken, a plan for now) gets emergency services first. When the same
    concern is `already_open`, the advice is said again briefly: the long paragraph the person has
    already read, word for word, would read as a machine not listening. A disclosure that says in
    the same words that they won't act on it (`not_acting`) is heard as said: the resources, and
    no "Are you safe right now?" straight after "no im not going to do anything". Means kept ready,
    told in the person's `text`, are asked to be put out of reach."""
    if concern == "crisis":
        crisis = content.safety["crisis"]
        if not_acting and kind != "crisis_now":
            # Straight after the full list ("no im not going to do anything", to "Are you safe right
            # now?"), the lines come on one line: the paragraph had come twice in a row.
            shown = said if already_open else ()
            heard = pick(crisis["heard_not_acting"]) + "\n" + _resources(content, locale, shown)
            return [heard, pick(crisis["stay_with_it"])]
        urgent = [pick(crisis["now"])] if kind == "crisis_now" else []
        # Said again, a wording not said yet while one is left: the same opening twice read as a machine.
        again = [v for v in crisis["again"] if not any(s.startswith(v) for s in said)] or crisis["again"]
        opening = pick(again if already_open else crisis["messages"])
        # Said again while open, the lines already in the conversation come on one line ("yeah i got the
        # numbers the first time"); an emergency now always lists them in full.
        shown = said if already_open and kind != "crisis_now" else ()
        means = [crisis["means"]] if MEANS_KEPT.search(text) else []
        return [*urgent, opening + "\n" + _resources(content, locale, shown), *means, crisis["follow_up"]]
    red = content.safety["red_flag"]
    level = red_flag_level(kind)
    messages = []
    if kind in red["kinds"]:
        messages.append(content.say("safety.heard", what=red["kinds"][kind]))
    if already_open:
        return [*messages, pick(red["again"][level])]
    messages.append(pick(red[level]["messages"]))
    messages.append(red["follow_up"])
    return messages


def _resources(content: Content, locale: str, said: Collection[str] = ()) -> str:
    """The resource lines; on one line when the full list is already in the conversation (`said`),
    so that they stay in view without the same paragraph twice in a row."""
    full = "\n".join(crisis_resources(content, locale))
    if any(full in message for message in said):
        brief = content.safety["crisis"]["resources_brief"]
        return brief.get(locale) or brief["default"]
    return full


def _kept_in_view(lead: str, content: Content, locale: str, said: Collection[str]) -> str:
    """A lead ending in a colon, with the lines; once the brief line has been said as well, the lead
    with a pointer to them instead: "ok im going to ring Dave now" and "talked to Dave for an hour"
    had each heard the same numbers a third and fourth time, word for word (a playing helper: "yeah i
    know the numbers mate")."""
    lines = _resources(content, locale, said)
    if "\n" in lines or not any(lines in message for message in said):
        return lead + "\n" + lines
    pointers = content.safety["crisis"]["resources_pointer"]
    fresh = [p for p in pointers if not any(p in message for message in said)] or pointers
    return lead.rstrip(":") + ". " + fresh[0]


# The fracture question answered before it was asked: "i fell in the kitchen this morning ... now my
# lower back hurts a lot worse than usual" had been asked "did this start after a fall ... and is the
# pain new since then?" (a playing helper: "yes i just told you").
FALL_JUST_TOLD = re.compile(
    r"(?=.*\b(?:fell|fall|fallen|slipped|tripped|crashed|crash|accident|knocked over|landed)\b)"
    r"(?=.*\b(?:today|this morning|this afternoon|tonight|last night|yesterday|just now|hours? ago|earlier)\b)"
    r"(?=.*\b(?:worse|new|since|started|hurts?|pain)\b)",
    re.IGNORECASE | re.DOTALL,
)


def question_answered_already(kind: str | None, text: str) -> bool:
    """Whether the message already answers the red-flag question of its kind, so asking it would
    ignore what was said: escalated instead."""
    return kind == "fracture" and FALL_JUST_TOLD.match(text) is not None


def red_flag_level(kind: str | None) -> str:
    """How soon a red flag of this kind must be seen: "emergency" or "urgent" (escalation_messages)."""
    return "emergency" if kind in EMERGENCY_KINDS else "urgent"


# Asking to get back to the back, with "I'm safe": "can we talk about the back stuff", "something for
# my back please".
WANTS_THE_BACK = re.compile(
    r"\b(?:talk|chat) (?:about )?(?:the |my )?back\b|\b(?:back|get back|go back|move on|return) to (?:the |my )?"
    r"(?:back|exercises?|steps?|breathing)\b|\bback stuff\b|\bsomething (?:gentle )?for (?:my|the) back\b|"
    r"\b(?:can|could) we (?:do|try) (?:the |an? |some )?(?:exercises?|steps?|breathing)\b",
    re.IGNORECASE,
)


def follow_up_messages(
    content: Content,
    concern: str,
    locale: str,
    answer: str = "unclear",
    said: Collection[str] = (),
    level: str | None = None,
    said_now: str = "",
) -> list[str]:
    """After the follow-up question: keep the concern open and repeat where to get help.
    For a crisis, `answer` is what the reply to "Are you safe right now?" said (risk.follow_up_answer):
    safe hears that coaching can go on gently, with the resources (on one line when the list was
    said already); a step towards safety is met as one; not safe hears emergency help first; a
    yes or no when nobody asked (heard) hears that there is no rush, with the lines kept in view;
    a misreading put right (corrected) hears an apology; a helpline's number kept (saved) is
    thanked for, and coaching offered, without the lines a third time;
    unclear hears that the concern stays open, and the second time without the lines listed again
    (`said`: what was said in this conversation)."""
    if concern == "crisis":
        crisis = content.safety["crisis"]
        if answer == "safe":
            # "I am safe. Thank you. Can we talk about the back again?" had heard "whenever you feel
            # ready" (suite Y): they are ready, and the back is taken up at once
            carry_on = pick_fresh(crisis["back_now"], said) if WANTS_THE_BACK.search(said_now) else crisis["carry_on"]
            return [_kept_in_view(pick(crisis["safe"]), content, locale, said), carry_on]
        if answer == "corrected":
            return [pick_fresh(crisis["corrected"], said)]
        if answer == "heard":
            return [pick_fresh(crisis["heard"], said)]
        if answer == "saved":  # coaching is offered once: "can we talk about my leg now" had heard it twice
            return [pick_fresh(crisis["saved"], said), *([] if crisis["carry_on"] in said else [crisis["carry_on"]])]
        if answer == "step":
            return [_kept_in_view(pick_fresh(crisis["step"], said), content, locale, said)]
        if answer == "not_safe":
            return [pick(crisis["now"]), crisis["not_safe"] + "\n" + _resources(content, locale)]
        if any(crisis["still_open"] in message for message in said):
            return [crisis["still_open_again"]]
        # the lines on one line once the full list was said: after "im safe" and a question about
        # bed rest the five lines had come word for word again (a helper playing users)
        return [crisis["still_open"] + "\n" + _resources(content, locale, said)]
    key = "safety.red_flag_going" if answer == "going" else "safety.red_flag_still_open"
    if answer == "going" and all(wording in said for wording in content.variants(key)):
        # "Thank you. My daughter will come with me. Sorry for being stubborn earlier" had been met
        # with the advice word for word a second time (suite S): once both were said, a short line
        key = "safety.red_flag_going_again"
    if answer != "going" and level == "emergency":
        key += "_emergency"  # "so Monday is alright then?" after a sign that needs seeing today
    return [pick_fresh(content.variants(key), said)]


# "i'm at home alone. i dont want to call a hotline and talk to a stranger" had been asked the same
# question again with nothing offered in its place (a playing helper).
NO_STRANGER = re.compile(
    r"\b(?:don'?t|do not|dont|won'?t|can'?t|cant|not going to|not gonna)\s+(?:want to |wanna )?"
    r"(?:call|ring|phone|talk to|speak to|text)\s+(?:a |some |the |any )?"
    r"(?:hotline|helpline|stranger|line|samaritans|crisis line|number|one of those)",
    re.IGNORECASE,
)


def safe_question_again(content: Content, text: str = "") -> str:
    """ "Are you safe right now?" once more, plainly, after a reply that did not answer it. A
    question of their own in its place is acknowledged first, so it does not seem ignored."""
    key = "follow_up_again_question" if is_question(text) else "follow_up_again"
    if UNSURE.search(text):
        key = "follow_up_again_unsure"  # "i dont know. probably?" is no question of their own
    if NO_STRANGER.search(text):
        key = "follow_up_again_stranger"
    return pick(content.safety["crisis"][key])


# Not sure whether they are safe: "i dont know. probably? ... staring at the drawer" had been told "Ask me
# that again in a moment and I'll answer it" (a playing helper), as if it were a question of their own.
UNSURE = re.compile(r"\b(?:i )?(?:don'?t|dont|do not) know\b|\bnot sure\b|\bprobably\b|\bi guess\b", re.IGNORECASE)


def restate_messages(
    content: Content, said: Collection[str] = (), more: bool = False, level: str | None = None
) -> list[str]:
    """A question about urgency, or "it's probably nothing", after a red flag: the same advice,
    kindly, in a wording not yet said in this conversation while one is left (never word for word).
    `more`: the person told more that may itself be a warning sign; it is thanked for, not met with
    "I understand wanting it to be nothing". At the `level` "emergency", the advice stays today's:
    "can't it wait till Monday?" is never agreed to."""
    key = "more" if more else "restate_emergency" if level == "emergency" else "restate"
    return [pick_fresh(content.safety["red_flag"][key], said)]


def screening_question(content: Content, about: str, again: bool = False, kind: str | None = None) -> str:
    """The one direct question for a message that may be a crisis or a red flag; `again` when the
    first reply did not answer it. A red flag of a `kind` with its own question is asked about
    that kind ("did this start after a fall?"), not about the bladder."""
    screening = content.safety["screening"]
    if about == "red_flag" and kind in screening["red_flag_kinds"]:
        lead = screening["again_lead"] if again else pick(screening["leads"])
        return f"{lead} {screening['red_flag_kinds'][kind]}"
    return pick(screening["again"][about] if again else screening[about])


def likely_red_flag(pattern: str | None, scores: Mapping[str, float]) -> str | None:
    """The red-flag kind a screening question should ask about: the pattern's, else the meaning's
    likeliest kind when it leans to one at all (SCREEN_KIND_LEAN), else None (the general question)."""
    if pattern in RED_FLAG_KINDS:
        return pattern
    best = likeliest_kind(scores)
    return best if scores.get(best, 0.0) >= SCREEN_KIND_LEAN else None


def screening_dropped(content: Content, about: str, locale: str, said: Collection[str] = ()) -> str:
    """After two replies that did not answer the screening question: no third ask and no alarm,
    but where to turn if it ever applies (for a crisis, the resources). Said once already in the
    conversation, it is said briefly: the same paragraph twice reads as a machine."""
    line = content.safety["screening"][f"unanswered_{about}"]
    full = line + "\n" + _resources(content, locale) if about == "crisis" else line
    return content.safety["screening"][f"unanswered_again_{about}"] if full in said else full


def screening_cleared(content: Content, about: str, asked_why: bool = False) -> str:
    """A no to the screening question; with an apology when the answer asked why it was asked
    ("NO. why do you keep asking me that") rather than a bare "I'm glad"."""
    return content.safety["screening"][f"cleared_sorry_{about}" if asked_why else f"cleared_{about}"]


def past_crisis_messages(content: Content, locale: str, said: Collection[str] = ()) -> list[str]:
    """A crisis the person says is over: heard, with the resources in case it comes back (on one
    line when the full list was said already), and no screening question about a time long gone."""
    return [pick(content.safety["crisis"]["past"]) + "\n" + _resources(content, locale, said)]


def fear_messages(content: Content, asking: bool = True) -> list[str]:
    """A fear about the future: the assistant can't know; the clinician can. Never a crisis reply.
    Not `asking`: a wording with no question, when another question follows (one a turn)."""
    wordings = content.safety["fear"] if asking else [w for w in content.safety["fear"] if not w.rstrip().endswith("?")]
    return [pick(wordings)]


def goodbye_reminder(content: Content, concern: str | None, locale: str, said: Collection[str] = ()) -> list[str]:
    """Said with a goodbye while a concern is open: the resources, or where to get seen (in a
    wording not said yet: "ok, going", then back, then "bye for now" says goodbye twice). The
    crisis lines on one line once the full list is in the conversation: a second goodbye had
    pasted the five lines word for word again (suite S)."""
    if concern == "crisis":
        return [content.safety["crisis"]["goodbye"] + "\n" + _resources(content, locale, said)]
    if concern == "red_flag":
        return [pick_fresh(content.safety["red_flag"]["goodbye"], said)]
    return []


QUESTION_STARTS = (
    "do ",
    "does ",
    "did ",
    "should ",
    "shall ",
    "can ",
    "could ",
    "is ",
    "are ",
    "will ",
    "would ",
    "must ",
    "need ",
    "how ",
    "what ",
    "when ",
    "why ",
    "so i ",
    "so do ",
    "so should ",
    "so is ",
    "so am ",
)


def is_question(text: str) -> bool:
    """A question, which is never a clearance ("do I need to see the GP urgently or not?")."""
    lowered = " ".join(text.lower().split())
    return "?" in lowered or lowered.startswith(QUESTION_STARTS) or " or not" in lowered


def asks_anywhere(text: str) -> bool:
    """Whether any sentence of the message is a question ("right ok. is it all in my head then")."""
    return any(is_question(part) for part in sentences(text))


# A clearance is a statement that someone examined them: who or where, and what happened. A complaint
# that names a doctor ("everything you say is ask the doctor") is not one, nor "I haven't seen anyone".
CLINICIAN = re.compile(
    r"\b(doc|doctors?|gp|physio\w*|nurse|consultant|specialist|surgeon|clinician|a&e|er|ed|hospital|"
    r"ortho|orthop\w*|neurologist|neurosurgeon|rheumatologist|paramedics?|"
    r"urgent care|walk.in|clinic|emergency|111|they|scans?|mri|x-?ray|bloods|tests?|results)\b|all clear|cleared"
)
EXAMINED = re.compile(
    r"\b(checked|examined|seen|saw|went|been|looked|had a look|cleared|assessed|reviewed|said|says|ran|did|"
    r"discharged|sent me home|came back|go ahead|all clear|got it|spoke|ruled out|sent me for|gave me|given me|"
    r"operated|operation was|surgery was|x-?rayed|scanned|found|showed)\b"
)
NOT_EXAMINED = re.compile(
    r"\b(haven'?t|have not|hasn'?t|didn'?t|did not|not yet|never|couldn'?t|can'?t get|won'?t|waiting|no one|nobody)\b"
)


def says_examined(text: str) -> bool:
    """A clear statement that a clinician has checked them, the only thing that lifts a red flag's
    pause: the intent classifier alone read "Hmm everything you say is ask the doctor :(" as one."""
    lowered = " ".join(text.lower().replace("\u2019", "'").split())
    if NOT_EXAMINED.search(lowered):
        return False
    # Said in statements; a question beside them ("Did you read what I wrote? I HAVE been seen. The
    # GP examined me today and said it's fine to carry on.", a playing helper) takes nothing away.
    told = " ".join(part for part in SENTENCE_END.split(lowered) if not is_question(part))
    return bool(CLINICIAN.search(told) and EXAMINED.search(told))


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

# The red flag's own finding told with the examination that found it: "back from hospital. x-ray
# showed a small compression fracture", "I HAVE been seen. the doctor examined me ... its a
# fracture" matched the fracture pattern and were told to get seen again (a playing helper,
# thirty-fifth session). A fracture is the only kind a finding names in the pattern's own words.
FINDING_TOLD = re.compile(
    r"\b(?:x-?rays?|scans?|mri|ct|they|the doctors?|the hospital|the consultant)\s+(?:showed|shows|found|confirmed|"
    r"said|says)\b|\bexamined me\b|\b(?:been|was) seen\b|\b(?:back|home) from (?:the )?hospital\b"
)


def tells_the_finding(text: str, pattern: str | None) -> bool:
    """Whether a message that matched the fracture pattern tells what an examination found, not a new
    sign: only then may it clear a red flag that is open."""
    return pattern == "fracture" and says_examined(text) and FINDING_TOLD.search(text.lower()) is not None


# Seen, with treatment to come: "they kept me overnight ... I'm for an operation tomorrow morning"
# had been told "We can carry on gently" (development suite Q); or treatment begun, a break found ("a
# small crack in one of the vertebrae ... a follow-up at the fracture clinic", suite AB).
TREATMENT_AHEAD = re.compile(
    r"\b(operation|surgery|operate|operating|op tomorrow|theatre|admitted|kept me in|keeping me in|kept me overnight|"
    r"decompression|injection)\b|"
    r"(?<!not )(?<!n't )(?<!nt )\b(?:a|small|tiny|hairline|compression|stress|wedge) (?:fracture|crack|break)\b|"
    r"\bfracture clinic\b|"
    # "the x-ray showed i fractured a vertebra", "said I broke my back in the fall"
    r"(?<!not )(?<!n't )(?<!never )\b(?:fractured|broke|broken|cracked) (?:a|my|one|two|the) (?:\w+ )?"
    r"(?:vertebra|vertebrae|bone|back|spine|hip|pelvis)\b"
)


def clearance_messages(content: Content, concern: str | None, text: str = "") -> list[str]:
    """A clinician has checked it: lift the pause for a red flag, leaving what comes next to the
    team when treatment is ahead; a crisis stays open."""
    key = {None: "safety.cleared_nothing_open", "crisis": "safety.cleared_crisis"}.get(
        concern, "safety.cleared_red_flag"
    )
    if concern in ("red_flag", None) and WITHIN_LIMITS.search(text.lower()):
        key = "safety.cleared_with_limits"
    if concern == "red_flag" and TREATMENT_AHEAD.search(text.lower()):
        key = "safety.cleared_treatment_ahead"
    return [content.say(key)]


# Cleared for some things only: "the doctor said its fine to walk gently around the house, just no
# lifting or bending" had been told "We can carry on gently", and the goodbye offered a first core
# step (a playing helper).
WITHIN_LIMITS = re.compile(
    r"\b(?:no|not to|don'?t|avoid|nothing but|only|just) (?:any )?(?:lifting|bending|lift|bend|twisting|twist|"
    r"heavy|exercises?|(?:gentle )?walk(?:ing|s)?)\b|\bcleared (?:for|to) (?:walk|walking)\b"
)


def limits_told(content: Content, said: Collection[str]) -> bool:
    """Whether a clearance in this conversation left what comes next to the team: no core step is
    offered at the goodbye then."""
    keys = ("safety.cleared_treatment_ahead", "safety.cleared_with_limits")
    return any(content.say(key) in message for key in keys for message in said)

"""Choose a person's next core-reconnection step from their history.

The rules come from content-brief.md's pacing advice: move forward after "done"/"easy", step back
after "it hurt", stay (gentler) after "hard", and never progress on a high-pain day (7+/10). A step
the person found hard or painful is never offered again without saying so.

Progress happens over days: "easy" a few minutes after a step was first given earns practice, not
the next step (PRACTICE). And a report has to say the step was tried: "I haven't done anything"
or "did I damage something doing it?" is never read as done.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum

from bot.coach.medicines import MEDICINE

HIGH_PAIN = 7
FEEDBACK_VALUES = ("hurt", "hard", "easy", "done")  # most telling first
# Not feedback on the step: nothing is recorded, and the same step stays.
NOT_TRIED = "not_tried"
QUESTION = "question"
# "fine ill try it tonight": a plan, not a report; it is met with encouragement, not praise.
PLANNED = "planned"
# Something of the person's own ("a pillow between my knees helped") with no step of ours given:
# heard, and a step offered rather than handed over.
OWN = "own"
# A step done or easy, with none on record and none named: they are asked which it was, no new step.
WHICH = "which"
# An activity of their own told as news ("did a walk to the boulangerie"): heard, no step follows.
ACTIVITY = "activity"
# A report on another step than the one on record ("Did bridges 8x, legs shake a little"): heard in
# its own words; the step on record is not handed over again on top of it (suite V).
OTHER_STEP = "other_step"
# How long a step is practised, from when it was first given, before "easy" moves on.
PRACTICE = timedelta(hours=12)
LONG_AGO = datetime(1970, 1, 1, tzinfo=timezone.utc)  # when a step's time is unknown


@dataclass(frozen=True)
class StepRecord:
    """A step suggested to the person, and their feedback on it, as plain values: the records
    layer reads them from the database, and this module decides from them without SQL."""

    step_id: str
    feedback: str | None
    suggested_at: datetime


class Reason(str, Enum):
    """Why this step was chosen; the action words its message from this."""

    FIRST = "first"
    FORWARD = "forward"
    REPEAT = "repeat"
    GENTLER = "gentler"
    BACK = "back"
    HIGH_PAIN_DAY = "high_pain_day"
    LAST = "last"
    PRACTICE = "practice"


@dataclass(frozen=True)
class Suggestion:
    """The step to offer, why, and whether the person struggled with it before."""

    step_id: str
    reason: Reason
    found_hard_before: bool


def next_step(
    step_ids: Sequence[str],
    history: Sequence[StepRecord],
    todays_pain: int | None,
    now: datetime | None = None,
    practised: bool = False,
) -> Suggestion:
    """Pick the next step id from the ordered progression and the person's oldest-first history.
    `practised`: the person says they have practised over days ("Day 4 now"), which the clock of
    a conversation held in one sitting cannot see."""
    if not step_ids:
        raise ValueError("the core-step progression is empty")
    struggled = {r.step_id for r in history if r.feedback in ("hard", "hurt")}

    def suggest(index: int, reason: Reason) -> Suggestion:
        step_id = step_ids[max(0, min(index, len(step_ids) - 1))]
        return Suggestion(step_id, reason, step_id in struggled)

    if todays_pain is not None and todays_pain >= HIGH_PAIN:
        return suggest(0, Reason.HIGH_PAIN_DAY)
    known = [r for r in history if r.step_id in step_ids]
    if not known:
        return suggest(0, Reason.FIRST)
    last = known[-1]
    index = step_ids.index(last.step_id)
    if last.feedback in ("done", "easy"):
        first_given = min(r.suggested_at for r in known if r.step_id == last.step_id)
        if not practised and (now or datetime.now(timezone.utc)) - first_given < PRACTICE:
            return suggest(index, Reason.PRACTICE)
        if index == len(step_ids) - 1:
            return suggest(index, Reason.LAST)
        return suggest(index + 1, Reason.FORWARD)
    if last.feedback == "hurt":
        return suggest(index - 1, Reason.BACK)
    if last.feedback == "hard":
        return suggest(index, Reason.GENTLER)
    return suggest(index, Reason.REPEAT)


# "haven't done it yet", "not tried it", "didn't get round to it", "too busy": no report at all.
# Not "didn't do much", "didn't do the trick": how something went ("tried a hot water bottle last
# night, didnt do much tbh" had been told "the step will keep until you're ready").
_NOT_TRIED = re.compile(
    r"\b(?:haven'?t|have not|havent|didn'?t|did not|didnt|not|never|hasn'?t)\s+(?:\w+\s+){0,2}?"
    r"(?:yet|tri(?:ed|ing)|try|done|do(?!\s+(?:much|a lot|the trick|any good|a thing|it for me)\b)|did|"
    r"started|start|(?:get|got|gotten) (?:a)?round|"
    r"had (?:a |the )?(?:chance|time)|managed)\b|\bnot yet\b|\bforgot\b|\bno time\b|\btoo busy\b"
)
# Easy in so many words, not only "nothing" (which may be "did nothing").
_EASY_SAID = re.compile(r"\b(?:easy|easily|simple|breeze|no problem)\b")
# Whether not doing it matters: "is that bad", "does it matter", "is that ok".
_ASKS_IF_OK = re.compile(
    r"\b(?:is|was) (?:that|it|this) (?:bad|ok|okay|alright|a problem)\b|\bdoes (?:it|that) matter\b"
)
# "skipped the breathing yesterday, was too tired. did a hot shower instead" had been praised for
# doing it (development suite W); "skipped yesterday but did it this morning" is a report.
_SKIPPED = re.compile(
    r"\bskipp?(?:ed|ing)?\b(?! (?:ahead|straight|to the))|\bmissed (?:it|them|a day|yesterday|the \w+)\b|"
    r"\btoo tired\b|\bcouldn'?t be bothered\b|\bgave it a miss\b|"
    # "didnt do it. couldnt face it, was her birthday yesterday" had been read as hard, and made
    # gentler "since last time you found it hard" (a playing helper)
    r"\bcould(?:n'?t|nt| not) face (?:it|them|doing)\b"
)
# A question about the step ("did I damage something doing it?") asks; it reports nothing.
# Also after a report, in a clause of its own: "did it, felt nothing tbh, am i doing it rong".
_QUESTION = re.compile(
    r"\?\s*$|^(?:how|why|what|when|where)\b|"
    r"(?:^|[,.;!]\s*)(?:did|does|do|is|are|should|can|could|will|would|am|was|have)\s+(?:i|you|that|this|my)\b|"
    r"(?:^|[,.;!]\s*)(?:does|is|should|can|could|will|would)\s+it\b"
)
# "what's next?", "progression?" ask for the next step, not about this one
_NEXT = re.compile(
    r"\bnext\b|\bprogression\b|\bharder one\b|\blevel up\b|\b(?:is|was) that it\b|\bthat'?s it\?|\bwhat now\b|"
    r"\b(?:jump|skip) (?:ahead |straight )?to the\b"
)
# Ready for more is the step gone easy: "so whats next after the tilts? feel like im ready for something
# a bit harder" had been handed belly breathing by someone with no step on record (a playing helper).
_READY_FOR_MORE = re.compile(
    r"\bready for (?:something|a|the next|more)\b(?: (?:a )?(?:bit |little )?(?:harder|more|tougher|new))?"
)
_GONE_EASY = re.compile(r"\b(?:too|getting|got|gone) (?:too )?easy\b")
_NOT_READY = re.compile(r"\b(?:not|never|dont|don't|doesn't|isn't|n't)\b[^.!?]{0,20}\b(?:ready|easy)\b")


def ready_for_more(lowered: str) -> bool:
    """Ready for more, said so ("im ready for something a bit harder"), not denied ("not ready yet"):
    the days of practice told (actions/core_steps.py). "done it, that was too easy" minutes after
    the step was given is easy, not days of practice (tests/test_server.py)."""
    return _READY_FOR_MORE.search(lowered) is not None and _NOT_READY.search(lowered) is None


def gone_easy(lowered: str) -> bool:
    """The step told as easy now, in so many words or as ready for more."""
    return (_READY_FOR_MORE.search(lowered) or _GONE_EASY.search(lowered)) is not None and not _NOT_READY.search(
        lowered
    )


# "fine ill try it tonight", "ok whatever i'll try it", "will do it after work": not done yet.
_PLANNED = re.compile(r"\b(?:i'?ll|ill|i will|will|gonna|going to|let me)\s+(?:\w+\s+){0,2}?(?:try|do|give|start)\b")
_DID = re.compile(r"\b(?:did|done|tried|managed|finished|been doing|have been)\b")
# Practice over days, in the person's words: "Day 4 now", "three days in", "a week later", "doing
# it every morning", "next day". It is a report that the step was done.
_NUMBER = r"(?:\d+|two|three|four|five|six|seven|few|couple of|couple)"
_PRACTISED = re.compile(
    rf"\bday (?:[2-9]|\d\d)\b|\b{_NUMBER} days? (?:in|now|on|of it|running|later|straight)\b|"
    # "its been 4 days", "did them like 5 days", "couple nights in a row"
    rf"\b(?:been|for|like|about|over|past|last) {_NUMBER} (?:days|nights|mornings|evenings)\b|"
    # "5 days I am doing breathing", "4 days of the breathing", "i do 3 days already"
    rf"\b{_NUMBER} (?:days|nights|mornings|evenings)\b|"
    r"\b(?:a|one|two|three) weeks? (?:in|now|on|of it|later)\b|"
    # "week now. i do belly exercise and bird dog", "did them all week"
    r"^\W*week (?:now|in)\b|\b(?:for|all|past) (?:a |one |the |a whole |a full )?week\b|"
    r"\bbeen (?:a|one|two|three) weeks?\b|"
    r"\b(?:every|each) (?:day|morning|night|evening)\b|\bdaily\b|\bmost days\b|"
    # "It's the next day now", "a day later", "morning and night": a new day, told in words.
    r"\b(?:next|following) (?:day|morning)\b|\b(?:a|one) day later\b|\byesterday and today\b|"
    r"\bmorning and (?:night|evening)\b|\btwice a day\b|"
    # "easy tbh, ive been doing this stuff for weeks w my physio" (a playing helper) had been told to
    # stay with it a day or two: practised elsewhere, for long
    r"\bfor (?:weeks|months|ages|years|a while now|a long time)\b|\b(?:with|w|w/) (?:my|the) physio\b"
)

_FEEDBACK_WORDS = (
    # "kind of a pull in my hip", "it ached after", "a sharp tweak": a sensation the step brought on
    (
        "hurt",
        # not "worse than" one side or another: "wobbly as hell lol. left side worse than right"
        r"\b(hurt|hurts|painful|pain(ed)?|sore|aggravat\w*|flare\w*|worse(?! than (?:the )?(?:left|right|other))|"
        r"twinge\w*|ouch|a pull|pulled a|"
        r"pulling (?:feeling|sensation)|ache[sd]?|aching|achy|tweak\w*|twang\w*|pinch\w*|sharp|"
        r"lit (?:my back|it|me) up|set (?:my back|it) off)\b",
    ),
    # "wobbly as hell", "just shaky": effort and balance, not pain
    (
        "hard",
        r"\b(hard|difficult|tough|struggl\w*|couldn'?t|could not|can'?t|too much|tricky|wobbl\w*|shak\w*|unsteady)\b",
    ),
    ("easy", r"\b(easy|easily|simple|breeze|nothing|no problem)\b"),
    ("done", r"\b(done|did|managed|finished|completed|fine|good|ok(ay)?|great)\b"),
)


# "didn't hurt", "no pain", "wasn't easy", "not too hard", "nothing hurt", "no change in pain": a
# negated word says nothing by itself ("I did it. 4 days. No change in pain." had been "sorry that hurt").
_NEGATED = re.compile(
    r"(?:\bno change in\s+(?:the\s+|my\s+)?|\bnothing\s+|"
    r"\b(?:not|no|never|without|didn'?t|doesn'?t|don'?t|wasn'?t|isn'?t|won'?t|hasn'?t)\s+"
    r"(?:(?:too|that|so|very|really|much|any|particularly)\s+)?)$"
)


# "meh nothing happened", "felt nothing really", "didn't notice anything": tried, with nothing felt.
# Not "easy" (it had been met with "Easy is a good sign"), but done: practice is what it needs.
_FELT_NOTHING = re.compile(
    r"\bnothing (?:happen\w*|chang\w*|much|really|special|at all)\b|\bfelt nothing\b|"
    r"\b(?:didn'?t|did not|don'?t|do not) (?:really )?(?:feel|notice) "
    r"(?:anything|much|a thing|any ?thing|any different)\b|"
    r"\bno (?:difference|change)\b"
)


def felt_nothing(text: str) -> bool:
    """The step was tried and nothing was felt."""
    return _FELT_NOTHING.search(text.lower().replace("\u2019", "'")) is not None


def classify_feedback(entity_values: Iterable[str], text: str) -> str | None:
    """Feedback from the NLU entities when present, else from the wording; None if it says nothing;
    QUESTION or NOT_TRIED when the message asks something or says the step wasn't tried.

    "I did it and it was easy" carries two values; the most telling one wins, in FEEDBACK_VALUES
    order, so "it hurt" is never outvoted by "I did it".
    """
    lowered = text.lower().replace("\u2019", "'").strip()  # phone keyboards type a curly apostrophe
    skipped = _SKIPPED.search(lowered) and not _DID_IT.search(lowered)
    if _QUESTION.search(lowered) and not _NEXT.search(lowered):
        # "i skipped the breathing thing, too busy. is that bad" asks whether not doing it matters:
        # it had been given a tip on technique (a helper playing users)
        if _ASKS_IF_OK.search(lowered) and (skipped or _NOT_TRIED.search(lowered)):
            return NOT_TRIED
        return QUESTION
    if _PLANNED.search(lowered) and not _DID.search(lowered) and not says_practised(lowered):
        return PLANNED
    said = _said(set(entity_values) & set(FEEDBACK_VALUES), lowered)
    only_nothing = said == "easy" and not _EASY_SAID.search(lowered)
    not_tried = bool(_NOT_TRIED.search(lowered)) and (said in (None, "done") or only_nothing)
    # "didnt do it. couldnt face it": the hard words say why it was not done
    not_tried = not_tried or bool(skipped and said == "hard" and _NOT_TRIED.search(lowered))
    if not_tried or (skipped and said in (None, "done", "easy")):
        # "Day 3. I did not do nothing. I skipped the breathing." (suite Y) read "nothing" as easy
        # and was given the next step; "never done it before but it was easy" is easy
        return NOT_TRIED
    if said in (None, "easy") and felt_nothing(lowered):
        return "done"
    if said is None and gone_easy(lowered):
        return "easy"  # "so whats next after the tilts? feel like im ready for something a bit harder"
    return "done" if said is None and says_practised(lowered) else said


# "done it twice today", "tried them this morning": the step, done, in so many words.
_DID_IT = re.compile(
    r"\b(?:did|done|tried|managed|finished|been doing|practi[sc]ed)\s+(?:it|them|those|that|the (?:exercise|step)s?)\b"
)


def told_before_question(text: str) -> str:
    """The sentences of a message that ask nothing."""
    parts = re.split(r"(?<=[.!?])\s+", text)
    return " ".join(s for s in parts if "?" not in s and not _QUESTION.search(s.lower()))


def reports_before_asking(text: str) -> bool:
    """Whether a message that asks something first tells of doing the step ("done it twice today.
    quite dull. can I take paracetamol with my other pills?" had been answered, the report unheard)."""
    told = told_before_question(text)
    return told != text.strip() and _DID_IT.search(told.lower()) is not None


def reported_before_question(entity_values: Iterable[str], text: str) -> str | None:
    """How the step went, told in the sentences before a question that is about something else
    ("did it. bit boring. can I take two ibuprofen with my tablets": done); None if they say nothing."""
    told = told_before_question(text)
    if MEDICINE.search(told):  # "i take naproxen most days ... been doing that for like 6 months. is
        return None  # that bad?" had been told "Well done for doing it" (a playing helper)
    said = classify_feedback(entity_values, told) if told.strip() else None
    return said if said in FEEDBACK_VALUES else None


# "5 days I am doing breathing no trouble what is next", "Next step please": the next step, asked for.
_ASKS_NEXT = re.compile(
    r"\bnext (?:step|one|exercise|level|thing)\b|\bw(?:h?a|o)t(?:'?s| is) next\b|\bwhat now\b|"
    r"\bsomething (?:harder|more (?:challenging|difficult))\b|\bmore of a challenge\b|"
    r"\bready for (?:the )?next\b|\bmove on\b|\blevel up\b|\bharder one\b|\b(?:jump|skip) (?:ahead |straight )?to the\b"
)


# "no pain. so whats next, lift a car?" (suite Y, told about long drives): the step went fine.
_WENT_FINE = re.compile(r"\b(?:no pain|didn'?t hurt|did not hurt|painless|no problems?|no bother)\b")


def reports_and_asks_next(text: str) -> bool:
    """Whether a message tells that the step went well and asks for the next one: a progress report,
    whatever the NLU read ("Update: 4 days of the breathing, no problems. Next step please" had been
    unplaced, "I have tried the breathing exercise for one week. It is fine. What is next?" a
    question about doing the step right, in development suite Q)."""
    lowered = text.lower().replace("\u2019", "'")
    said = _from_words(lowered)  # a question about moving on still reports how the step went
    fine = said is None and (says_practised(lowered) or ready_for_more(lowered) or _WENT_FINE.search(lowered))
    went_well = said in ("done", "easy") or bool(fine)
    return bool(_ASKS_NEXT.search(lowered)) and went_well and not _NOT_TRIED.search(lowered)


# "What are these 'gentle core steps'? I expect specifications", "whats all this core stuff on ur
# site, like planks?": the whole progression, asked about (it had been given the first step again,
# and pacing; development suite Q).
_ASKS_OVERVIEW = re.compile(
    r"\bwhat (?:are|r) (?:these|the|your|those|all (?:the|these|your)) (?:\w+ ){0,2}?(?:core )?(?:steps|exercises)\b|"
    r"\bwhat'?s (?:all )?(?:this|the) core (?:stuff|thing|business|steps?)\b|"
    r"\bwhat (?:steps|exercises) (?:are there|do you have)\b|\b(?:list|all) (?:of )?the (?:core )?steps\b"
)


def asks_for_overview(text: str) -> bool:
    """Whether a message asks what the core steps are, all of them."""
    return bool(_ASKS_OVERVIEW.search(re.sub(r"[\"'\u2018\u2019]\B|\B[\"'\u2018\u2019]", "", text.lower())))


def says_practised(text: str) -> bool:
    """The person tells of practice over days ("three days in, doing it each morning")."""
    return bool(_PRACTISED.search(text.lower()))


def _said(found: set[str], lowered: str) -> str | None:
    """The most telling feedback in the entities, else in the words. No other value from the
    entities outvotes a hurt the words tell of: "did it. kind of a pull in my hip" and "it was
    easy... but when i sat up after it hurt a bit" are not praised and moved on from."""
    if found and not ("hurt" not in found and _from_words(lowered) == "hurt"):
        return next(value for value in FEEDBACK_VALUES if value in found)
    return _from_words(lowered)


def _from_words(lowered: str) -> str | None:
    """The most telling feedback the words say, not negated, and not a pain said to be easing
    ("flare a bit better", "flare basically gone" had been met with "I'm sorry that hurt")."""
    for value, pattern in _FEEDBACK_WORDS:
        for match in re.finditer(pattern, lowered):
            rest = lowered[match.end() :]
            # "wobble's mostly gone": an effort that passed, like a pain that did
            if value == "hurt" and _MILD.match(rest) and not _NEGATED.search(lowered[: match.start()]):
                return "done"  # within the pacing rule's "a little extra pain is OK"
            easing = value in ("hurt", "hard") and bool(_EASING.match(rest) or _THEN_FINE.match(rest))
            ongoing = value == "hurt" and _ONGOING.search(lowered[: match.start()])
            rated = match.group().startswith("pain") and _RATED.match(rest)
            if not _NEGATED.search(lowered[: match.start()]) and not easing and not ongoing and not rated:
                return value
    return None


# "Sore after but not terrible", after "very relaxing, back felt a bit looser" (suite AA: met with "I'm
# sorry it hurt" and a step back): a soreness said to be mild is no hurt.
_MILD = re.compile(
    r"[^.!?]{0,15}?\b(?:but|though)\s+(?:it'?s\s+|it was\s+|was\s+)?"
    r"(?:not (?:terrible|too bad|that bad|bad|awful|much)|"
    r"manageable|bearable|nothing (?:major|serious|much))\b"
)
# "hurt a bit the first day then fine": a hurt that passed, in the same sentence (it had been read as
# a hurt, and the step taken back; development suite U).
_THEN_FINE = re.compile(
    r"[^.!?]{0,40}?\b(?:then|but then|after that|since then|now)\s+(?:it'?s\s+|it was\s+|was\s+|been\s+)?"
    r"(?:fine|ok|okay|good|better|settled|grand|no problem)\b"
)
# "Pain is 2/10 in the morning", "pain 3 morning, 5 night", "pain today is 5": a rating of the day's
# pain, not one the step brought on ("Heel slides are easy now. Pain is 2/10 in the morning" had been
# thanked for telling of discomfort, and the step kept back; suite V).
_RATED = re.compile(
    r"\W*(?:(?:is|was|'s|at|level|score|today|now|this|in|the|morning|mornings|evening|night|tonight|"
    r"after work|about|around|maybe|like|only|just|of)\W+)*\d{1,2}(?:\.5)?\b(?!\s*(?:x|times|reps|mins?|minutes)\b)"
)
# "back still little pain morning": the pain they had, still there, not one the step brought on.
_ONGOING = re.compile(r"\bstill (?:a |a bit of |a little |little |some |bit of )?$")
_EASING = re.compile(
    r"\W*(?:(?:is|has|was|'s|a bit|a lot|much|basically|almost|mostly|pretty much|all|now)\s+){0,3}"
    r"(?:better|easing|eased|settl\w*|gone|improv\w*|less|calmer|down)\b"
)

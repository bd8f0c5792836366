"""The safety dialogue: what comes after the person's message once a concern is open or a question
was asked, and what their reply to that question says.

The verdicts come from bot.coach.risk (one message, and the recent turns); this module turns them,
with the person's words, into the dialogue's next action: a screening question answered, "Are you
safe right now?" answered, urgency questions and minimising after a red flag, a step towards safety
after a crisis. Used by the SafetyPolicy (bot/dialogue/safety_policy.py) and the safety actions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.coach.coaching import tells_of_exercise
from bot.coach.consent import mentions_recording
from bot.coach.conversation_risk import decide_in_context
from bot.coach.listening import asks_what_it_means
from bot.coach.risk import (
    CRISIS,
    NONE,
    RED_FLAG,
    SAFETY_INTENTS,
    SCREEN,
    Thresholds,
    Turn,
    Verdict,
    crisis_score,
    hopeless,
    red_flag_score,
)
from bot.coach.safety import says_examined, tells_the_finding
from bot.coach.safety_words import (
    AGREES,
    ALL_FINE,
    ANOTHER_DAY,
    ASKED_WHY,
    ASKS_HOW_SERIOUS,
    ASKS_IF_IT_IS,
    ASKS_MAY,
    ASKS_TO_WAIT,
    ASKS_WHAT_IT_IS,
    ASKS_WHEN_TO_GO,
    CALLS_SOMEONE_NAMED,
    CORRECTION,
    DEFERS,
    DEFERS_EMERGENCY,
    FEVER_READING,
    GOING_WORDS,
    HEDGED,
    HEDGED_YES,
    LATER,
    LEADING_NO,
    LEADING_YES,
    MINIMISING,
    NEXT_MORNING,
    NOT_ACTING,
    NOT_NEW,
    NOT_SUICIDAL,
    NOT_TALKING,
    OK_NOW,
    ONSET,
    PUTS_OFF,
    REFUSES,
    SAFE_TONIGHT,
    SAFETY_STEP,
    SAVES_NUMBER,
    SPOKEN_FIGURATIVELY,
    TODAY_IS,
    WHAT_TO_SAY,
    WHY_ASK,
    WITHOUT_EXERCISE,
)

ESCALATE, SCREEN_ANSWER = "action_safety_escalation", "action_screening_answer"
RESTATE, FOLLOW_UP, FEAR = "action_safety_restate", "action_safety_follow_up", "action_answer_fear"
CLEARANCE = "action_record_clearance"
SCREEN_ACTION = "action_safety_screen"
LEANS = 0.5  # how sure the semantic head must be that a message is fear, urgency or "I'm safe"
# While a red flag is open, minimising or asking about urgency is what people do next, so less is
# needed: "its probably nothing tbh" reads 40% urgency (and 60% a pain rating of "nothing").
OPEN_URGENCY = 0.3


def asks_how_serious(text: str) -> bool:
    return bool(ASKS_HOW_SERIOUS.search(_plain(text)))


def _plain(text: str) -> str:
    """Lower case, single spaces: what the answer patterns below are written against."""
    return " ".join(text.lower().split())


# More told while an open red flag needs only an appointment, leaning this much to a cauda equina
# sign ("it feels a bit numb when i wipe after the loo", after a fall), makes it an emergency.
EMERGENCY_SIGN = "cauda_equina"
UPGRADE_LEAN = 0.5


def makes_it_an_emergency(scores: Mapping[str, float], level: str | None) -> bool:
    """Whether a message that tells more about an open red flag raises it to emergency care."""
    return level != "emergency" and scores.get(EMERGENCY_SIGN, 0.0) >= UPGRADE_LEAN


def restate_topic(text: str) -> str | None:
    """What a question asked while a red flag is open is about: "what_to_say", "not_decided" (is
    it cancer?), "exercises_wait", or None (the advice again)."""
    plain = _plain(text)
    if WHAT_TO_SAY.search(plain):
        return "what_to_say"
    if ASKS_IF_IT_IS.search(plain):
        return "not_decided"
    if (
        ("?" in plain or ASKS_MAY.match(plain))
        and tells_of_exercise(plain)
        and not PUTS_OFF.search(plain)
        and not WITHOUT_EXERCISE.search(plain)
    ):
        return "exercises_wait"
    return None


def goes_later(text: str, level: str | None = None) -> bool:
    """They say they will get seen, but not as the advice asked: later, or hedged."""
    return bool(GOING_WORDS.search(_plain(text))) and not agrees_to_go(text, level)


def goes_later_today(text: str, level: str | None = None) -> bool:
    """They will get seen today, but hours from now ("my son can take me after work, he finishes at 6")."""
    return goes_later(text, level) and not ANOTHER_DAY.search(_plain(text))


def agrees_to_go(text: str, level: str | None = None) -> bool:
    """They say they are going to get seen, without putting it off, playing it down or asking
    whether they may; for an urgent appointment (not an emergency), the next morning is not
    putting it off."""
    plain = TODAY_IS.sub(" ", _plain(text))  # "today is Sunday" names no later day
    if level == "urgent":
        plain = NEXT_MORNING.sub(" ", plain)
    if level == "emergency" and DEFERS_EMERGENCY.search(plain):
        return False
    return bool(GOING_WORDS.search(plain)) and not DEFERS.search(plain) and not MINIMISING.search(plain)


def next_safety_action(
    latest: Turn,
    earlier: list[Turn],
    concern: str | None,
    screening: str | None,
    thresholds: Thresholds,
    asked_safe: bool = False,
    level: str | None = None,
) -> str | None:
    """The safety dialogue's next action after the person's message, or None to let the rules and
    the other policies decide:
    - a pending screening question is answered, whatever the answer looks like;
    - so is a pending "Are you safe right now?" after a crisis (a goodbye still says goodbye);
    - while a concern is open, an unclear message gets the advice again, not a new question; a
      possible red flag after a crisis is asked about;
    - worrying recent turns raise a message that was asked about to a crisis (unless one is
      already open), and one that leans a little to a question;
    - after a red flag, urgency questions and "it's probably nothing" get the advice again;
    - after a crisis, "I'm safe" and a step towards safety ("I'll give the tablets to Mary") are
      acknowledged, with the resources kept in view;
    - a fear about the future gets honesty and a pointer to the clinician, unless the knowledge
      base has the answer ("does degenerative disc disease get worse?" is label_worse's)."""
    if concern == CRISIS and latest.intent == "express_crisis" and takes_a_safety_step(latest.text):
        return FOLLOW_UP  # "they said to give my sister the pills tonight. i will": a step, not a disclosure
    if latest.intent == "express_crisis" and denies_crisis(latest.text, latest.pattern):
        # the question answered with a no that corrects it: its answer, not a disclosure
        if screening == CRISIS:
            return SCREEN_ANSWER
        if asked_safe and concern == CRISIS:
            return FOLLOW_UP
    if concern == RED_FLAG and latest.intent == "report_red_flag" and tells_the_finding(latest.text, latest.pattern):
        return CLEARANCE  # "the doctor examined me ... its a fracture": examined, not a new sign
    if latest.intent in SAFETY_INTENTS[:2]:
        return None  # the rules escalate, in every state
    if screening:
        return SCREEN_ANSWER
    if asked_safe and concern == CRISIS and latest.intent != "goodbye":
        return FOLLOW_UP
    if concern == RED_FLAG and latest.intent == "screen_safety" and agrees_to_go(latest.text, level):
        if latest.about == CRISIS and hopeless(latest.text):
            return SCREEN_ACTION  # "I will phone the surgery in the morning ... some days i dont see the point"
        return FOLLOW_UP  # "ok we're going now. thanks i guess" read 94% a farewell: they are going to be seen
    if concern == CRISIS and latest.intent == "screen_safety" and latest.about == RED_FLAG:
        # "it goes numb down the side after i sit" once they said they were safe: a possible red
        # flag is asked about, not answered with the crisis lines again.
        return SCREEN_ACTION
    if concern == RED_FLAG and latest.intent == "screen_safety" and restate_topic(latest.text) == "what_to_say":
        return RESTATE  # "what do i tell them when i get there", on the way to A&E, read 0.78 a crisis
    # "what if i just take paracetamol and lie down, can it wait til tomorrow" (a playing helper)
    about_going = goes_later(latest.text, level) or ASKS_WHEN_TO_GO.search(_plain(latest.text))
    about_going = about_going or ASKS_TO_WAIT.search(_plain(latest.text))
    if concern == RED_FLAG and latest.intent == "screen_safety" and latest.about == CRISIS and about_going:
        # "i am going today, at 6 when my son is back. i just asked if thats soon enough", with a red
        # flag open, read as a possible crisis and was asked about suicide (a playing helper)
        return RESTATE if not latest.pattern else SCREEN_ACTION
    if concern == RED_FLAG and latest.intent == "screen_safety" and latest.about == CRISIS:
        # "last night i pressed my arm on the oven tray on purpose. just to feel something", while
        # a red flag was open, had been told again to get the red flag seen: a possible crisis is
        # asked about, whatever else is open.
        return SCREEN_ACTION
    if latest.intent in SAFETY_INTENTS:  # an unclear message while a concern is open: no new question
        return (RESTATE if concern == RED_FLAG else FOLLOW_UP) if concern else None
    in_context = decide_in_context(Verdict(latest.outcome), latest.scores, earlier[-3:], thresholds)
    if concern != CRISIS and in_context.outcome == CRISIS:
        return ESCALATE
    if not concern and latest.outcome == NONE and in_context.outcome == SCREEN:
        return SCREEN_ACTION
    if (
        concern == RED_FLAG
        and follow_up_answer(RED_FLAG, latest.intent, latest.scores, latest.text, level=level) == GOING
    ):
        return FOLLOW_UP  # "ok fine I'll go": thanked, not told again why
    examined = latest.intent == "report_clinician_cleared" and says_examined(latest.text)
    if concern == RED_FLAG and examined:
        # "Back from A&E. The doctor examined me ... Can I do the breathing again?": the clearance's
        # action weighs it (the question had got the advice again; a playing helper's case); before
        # "going later", which "at the hospital today ... now or not?" had read (thirty-fifth session)
        return None
    if concern == RED_FLAG and goes_later(latest.text, level):
        # Going, but later: "ok. hubby can take me after he finishes at 5", for a sign that needs
        # seeing now, had been recorded as a check-in of 5/10 and offered the menu (talking to the
        # server after suite Y's "missus can take me after she finishes at 5")
        return RESTATE
    # "my GP checked it and said it's fine" is a clearance, which its action weighs, not minimising.
    minimises = latest.intent != "report_clinician_cleared" and MINIMISING.search(_plain(latest.text))
    plain = _plain(latest.text)
    asks = ASKS_WHEN_TO_GO.search(plain) or ASKS_TO_WAIT.search(plain) or ASKS_WHAT_IT_IS.search(plain)
    asks_when = bool(asks) or restate_topic(plain) is not None
    if concern == RED_FLAG and (latest.scores.get("urgency", 0.0) >= OPEN_URGENCY or minimises or asks_when):
        return RESTATE
    if concern == CRISIS and (latest.scores.get("safe", 0.0) >= LEANS or takes_a_safety_step(latest.text)):
        return FOLLOW_UP  # "told her. we're ringing the doctor in the morning": not out of scope
    if latest.outcome == NONE and latest.scores.get("fear", 0.0) >= LEANS and latest.intent != "faq":
        return FEAR
    return None


SAFE, NOT_SAFE, UNCLEAR, GOING, STEP, HEARD = "safe", "not_safe", "unclear", "going", "step", "heard"
CORRECTED, SAVED = "corrected", "saved"


def says_not_acting(text: str) -> bool:
    """Whether a message that discloses a crisis also says they won't act on it: it is heard, with the
    resources, instead of being asked "Are you safe right now?" as if they had not said so."""
    plain = _plain(text)
    return bool(NOT_ACTING.search(plain)) and not HEDGED.search(plain)


def says_ok_now(text: str) -> bool:
    """Whether a reply to "Are you safe right now?" says they are all right now, unhedged."""
    plain = _plain(text)
    return bool(OK_NOW.search(plain)) and not LATER.search(SAFE_TONIGHT.sub(" ", plain))


def takes_a_safety_step(text: str) -> bool:
    """Whether a message after a crisis disclosure tells of a step towards safety."""
    reaches = SAFETY_STEP.search(text) or SAVES_NUMBER.search(text) or CALLS_SOMEONE_NAMED.search(text)
    return bool(reaches) and not REFUSES.search(text)


def follow_up_answer(
    concern: str,
    intent: str | None,
    scores: Mapping[str, float],
    text: str,
    asked: bool = True,
    level: str | None = None,
) -> str:
    """What a reply to the follow-up question says. After a red flag: GOING when they agree to get
    seen ("ok I'll go"), else UNCLEAR. After a crisis ("Are you safe right now?"): a step towards
    safety is STEP (a helpline's number kept is SAVED); a yes, "I'm safe" or "I won't do anything"
    is SAFE; a bare no is NOT_SAFE (never "I'm glad you're safe"); anything else ("what do you
    mean", a new topic, "I don't want to talk about that") is UNCLEAR; a misreading put right ("im
    not suicidal, i meant the pain") is CORRECTED, after an exclamation too. When that question was
    not `asked` (they had said they won't act on it), a bare yes, no or thanks answers what was
    offered instead, and is HEARD: a "no" is not "I'm not safe"."""
    if concern == RED_FLAG:
        going = (intent == "affirm" and not DEFERS.search(_plain(text))) or agrees_to_go(text, level)
        return GOING if going else UNCLEAR
    if takes_a_safety_step(text):
        return SAVED if SAVES_NUMBER.search(text) and not SAFETY_STEP.search(text) else STEP
    plain = _plain(text)
    if SPOKEN_FIGURATIVELY.search(plain):
        return CORRECTED  # "it is a figure of speech ... I would never do anything": put right, first
    if scores.get("safe", 0.0) >= LEANS or (asked and (says_not_acting(text) or says_ok_now(text))):
        return SAFE  # "im not gonna do anything stupid. forget i said it" was asked again
    if not asked and intent in ("affirm", "deny", "thank"):
        return HEARD
    if intent == "affirm":
        return SAFE
    if (intent == "deny" and CORRECTION.search(plain)) or NOT_SUICIDAL.search(plain):
        return CORRECTED  # "no not like that, I mean I'm knackered": a correction, not "I'm not safe"
    return NOT_SAFE if intent == "deny" and not NOT_TALKING.search(plain) else UNCLEAR


SCREEN_AGAIN, SCREEN_CLEARED, SCREEN_DROPPED = "ask_again", "cleared", "dropped"
# A reply to a screening question with one of these intents has moved on to a topic of its own
# ("Day 4 now, less tight after shifts", "is ice or heat better?"): asking again would ignore it
# twice, so the question is dropped at once and the message is answered. A reply that is unclear,
# a feeling, or a yes or no to something else ("what do you mean?", "idk") is asked once more.
MOVED_ON = frozenset(
    {
        "faq",
        "ask_core",
        "ask_muscle_imbalance",
        "ask_pain_meaning",
        "ask_treatment_opinion",
        "request_core_steps",
        "request_listening_exercise",
        "report_progress",
        "report_pain_level",
        "describe_pain",
        "mention_diagnosis",
        "start_check_in",
        "request_delete_data",
        "goodbye",
        "thank",
        "bot_challenge",
        "ask_capabilities",
    }
)


def asked_why(text: str) -> bool:
    return bool(WHY_ASK.search(_plain(text)) or ASKED_WHY.search(_plain(text)))


def denies_crisis(text: str, pattern: str | None) -> bool:
    """A no to the crisis question that puts a misreading right ("haha christ no. i mean done with
    the BACK not done with life. just knackered"), which the meaning and the classifier read as a
    crisis from its words (0.97, and 0.44 express_crisis) and which had got the crisis lines. Never
    with a crisis pattern: "I'm not suicidal but I want to die" is a disclosure."""
    if pattern == CRISIS:
        return False
    plain = _plain(text)
    return bool(NOT_SUICIDAL.search(plain) or (LEADING_NO.match(plain) and SPOKEN_FIGURATIVELY.search(plain)))


# Metadata key on a message handed back to the dialogue after its screening answer was decided
# (actions.common.answer_again): safety has already read it, and history readers count it once.
REPLAYED = "guywire_replayed"


def replayed(metadata: Mapping[str, Any] | None) -> bool:
    """Whether a user message's metadata marks it as handed back (REPLAYED): one turn, not two."""
    return bool((metadata or {}).get(REPLAYED))


def mentions_onset(text: str) -> bool:
    """The answer says the sign is new ("no, it's new actually"): the red-flag screening question
    asks whether it is new, so a "no" that says so is not a no."""
    lowered = _plain(text)
    return bool(ONSET.search(lowered)) and not NOT_NEW.search(lowered)


def screening_answer(
    about: str,
    intent: str | None,
    scores: Mapping[str, float],
    text: str,
    reasked: bool,
    thresholds: Thresholds,
    pattern: str | None = None,
) -> str:
    """What the reply to a screening question decides: ESCALATE, SCREEN_AGAIN, SCREEN_CLEARED or
    SCREEN_DROPPED. A yes (a disclosure the safety net read as one counts; a yes to recording the
    chat does not), minimising a red flag ("it's probably nothing, can we carry on") or asking how
    serious it is ("is that bad?") escalates: neither is an answer. Then a clear
    no clears it (for the crisis question, also "I'm safe"), and a reply that is not a no but
    clearly worries escalates. A reply that moves on to a topic of its own (MOVED_ON) drops it at
    once; one that does not answer at all ("what do you mean?") gets the question once more, and a
    second drops it. Dropped, it gets where to turn if it ever applies and is left for human
    review: most questions nobody answers were asked about an ordinary message ("can I do them on
    the bed?"), and the crisis reply would alarm."""
    if about == CRISIS and denies_crisis(text, pattern):
        return SCREEN_CLEARED  # a no that puts the misreading right (`pattern`: the message's own)
    if about == RED_FLAG and intent == "report_clinician_cleared" and says_examined(text):
        # "GP had a good look, checked my reflexes and feeling down there, said it's not the serious
        # thing": examined since, which answers the question (it had been asked again; a playing helper)
        return SCREEN_CLEARED
    crisis_bar = thresholds.crisis_answer_worrying if about == CRISIS else thresholds.answer_worrying
    worrying = crisis_score(scores) >= crisis_bar or red_flag_score(scores) >= thresholds.answer_worrying
    yes_words = bool(LEADING_YES.match(text.lower()) or (about == CRISIS and HEDGED_YES.match(text.lower())))
    assent = (intent == "affirm" or yes_words) and not mentions_recording(text)
    # A reply the safety net itself would ask about as a red flag, to the red-flag question, is more
    # of the sign asked about. Not for the crisis question: a complaint reads a little like one.
    again = about == RED_FLAG and intent == "screen_safety" and red_flag_score(scores) >= crisis_score(scores)
    says_yes = assent or intent in ("express_crisis", "report_red_flag")
    says_yes = says_yes or (
        about == RED_FLAG and (mentions_onset(text) or FEVER_READING.search(_plain(text)) is not None)
    )
    # "is that bad?", "should I be worried?" to the red-flag question: not a no, and not a topic of
    # its own to drop it for ("lower back, and since yesterday i cant really feel my bum when i wipe"
    # then "is that bad?" had been let go with where to turn). The advice answers it.
    says_no = intent == "deny" or LEADING_NO.match(text.lower()) is not None or bool(CORRECTION.search(_plain(text)))
    # "oh I don't want to make a fuss. Its probably just bruised", after a fall (suite V): waved away,
    # not answered, so neither a no nor a topic of its own
    waved_away = MINIMISING.search(_plain(text)) is not None and not says_no
    minimising = about == RED_FLAG and (scores.get("urgency", 0.0) >= LEANS or asks_how_serious(text) or waved_away)
    says_no = says_no or (about == CRISIS and scores.get("safe", 0.0) >= LEANS)
    # "not new, been like this about 6 weeks. wees and poos fine, nothing down there lol" answers
    # both halves of the red-flag question with a no; its bladder words read 56% a sign, and had
    # sent a nurse to A&E. A sure reading (a named sign, not denied) still escalates, below.
    says_no = says_no or (
        about == RED_FLAG
        and ALL_FINE.search(_plain(text)) is not None
        and red_flag_score(scores) < thresholds.red_flag_escalate
    )
    if about == CRISIS and assent and intent != "express_crisis" and AGREES.search(_plain(text)) and not worrying:
        # "yes that's fine", meant for the consent question the person expected at first contact,
        # had escalated an ordinary question to the crisis lines: a yes to something else is asked
        # again, plainly.
        return SCREEN_DROPPED if reasked else SCREEN_AGAIN
    if says_yes or minimising or (again and not says_no):
        return ESCALATE
    if says_no:  # "no im not suicidal lol, just fed up" reads 0.56 crisis; a disclosure after a "no"
        return SCREEN_CLEARED  # ("no but I wish I wouldn't wake up") is read as express_crisis
    if worrying:
        return ESCALATE
    moved_on = moves_on(intent, text) and not asks_what_it_means(text) and not WHY_ASK.search(_plain(text))
    # ...unless it leans to a crisis itself: "can i tell you something. ive started doing the thing i
    # used to do as a teenager again. on my thighs..." (0.59, heard as a question about pain) had
    # been dropped as a new topic (development suite F). It is asked once more, plainly.
    moved_on = moved_on and crisis_score(scores) < thresholds.answer_worrying
    return SCREEN_DROPPED if reasked or moved_on else SCREEN_AGAIN


def moves_on(intent: str | None, text: str) -> bool:
    """A reply to a screening question that carries on with a topic of its own: one of MOVED_ON's
    intents, or a yes to recording ("Yes go ahead and record. Wheelchair one first please"), which
    answers the consent question, not this one."""
    return intent in MOVED_ON or (intent == "affirm" and mentions_recording(text))

"""The safety dialogue: what comes after the person's message once a concern is open or a question
was asked, and what their reply to that question says.

The verdicts come from bot.coach.risk (one message, and the recent turns); this module turns them,
with the person's words, into the dialogue's next action: a screening question answered, "Are you
safe right now?" answered, urgency questions and minimising after a red flag, a step towards safety
after a crisis. Used by the SafetyPolicy (bot/dialogue/safety_policy.py) and the safety actions.
"""

from __future__ import annotations

import re
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
    red_flag_score,
)
from bot.coach.safety import says_examined, tells_the_finding

ESCALATE, SCREEN_ANSWER = "action_safety_escalation", "action_screening_answer"
RESTATE, FOLLOW_UP, FEAR = "action_safety_restate", "action_safety_follow_up", "action_answer_fear"
CLEARANCE = "action_record_clearance"
SCREEN_ACTION = "action_safety_screen"
LEANS = 0.5  # how sure the semantic head must be that a message is fear, urgency or "I'm safe"
# While a red flag is open, minimising or asking about urgency is what people do next, so less is
# needed: "its probably nothing tbh" reads 40% urgency (and 60% a pain rating of "nothing").
OPEN_URGENCY = 0.3


# "ok I'll go to A&E", "booking the GP now": agreeing to get seen, not asking whether to.
GOING_WORDS = re.compile(
    r"\b(i'?ll|i will|i shall|i'?m|im|i am|we'?re|we are|we'?ll|we will|gonna|going to|will|could|can|shall|i)"
    r"( now)? (go|going|book|"
    r"booking|call|calling|ring|ringing|"
    r"phone|phoning|head|heading|get (it |this )?(checked|seen|looked at))\b|\bon (my|our) way\b"
    # "I'll see my doc Monday" (suite AA: asked for a rating instead); not "I'll see what happens"
    r"|\b(i'?ll|i will|i'?m|im|gonna|going to|will) (go and )?(see|seeing) (my|the|a|an) (doc|doctor|gp|physio|"
    r"nurse|consultant|specialist|someone|clinician)\b"
    # no one named: "alright heading there now. thanks I guess" had been told why not to wait (suite AA)
    r"|(?<!not )(?<!n't )(?<!nt )\b(heading (there|over|in)|(heading|going|off) (to|into) (the |a )?"
    r"(hospital|er|a ?& ?e|emergency|doctor|gp|urgent care)|(going|off) there now)\b"
    r"|\b(drive|driving|take|taking|run|running) (me|us)( (to|in|down|over|there))?\b"
    r"|\b(come|coming|go|going) with me\b"
    # "I have an appointment at 4.15 with Dr Patel" had been told again why not to wait
    r"|\b(i'?ve|i have|i'?ve got|got|have) (an|a|the) (appointment|appt|slot)\b"
    r"|\b(booked|made) (an|a|the) appointment\b"
    # "they got me in thursday. scans and bloodwork" had been told "I understand wanting it to be nothing"
    r"|\b(got|getting|fitting|fitted|fit|booked) (me|him|her|us) in\b"
    # "Found the after hours number, they said come in tomorrow 8am" had been told why not to wait
    r"|\b(said|told (me|us)|asked (me|us)) (to )?come (in|down|straight)\b(?! if\b)"
    # there already: "At hospital now, waiting. they took me quick" had been told to go to A&E
    r"|(?<!was )(?<!been )(?<!were )\b(at|in) (the )?(hospital|a ?& ?e|a and e|er|emergency|urgent care|walk-in)"
    r"( now| already)?\b(?! (last|years?|before|when|as a))"
    r"|\bwaiting (to be seen|for (the )?(doctor|triage|a bed|results))\b|\bin triage\b|\bthey took me\b"
    # called already: "I have telephoned them. They are sending someone this evening." had been told
    # "I understand wanting it to be nothing" (development suite U)
    r"|\b(i'?ve|i have|i|we'?ve|we have|we|my \w+ has|my \w+) (just |already )?(called|rang|rung|phoned|telephoned|"
    r"contacted)( (them|111|999|911|112|nhs|(an|the|a|my) (ambulance|doctor|gp|surgery|practice|hospital|nurse|"
    r"out of hours)))?(?=\W*$|\W*[.,;!])"
    r"|\b(sending|send) (someone|somebody|an ambulance|a doctor|a nurse|a paramedic)\b"
    r"|\b(ambulance|paramedics?|doctor|nurse) (is |are )?(coming|on (its|the|their) way)\b"
)
# "its not that bad though, about the same": minimising an open red flag, which gets the advice again.
MINIMISING = re.compile(
    r"\b(not (that|so|too|very) bad|probably nothing|(it'?s|its) (fine|nothing|ok)|about the same|no worse"
    r"|not (that |so )?serious|i'?m (fine|ok|okay) really|can'?t be that bad"
    r"|(surely|probably|prob|maybe) (it'?s |its )?(just|only)|(just|only) a (pulled|strained|tweaked) muscle"
    # "ach its likely just my prostate ... i'll mention it next time" had been answered as a faq
    r"|(likely|most likely|probably|prob) (just )?(my|the|a|an|old) \w+|(just|only) (my|old) (age|prostate|arthritis)"
    r"|mention it (next time|at my next)|next time i see|(don'?t|do not) want to (make|cause) a fuss"
    # "Is it really that important? I don't want to be a nuisance" (talking to the server)
    r"|(don'?t|do not) want to be a (nuisance|bother|burden on them)|waste (their|the doctor'?s|anyone'?s) time)\b"
    # "ah go way I'm sure it's only the prostate at my age", "its a BACK ache not cancer" (development
    # suite Q) had been answered as a complaint, and as pain with a core step offered
    r"|\bsure (it'?s|its|it is) (just|only|nothing)\b|\b(it'?s|its|it is) (just |only )?an? (\w+ )?"
    r"(back ?ache|bad back|sore back|strain|sprain)\b|\bnot (a )?(cancer|tumou?r)\b"
    # "It's probably malaria or just the weather. I'll take paracetamol" (development suite W): the
    # sign explained away, treated at home, or left to pass
    r"|\b(it'?s|its|it is) (probably|prob|likely|most likely|maybe) \w+"
    r"|\b(i'?ll|ill|i will) (just )?(take|have) (some |a |an |my )?(paracetamol|ibuprofen|painkillers?|tablets?|"
    r"panadol|tylenol|advil|nurofen|aspirin)\b"
    r"|\bsleep it off\b|\b(it'?ll|itll|it will|it should) (pass|settle|go away|clear up)\b|\bwait and see\b"
)


# After a red flag, a question about whether or when to go, or how serious it is ("do I need to
# see the GP urgently or not?", "can't I wait till monday?", "is that serious?") is the advice's to
# answer, whatever the meaning head makes of it: a retrained head read the first at 0.26 urgency.
ASKS_WHEN_TO_GO = re.compile(
    r"(?=.*(\?|^(do|does|should|can|could|must|is|am|will|would)\b|\bcan'?t i\b|\bwhich\b|\bjust tell me\b))"
    r".*\b(urgent(ly)?|rush|wait|hurry|right away|straight away|today|tonight|tomorrow|monday|weekend|a&e|"
    r"er|hospital|emergency|gp|doctor|check-?up|appointment|see (someone|anyone)|go in|"
    r"serious|dangerous|bad|worr(y|ied)|soon enough|too late|in time|"
    # "so 6 is fine then? its 2pm now" (a playing helper, recorded as a pain of 6)
    r"\d{1,2} ?(pm|am|o'?clock)|\d{1,2} (is|'s) (fine|ok|okay|alright|soon enough|too late))\b"
)


# Waiting asked for without a question mark: "cant this wait till monday" (a helper playing users)
# had been read as a goodbye ("till monday").
# Or mid-message: "I have delivery at 14:00. Can it wait until after, the numbness is maybe little bit
# less now" had been told what pain means, and offered an exercise (suite AB, read).
ASKS_TO_WAIT = re.compile(
    r"^\W*(?:cant|can'?t|couldn'?t|surely)\b.*\b(?:wait|rush|hurry|leave it)\b|"
    r"\b(?:can|could|should|may|will) (?:it|this|that|i) (?:still )?(?:wait|hold off|leave it)\b"
)


# The same question asked of the red-flag screening question itself, before any advice: how serious
# is it, or does it need a clinician. Narrower than ASKS_WHEN_TO_GO, whose days and places also
# come up in replies that have moved on ("can I do them on the bed today?").
ASKS_HOW_SERIOUS = re.compile(
    r"\b(is|does|could) (that|it|this) (sound |seem |look )?(bad|serious|dangerous|worrying|a worry|an emergency)\b"
    r"|\bis (it|that|this) (really )?(that )?(important|urgent|necessary)\b"
    r"|\bhow (bad|serious|worried)\b|\bshould i (be )?(worr(y|ied)|concerned|panic)\b|\bam i (ok|okay|in trouble)\b"
    r"|\b(do|should|must) i (need to |have to )?(go|see|call|ring|phone) "
    r"(a |my |the |someone|anyone|111|999|911|gp|doc)"
)


def asks_how_serious(text: str) -> bool:
    return bool(ASKS_HOW_SERIOUS.search(_plain(text)))


def _plain(text: str) -> str:
    """Lower case, single spaces: what the answer patterns below are written against."""
    return " ".join(text.lower().split())


# Putting it off, or asking whether they may: "Can't it wait until my daughter comes on Sunday? She
# could drive me to the GP on Monday" had been thanked as agreeing to go ("That's the right call").
DEFERS = re.compile(
    r"\?|\b(wait|until|till|til|later|next week|(the )?weekend|first thing|in a (few|couple of) days|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|after (work|the|my|christmas)|when (she|he|they|my))\b"
)


# More told while an open red flag needs only an appointment, leaning this much to a cauda equina
# sign ("it feels a bit numb when i wipe after the loo", after a fall), makes it an emergency.
EMERGENCY_SIGN = "cauda_equina"
UPGRADE_LEAN = 0.5


def makes_it_an_emergency(scores: Mapping[str, float], level: str | None) -> bool:
    """Whether a message that tells more about an open red flag raises it to emergency care."""
    return level != "emergency" and scores.get(EMERGENCY_SIGN, 0.0) >= UPGRADE_LEAN


# "Do you think the cancer has come back?" while a red flag is open: only an examination can say,
# which is why they should be seen (it had been answered with how long recovery takes).
ASKS_WHAT_IT_IS = re.compile(
    r"\b(?:do you think|could (?:it|this|that) be|is (?:it|this|that)|might (?:it|this) be|what if (?:it|this) is)\b"
    r"[^.!?]{0,40}\b(?:cancer|tumou?r|infection|broken|fracture\w*|come back|spread|nerve damage|cauda|serious)\b"
)


# While a red flag is open: "What do I tell them when I get there?" and "Should I still do that
# breathing thing first?" are answered for what they ask (the first had been told why not to wait,
# the second the menu of exercises).
# "Ok ok. What I say to them?" (suite S) had been answered with the GP, a menu and a check-in.
WHAT_TO_SAY = re.compile(
    r"\bwhat (?:(?:do|should|shall|would|can|will|must) )?i (?:must |need to |have to |should )?(?:tell|say|mention)\b|"
    r"\bwhat to (?:tell|say)\b|"
    # "Anything I should note down for them?" (development suite W) had started a check-in
    r"\b(?:anything|what(?: else)?) (?:(?:do|should|shall|can|must) )?i (?:should |need to |must )?"
    r"(?:note|write|jot|put) (?:\w+ )?down\b|\banything (?:else )?(?:i should|to) (?:mention|tell|say|ask|bring)\b"
)


# A question without its mark: "can i do the breathing thing my daughter showed me on the site".
ASKS_MAY = re.compile(r"^\W*(?:so |and |but |ok |okay )?(?:can|could|should|shall|may|do|am i allowed|is it ok)\b")


def restate_topic(text: str) -> str | None:
    """What a question asked while a red flag is open is about: "what_to_say", "exercises_wait",
    or None (the advice again)."""
    plain = _plain(text)
    if WHAT_TO_SAY.search(plain):
        return "what_to_say"
    if ("?" in plain or ASKS_MAY.match(plain)) and tells_of_exercise(plain) and not PUTS_OFF.search(plain):
        return "exercises_wait"
    return None


# Putting the appointment off by a day or more: "I suppose I could ring on Monday. In the meantime,
# should I keep going to my walking group?" had been told only that the exercises wait; the advice
# to be seen now comes first.
PUTS_OFF = re.compile(
    r"\b(?:on|till|until|after|next) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|the weekend)\b"
    r"|\b(?:in a few days|at the weekend|next week)\b"
)


# An appointment for today or tomorrow ("urgent") is kept by ringing first thing in the morning: "ok
# ill ring them in the morning first thing" had been told "I understand wanting it to be nothing".
TODAY_IS = re.compile(r"\b(?:today|it)(?: is|'s) \w+day\b")
NEXT_MORNING = re.compile(r"\b(?:first thing|(?:in )?the morning|tomorrow(?: morning)?|tmrw)\b")


# For an emergency, any later hour is putting it off: "missus can take me after she finishes at 5"
# and "Wife can take me tomorrow maybe. Its not that bad honest." had been told "That's the right call"
# (suite Y).
DEFERS_EMERGENCY = re.compile(
    r"\b(maybe|tomorrow|tmrw|tonight|this evening|after|finishes|gets (back|home|off)|at \d)\b"
)


def goes_later(text: str, level: str | None = None) -> bool:
    """They say they will get seen, but not as the advice asked: later, or hedged."""
    return bool(GOING_WORDS.search(_plain(text))) and not agrees_to_go(text, level)


# Another day, or waiting asked for: never "going today, later" ("Can't it wait until Sunday? She
# could drive me to the GP on Monday").
ANOTHER_DAY = re.compile(
    r"\b(tomorrow|tmrw|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|next week|"
    r"in a (few|couple of) days|first thing|wait|maybe)\b"
)


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
        return FOLLOW_UP  # "ok we're going now. thanks i guess" read 94% a farewell: they are going to be seen
    if concern == CRISIS and latest.intent == "screen_safety" and latest.about == RED_FLAG:
        # "it goes numb down the side after i sit" once they said they were safe: a possible red
        # flag is asked about, not answered with the crisis lines again.
        return SCREEN_ACTION
    if concern == RED_FLAG and latest.intent == "screen_safety" and restate_topic(latest.text) == "what_to_say":
        return RESTATE  # "what do i tell them when i get there", on the way to A&E, read 0.78 a crisis
    about_going = goes_later(latest.text, level) or ASKS_WHEN_TO_GO.search(_plain(latest.text))
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
# "Not like that btw, before you go there. The pain. I've got two kids, I'm not going anywhere."
# (development suite T) had been asked again whether they felt safe.
NOT_SUICIDAL = re.compile(
    r"\b(i'?m|im|i am) not (suicidal|going to kill myself|going anywhere)\b|\bi meant (the|my) (pain|back)\b|"
    r"^\W*((?:no|nah|nope)\W+)?not like that\b|\bnot (in )?that way\b|"
    # "haha christ no. i mean done with the BACK not done with life. just knackered" (a playing helper)
    r"\bi mean(t)? (i'?m |im |i am |i was )?(done|sick|fed up|tired|over it) (with|of) (the|my|this) "
    r"(back|pain|job|work|spine|flare)\b|\bnot (done with|tired of|sick of) (life|living)\b"
)
# A step towards safety after a crisis disclosure: someone told or with them, a call made or
# planned, the means given away. Said so, it is met as the step it is, not as "unclear".
SAFETY_STEP = re.compile(
    r"\b(?:tell|told|telling|talk(?:ed|ing)? to|ring(?:ing)?|rang|call(?:ed|ing)?|phon(?:e|ed|ing)|text(?:ed|ing)?|"
    r"speak(?:ing)? to|spoke to)\s+(?:her|him|them|my|mum|mom|dad|the doctor|a doctor|the gp|samaritans|988|"
    r"someone|somebody|a friend|the helpline|the crisis line|lifeline|the nurse)\b|"
    # "i rang 1737 after we talked", "fine ill text the shout thing tonight" (development suite Q)
    r"\b(?:ring(?:ing)?|rang|call(?:ed|ing)?|phon(?:e|ed|ing)|text(?:ed|ing)?) (?:\d{3}[\d ]*|shout|"
    r"the (?:\w+ )?(?:thing|line|number|service))\b|"
    r"\bgiv(?:e|en|ing) (?:the|my|them|all the) (?:tablets|pills|meds|medication|drugs)\b|"
    # "they said to give my sister the pills tonight", "sister has the pills": the means handed over.
    r"\b(?:giv(?:e|en|ing)|gave) (?:(?:my|her|his|our) )?(?:sister|brother|mum|mom|dad|wife|husband|partner|friend|son|"
    r"daughter|neighbou?r|nurse|her|him|them|someone) (?:the|my|all the|all my) "
    r"(?:tablets|pills|meds|medication|drugs)\b|"
    r"\b(?:sister|brother|mum|mom|dad|wife|husband|partner|friend|son|daughter|she|he|they) (?:has|have|took|"
    r"taken|is keeping|kept|is holding) (?:the|my|all the|all my) (?:tablets|pills|meds|medication|drugs)\b|"
    r"\b(?:tablets|pills|meds|medication) (?:to|with|back to) (?:her|him|my|mary|someone|the chemist|the pharmacy)\b|"
    r"\bhere with me\b|\bstaying with me\b|\bwith me (?:now|tonight)\b|\b(?:is|are) coming (?:over|round|by)\b|"
    r"\b(?:she|he|they)(?:'s| is| are|'re) here\b|"
    # "i wouldnt tonight my wife is home" had got the emergency reply
    r"\b(?:my )?(?:wife|husband|partner|mum|mom|dad|sister|brother|son|daughter|friend|flatmate|housemate|roommate)"
    r"(?:'s| is) home\b|"
    # "my flatmate's home. i guess i could give it to him" (suite Y): the means handed over
    r"\b(?:give|giving|gave|hand|handing|handed) (?:it|them) (?:to|over to) (?:him|her|them|my \w+)\b|"
    r"\b(?:go|going|gonna go|off to) (?:hang(?: out)?|be|stay|sit|talk) with (?:my|her|him|them|a)\b",
    re.IGNORECASE,
)
# A helpline's number kept ("fine ill save the number"): a step too, met in its own words ("letting
# someone in matters" does not fit it), without the lines listed a third time.
SAVES_NUMBER = re.compile(
    r"\b(?:sav(?:e|ed|ing)|put|add(?:ed)?) (?:it|them|the numbers?|that number|those numbers) (?:in|into|to) my "
    r"(?:phone|contacts)\b|\bsav(?:e|ed|ing) (?:the|that|those) numbers?\b|"
    r"\b(?:wr(?:ite|ote|itten|iting)|not(?:e|ed)|jott(?:ed)?) (?:the|that|those) numbers? down\b",
    re.IGNORECASE,
)


# "im not telling the gp they'll think im a nutter" is no step: a refusal, in the present too.
REFUSES = re.compile(
    r"\b(?:won'?t|can'?t|not going to|never|will not|don'?t|do not|didn'?t|did not|"
    r"not (?:telling|calling|ringing|phoning|texting|speaking|talking|giving))\b",
    re.IGNORECASE,
)


# Said with a disclosure: they won't act on it ("no im not going to do anything, I just feel like a
# burden"). Not when it is hedged in time or by a condition ("I won't do anything tonight").
NOT_ACTING = re.compile(
    r"\b(?:not going to|not gonna|won'?t|wouldn'?t|would not|will not|would never|never going to|never gonna|"
    r"i'?d never|no intention of|no plans? to) (?:do anything|do something|act on (?:it|them|anything)|hurt myself|"
    r"harm myself|kill myself|do it|try anything)\b|\bi'?m (?:safe|not in (?:any )?danger)\b"
)
# "It is a feeling, not a plan" (suite Y, asked again) names no plan.
HEDGED = re.compile(r"\b(?:yet|tonight|today|now|if|unless|but i might|(?<!not a )(?<!no )plan(?:ned)?)\b")


def says_not_acting(text: str) -> bool:
    """Whether a message that discloses a crisis also says they won't act on it: it is heard, with the
    resources, instead of being asked "Are you safe right now?" as if they had not said so."""
    plain = _plain(text)
    return bool(NOT_ACTING.search(plain)) and not HEDGED.search(plain)


# "im ok today. what can i actually do for my back": an answer to "Are you safe right now?" (it had
# been asked again). Not "not ok", nor hedged on later ("I'm ok now but tonight I might").
OK_NOW = re.compile(
    r"^(?!.*\bnot (?:ok|okay|alright|fine|safe)\b)(?:\w+\W+){0,3}?(?:i'?m|im|i am|feeling) "
    r"(?:ok|okay|alright|all right|fine|safe|better)\b"
)
LATER = re.compile(r"\b(?:but|might|tonight|later|tomorrow|if|unless|not sure)\b")


# "yes im safe tonight": the night ahead is what was asked about, not a hedge on it.
SAFE_TONIGHT = re.compile(r"\b(?:safe|ok|okay|fine|alright) (?:for )?tonight\b")


def says_ok_now(text: str) -> bool:
    """Whether a reply to "Are you safe right now?" says they are all right now, unhedged."""
    plain = _plain(text)
    return bool(OK_NOW.search(plain)) and not LATER.search(SAFE_TONIGHT.sub(" ", plain))


# Someone reached by name: "Maybe I call Silje tonight. She will worry. But maybe that is ok." had been
# told what pain means (suite AB). Case-sensitive: a name is capitalised ("call it" is no one).
CALLS_SOMEONE_NAMED = re.compile(
    r"\b(?:[Cc]all|[Rr]ing|[Pp]hone|[Tt]ext|[Tt]alk to|[Ss]peak to|[Tt]ell|[Vv]isit|[Ss]ee)\s+"
    r"(?!(?:I|It|The|You|We|They|He|She|This|That|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)\b)[A-Z][a-z]+\b"
)


def takes_a_safety_step(text: str) -> bool:
    """Whether a message after a crisis disclosure tells of a step towards safety."""
    reaches = SAFETY_STEP.search(text) or SAVES_NUMBER.search(text) or CALLS_SOMEONE_NAMED.search(text)
    return bool(reaches) and not REFUSES.search(text)


# A "no" that corrects a misreading rather than answers the question.
CORRECTION = re.compile(
    r"\b(not like that|not what i meant|i mean|i meant|didn'?t mean|did not mean|just an? (expression|saying)"
    r"|figure of speech|only joking|just joking|kidding)\b"
)


# A misreading put right in any words, whatever the intent: "It is a figure of speech. I only mean
# the pain is dreadful" had been asked again whether they were safe (suite R). Never a joke: "I
# wish I was only joking" is no correction.
SPOKEN_FIGURATIVELY = re.compile(
    r"\b(?:figure of speech|turn of phrase|manner of speaking|just an? (?:expression|saying)|"
    r"not (?:meant )?literally|(?:wasn'?t|was not|not) being literal)\b"
)


# Not wanting to talk about it is not a "no, I'm not safe": it gets the resources kept in view, not
# the emergency reply ("i dont want to talk about that" was sent to 999).
NOT_TALKING = re.compile(
    r"\b(?:don'?t|do not|dont|rather not|not going to|won'?t|can'?t) (?:want to |wanna )?"
    r"(?:talk|say|discuss|go into|get into|answer)\b"
)


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
# A question about the question ("why do you ask?", "what?") is not a topic of its own.
WHY_ASK = re.compile(r"^\W*(why|what|eh|sorry)\W*$|\bwhy (do|would|are|did) (you|u) (keep )?(ask|say|want)")
# An answer that also asks why, or complains of the question ("what?? no!", "why do you keep asking").
ASKED_WHY = re.compile(r"^\W*(what|wtf|eh|huh)\W|\bwhy (do|would|are|did) (you|u) (keep )?ask|\bkeep asking\b|creepy")


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


DAYS = "yesterday|today|last|this|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
ONSET = re.compile(rf"\b(new|recent(ly)?|just started|since ({DAYS}))\b")
# "wees and poos fine", "bladder normal", "nothing down there": the sign asked about, denied.
ALL_FINE = re.compile(
    r"\b(wees?|pees?|poos?|bladder|bowels?|toilet|waterworks|down there|everything)\b"
    r"[^.?!]{0,20}\b(fine|normal|ok|okay)\b"
    r"|\bnothing (down there|like that)\b|\bno (bladder|bowel|numbness)\b"
)
NOT_NEW = re.compile(r"\b(not|isn't|isnt|nothing|never) (that |really |very |at all )?(new|recent)\b")


# "yes bit numb when i sit on toilet, like not feel the paper good. both legs feel heavy today also":
# a yes, whatever intent the rest of it was read as (it had been asked the question again, then let go).
LEADING_YES = re.compile(r"\s*(yes|yeah|yep|yup|yea|ya|aye|sadly yes|i think so)\b")
# Agreeing to something, not answering whether they think of ending their life: "yes that's fine".
AGREES = re.compile(
    r"\b(?:that'?s|thats|it'?s|its) (?:fine|ok|okay|alright|all right)\b|\bgo ahead\b|\bno problem\b|"
    r"\bfine by me\b|\bhappy (?:for you )?to\b|\bsure thing\b|\bgo for it\b|"
    # "yes please. but not on back lying, midwife say not good now" takes up an offer (suite AA: the
    # crisis lines, to a woman asking for an exercise)
    r"^\W*(?:yes|yeah|yep|ok|okay|sure)\W+(?:please|pls|plz|thanks|thank you|ta)\b"
)
# "sometimes yeah. i think theyd be better off": a yes with a hedge before it, or the hedge alone
# ("sometimes", "i guess"); not "maybe not", nor "kind of tired".
HEDGED_YES = re.compile(
    r"\s*(sometimes|occasionally|at times|now and then|some days|maybe|i guess|kind of|kinda|sort of)"
    r"(\W*$|\W+(yes|yeah|yep|yea|ya|aye|i do|i have|i think|they|it has|it does)\b)"
)
# "no", also after an exclamation ("god no not like that!!"), or a plain "not at all".
LEADING_NO = re.compile(
    r"\s*((oh|god|gosh|lol|haha|ha|hell|omg|good god|christ|jesus|what|wtf|eh|huh|um|uh|erm|er|mate)\W+){0,3}"
    r"(no|nope|nah|not really|not at all|definitely not|absolutely not|of course not)\b(?! idea| clue)"
)


# A fever measured, to the red-flag question: "She measure, 38.6. But is winter, everybody have flu
# now" had the fever question asked again (suite T). 38 °C and up, or 100.4 °F and up, as a reading.
FEVER_READING = re.compile(
    r"\b(3[89]|4[0-2])[.,]\d\b|\b(3[89]|4[0-2])\s*(°|degrees?\b|c\b)|\b10[0-5](?:[.,]\d)?\s*(°|degrees?\b|f\b)|"
    r"\b(temp|temperature|thermometer|measured?|fever)\b[^.?!]{0,15}\b(3[89]|4[0-2]|10[0-5])\b"
)


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

"""How risky a message is, on its own and in its conversation: escalate, ask, or go on.

Two readings come in as plain values: the pattern layer's kind (precise, hand-written) and the
semantic head's probabilities (bot/nlu/semantic_safety.py). Between "clearly safe" and "clearly a
crisis or red flag" the assistant asks one direct screening question, as clinicians do, and the
answer decides. The conversation counts too: "I have a plan for tonight" after hopelessness is a
crisis, though alone it is only worth a question.

Used by the NLU (one message) and by the dialogue and actions (with the recent turns), so both
reach the same verdict from the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from bot.coach.consent import mentions_recording
from bot.coach.listening import asks_what_it_means

CRISIS, CRISIS_NOW, RED_FLAG, SCREEN, NONE = "crisis", "crisis_now", "red_flag", "screen", "none"
RED_FLAG_KINDS = ("cauda_equina", "infection", "cancer", "fracture", "neuro_deficit")
SAFETY_INTENTS = ("report_red_flag", "express_crisis", "screen_safety")
# Benign context the pattern layer found (a negation, a hypothetical, someone else, something
# over, an idiom): a red flag read by meaning alone is then only asked about. Not for a crisis,
# where a negation is often the crisis itself ("I don't want to be here").
DOUBT_CUES = frozenset({"negation", "hypothetical_cues", "other_person_cues", "resolved_cues", "idioms", "topic_cues"})
# The cues that also make a crisis pattern doubtful: a documentary about suicide, self-harm twenty
# years ago, a friend's overdose. Never a negation, an idiom or a question: "I'm not suicidal but I
# want to die", "is it normal to feel suicidal with this pain?" are disclosures.
CRISIS_DOUBT_CUES = frozenset({"other_person_cues", "resolved_cues", "topic_cues"})
# For a red-flag pattern a general question is doubtful too ("can sciatica go into both legs?").
RED_FLAG_DOUBT_CUES = CRISIS_DOUBT_CUES | {"hypothetical_cues"}


@dataclass(frozen=True)
class Thresholds:
    """Probabilities (crisis = crisis + crisis_now; red flag = the sum of its kinds) that escalate
    or ask, and the lower bar a message meets when the recent turns were already worrying."""

    crisis_escalate: float = 0.6
    crisis_screen: float = 0.2
    red_flag_escalate: float = 0.6
    red_flag_screen: float = 0.3
    # A message that leans this much to a crisis, after a worrying turn, is asked about. At 0.08
    # "Goodnight." (0.10) and "like a 7 by night" (0.08) were, at the end of ordinary conversations.
    context_crisis: float = 0.15
    context_recent: float = 0.2
    pattern_doubt: float = 0.9
    # The intent classifier's vote on a reading by meaning alone: below `support` for the same
    # concern an escalation only asks; a red flag below `screen_support`, with another intent at
    # `other_intent` or more, is let go. A possible crisis is always asked about.
    support: float = 0.05
    # A red flag read by meaning alone needs more of the vote to escalate: "my left leg goes numb
    # when I sit cross-legged, is that the discs??" reads 0.96 cauda equina to the meaning, 0.06 a
    # red flag to the classifier (0.74 describing pain); it is asked about, not sent to A&E.
    red_flag_support: float = 0.3
    screen_support: float = 0.02
    other_intent: float = 0.5
    # ... unless a crisis is this clear and the classifier sees nothing else in it: "sat in the
    # garage with the engine running" has no words the intent classifier knows, and must never
    # wait for its vote; "so you're saying I should keep taking it" is a question about a medicine
    # (then it is asked about). A red flag always waits for the vote: symptoms are words the
    # classifier knows, and "how to fix a running toilet" is not one.
    unmistakable: float = 0.97
    # Two readers who each lean the same way are worth a question: the meaning a little
    # (`joint_score`) and the intent classifier more (`joint_vote`). Each alone is too noisy.
    joint_score: float = 0.08
    joint_vote: float = 0.5
    # A red flag the meaning is sure of (red_flag_escalate) escalates despite a doubt cue when the
    # intent classifier agrees this much.
    agree: float = 0.8
    # A pattern match in a doubtful context (a subject, the past, someone else, a question) that
    # the meaning reads as benign (pattern_doubt) is let go when the intent classifier's vote for
    # the same concern is below `cue_support`; without such a cue it is always asked about.
    cue_support: float = 0.3
    # A reply to a screening question escalates on its own reading only when it clearly worries:
    # "see thats what they all say, the doctors pass me round like a parcel" reads 0.25 crisis,
    # and a question about crisis must not turn a complaint into one.
    answer_worrying: float = 0.5

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Thresholds:
        names = {f.name for f in fields(cls)}
        return cls(**{k: float(v) for k, v in config.items() if k in names})


@dataclass(frozen=True)
class Verdict:
    """`outcome` is none, screen, crisis or red_flag; `kind` names what: crisis or crisis_now for
    a crisis, a red-flag kind, or for a screening question what it asks about (crisis/red_flag)."""

    outcome: str
    kind: str | None = None


def crisis_score(scores: Mapping[str, float]) -> float:
    return scores.get(CRISIS, 0.0) + scores.get(CRISIS_NOW, 0.0)


def red_flag_score(scores: Mapping[str, float]) -> float:
    return sum(scores.get(kind, 0.0) for kind in RED_FLAG_KINDS)


def _crisis_kind(scores: Mapping[str, float]) -> str:
    return CRISIS_NOW if scores.get(CRISIS_NOW, 0.0) > scores.get(CRISIS, 0.0) else CRISIS


def likeliest_kind(scores: Mapping[str, float]) -> str:
    return max(RED_FLAG_KINDS, key=lambda kind: scores.get(kind, 0.0))


def decide_message(
    pattern_kind: str | None,
    cues: Iterable[str],
    scores: Mapping[str, float],
    thresholds: Thresholds,
    votes: Mapping[str, float] | None = None,
) -> Verdict:
    """One message's verdict: a pattern decides, unless the meaning says clearly otherwise (then
    the assistant asks); without a pattern the semantic probabilities decide, checked against the
    intent classifier's `votes` (intent -> probability) when given."""
    verdict = _decide(pattern_kind, cues, scores, thresholds)
    if verdict.outcome == NONE and votes is not None:
        return _joint_lean(cues, scores, votes, thresholds)
    doubtful = verdict.outcome == SCREEN and votes is not None
    if doubtful and _let_go(verdict.kind, pattern_kind, cues, scores, votes or {}, thresholds):
        return Verdict(NONE)
    if pattern_kind or votes is None:
        return verdict
    other = max((p for name, p in votes.items() if name not in (*SAFETY_INTENTS, "nlu_fallback")), default=0.0)
    if verdict.outcome in (CRISIS, SCREEN) and verdict.kind != RED_FLAG and "idioms" in set(cues):
        # "I'd kill for a decent night's sleep": both readers key on "kill", and the idiom the
        # patterns found explains it. Let go when the classifier barely leans to a crisis, else
        # ask; never the crisis reply, which would alarm someone who is only tired.
        support = votes.get("express_crisis", 0.0)
        return Verdict(NONE) if support < thresholds.cue_support else Verdict(SCREEN, CRISIS)
    if crisis_score(scores) >= thresholds.unmistakable and other < thresholds.other_intent:
        return verdict
    concern = verdict.kind if verdict.outcome == SCREEN else verdict.outcome
    support = votes.get("express_crisis" if concern in (CRISIS, CRISIS_NOW) else "report_red_flag", 0.0)
    sure = red_flag_score(scores) >= thresholds.red_flag_escalate and support >= thresholds.agree
    if concern == RED_FLAG and sure and "resolved_cues" not in set(cues):
        # A doubt cue asked instead, but both readers are sure: "I can't feel when I need to pee"
        # holds a negation that is the symptom itself. Not when the person says it is over ("lost
        # control of my bladder once in 2019, fine since"): both readers key on the symptom's
        # words, and the screening question asks whether it is new.
        return Verdict(RED_FLAG, likeliest_kind(scores))
    needed = thresholds.red_flag_support if concern == RED_FLAG else thresholds.support
    if verdict.outcome != SCREEN and support < needed:
        verdict = Verdict(SCREEN, CRISIS if concern in (CRISIS, CRISIS_NOW) else RED_FLAG)
    if concern == RED_FLAG and support < thresholds.screen_support and other >= thresholds.other_intent:
        return Verdict(NONE)
    return verdict


def worrying_sentence(verdict: Verdict) -> Verdict:
    """What the verdict on a message's most worrying sentence adds when the whole message was let
    go: one question, and only when that sentence alone would escalate. A sentence read alone
    loses its context ("They'd get on fine without me at work if I took a month off"), so it never
    escalates, and a middling reading of it adds nothing (on the development set E, that halved
    the questions on near-misses for half the gain). The caller reads the sentence without the
    intent classifier's vote, which belongs to the whole message ("Did the tilts, back's at 6.
    Still thinking about the bridge most nights." is a progress report to the classifier)."""
    if verdict.outcome not in (CRISIS, RED_FLAG):
        return Verdict(NONE)
    return Verdict(SCREEN, CRISIS if verdict.outcome == CRISIS else RED_FLAG)


def _let_go(
    about: str | None,
    pattern_kind: str | None,
    cues: Iterable[str],
    scores: Mapping[str, float],
    votes: Mapping[str, float],
    thresholds: Thresholds,
) -> bool:
    """A screening question is dropped when the message's context is doubtful (a subject, the past,
    someone else, a question) and the intent classifier barely votes for the concern.
    - A pattern match must also read as clearly benign by meaning: the head misses typos
      ("sucidal again today").
    - A possible crisis read by meaning alone is dropped on an idiom too ("I could murder a bacon
      sandwich"). A possible red flag read by meaning alone is always asked about: its negation is
      often the symptom ("my ankle won't bend up anymore")."""
    support = votes.get("express_crisis" if about == CRISIS else "report_red_flag", 0.0)
    if pattern_kind:  # the pattern layer already weighed negations and idioms before the match
        doubt = CRISIS_DOUBT_CUES if about == CRISIS else RED_FLAG_DOUBT_CUES
        if pattern_kind == "cancer":  # "I had cancer six years ago, all clear": the history is the flag
            doubt = doubt - {"resolved_cues"}
        benign = 1.0 - crisis_score(scores) - red_flag_score(scores) >= thresholds.pattern_doubt
        return bool(doubt & set(cues)) and benign and support < thresholds.cue_support
    doubt = CRISIS_DOUBT_CUES | {"idioms"}
    return about == CRISIS and bool(doubt & set(cues)) and support < thresholds.cue_support


def _joint_lean(
    cues: Iterable[str], scores: Mapping[str, float], votes: Mapping[str, float], thresholds: Thresholds
) -> Verdict:
    """A screening question when the meaning and the intent classifier both lean to one concern,
    unless the message is about a subject, the past or someone else, or asks in general: both
    readers key on the words ("my aunt's had bladder leaks", "my boss is going to kill me")."""
    if set(cues) & (RED_FLAG_DOUBT_CUES | {"idioms"}):
        return Verdict(NONE)
    for about, score, intent in (
        (CRISIS, crisis_score(scores), "express_crisis"),
        (RED_FLAG, red_flag_score(scores), "report_red_flag"),
    ):
        if score >= thresholds.joint_score and votes.get(intent, 0.0) >= thresholds.joint_vote:
            return Verdict(SCREEN, about)
    return Verdict(NONE)


def _decide(
    pattern_kind: str | None, cues: Iterable[str], scores: Mapping[str, float], thresholds: Thresholds
) -> Verdict:
    crisis, red_flag = crisis_score(scores), red_flag_score(scores)
    if pattern_kind and scores and 1.0 - crisis - red_flag >= thresholds.pattern_doubt:
        return Verdict(SCREEN, CRISIS if pattern_kind == CRISIS else RED_FLAG)
    if pattern_kind == CRISIS and scores and CRISIS_DOUBT_CUES & set(cues) and crisis < thresholds.crisis_escalate:
        return Verdict(SCREEN, CRISIS)  # "I self-harmed as a teenager, long behind me": ask, don't alarm
    if pattern_kind == CRISIS or (pattern_kind and crisis >= thresholds.crisis_escalate and crisis > red_flag):
        return Verdict(CRISIS, _crisis_kind(scores))  # "if I got hit by a bus I'd be grateful" is no injury
    if pattern_kind:
        return Verdict(RED_FLAG, pattern_kind)
    doubt = bool(DOUBT_CUES & set(cues))
    if crisis >= thresholds.crisis_escalate and crisis >= red_flag:
        return Verdict(CRISIS, _crisis_kind(scores))
    if red_flag >= thresholds.red_flag_escalate:
        return Verdict(SCREEN, RED_FLAG) if doubt else Verdict(RED_FLAG, likeliest_kind(scores))
    if crisis >= thresholds.crisis_escalate:
        return Verdict(CRISIS, _crisis_kind(scores))
    if crisis >= thresholds.crisis_screen:
        return Verdict(SCREEN, CRISIS)
    if red_flag >= thresholds.red_flag_screen:
        return Verdict(SCREEN, RED_FLAG)
    return Verdict(NONE)


def decide_in_context(
    message: Verdict, scores: Mapping[str, float], recent: Iterable[Turn], thresholds: Thresholds
) -> Verdict:
    """The message's verdict, raised one step when the recent turns were worrying and this one
    leans the same way: a message that was asked about becomes a crisis ("I have a plan for
    tonight" after "I can't see a way out"), and one that leans only a little is asked about. It
    once went straight to a crisis, and "like a 7 by night. morning its ok like a 3" after "i am
    DONE" got the crisis lines. Not when one of them was asked about: its answer decided ("I would
    never get up again", about the floor, asked about and answered, must not make "Perhaps he was
    right" a crisis two turns later)."""
    recent = list(recent)
    if message.outcome in (CRISIS, RED_FLAG) or any(turn.outcome == SCREEN for turn in recent):
        return message
    worrying = any(crisis_score(turn.scores) >= thresholds.context_recent for turn in recent)
    if not worrying or crisis_score(scores) < thresholds.context_crisis:
        return message
    if message.outcome == SCREEN:
        return Verdict(CRISIS, _crisis_kind(scores))
    return Verdict(SCREEN, CRISIS)


ESCALATE, SCREEN_ANSWER = "action_safety_escalation", "action_screening_answer"
RESTATE, FOLLOW_UP, FEAR = "action_safety_restate", "action_safety_follow_up", "action_answer_fear"
SCREEN_ACTION = "action_safety_screen"
LEANS = 0.5  # how sure the semantic head must be that a message is fear, urgency or "I'm safe"
# While a red flag is open, minimising or asking about urgency is what people do next, so less is
# needed: "its probably nothing tbh" reads 40% urgency (and 60% a pain rating of "nothing").
OPEN_URGENCY = 0.3


# "ok I'll go to A&E", "booking the GP now": agreeing to get seen, not asking whether to.
GOING_WORDS = re.compile(
    r"\b(i'?ll|i will|i'?m|im|i am|gonna|going to|will)( now)? (go|going|book|booking|call|calling|ring|ringing|"
    r"phone|phoning|head|heading|get (it |this )?(checked|seen|looked at))\b|\bon (my|our) way\b"
    r"|\b(drive|driving|take|taking|run|running) (me|us) (to|in|down|over|there)\b"
)
# "its not that bad though, about the same": minimising an open red flag, which gets the advice again.
MINIMISING = re.compile(
    r"\b(not (that|so|too|very) bad|probably nothing|(it'?s|its) (fine|nothing|ok)|about the same|no worse"
    r"|not (that |so )?serious|i'?m (fine|ok|okay) really|can'?t be that bad)\b"
)


# After a red flag, a question about whether or when to go, or how serious it is ("do I need to
# see the GP urgently or not?", "can't I wait till monday?", "is that serious?") is the advice's to
# answer, whatever the meaning head makes of it: a retrained head read the first at 0.26 urgency.
ASKS_WHEN_TO_GO = re.compile(
    r"(?=.*(\?|^(do|does|should|can|could|must|is|am|will|would)\b|\bcan'?t i\b))"
    r".*\b(urgent(ly)?|rush|wait|hurry|right away|straight away|today|tonight|tomorrow|monday|weekend|a&e|"
    r"er|hospital|emergency|gp|doctor|check-?up|appointment|see (someone|anyone)|go in|"
    r"serious|dangerous|bad|worr(y|ied))\b"
)


def _plain(text: str) -> str:
    """Lower case, single spaces: what the answer patterns below are written against."""
    return " ".join(text.lower().split())


def agrees_to_go(text: str) -> bool:
    return bool(GOING_WORDS.search(_plain(text)))


@dataclass(frozen=True)
class Turn:
    """One message of the person, as the dialogue sees it: its intent, semantic scores and verdict."""

    intent: str | None
    scores: Mapping[str, float]
    outcome: str = NONE
    text: str = ""


def next_safety_action(
    latest: Turn,
    earlier: list[Turn],
    concern: str | None,
    screening: str | None,
    thresholds: Thresholds,
    asked_safe: bool = False,
) -> str | None:
    """The safety dialogue's next action after the person's message, or None to let the rules and
    the other policies decide:
    - a pending screening question is answered, whatever the answer looks like;
    - so is a pending "Are you safe right now?" after a crisis (a goodbye still says goodbye);
    - while a concern is open, an unclear message gets the advice again, not a new question;
    - worrying recent turns raise a message that was asked about to a crisis (unless one is
      already open), and one that leans a little to a question;
    - after a red flag, urgency questions and "it's probably nothing" get the advice again;
    - after a crisis, "I'm safe" and a step towards safety ("I'll give the tablets to Mary") are
      acknowledged, with the resources kept in view;
    - a fear about the future gets honesty and a pointer to the clinician, unless the knowledge
      base has the answer ("does degenerative disc disease get worse?" is label_worse's)."""
    if latest.intent in SAFETY_INTENTS[:2]:
        return None  # the rules escalate, in every state
    if screening:
        return SCREEN_ANSWER
    if asked_safe and concern == CRISIS and latest.intent != "goodbye":
        return FOLLOW_UP
    if latest.intent in SAFETY_INTENTS:  # an unclear message while a concern is open: no new question
        return (RESTATE if concern == RED_FLAG else FOLLOW_UP) if concern else None
    in_context = decide_in_context(Verdict(latest.outcome), latest.scores, earlier[-3:], thresholds)
    if concern != CRISIS and in_context.outcome == CRISIS:
        return ESCALATE
    if not concern and latest.outcome == NONE and in_context.outcome == SCREEN:
        return SCREEN_ACTION
    if concern == RED_FLAG and follow_up_answer(RED_FLAG, latest.intent, latest.scores, latest.text) == GOING:
        return FOLLOW_UP  # "ok fine I'll go": thanked, not told again why
    # "my GP checked it and said it's fine" is a clearance, which its action weighs, not minimising.
    minimises = latest.intent != "report_clinician_cleared" and MINIMISING.search(_plain(latest.text))
    asks_when = ASKS_WHEN_TO_GO.search(_plain(latest.text)) is not None
    if concern == RED_FLAG and (latest.scores.get("urgency", 0.0) >= OPEN_URGENCY or minimises or asks_when):
        return RESTATE
    if concern == CRISIS and (latest.scores.get("safe", 0.0) >= LEANS or takes_a_safety_step(latest.text)):
        return FOLLOW_UP  # "told her. we're ringing the doctor in the morning": not out of scope
    if latest.outcome == NONE and latest.scores.get("fear", 0.0) >= LEANS and latest.intent != "faq":
        return FEAR
    return None


SAFE, NOT_SAFE, UNCLEAR, GOING, STEP = "safe", "not_safe", "unclear", "going", "step"
# A step towards safety after a crisis disclosure: someone told or with them, a call made or
# planned, the means given away. Said so, it is met as the step it is, not as "unclear".
SAFETY_STEP = re.compile(
    r"\b(?:tell|told|telling|talk(?:ed|ing)? to|ring(?:ing)?|rang|call(?:ed|ing)?|phon(?:e|ed|ing)|text(?:ed|ing)?|"
    r"speak(?:ing)? to|spoke to)\s+(?:her|him|them|my|mum|mom|dad|the doctor|a doctor|the gp|samaritans|988|"
    r"someone|somebody|a friend|the helpline|the crisis line|lifeline|the nurse)\b|"
    r"\bgiv(?:e|en|ing) (?:the|my|them|all the) (?:tablets|pills|meds|medication|drugs)\b|"
    r"\b(?:tablets|pills|meds|medication) (?:to|with) (?:her|him|my|mary|someone)\b|"
    r"\bhere with me\b|\bstaying with me\b|\bwith me (?:now|tonight)\b|\b(?:is|are) coming (?:over|round)\b",
    re.IGNORECASE,
)


REFUSES = re.compile(r"\b(?:won'?t|can'?t|not going to|never)\b", re.IGNORECASE)


def takes_a_safety_step(text: str) -> bool:
    """Whether a message after a crisis disclosure tells of a step towards safety."""
    return bool(SAFETY_STEP.search(text)) and not REFUSES.search(text)


# A "no" that corrects a misreading rather than answers the question.
CORRECTION = re.compile(
    r"\b(not like that|not what i meant|i mean|i meant|didn'?t mean|did not mean|just an? (expression|saying)"
    r"|figure of speech|only joking|just joking|kidding)\b"
)


# Not wanting to talk about it is not a "no, I'm not safe": it gets the resources kept in view, not
# the emergency reply ("i dont want to talk about that" was sent to 999).
NOT_TALKING = re.compile(
    r"\b(?:don'?t|do not|dont|rather not|not going to|won'?t|can'?t) (?:want to |wanna )?"
    r"(?:talk|say|discuss|go into|get into|answer)\b"
)


def follow_up_answer(concern: str, intent: str | None, scores: Mapping[str, float], text: str) -> str:
    """What a reply to the follow-up question says. After a red flag: GOING when they agree to get
    seen ("ok I'll go"), else UNCLEAR. After a crisis ("Are you safe right now?"): a step towards
    safety is STEP; a yes or "I'm safe" is SAFE; a bare no is NOT_SAFE (never "I'm glad you're
    safe"); anything else ("what do you mean", a new topic, "I don't want to talk about that") is
    UNCLEAR."""
    if concern == RED_FLAG:
        return GOING if intent == "affirm" or agrees_to_go(text) else UNCLEAR
    if takes_a_safety_step(text):
        return STEP
    if scores.get("safe", 0.0) >= LEANS or intent == "affirm":
        return SAFE
    if intent == "deny" and CORRECTION.search(_plain(text)):
        return UNCLEAR  # "no not like that, I mean I'm knackered": a correction, not "I'm not safe"
    return NOT_SAFE if intent == "deny" and not NOT_TALKING.search(_plain(text)) else UNCLEAR


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
WHY_ASK = re.compile(r"^\W*(why|what|eh|sorry)\W*$|\bwhy (do|would|are|did) (you|u) (ask|say|want)")
# Metadata key on a message handed back to the dialogue after its screening answer was decided
# (actions.common.answer_again): safety has already read it, and history readers count it once.
REPLAYED = "guywire_replayed"


def replayed(metadata: Mapping[str, Any] | None) -> bool:
    """Whether a user message's metadata marks it as handed back (REPLAYED): one turn, not two."""
    return bool((metadata or {}).get(REPLAYED))


DAYS = "yesterday|today|last|this|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
ONSET = re.compile(rf"\b(new|recent(ly)?|just started|since ({DAYS}))\b")
NOT_NEW = re.compile(r"\b(not|isn't|isnt|nothing|never) (that |really |very |at all )?(new|recent)\b")


# "no", also after an exclamation ("god no not like that!!"), or a plain "not at all".
LEADING_NO = re.compile(
    r"\s*((oh|god|gosh|lol|haha|ha|hell|omg|good god|christ)\W+)?"
    r"(no|nope|nah|not really|not at all|definitely not|absolutely not|of course not)\b(?! idea| clue)"
)


def mentions_onset(text: str) -> bool:
    """The answer says the sign is new ("no, it's new actually"): the red-flag screening question
    asks whether it is new, so a "no" that says so is not a no."""
    lowered = _plain(text)
    return bool(ONSET.search(lowered)) and not NOT_NEW.search(lowered)


def screening_answer(
    about: str, intent: str | None, scores: Mapping[str, float], text: str, reasked: bool, thresholds: Thresholds
) -> str:
    """What the reply to a screening question decides: ESCALATE, SCREEN_AGAIN, SCREEN_CLEARED or
    SCREEN_DROPPED. A yes (a disclosure the safety net read as one counts; a yes to recording the
    chat does not) or minimising a red flag
    ("it's probably nothing, can we carry on") escalates: minimising is not an answer. Then a clear
    no clears it (for the crisis question, also "I'm safe"), and a reply that is not a no but
    clearly worries escalates. A reply that moves on to a topic of its own (MOVED_ON) drops it at
    once; one that does not answer at all ("what do you mean?") gets the question once more, and a
    second drops it. Dropped, it gets where to turn if it ever applies and is left for human
    review: most questions nobody answers were asked about an ordinary message ("can I do them on
    the bed?"), and the crisis reply would alarm."""
    worrying = max(crisis_score(scores), red_flag_score(scores)) >= thresholds.answer_worrying
    assent = intent == "affirm" and not mentions_recording(text)  # "aye record it": asked again
    says_yes = assent or intent in ("express_crisis", "report_red_flag") or (about == RED_FLAG and mentions_onset(text))
    minimising = about == RED_FLAG and scores.get("urgency", 0.0) >= LEANS
    says_no = intent == "deny" or LEADING_NO.match(text.lower()) is not None or bool(CORRECTION.search(_plain(text)))
    says_no = says_no or (about == CRISIS and scores.get("safe", 0.0) >= LEANS)
    if says_yes or minimising:
        return ESCALATE
    if says_no:  # "no im not suicidal lol, just fed up" reads 0.56 crisis; a disclosure after a "no"
        return SCREEN_CLEARED  # ("no but I wish I wouldn't wake up") is read as express_crisis
    if worrying:
        return ESCALATE
    moved_on = intent in MOVED_ON and not asks_what_it_means(text) and not WHY_ASK.search(_plain(text))
    return SCREEN_DROPPED if reasked or moved_on else SCREEN_AGAIN

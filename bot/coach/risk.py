"""How risky a message is, on its own and in its conversation: escalate, ask, or go on.

Two readings come in as plain values: the pattern layer's kind (precise, hand-written) and the
semantic head's probabilities (bot/nlu/semantic_safety.py). Between "clearly safe" and "clearly a
crisis or red flag" the assistant asks one direct screening question, as clinicians do, and the
answer decides. The conversation counts too: "I have a plan for tonight" after hopelessness is a
crisis, though alone it is only worth a question.

Used by the NLU (one message) and by the dialogue and actions (with the recent turns), so both
reach the same verdict from the same numbers. What the dialogue does next, and what a reply to its
questions says, is bot.coach.safety_dialogue's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

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
    # `other_intent` or more, is let go. A possible crisis is always asked about. At 0.05, "if this
    # gets any worse just take me out back and shoot me" (0.06) and "my mum says I've ruined my back
    # forever" (0.15) got the crisis lines mid-conversation (development suite O); at 0.2 a few more
    # crises on the development sets are asked about first (direct escalations 72.8% to 66.4%, none
    # missed) and near-misses escalated go from 2.9% to 2.7%, ordinary messages from 0.20% to 0.13%.
    support: float = 0.2
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
    # classifier knows, and "how to fix a running toilet" is not one. A red flag the meaning reads
    # this surely is asked about even when the classifier hears something else: "fell about 3
    # metres off the scaffolding at work on Monday. back's really sore" read 1.00 a fracture and
    # 0.8 describing pain (on the development sets: 5 more red flags asked about, 2 near-misses).
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
    # A crisis by meaning alone beside an idiom is asked about, not let go, from this reading: on the
    # development sets 2 more crises and 2 more near-misses were asked about (from 0.75: 2 and 4).
    despite_idiom: float = 0.85
    # A red-flag pattern (not cauda equina) the meaning reads as at least this benign, with the
    # classifier's vote under `cue_support`, is asked about rather than escalated.
    pattern_asks: float = 0.5
    # A reply to a screening question escalates on its own reading only when it clearly worries:
    # "see thats what they all say, the doctors pass me round like a parcel" reads 0.25 crisis,
    # and a question about crisis must not turn a complaint into one.
    answer_worrying: float = 0.5
    # To the crisis question itself, only as surely as a first message escalates (config.yml's
    # crisis_escalate): "Unsatisfying, but logical. Done. No effect.", a step tried, read 0.59 a
    # crisis and got the crisis lines. Unclear, it is asked once more, then let go with where to turn.
    crisis_answer_worrying: float = 0.75
    # A middling crisis reading by meaning alone is let go when the intent classifier is this sure
    # of a practical intent (PRACTICAL_INTENTS) and the meaning is under `practical_crisis`.
    practical_vote: float = 0.9
    practical_crisis: float = 0.4
    # In a calm conversation (`calm_turns` earlier messages, none worrying: _worried), a crisis
    # question by meaning alone, under `calm_crisis`, about a message the classifier reads as a
    # practical one, is not asked (bot.coach.conversation_risk.calm_context).
    calm_turns: float = 2
    calm_recent: float = 0.5
    calm_crisis: float = 0.85
    # A message of `pooled_sentences` sentences or more whose whole reads a middling crisis (under
    # `pooled_crisis`) while none of its sentences reads more, and that the intent classifier hears
    # as a practical one: an artefact of averaging (pooled_artefact). At 0.45 it let go "...and ive
    # been cutting again. three times this week..." (0.43) on the development set C.
    pooled_sentences: float = 3
    pooled_crisis: float = 0.38
    # A crisis pattern in a message that says it is over ("I used to self harm as a teenager, that's
    # 15 years behind me") that the meaning reads as a crisis under this is heard as a history, with
    # the resources (bot.coach.safety.past_crisis_messages), not asked about as if it were now,
    # whatever the intent classifier's vote: it keys on the words, which a history has too.
    past_crisis: float = 0.3
    # A possible crisis read by meaning alone, this much of it an emergency now, is never let go on a
    # doubt cue (_let_go).
    now_asks: float = 0.4
    # A crisis question by meaning alone beside a fear told is let go under this reading (_fear_told).
    fear_crisis: float = 0.85

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Thresholds:
        names = {f.name for f in fields(cls)}
        return cls(**{k: float(v) for k, v in config.items() if k in names})


PRACTICAL_INTENTS = frozenset(
    {
        "report_progress",
        "request_core_steps",
        "goodbye",
        "greet",
        "thank",
        "affirm",
        "report_pain_level",
        "ask_core",
        "ask_muscle_imbalance",
        "ask_treatment_opinion",
        "ask_pain_meaning",
        "request_delete_data",
        "start_check_in",
        "request_listening_exercise",
        "mention_diagnosis",
        "describe_pain",
        "out_of_scope",
        "bot_challenge",
        "ask_capabilities",
    }
)


@dataclass(frozen=True)
class Verdict:
    """`outcome` is none, screen, crisis or red_flag; `kind` names what: crisis or crisis_now for
    a crisis, a red-flag kind, or for a screening question what it asks about (crisis/red_flag)."""

    outcome: str
    kind: str | None = None


@dataclass(frozen=True)
class Turn:
    """One message of the person, as the dialogue sees it: its intent, semantic scores and verdict."""

    intent: str | None
    scores: Mapping[str, float]
    outcome: str = NONE
    text: str = ""
    about: str | None = None  # what a screening verdict asks about: crisis or red_flag
    pattern: str | None = None  # the kind the pattern layer found in it, if any
    votes: Mapping[str, float] = field(default_factory=dict)  # the intent classifier's, before the safety net

    @classmethod
    def from_parse(cls, parse: Mapping[str, Any], text: str) -> Turn:
        """The turn a user message's parse data describes (the NLU's intent, scores and verdict)."""
        verdict = parse.get("safety_verdict") or {}
        intent = (parse.get("intent") or {}).get("name")
        scores = parse.get("safety_scores") or {}
        votes = verdict.get("classifier") or {}
        return cls(
            intent, scores, verdict.get("outcome", NONE), text, verdict.get("kind"), verdict.get("pattern"), votes
        )


def crisis_score(scores: Mapping[str, float]) -> float:
    return scores.get(CRISIS, 0.0) + scores.get(CRISIS_NOW, 0.0)


def red_flag_score(scores: Mapping[str, float]) -> float:
    return sum(scores.get(kind, 0.0) for kind in RED_FLAG_KINDS)


def crisis_kind(scores: Mapping[str, float]) -> str:
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
    if votes is not None and _doubted_pattern(verdict, pattern_kind, scores, votes, thresholds):
        return Verdict(SCREEN, RED_FLAG)
    if votes is not None and _symptom_not_crisis(verdict, pattern_kind, votes, thresholds):
        return Verdict(RED_FLAG, pattern_kind)
    if pattern_kind or votes is None:
        return verdict
    if (
        verdict.outcome == CRISIS
        and "hypothetical_cues" in set(cues)
        and crisis_score(scores) < thresholds.unmistakable
    ):
        # "I might... what if I fall again though" (to a chair exercise class) read 0.89 a crisis to
        # the meaning and 0.83 to the classifier, and got the crisis lines: a "what if" by meaning
        # alone is asked about.
        return Verdict(SCREEN, CRISIS)
    if _practical(verdict, scores, votes, thresholds):
        return Verdict(NONE)
    other = max((p for name, p in votes.items() if name not in (*SAFETY_INTENTS, "nlu_fallback")), default=0.0)
    if verdict.outcome in (CRISIS, SCREEN) and verdict.kind != RED_FLAG and "idioms" in set(cues):
        # "I'd kill for a decent night's sleep": both readers key on "kill", and the idiom the
        # patterns found explains it. Let go when the classifier barely leans to a crisis, else
        # ask; never the crisis reply, which would alarm someone who is only tired.
        # Unless the meaning is this sure of a crisis: "I'm sat here with a knife, my back is killing
        # me and I don't trust myself" had been let go for its idiom.
        support, sure = votes.get("express_crisis", 0.0), crisis_score(scores) >= thresholds.despite_idiom
        return Verdict(NONE) if support < thresholds.cue_support and not sure else Verdict(SCREEN, CRISIS)
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
    sure = red_flag_score(scores) >= thresholds.unmistakable
    if concern == RED_FLAG and support < thresholds.screen_support and other >= thresholds.other_intent and not sure:
        return Verdict(NONE)  # a sign the meaning is sure of is asked about, whatever else the words say
    if verdict == Verdict(SCREEN, CRISIS) and _fear_told(cues, scores, support, thresholds):
        return Verdict(NONE)
    return verdict


def _fear_told(cues: Iterable[str], scores: Mapping[str, float], support: float, thresholds: Thresholds) -> bool:
    """A fear told, or reassurance asked for, that the meaning alone reads as a possible crisis:
    "Alright. I'm a bit scared, to be honest" read 0.82 a crisis and 0.004 to the intent classifier,
    and a person frightened by a red flag was asked whether they were thinking of ending their life
    (suite Y, five times). Let go when the classifier hardly hears a crisis (`cue_support`) and the
    meaning is not near sure (`fear_crisis`); a crisis pattern never gets here."""
    return (
        "fear_cues" in set(cues) and support < thresholds.cue_support and crisis_score(scores) < thresholds.fear_crisis
    )


def _practical(
    verdict: Verdict, scores: Mapping[str, float], votes: Mapping[str, float], thresholds: Thresholds
) -> bool:
    """A middling crisis reading by meaning alone, of a message the intent classifier is sure is a
    practical one: "It's the next day now. Did the breathing morning and night, no problem at all"
    reads 0.35 crisis and 0.94 a progress report, and had been asked about suicide. On the
    development sets no crisis was let go this way (from a vote of 0.8, or a reading of 0.5, some were)."""
    if verdict != Verdict(SCREEN, CRISIS) or crisis_score(scores) >= thresholds.practical_crisis:
        return False
    return max((p for name, p in votes.items() if name in PRACTICAL_INTENTS), default=0.0) >= thresholds.practical_vote


# Intents that are never a reason to let a crisis question go: feelings, yes and no, the unplaced.
NOT_PRACTICAL = frozenset({*SAFETY_INTENTS, "nlu_fallback", "share_feeling", "affirm", "deny", "screen_safety"})


def crisis_history(pattern_kind: str | None, cues: Iterable[str]) -> bool:
    """A crisis pattern in a message that says it is over ("years ago", "long behind me"): the one
    test both the risk rules (`past_crisis`) and the safety net (`mention_past_crisis`) apply."""
    return pattern_kind == CRISIS and "resolved_cues" in set(cues)


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


def answer_worry_buried(whole: Mapping[str, float], votes: Mapping[str, float], thresholds: Thresholds) -> bool:
    """Whether an answer to the crisis question worries only in one sentence read alone, while the
    whole reads calm and the intent classifier hardly hears a crisis: "8. and before u ask i dont
    want to do the whole feelings thing today" read 0.06 a crisis whole, 0.78 its last sentence and
    0.15 to the classifier (0.74 the check-in), and got the crisis lines (development suite X). It
    is asked once more instead. A buried yes ("sometimes yeah. i think theyd be better off...")
    reads worrying whole, or to the classifier."""
    return crisis_score(whole) < thresholds.crisis_screen and votes.get("express_crisis", 0.0) < thresholds.cue_support


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
    - A red-flag pattern needs no cue when both other readers call it benign: "I laughed so hard I
      nearly wet myself", "lost 3kg over ramadan". On the development sets this path asked 79
      near-misses and caught 3 red flags, each with the classifier's vote at 0.83 or more. A crisis
      pattern always needs a cue: the meaning reads "this is goodbye, thanks for trying" as benign
      and the classifier gives it nothing. Nor a history of cancer said to be over: it is the flag.
    - A crisis pattern the person says is over needs only a low crisis reading (`past_crisis`);
      the safety net then hears it as a history, with the resources.
    - A possible crisis read by meaning alone is dropped on an idiom too ("I could murder a bacon
      sandwich"). A possible red flag read by meaning alone is always asked about: its negation is
      often the symptom ("my ankle won't bend up anymore")."""
    support = votes.get("express_crisis" if about == CRISIS else "report_red_flag", 0.0)
    if crisis_history(pattern_kind, cues) and scores and crisis_score(scores) < thresholds.past_crisis:
        return True
    if pattern_kind:  # the pattern layer already weighed negations and idioms before the match
        doubt = CRISIS_DOUBT_CUES if about == CRISIS else RED_FLAG_DOUBT_CUES
        if pattern_kind == "cancer":  # "I had cancer six years ago, all clear": the history is the flag
            doubt = doubt - {"resolved_cues"}
        benign = 1.0 - crisis_score(scores) - red_flag_score(scores) >= thresholds.pattern_doubt
        uncued = about != CRISIS and not (pattern_kind == "cancer" and "resolved_cues" in set(cues))
        return (uncued or bool(doubt & set(cues))) and benign and support < thresholds.cue_support
    doubt = CRISIS_DOUBT_CUES | {"idioms"}
    if scores.get(CRISIS_NOW, 0.0) >= thresholds.now_asks:
        # An emergency by meaning is asked about whatever cue is near: "I'm going to the woods tonight
        # with the dog lead. The dog's staying home." (0.68 now) was let go on "the dog's" as
        # someone else, once a retrain moved it under crisis_escalate (development set Y)
        return False
    return about == CRISIS and bool(doubt & set(cues)) and support < thresholds.cue_support


def _doubted_pattern(
    verdict: Verdict,
    pattern_kind: str | None,
    scores: Mapping[str, float],
    votes: Mapping[str, float],
    thresholds: Thresholds,
) -> bool:
    """A red-flag pattern that both other readers doubt: "fell off my bike on the gravel, scraped my
    palms" (a fall, to the pattern) reads more benign than not to the meaning, and the intent
    classifier hardly sees a red flag. Asked about, not escalated: on the development sets 15
    near-misses went this way and no red flag. Never cauda equina, which is an emergency: "my
    private area feels like the dentist numbed it" read just as doubtful."""
    if verdict.outcome != RED_FLAG or pattern_kind in (None, CRISIS, "cauda_equina"):
        return False
    benign = 1.0 - crisis_score(scores) - red_flag_score(scores)
    return benign >= thresholds.pattern_asks and votes.get("report_red_flag", 0.0) < thresholds.cue_support


def _symptom_not_crisis(
    verdict: Verdict, pattern_kind: str | None, votes: Mapping[str, float], thresholds: Thresholds
) -> bool:
    """A red-flag pattern the meaning reads as a crisis, in a message the intent classifier hears
    surely as a red flag and hardly as a crisis: "...the last two nights I've been soaking the sheets
    with sweat and I've got this new deep pain in my spine and I feel properly ill. Anyway, should I
    still do the walking?" read 0.83 a crisis to the meaning ("feel properly ill" is how an overdose
    is told), 0.95 a red flag and 0.01 a crisis to the classifier, and got the crisis lines instead
    of an urgent assessment (development set X). The symptom is what they told."""
    if verdict.outcome != CRISIS or pattern_kind in (None, CRISIS):
        return False
    return (
        votes.get("report_red_flag", 0.0) >= thresholds.agree and votes.get("express_crisis", 0.0) < thresholds.support
    )


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
        return Verdict(CRISIS, crisis_kind(scores))  # "if I got hit by a bus I'd be grateful" is no injury
    if pattern_kind:
        return Verdict(RED_FLAG, pattern_kind)
    doubt = bool(DOUBT_CUES & set(cues))
    if crisis >= thresholds.crisis_escalate and crisis >= red_flag:
        return Verdict(CRISIS, crisis_kind(scores))
    if red_flag >= thresholds.red_flag_escalate:
        return Verdict(SCREEN, RED_FLAG) if doubt else Verdict(RED_FLAG, likeliest_kind(scores))
    if crisis >= thresholds.crisis_escalate:
        return Verdict(CRISIS, crisis_kind(scores))
    if crisis >= thresholds.crisis_screen:
        return Verdict(SCREEN, CRISIS)
    if red_flag >= thresholds.red_flag_screen:
        return Verdict(SCREEN, RED_FLAG)
    return Verdict(NONE)


# Hopelessness about everything, in a few words: "whats the point", "the pain has won", "some days i
# dont see the point of anything". Development sets shared them for sessions, and the meaning head
# reads them as venting; never "what's the point of a dead hang?" or "of the diary", which are about
# one thing. Asked about, not escalated: "I don't see the point" is also how tired people talk.
HOPELESS = re.compile(
    r"\b(?:don'?t|dont|do not|can'?t|cant|cannot) see (?:the|any) point|\bwhat'?s the point|\bwhats the point"
    r"|\bno point",
    re.IGNORECASE,
)
POINTLESS_OF = re.compile(
    r"(?:\s+(?:anymore|any more|now))?\s*(?:[.!?,;]|$)|\s+(?:of|in)\s+(?:anything|it all|any of (?:it|this)|"
    r"living|life|going on|carrying on|trying|even trying|me|being here|getting up|waking up|any ?thing)\b",
    re.IGNORECASE,
)
PAIN_HAS_WON = re.compile(r"\bthe pain (?:has|'s) won\b", re.IGNORECASE)


# "Didn't do them. Honestly I don't see the point.": the point of a task, not of living.
ABOUT_A_TASK = re.compile(
    r"\b(?:exercis\w*|stretch\w*|steps?|breathing|physio\w*|diary|tilts?|routine|app|check-?in|questions?|"
    r"them|gym|pills?|tablets?|appointment)\b",
    re.IGNORECASE,
)


def hopeless(text: str) -> bool:
    """Whether a message says, in a few words, that there is no point to anything (above)."""
    if PAIN_HAS_WON.search(text):
        return True
    said = any(POINTLESS_OF.match(text, m.end()) for m in HOPELESS.finditer(text))
    return said and not ABOUT_A_TASK.search(text)


# A break told by its sound: "heard this horrible crunch moving the wardrobe and now I can't stand up
# straight" is the fracture pattern's, but a retrained meaning head read it wholly benign and it was
# let go (the team's own set caught it in CI). Told by its sound, it is asked about at least.
BREAK_HEARD = re.compile(
    r"\b(?:heard|felt)\b[^.!?]{0,25}\b(?:crack|snap|crunch|pop)\b|\bsomething (?:cracked|snapped|crunched|popped)\b",
    re.IGNORECASE,
)


def break_heard(pattern_kind: str | None, text: str) -> bool:
    """Whether a fracture pattern's message tells of the break by its sound (above)."""
    return pattern_kind == "fracture" and BREAK_HEARD.search(text) is not None

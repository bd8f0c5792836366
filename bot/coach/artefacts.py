"""Safety readings that come from a message's shape rather than its meaning, and are let go.

The semantic head (bot/nlu/semantic_safety.py) reads a whole message as one sentence vector. Two
shapes of ordinary message lean it towards a crisis without saying anything worrying: a long
practical message whose sentences are averaged, and a goodbye, whose words sit close to the farewell
lines a crisis can end with. Both were asked "are you having thoughts of ending your life?" in the
blind conversation suites. Each predicate here says when such a question is only the shape talking;
neither ever lets go a pattern, a sure reading, or the intent classifier's lean to a crisis. A
third shape, a short question asked back, leans the head towards an overdose ("taking pills?"):
it is asked about rather than escalated (asked_back).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.coach.leaving import signs_off
from bot.coach.risk import CRISIS, PRACTICAL_INTENTS, SCREEN, Thresholds, Verdict, crisis_score

# A short question, asked back: the last words end with a question mark.
SHORT_QUESTION_WORDS = 12


def pooled_artefact(
    verdict: Verdict,
    pattern: str | None,
    scores: Mapping[str, float],
    votes: Mapping[str, float] | None,
    sentence_count: int,
    sentence_worse: bool,
    thresholds: Thresholds,
) -> bool:
    """Whether a crisis question about a long message comes only from averaging its sentences: "hello
    there, my name is Ann, I'm 66 and I've had sciatica for years. My GP says it's a slipped disc
    and I should rest but my daughter says I should keep moving. Who is right? And should I stop
    my yoga class?" read 0.33 a crisis whole and nothing alone, and was asked about suicide (a yes
    to recording then escalated it). Never with a pattern, a sentence that worries more than the
    whole (`sentence_worse`), or the intent classifier leaning to a crisis or not hearing a
    practical message clearly."""
    if verdict != Verdict(SCREEN, CRISIS) or pattern or sentence_worse:
        return False
    if sentence_count < thresholds.pooled_sentences or crisis_score(scores) >= thresholds.pooled_crisis:
        return False
    votes = votes or {}
    # The practical intents' share together: "...injections, the lot. nothing works and im 58 and fed
    # up. my mri says degenerative disc disease..." was heard 0.46 a treatment question and 0.40 a
    # label, and was asked about suicide as the first reply to a person's history.
    practical = sum(p for name, p in votes.items() if name in PRACTICAL_INTENTS)
    return votes.get("express_crisis", 0.0) < thresholds.cue_support and practical >= thresholds.other_intent


# A goodbye that ends only today's talk: "Thank you. That is all for today. Goodbye." read 0.96 a
# crisis and was asked about suicide (suite AC, read; again on the final code).
FOR_TODAY = re.compile(
    r"\b(?:that'?s|that is|thats) (?:all|it|enough) for (?:today|now|this evening|this morning|tonight)\b",
    re.IGNORECASE,
)


# An ordinary goodbye says when they'll be back, or what they are off to: "talk tomorrow", "will
# message again next week", "bubs awake gotta go". A farewell says it is the last: "No more pain
# after tonight. Goodbye" (development set A) must never be let go as a goodbye.
RETURNS = re.compile(
    r"\b(?:talk|speak|chat|see|catch) (?:to )?(?:you|ya|u)? ?(?:soon|later|tomorrow|next)\b|\bcome back\b|"
    r"\b(?:will|i'?ll|ill) (?:message|text|write|check in|report back|be in touch|be back|try)\b|"
    r"\b(?:for|in) (?:some|a few|a couple of) days\b|"
    + FOR_TODAY.pattern
    + r"|\bnext (?:week|time|session)\b|\btomorrow\b|\blater\b|\b(?:gotta|got to|have to|need to|must) "
    r"(?:go|run|dash|jump|head)\b|\boff to (?:work|bed|sleep)\b|\bgoing to (?:sleep|bed|work)\b|"
    r"\b(?:baby|bub|bubs|kids?|dinner|tea|work|shift|bus|train|meeting|call|school run)\b",
    re.IGNORECASE,
)
FINAL = re.compile(
    r"\b(?:last|final|forever|for good|anymore|any more|no more|won'?t be (?:around|here|needing|back)|"
    r"never (?:again|see)|tonight|goodbye to (?:everyone|you all|all)|end)\b",
    re.IGNORECASE,
)


# Practice planned: "I will stay with the breathing for some days", "ill keep doing them".
PRACTICE_PLAN = re.compile(
    r"\b(?:will|i'?ll|ill|gonna|going to) (?:stay with|keep (?:up|going with|at|doing)|stick (?:with|at)|"
    r"carry on with|practi[cs]e|do) (?:it|them|this|that|these|the (?:breathing|exercises?|steps?|tilts?|\w+ one))\b",
    re.IGNORECASE,
)


def plans_practice(text: str) -> bool:
    """Whether a message plans to keep practising a step, or ends only today's talk: either says
    there is a next time, which a farewell does not."""
    return bool(PRACTICE_PLAN.search(text) or FOR_TODAY.search(text))


def everyday_goodbye(text: str) -> bool:
    """Whether a message ends by saying goodbye, says when they'll be back or what they're off to,
    and says nothing of it being the last."""
    return signs_off(text) and bool(RETURNS.search(text)) and not FINAL.search(text)


def leaving_artefact(
    verdict: Verdict,
    pattern: str | None,
    scores: Mapping[str, float],
    votes: Mapping[str, float] | None,
    leaving: bool,
    thresholds: Thresholds,
    practice_planned: bool = False,
) -> bool:
    """Whether a crisis question about an everyday goodbye (`leaving`: everyday_goodbye above) comes
    only from its being a goodbye: "ok bubs awake gotta go!! thanks heaps" and "thanks a million for
    pushing me ... I'll be in touch when I'm back on me feet" were asked about suicide at the end of
    ordinary conversations (development suite Q). Never with a pattern, a reading as sure as a calm
    conversation's bar (`calm_crisis`), or the intent classifier leaning to a crisis (`cue_support`).
    The bar does not hold for a goodbye that plans the practice (`practice_planned`: plans_practice):
    "I see. I will stay with the breathing for some days then. Good night." read 0.97 a crisis and
    was asked about suicide (a playing helper); a farewell does not plan next week's exercise."""
    if verdict != Verdict(SCREEN, CRISIS) or pattern or not leaving:
        return False
    if crisis_score(scores) >= thresholds.calm_crisis and not practice_planned:
        return False
    return (votes or {}).get("express_crisis", 0.0) < thresholds.cue_support


def asked_back(
    verdict: Verdict, pattern: str | None, votes: Mapping[str, float] | None, text: str, thresholds: Thresholds
) -> bool:
    """Whether a crisis read by meaning alone is a short question asked back, which the intent
    classifier does not clearly hear as a crisis: "well done for what lol? taking pills?", about a
    reply that had praised six months of naproxen, read 0.85 an overdose and got the emergency
    lines (a playing helper). It is asked about instead; a yes escalates. Never with a pattern."""
    if verdict.outcome != CRISIS or pattern or not text.rstrip().endswith("?"):
        return False
    return (
        len(text.split()) <= SHORT_QUESTION_WORDS and (votes or {}).get("express_crisis", 0.0) < thresholds.other_intent
    )


def record_question_artefact(verdict: Verdict, pattern: str | None, asks_about_the_record: bool) -> bool:
    """Whether a crisis reading by meaning alone comes only from a question about the record: "Who
    would be looking at it now? I wouldn't want the neighbours knowing my business ha ha" read 0.94 a
    crisis to the meaning and 0.92 to the intent classifier (both key on "wouldn't want"), and a
    woman of 80 asking who reads her chat got the crisis lines (suite AA). `asks_about_the_record`:
    bot.coach.consent.asks_only_about_recording. Never with a crisis pattern, which is the words
    themselves ("who reads this? I don't want anyone to know I'm planning to end it")."""
    crisis_read = verdict.outcome == CRISIS or verdict == Verdict(SCREEN, CRISIS)
    return crisis_read and not pattern and asks_about_the_record

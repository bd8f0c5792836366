"""Risk across the conversation, not one message: whether the turns so far were calm enough to let
a middling crisis reading of a practical message go (calm_context), and whether worrying recent turns
raise this one (decide_in_context). The per-message rules and thresholds are bot.coach.risk's; the
dialogue (bot.coach.safety_dialogue) and the screening action (actions/safety.py) read these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from bot.coach.risk import (
    CRISIS,
    PRACTICAL_INTENTS,
    RED_FLAG,
    SCREEN,
    Thresholds,
    Turn,
    Verdict,
    crisis_kind,
    crisis_score,
)

# Knowledge-base topics about mood: a question about them is never a reason to let a crisis question go.
MOOD_TOPICS = frozenset({"stress", "mood_sleep"})


def calm_context(
    pattern: str | None,
    scores: Mapping[str, float],
    votes: Mapping[str, float],
    earlier: Sequence[Turn],
    thresholds: Thresholds,
    known_topic: str | None = None,
    settled: bool = False,
    asks: bool = False,
) -> str | None:
    """Whether a possible crisis read by meaning alone is let go because the conversation so far
    has been calm: in development suite L the head asked "are you having thoughts of ending your
    life?" about "fair enough. should i still be walking the dog or rest it" (0.70), "ngl i know the
    theory, I tell pts this stuff" (0.79) and "done it now on the floor" (0.67), each after turns
    about heat packs and mattresses, and each cost the turn after it too. Never with a crisis
    pattern, a reading this sure (`calm_crisis`), a feeling or an unplaced message, nor once any
    turn has worried (_worried). A single message (an evaluation's first
    message) has no context, and is asked about as before. The intent classifier (`votes`) must
    hear a practical message clearly (`other_intent`) and hardly a crisis (`cue_support`): "ive been
    having really dark thoughts lately", after "hi" and a yes to recording, read 0.75 a crisis and
    0.85 express_crisis to it, and had been let go as a description of pain.
    A question the knowledge base is confident of (`known_topic`, never one about mood) is as
    practical: in development suite O "i do it 4 nights. is nice but the beds at work still kill
    me" (sleep, 0.33 a crisis) and "the clinic is always full, can't you just tell me one small one"
    were asked about suicide mid-conversation, the classifier's intents too unsure to let them go.
    Asked and answered (`settled`): once the person has said no to the crisis question, or while a
    red flag is open and the talk is about getting seen, a middling reading is not asked about
    again, and the classifier's likeliest practical intent is enough. In suite V "did it. didnt
    die. bit boring. also can i take 4 co-codamol" and "typical. everyone passes the buck" were
    asked again after a no, and "Should I stop walking with the club in the meantime?" after an
    urgent appointment for a red flag: each question a second alarm about nothing new.
    Returns the practical intent to answer the message as, or None (ask)."""
    if pattern or crisis_score(scores) >= thresholds.calm_crisis:
        return None
    if votes.get("express_crisis", 0.0) >= thresholds.cue_support:
        return None
    if not settled and len(earlier) < thresholds.calm_turns:
        return None
    practical = [(p, name) for name, p in votes.items() if name in PRACTICAL_INTENTS]
    vote, intent = max(practical, default=(0.0, None))
    if settled:  # "alright alright. we're leaving. thank you dear" is thanks, whatever topic fits best
        return intent or ("faq" if known_topic and known_topic not in MOOD_TOPICS else None)
    if known_topic and known_topic not in MOOD_TOPICS and (intent is None or vote < thresholds.other_intent):
        vote, intent = 1.0, "faq"
    if intent is None or vote < thresholds.other_intent:
        return None
    if intent == "out_of_scope" and not asks and crisis_score(scores) >= thresholds.calm_recent:
        # Out of scope is practical for a question ("should i still be walking the dog or rest
        # it"), not for a remark: "some days I wonder what the point of any of it is", told to the
        # check-in's first question (0.83 a crisis, 0.87 out of scope), had been let go
        return None
    return intent if not any(_worried(turn, thresholds) for turn in earlier) else None


def _worried(turn: Turn, thresholds: Thresholds) -> bool:
    """Whether an earlier turn keeps a conversation from being calm: a crisis escalated or named
    by a pattern, or a reading leaning to a crisis (`calm_recent`) that was not itself a practical
    message this rule would let go. A question asked about a red flag, or about a middling reading
    of a practical message, is not one: in development suite D "Mornings are the worst, stiff as a
    board until about ten..." (0.41, asked) made "Lovely. Right, the boys are arriving in a minute so
    I'd better go. Thank you, you've been very kind." (0.83) a question about suicide, ten turns on;
    in suite Z "So the pain is in the head? I do not imagine it." (0.64, 0.97 a question about pain)
    did the same to "Thank you. This was useful. Goodbye."""
    if turn.outcome == CRISIS or turn.pattern == CRISIS or crisis_score(turn.scores) >= thresholds.calm_crisis:
        return True
    if crisis_score(turn.scores) < thresholds.calm_recent:
        return False
    practical = max((p for name, p in turn.votes.items() if name in PRACTICAL_INTENTS), default=0.0)
    return practical < thresholds.other_intent or turn.votes.get("express_crisis", 0.0) >= thresholds.cue_support


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
        return Verdict(CRISIS, crisis_kind(scores))
    return Verdict(SCREEN, CRISIS)

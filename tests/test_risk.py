"""bot.coach.risk: the verdict on one message, the conversation's, and the safety dialogue's next step."""

from __future__ import annotations

import pytest

from bot.coach.conversation_risk import decide_in_context
from bot.coach.risk import Thresholds, Turn, Verdict, decide_message, worrying_sentence
from bot.coach.safety_dialogue import (
    ESCALATE,
    FEAR,
    FOLLOW_UP,
    RESTATE,
    SCREEN_ACTION,
    SCREEN_ANSWER,
    follow_up_answer,
    next_safety_action,
    screening_answer,
)

T = Thresholds(crisis_escalate=0.7, crisis_screen=0.3, red_flag_escalate=0.8, red_flag_screen=0.5, pattern_doubt=0.9)


def test_a_pattern_decides_unless_the_meaning_is_clearly_benign() -> None:
    assert decide_message("cauda_equina", (), {}, T) == Verdict("red_flag", "cauda_equina")
    assert decide_message("crisis", (), {"crisis_now": 0.6, "crisis": 0.3}, T) == Verdict("crisis", "crisis_now")
    assert decide_message("cancer", (), {"none": 0.95, "cancer": 0.05}, T) == Verdict("screen", "red_flag")


def test_a_crisis_by_meaning_alone_beside_an_idiom_is_let_go_or_asked_never_escalated() -> None:
    votes = {"share_feeling": 0.52, "express_crisis": 0.29}  # "I'd kill for a good night's sleep"
    assert decide_message(None, ("idioms",), {"crisis": 0.81, "none": 0.19}, T, votes) == Verdict("none")
    leaning = {"share_feeling": 0.55, "express_crisis": 0.42}  # "I'd kill for a decent night's sleep"
    assert decide_message(None, ("idioms",), {"crisis": 0.91, "none": 0.09}, T, leaning) == Verdict("screen", "crisis")
    assert decide_message(None, (), {"crisis": 0.81, "none": 0.19}, T, votes).outcome == "crisis"
    assert decide_message("crisis", ("idioms",), {"crisis": 0.9}, T, leaning).outcome == "crisis"  # a pattern decides


def test_a_no_that_corrects_a_misreading_is_not_a_no_to_being_safe() -> None:
    from bot.coach.safety_dialogue import CORRECTED, NOT_SAFE, UNCLEAR, follow_up_answer

    assert follow_up_answer("crisis", "deny", {}, "no not like that, i mean i'm knackered") == CORRECTED
    assert follow_up_answer("crisis", "share_feeling", {}, "wtf im not suicidal, i meant the pain. jesus") == CORRECTED
    assert follow_up_answer("crisis", "share_feeling", {}, "i mean i'm really not ok") == UNCLEAR
    assert follow_up_answer("crisis", "deny", {}, "no") == NOT_SAFE
    # after a red flag, a lift to hospital is agreeing to go
    assert follow_up_answer("red_flag", "out_of_scope", {}, "righto. missus says shell drive me to the hospital") == "going"
    assert follow_up_answer("crisis", "deny", {}, "no, I'm not") == NOT_SAFE


def test_the_meaning_escalates_asks_or_lets_go() -> None:
    assert decide_message(None, (), {"crisis": 0.75}, T) == Verdict("crisis", "crisis")
    assert decide_message(None, (), {"infection": 0.5, "cancer": 0.35}, T) == Verdict("red_flag", "infection")
    assert decide_message(None, (), {"crisis": 0.4, "none": 0.6}, T) == Verdict("screen", "crisis")
    assert decide_message(None, (), {"fracture": 0.6, "none": 0.4}, T) == Verdict("screen", "red_flag")
    assert decide_message(None, ("hypothetical_cues",), {"fracture": 0.9}, T) == Verdict("screen", "red_flag")
    assert decide_message(None, ("negation",), {"crisis": 0.9}, T) == Verdict("crisis", "crisis")
    assert decide_message(None, (), {"none": 0.9, "crisis": 0.1}, T) == Verdict("none")


def test_worrying_recent_turns_raise_a_leaning_message() -> None:
    plan = {"crisis": 0.2, "none": 0.8}
    worrying = [Turn("share_feeling", {"crisis": 0.25})]
    assert decide_in_context(Verdict("screen", "crisis"), plan, worrying, T).outcome == "crisis"
    assert decide_in_context(Verdict("none"), plan, worrying, T) == Verdict("screen", "crisis"), "asked, not alarmed"
    assert decide_in_context(Verdict("none"), plan, [Turn("share_feeling", {"none": 1.0})], T).outcome == "none"
    assert decide_in_context(Verdict("none"), {"none": 1.0}, [Turn(None, {"crisis": 0.9})], T).outcome == "none"
    # the worrying turn was asked about, and its answer decided
    asked = [Turn("screen_safety", {"crisis": 0.43}, "screen"), Turn("report_progress", {"none": 1.0})]
    assert decide_in_context(Verdict("none"), plan, asked, T).outcome == "none"


def turn(intent: str = "share_feeling", outcome: str = "none", **scores: float) -> Turn:
    return Turn(intent, scores, outcome)


def test_the_safety_dialogue_follows_the_conversation() -> None:
    assert next_safety_action(turn("affirm"), [], None, "crisis", T) == SCREEN_ANSWER
    assert next_safety_action(turn("express_crisis", "crisis"), [], None, "crisis", T) is None  # the rules escalate
    assert next_safety_action(turn("screen_safety", "screen"), [], None, None, T) is None  # the rules ask
    assert next_safety_action(turn("screen_safety", "screen"), [], "red_flag", None, T) == RESTATE
    assert next_safety_action(turn("screen_safety", "screen"), [], "crisis", None, T) == FOLLOW_UP
    # a possible red flag once they said they were safe is asked about, not met with the crisis lines
    numb = Turn("screen_safety", {"cauda_equina": 0.8}, "screen", "it goes numb after i sit", "red_flag")
    assert next_safety_action(numb, [], "crisis", None, T) == SCREEN_ACTION
    assert next_safety_action(turn(crisis=0.2), [turn(crisis=0.4)], None, None, T) == SCREEN_ACTION  # asked
    assert next_safety_action(turn("goodbye", crisis=0.1), [turn(crisis=0.4)], None, None, T) is None  # "Goodnight."
    assert next_safety_action(turn(outcome="screen", crisis=0.5), [turn(crisis=0.4)], None, None, T) == ESCALATE
    assert next_safety_action(turn(crisis=0.2), [turn(crisis=0.4)], "crisis", None, T) is None  # already open
    assert next_safety_action(turn(urgency=0.7), [], "red_flag", None, T) == RESTATE
    assert next_safety_action(turn(urgency=0.7), [], None, None, T) is None
    minimising = Turn("nlu_fallback", {"none": 1.0}, "none", "its not that bad though, the back pain is about the same")
    assert next_safety_action(minimising, [], "red_flag", None, T) == RESTATE
    assert next_safety_action(minimising, [], None, None, T) is None
    pulled = Turn("nlu_fallback", {"none": 1.0}, "none", "Oh dear. You're frightening me. Surely it's just a pulled muscle?")
    assert next_safety_action(pulled, [], "red_flag", None, T) == RESTATE
    cleared = Turn("report_clinician_cleared", {"none": 1.0}, "none", "my GP checked it and said it's fine")
    assert next_safety_action(cleared, [], "red_flag", None, T) is None  # the rules record the clearance
    assert next_safety_action(turn(urgency=0.4, none=0.6), [], "red_flag", None, T) == RESTATE  # "probably nothing"
    assert next_safety_action(turn(safe=0.8), [], "crisis", None, T) == FOLLOW_UP
    assert next_safety_action(turn(fear=0.8), [], None, None, T) == FEAR
    # "does degenerative disc disease get worse?": the knowledge base has the answer to that fear
    assert next_safety_action(turn("faq", fear=0.8), [], None, None, T) is None
    assert next_safety_action(turn(none=1.0), [], None, None, T) is None


def test_a_step_towards_safety_after_a_crisis_is_met_as_one() -> None:
    from bot.coach.safety_dialogue import STEP, follow_up_answer

    for text in ("ok. i'll give the tablets to mary and tell her", "told her. we're ringing the doctor in the morning",
                 "my sister is here with me now"):
        assert follow_up_answer("crisis", "share_feeling", {}, text) == STEP, text
        assert next_safety_action(Turn("out_of_scope", {}, text=text), [], "crisis", None, T) == FOLLOW_UP, text
    assert follow_up_answer("crisis", "deny", {}, "i won't tell her") != STEP
    assert next_safety_action(Turn("out_of_scope", {}, text="told her about the gym"), [], None, None, T) is None


def test_a_reading_by_meaning_alone_is_checked_against_the_intent_classifier() -> None:
    bye = {"goodbye": 0.95, "express_crisis": 0.01, "report_red_flag": 0.01}
    assert decide_message(None, (), {"crisis": 0.9}, T, bye) == Verdict("screen", "crisis")  # always asked
    assert decide_message(None, (), {"fracture": 0.9}, T, bye) == Verdict("none")
    assert decide_message(None, (), {"crisis": 0.9}, T, {"affirm": 0.4, "express_crisis": 0.03}) == Verdict(
        "screen", "crisis"
    )
    assert (
        decide_message(None, (), {"crisis": 0.9}, T, {"share_feeling": 0.6, "express_crisis": 0.3}).outcome == "crisis"
    )
    assert decide_message(None, (), {"crisis": 0.99}, T, {"out_of_scope": 0.3}) == Verdict("crisis", "crisis")
    assert decide_message(None, (), {"crisis": 0.99}, T, bye) == Verdict("screen", "crisis")  # it is a goodbye
    # a red flag waits for the classifier's vote to escalate; sure to the meaning, it is asked about
    assert decide_message(None, (), {"cauda_equina": 0.999}, T, bye) == Verdict("screen", "red_flag")
    assert decide_message("cauda_equina", (), {}, T, bye) == Verdict("red_flag", "cauda_equina")  # a pattern


def test_two_readers_leaning_the_same_way_ask_one_question() -> None:
    """Neither the meaning (0.1) nor the classifier (0.6) alone is enough; together they ask."""
    leaning = {"express_crisis": 0.6, "share_feeling": 0.2}
    assert decide_message(None, (), {"crisis": 0.1, "none": 0.9}, T, leaning) == Verdict("screen", "crisis")
    assert decide_message(None, (), {"crisis": 0.01, "none": 0.99}, T, leaning) == Verdict("none")
    assert decide_message(None, (), {"crisis": 0.1, "none": 0.9}, T, {"express_crisis": 0.3}) == Verdict("none")
    symptoms = {"report_red_flag": 0.7}
    assert decide_message(None, (), {"cauda_equina": 0.1, "none": 0.9}, T, symptoms) == Verdict("screen", "red_flag")


def test_a_crisis_in_the_words_of_an_injury_is_a_crisis() -> None:
    """A fracture pattern ("hit by a bus") on a message whose meaning is a crisis."""
    assert decide_message("fracture", (), {"crisis": 0.95, "none": 0.05}, T) == Verdict("crisis", "crisis")
    assert decide_message("fracture", (), {"fracture": 0.6, "none": 0.4}, T) == Verdict("red_flag", "fracture")


def test_a_sure_red_flag_escalates_despite_a_doubt_cue_when_the_classifier_agrees() -> None:
    """"I can't feel when I need to pee": the negation is the symptom; both readers are sure."""
    sure = {"cauda_equina": 0.99, "none": 0.01}
    agreed = Verdict("red_flag", "cauda_equina")
    assert decide_message(None, ("negation",), sure, T, {"report_red_flag": 0.95}) == agreed
    assert decide_message(None, ("negation",), sure, T, {"report_red_flag": 0.6}) == Verdict("screen", "red_flag")
    # "lost control of my bladder once in 2019, fine since": over, so asked whether it is new
    resolved = ("negation", "resolved_cues")
    assert decide_message(None, resolved, sure, T, {"report_red_flag": 0.95}) == Verdict("screen", "red_flag")


def test_a_doubtful_context_lets_a_benign_match_go() -> None:
    """A pattern in a subject, the past or someone else's life, read as benign by meaning and barely
    by the classifier, is let go; the same match without the cue, or with a typo the meaning
    misses, is still asked about. A question or a negation never makes a crisis doubtful."""
    benign, quiet = {"none": 0.97, "crisis": 0.03}, {"ask_treatment_opinion": 0.8, "express_crisis": 0.02}
    assert decide_message("crisis", ("topic_cues",), benign, T, quiet) == Verdict("none")
    assert decide_message("crisis", ("resolved_cues",), benign, T, quiet) == Verdict("none")
    assert decide_message("crisis", (), benign, T, quiet) == Verdict("screen", "crisis")
    assert decide_message("crisis", ("negation",), benign, T, quiet) == Verdict("screen", "crisis")
    assert decide_message("crisis", ("hypothetical_cues",), benign, T, quiet) == Verdict("screen", "crisis")
    assert decide_message("crisis", ("topic_cues",), benign, T, {"express_crisis": 0.4}) == Verdict("screen", "crisis")
    assert decide_message("fracture", ("resolved_cues",), {"none": 0.99}, T, {"greet": 0.9}) == Verdict("none")
    # a history of cancer is the flag itself: "all clear" does not let it go
    assert decide_message("cancer", ("resolved_cues",), {"none": 0.99}, T, {"greet": 0.9}) == Verdict(
        "screen", "red_flag"
    )
    # "I can't control my bladder": the negation belongs to the symptom, and the pattern knew it
    assert decide_message(
        "cauda_equina", ("negation",), {"none": 0.99}, T, {"report_red_flag": 0.6, "greet": 0.3}
    ) == Verdict("screen", "red_flag")


def test_a_red_flag_pattern_both_other_readers_call_benign_is_let_go() -> None:
    """"I laughed so hard I nearly wet myself": the pattern, alone against the meaning and the intent
    classifier, is let go without a cue; a crisis pattern never is ("this is goodbye, thanks")."""
    laughing = {"share_feeling": 0.9, "report_red_flag": 0.02}
    assert decide_message("cauda_equina", (), {"none": 0.99}, T, laughing) == Verdict("none")
    assert decide_message("cauda_equina", (), {"none": 0.99}, T, {"report_red_flag": 0.85}) == Verdict(
        "screen", "red_flag"
    )
    assert decide_message("cauda_equina", (), {"none": 0.6, "cauda_equina": 0.4}, T, laughing) == Verdict(
        "red_flag", "cauda_equina"
    )
    assert decide_message("crisis", (), {"none": 1.0}, T, {"goodbye": 0.9}) == Verdict("screen", "crisis")


def test_a_crisis_pattern_in_a_doubtful_context_asks_unless_the_meaning_is_sure() -> None:
    """"I self-harmed as a teenager, long behind me": a question, not the crisis reply."""
    assert decide_message("crisis", ("resolved_cues",), {"crisis": 0.2, "none": 0.8}, T) == Verdict("screen", "crisis")
    assert decide_message("crisis", ("resolved_cues",), {"crisis": 0.8, "none": 0.2}, T) == Verdict("crisis", "crisis")
    assert decide_message("crisis", ("negation",), {"crisis": 0.2, "none": 0.8}, T) == Verdict("crisis", "crisis")


def test_an_idiom_lets_a_crisis_by_meaning_alone_go_but_never_a_red_flag() -> None:
    quiet = {"request_core_steps": 0.7, "express_crisis": 0.01, "report_red_flag": 0.01}
    assert decide_message(None, ("idioms",), {"crisis": 0.45, "none": 0.55}, T, quiet) == Verdict("none")
    unsure = {"share_feeling": 0.4, "report_red_flag": 0.1}
    assert decide_message(None, ("negation",), {"neuro_deficit": 0.6, "none": 0.4}, T, unsure) == Verdict(
        "screen", "red_flag"
    )


def test_the_answer_to_are_you_safe() -> None:
    """A bare "no" is not safe; "what do you mean" is no answer; a pending question is answered."""
    assert follow_up_answer("crisis", "affirm", {}, "yes") == "safe"
    assert follow_up_answer("crisis", "share_feeling", {"safe": 0.9}, "im ok, my sister is here") == "safe"
    assert follow_up_answer("crisis", "deny", {"safe": 0.1}, "no") == "not_safe"
    assert follow_up_answer("crisis", "ask_capabilities", {}, "what do you mean") == "unclear"
    assert next_safety_action(turn("ask_capabilities"), [], "crisis", None, T, asked_safe=True) == FOLLOW_UP
    assert next_safety_action(turn("goodbye"), [], "crisis", None, T, asked_safe=True) is None
    assert next_safety_action(turn("ask_capabilities"), [], "crisis", None, T) is None


def test_two_leaning_readers_do_not_ask_about_someone_else_or_an_idiom() -> None:
    symptoms, kill = {"report_red_flag": 0.9}, {"express_crisis": 0.8}
    leaning = {"cauda_equina": 0.15, "none": 0.85}
    assert decide_message(None, ("other_person_cues",), leaning, T, symptoms) == Verdict("none")
    assert decide_message(None, ("negation",), leaning, T, symptoms) == Verdict("screen", "red_flag")
    assert decide_message(None, ("idioms",), {"crisis": 0.1, "none": 0.9}, T, kill) == Verdict("none")


def test_after_a_red_flag_agreeing_to_go_is_thanked_not_told_again() -> None:
    for text in ("ok i'll go to a&e", "alright I'm booking the GP now", "on my way"):
        assert follow_up_answer("red_flag", "goodbye", {"urgency": 0.8}, text) == "going", text
        assert next_safety_action(Turn("goodbye", {"urgency": 0.8}, text=text), [], "red_flag", None, T) == FOLLOW_UP
    assert follow_up_answer("red_flag", "ask_urgency", {"urgency": 0.8}, "do i really need to go today?") == "unclear"
    assert next_safety_action(turn(urgency=0.8), [], "red_flag", None, T) == RESTATE


def test_a_leading_no_answers_the_screening_question() -> None:
    """"no its been like this for years" clears; "no, it's new actually" escalates; "no idea" asks again."""
    quiet = {"none": 1.0}
    assert screening_answer("red_flag", "nlu_fallback", quiet, "no its been like this for years", False, T) == "cleared"
    assert screening_answer("red_flag", "nlu_fallback", quiet, "no its new actually", False, T) == ESCALATE
    assert screening_answer("red_flag", "nlu_fallback", quiet, "no idea tbh", False, T) == "ask_again"
    for text in ("god no not like that!! i mean the nights", "lol no", "not at all, just tired", "not what i meant"):
        assert screening_answer("crisis", "nlu_fallback", quiet, text, False, T) == "cleared", text


def test_a_worrying_sentence_alone_asks_at_most() -> None:
    assert worrying_sentence(Verdict("crisis", "crisis_now")) == Verdict("screen", "crisis")
    assert worrying_sentence(Verdict("red_flag", "fracture")) == Verdict("screen", "red_flag")
    assert worrying_sentence(Verdict("screen", "crisis")) == Verdict("none")
    assert worrying_sentence(Verdict("none")) == Verdict("none")


def test_a_yes_to_recording_is_not_a_yes_to_the_screening_question() -> None:
    """People who open with their story expect the consent question, and answer it unasked. Such a
    reply moves on, as a new topic does: asked again ("I'll come back to that. First I need to
    check"), "Yes go ahead and record. Wheelchair one first please" had its question ignored twice
    (development suite L). The dialogue records the consent and answers the rest."""
    quiet = {"none": 1.0}
    for text in ("ok record is fine", "aye record it", "Ok. You can record. My wife wants me to do this"):
        assert screening_answer("crisis", "affirm", quiet, text, False, T) == "dropped", text
        assert screening_answer("red_flag", "affirm", quiet, text, False, T) == "dropped", text
    assert screening_answer("red_flag", "affirm", quiet, "yes, it started last week", False, T) == ESCALATE


def test_a_second_non_answer_drops_the_screening_question() -> None:
    quiet = {"none": 1.0}
    assert screening_answer("crisis", "report_progress", quiet, "did the slides, felt fine", True, T) == "dropped"
    assert screening_answer("crisis", "affirm", quiet, "yes", True, T) == ESCALATE
    assert screening_answer("crisis", "report_progress", {"crisis": 0.8}, "i want to die", True, T) == ESCALATE


def test_a_complaint_in_reply_to_the_crisis_question_is_not_a_yes() -> None:
    """A reply that only half leans to a crisis is asked again, never escalated."""
    parcel = {"crisis": 0.25, "urgency": 0.21, "none": 0.54}
    text = "see thats what they all say the doctors just pass me round like a parcel"
    assert screening_answer("crisis", "report_clinician_cleared", parcel, text, False, T) == "ask_again"
    assert screening_answer("crisis", "share_feeling", {"crisis": 0.6}, "some days, yes, I think about it", False, T) == ESCALATE
    tried = "Unsatisfying, but logical. Done. No effect."  # a step tried, read 0.59 a crisis (suite S)
    assert screening_answer("crisis", "screen_safety", {"crisis": 0.59, "none": 0.41}, tried, False, T) == "ask_again"
    assert screening_answer("crisis", "screen_safety", {"crisis": 0.8}, "it never stops, every night", False, T) == ESCALATE


def test_a_red_flag_by_meaning_alone_needs_the_classifier_to_escalate() -> None:
    """"my left leg goes numb when I sit cross-legged": sure to the meaning, barely a red flag to
    the classifier, which reads pain being described. Asked about, not sent to emergency care."""
    numb = {"cauda_equina": 0.96, "none": 0.04}
    weak = {"describe_pain": 0.74, "report_red_flag": 0.06}
    assert decide_message(None, (), numb, T, weak) == Verdict("screen", "red_flag")
    assert decide_message(None, (), numb, T, {"report_red_flag": 0.83}) == Verdict("red_flag", "cauda_equina")


def test_a_no_to_the_crisis_question_clears_even_when_it_names_the_word() -> None:
    """"no im not suicidal lol" holds the word and reads half a crisis; it is a no. A disclosure
    after a no is read as express_crisis by the safety net, and escalates."""
    fed_up = {"crisis": 0.56, "none": 0.44}
    assert screening_answer("crisis", "screen_safety", fed_up, "no im not suicidal lol, just fed up", False, T) == "cleared"
    wake = {"crisis": 0.99}
    assert screening_answer("crisis", "express_crisis", wake, "no but sometimes i wish i wouldnt wake up", False, T) == ESCALATE


@pytest.mark.parametrize("text", ["i dont want to talk about that", "I'd rather not say", "dont wanna go into it"])
def test_not_wanting_to_talk_is_not_a_no_to_being_safe(text: str) -> None:
    """It was sent the emergency reply; it gets the resources kept in view."""
    assert follow_up_answer("crisis", "deny", {}, text) == "unclear"
    assert follow_up_answer("crisis", "deny", {}, "no") == "not_safe"


@pytest.mark.parametrize("text", ["do I need to see the GP urgently or not?", "cant i just wait and see my gp monday",
                                  "Can I just mention it at my annual checkup in March?", "is that serious?"])
def test_after_a_red_flag_a_question_about_when_to_go_gets_the_advice_again(text: str) -> None:
    """Whatever the meaning head reads: a retrained one put the first at 0.26 urgency."""
    quiet = Turn("faq", {"none": 0.7, "urgency": 0.26}, text=text)
    assert next_safety_action(quiet, [], "red_flag", None, T) == RESTATE
    assert next_safety_action(quiet, [], None, None, T) is None


def test_a_bare_answer_when_nobody_asked_are_you_safe_is_heard() -> None:
    from bot.coach.safety_dialogue import HEARD, NOT_SAFE, SAFE, follow_up_answer, says_not_acting

    assert follow_up_answer("crisis", "deny", {}, "no", asked=False) == HEARD
    assert follow_up_answer("crisis", "affirm", {}, "ok", asked=False) == HEARD
    assert follow_up_answer("crisis", "affirm", {"safe": 0.9}, "yes im safe", asked=False) == SAFE
    assert follow_up_answer("crisis", "deny", {}, "no") == NOT_SAFE
    assert says_not_acting("no im not going to do anything, I just feel like a burden")
    assert says_not_acting("im not gonna hurt myself, i just feel useless")
    assert not says_not_acting("I won't do anything tonight")
    assert not says_not_acting("I feel like a burden")


def test_putting_off_being_seen_is_not_agreeing_to_go() -> None:
    from bot.coach.safety_dialogue import GOING, UNCLEAR, agrees_to_go, follow_up_answer

    assert agrees_to_go("ok I'll go to A&E now") and agrees_to_go("my husband is driving me to the hospital")
    assert not agrees_to_go("She could drive me to the GP on Monday")
    assert not agrees_to_go("I'll ring the surgery first thing, is that ok?")
    assert follow_up_answer("red_flag", "affirm", {}, "yes, after the weekend") == UNCLEAR
    assert follow_up_answer("red_flag", "affirm", {}, "yes") == GOING


def test_a_no_after_an_exclamation_clears_and_asking_why_gets_an_apology() -> None:
    from bot.coach.safety_dialogue import SCREEN_CLEARED, asked_why, screening_answer

    assert screening_answer("crisis", "share_feeling", {}, "what?? no! im just tired", False, T) == SCREEN_CLEARED
    assert asked_why("NO. why do you keep asking me that. i just want the next exercise")
    assert asked_why("what?? no! im just tired") and not asked_why("no, just tired")


def test_a_red_flag_question_answered_all_fine_is_a_no_unless_a_sign_is_sure() -> None:
    from bot.coach.safety_dialogue import ESCALATE, SCREEN_CLEARED, screening_answer

    fine = "not new, been like this about 6 weeks. wees and poos fine, nothing down there lol"
    assert screening_answer("red_flag", "screen_safety", {"cauda_equina": 0.56}, fine, False, T) == SCREEN_CLEARED
    assert screening_answer("red_flag", "screen_safety", {"cauda_equina": 0.95}, fine, False, T) == ESCALATE
    assert screening_answer("red_flag", "screen_safety", {"cauda_equina": 0.56}, "not new, numb down there for weeks",
                            False, T) == ESCALATE


def test_going_together_is_going_and_which_day_is_a_question_about_when() -> None:
    from bot.coach.safety_dialogue import FOLLOW_UP

    for intent in ("affirm", "screen_safety"):  # the head read it 94% a farewell
        going = Turn(intent, {"crisis": 0.94}, text="ok we're going now. thanks i guess")
        assert next_safety_action(going, [], "red_flag", None, T) == FOLLOW_UP
    assert next_safety_action(Turn("nlu_fallback", {}, text="today or tomorrow, which. please just tell me"), [],
                              "red_flag", None, T) == RESTATE


def test_a_red_flag_pattern_both_other_readers_doubt_is_asked_about_not_escalated() -> None:
    """"fell off my bike on the gravel, scraped my palms": a question, not urgent care. Never for
    cauda equina, and not when the classifier sees the red flag."""
    doubtful, quiet = {"none": 0.56, "fracture": 0.44}, {"describe_pain": 0.7, "report_red_flag": 0.04}
    assert decide_message("fracture", (), doubtful, T, quiet) == Verdict("screen", "red_flag")
    assert decide_message("fracture", (), doubtful, T, {"report_red_flag": 0.6}) == Verdict("red_flag", "fracture")
    assert decide_message("fracture", (), {"none": 0.3, "fracture": 0.7}, T, quiet) == Verdict("red_flag", "fracture")
    assert decide_message("cauda_equina", (), {"none": 0.87, "cauda_equina": 0.13}, T, quiet) == Verdict(
        "red_flag", "cauda_equina"
    )


def test_a_symptom_the_meaning_hears_as_a_crisis_stays_a_red_flag_when_the_classifier_is_sure() -> None:
    """Night sweats, a new deep pain and feeling very ill: the meaning read a crisis, the classifier a
    red flag. Urgent care for the symptom; the crisis lines still when the classifier leans there."""
    crisis_reading = {"crisis": 0.6, "crisis_now": 0.25, "none": 0.15}
    sure_symptom = {"report_red_flag": 0.95, "express_crisis": 0.01}
    assert decide_message("infection", (), crisis_reading, T, sure_symptom) == Verdict("red_flag", "infection")
    leaning = {"report_red_flag": 0.6, "express_crisis": 0.35}
    assert decide_message("infection", (), crisis_reading, T, leaning) == Verdict("crisis", "crisis")
    assert decide_message("crisis", (), crisis_reading, T, sure_symptom).outcome == "crisis"


def test_after_a_crisis_saying_they_wont_act_is_safe_and_saving_the_number_is_a_step() -> None:
    """"im not gonna do anything stupid. forget i said it" had been asked "do you feel safe?" again."""
    assert follow_up_answer("crisis", "deny", {}, "im not gonna do anything stupid. forget i said it") == "safe"
    assert follow_up_answer("crisis", "deny", {}, "I won't do anything tonight") != "safe"
    assert follow_up_answer("crisis", "inform", {}, "fine ill save the number. can we talk about my leg now") == "saved"
    assert follow_up_answer("crisis", "inform", {}, "i wrote the number down") == "saved"
    assert follow_up_answer("crisis", "inform", {}, "saved the number and told my sister") == "step"
    assert follow_up_answer("crisis", "deny", {}, "i will not save the number") != "step"


def test_a_red_flag_the_meaning_is_sure_of_is_asked_about_whatever_the_classifier_hears() -> None:
    """"fell about 3 metres off the scaffolding at work on Monday. back's really sore": 1.00 a
    fracture to the meaning, 0.8 describing pain to the classifier, had been let go."""
    pain = {"describe_pain": 0.8, "report_red_flag": 0.01}
    assert decide_message(None, (), {"fracture": 1.0}, T, pain) == Verdict("screen", "red_flag")
    assert decide_message(None, (), {"fracture": 0.85, "none": 0.15}, T, pain) == Verdict("none")


def test_a_sure_crisis_beside_an_idiom_is_asked_about_not_let_go() -> None:
    """"I'm sat here with a knife, my back is killing me and I don't trust myself": "killing me" is
    an idiom, and the crisis had been let go for it."""
    quiet = {"share_feeling": 0.8, "express_crisis": 0.1}
    assert decide_message(None, ("idioms",), {"crisis": 0.89, "none": 0.11}, T, quiet) == Verdict("screen", "crisis")
    assert decide_message(None, ("idioms",), {"crisis": 0.6, "none": 0.4}, T, quiet) == Verdict("none")

"""Replies that follow what was said (issue 16), from the development suite L's transcripts.

Suite L (helper 112) was read turn by turn in the nineteenth session, so it is a development suite
now. What it showed, by kind, each tested here with phrasings of the team's own, not L's:
- a no to recording in words the NLU read as a yes ("no you cant record me") was thanked for;
- a yes turns after an unanswered consent question was taken as consent, and a check-in began;
- a yes to recording with a question beside it got the menu, and the question was lost;
- questions about who reads the chat, or asking to delete it, got unrelated topics;
- a second question in place of the check-in's rating got the rating question again, every turn;
- "next day", "two days later" were not read as days of practice, and "flare a bit better" as a hurt;
- a later step reported as going well was answered with "the same one as before";
- "fobbed me off", read as a progress report with no step given, was thanked as one;
- having stopped a prescribed medicine was met with "that sounds really hard";
- a message ending "Have to get to work. Bye!" was read as a feeling and offered a menu;
- a crisis screening question that someone did not answer, moving on instead, got all the lines;
- after a crisis, "they said to give my sister the pills tonight" was escalated again, and "im ok
  today" was asked again whether they were safe;
- after a red flag, "could the cancer have come back?" was answered with recovery times.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.check_in import ValidateCheckInForm
from actions.core_steps import ActionRecordProgress
from actions.feelings import ActionAcknowledgeFeeling
from actions.first_contact import ActionRecordConsent
from actions.knowledge import ActionAnswerQuestion
from actions.safety import ActionRecordClearance, ActionScreeningAnswer
from bot.coach.coaching import feels_better, tells_of_exercise, wants_just_to_talk
from bot.coach.leaving import signs_off
from bot.coach.medicines import stopped_a_medicine
from bot.coach.consent import asks_about_recording, asks_to_delete, declines_recording, grants_recording
from bot.coach.content import Content
from bot.coach.knowledge import asks_several, chosen_topic, question_clauses
from bot.coach.progression import classify_feedback, says_practised
from bot.coach.conversation_risk import calm_context
from bot.coach.risk import SCREEN, Thresholds, Turn, decide_message
from bot.coach.safety_dialogue import (
    FOLLOW_UP,
    ESCALATE,
    RESTATE,
    SAFE,
    agrees_to_go,
    follow_up_answer,
    next_safety_action,
    restate_topic,
    says_ok_now,
    screening_answer,
    takes_a_safety_step,
)
from actions.common import answer_again, times_handed_back
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import T0, environment, make_tracker, run, texts, user_event, words  # noqa: F401, F811


def bot_said(text: str, at: float = T0 + 5) -> dict[str, Any]:
    return {"event": "bot", "text": text, "timestamp": at}


def replayed_as(events: list[dict[str, Any]]) -> str | None:
    """The intent a message was handed back to the dialogue with, if it was."""
    user = [e for e in events if e["event"] == "user"]
    return user[-1]["parse_data"]["intent"]["name"] if user else None


# --- consent -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "grants", "declines"), [
    ("Sure, you can record it. But does sitting all day make it worse?", True, False),
    ("nah. Can we do this without recording?", False, True),
    ("I decline", False, True),
    ("you cant record this, sorry", False, True),
    ("happy for you to record", True, False),
])
def test_consent_is_read_sentence_by_sentence(text: str, grants: bool, declines: bool) -> None:
    assert grants_recording(text) is grants and declines_recording(text) is declines


def test_a_yes_to_recording_with_a_question_beside_it_gets_the_question_answered(
    words: Content, database_url: str
) -> None:
    text = "Sure, you can record it. But does sitting all day make it worse?"
    tracker = make_tracker(text, "faq", slots={"awaiting_consent": True},
                           earlier=[{"event": "action", "name": "action_greet", "timestamp": T0 + 4},
                                    bot_said(words.say("first_contact.ask_consent"))])
    events, messages = run(ActionRecordConsent(), tracker)
    assert texts(messages) == [words.say("first_contact.consent_yes")]
    assert replayed_as(events) == "faq"


@pytest.mark.parametrize(("text", "about"), [
    ("so are you saving all of this?", True),
    ("who can see my messages?", True),
    ("ok. and where is it stored?", True),
    ("fine, record it. is walking ok?", False),
    ("is walking ok?", False),
])
def test_a_question_about_recording_is_known_whatever_the_topic_guessed(text: str, about: bool) -> None:
    assert asks_about_recording(text) is about


@pytest.mark.parametrize(("text", "deletes"), [
    ("can you wipe everything we said?", True),
    ("please erase my data", True),
    ("please don't delete anything", False),
    ("how do I get rid of this pain", False),
])
def test_asking_to_delete_is_known(text: str, deletes: bool) -> None:
    assert asks_to_delete(text) is deletes


def test_asking_to_delete_mid_check_in_ends_it_and_asks_for_confirmation(database_url: str) -> None:
    tracker = make_tracker("btw can you wipe everything we said?", "faq", active_loop={"name": "check_in_form"})
    events, messages = run(ActionAnswerQuestion(), tracker)
    assert messages == []
    assert [e["event"] for e in events] == ["active_loop", "slot", "followup"]
    assert events[-1]["name"] == "utter_confirm_delete"


def test_a_question_about_who_reads_it_gets_the_recording_answer(words: Content, database_url: str) -> None:
    tracker = make_tracker("hang on, who can see my messages?", "faq")
    tracker.latest_message["knowledge"] = {"topic": "hands_on", "confidence": 0.9}
    _, messages = run(ActionAnswerQuestion(), tracker)
    assert texts(messages)[0] in words.knowledge("recording")["answers"]


# --- the check-in ---------------------------------------------------------------------------------


def test_a_second_question_instead_of_the_rating_lets_the_rating_go(database_url: str) -> None:
    rating = "How strong is it today, from 0 (none) to 10 (the worst you can imagine)?"
    earlier = [
        {"event": "active_loop", "name": "check_in_form", "timestamp": T0 + 1},
        {"event": "slot", "name": "requested_slot", "value": "pain_level", "timestamp": T0 + 2},
        bot_said(rating, T0 + 3),
        user_event("are standing desks any good?", "faq", at=T0 + 4),
        bot_said(rating, T0 + 5),
    ]
    loop = {"name": "check_in_form"}
    tracker = make_tracker("and what about a kneeling chair?", "faq", earlier=earlier, active_loop=loop,
                           slots={"requested_slot": "pain_level"})
    extracted = ValidateCheckInForm().extract_pain_level
    assert asyncio.run(extracted(CollectingDispatcher(), tracker, {})) == {
        "pain_level": None, "check_in_cut_short": "no_rating"}
    # The first question in its place is answered, and the rating asked once more.
    tracker = make_tracker("are standing desks any good?", "faq", earlier=earlier[:3], active_loop=loop,
                           slots={"requested_slot": "pain_level"})
    assert asyncio.run(extracted(CollectingDispatcher(), tracker, {})) == {}


# --- progress -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["following day, did it morning and evening", "a day later and still easy",
                                  "next morning: did them again, fine"])
def test_a_new_day_in_words_is_practice(text: str) -> None:
    assert says_practised(text)


@pytest.mark.parametrize(("text", "feedback"), [
    ("the ache is much better now, did them twice", "done"),
    ("aching has gone, did the tilts", "done"),
    ("did them, back sore after", "hurt"),
    ("did them, easy. what's the progression?", "easy"),  # asks for the next step, not about this one
])
def test_a_pain_said_to_ease_is_not_a_hurt(text: str, feedback: str) -> None:
    assert classify_feedback([], text) == feedback


def test_a_later_step_going_well_moves_the_progression_on(words: Content, database_url: str) -> None:
    first, later = words.steps[0], words.steps[2]
    name = later.title.split(" ")[-1].lower()
    tracker = make_tracker(f"two days later. the {name} are easy now", "report_progress",
                           slots={"core_step": first.id})
    events, messages = run(ActionRecordProgress(), tracker)
    assert ("core_step", later.id) in [(e["name"], e.get("value")) for e in events if e["event"] == "slot"]
    assert "build from there" in texts(messages)[0]


@pytest.mark.parametrize(("text", "intent"), [("my gp basically brushed me off", "share_feeling"),
                                              ("honestly the consultant didn't listen", "share_feeling")])
def test_a_report_with_no_step_and_no_exercise_is_heard_as_a_feeling(
    text: str, intent: str, database_url: str
) -> None:
    assert not tells_of_exercise(text)
    events, messages = run(ActionRecordProgress(), make_tracker(text, "report_progress"))
    assert messages == [] and replayed_as(events) == intent


# --- feelings, medicines, goodbyes ------------------------------------------------------------------


def test_having_stopped_a_medicine_is_never_praised(words: Content, database_url: str) -> None:
    earlier = [user_event("the pregabalin makes me dizzy, can I come off it?", "ask_treatment_opinion", at=T0 + 1)]
    assert stopped_a_medicine("well I stopped them on sunday, feel so much sharper", ["the pregabalin..."])
    assert not stopped_a_medicine("I stopped the bridges, they hurt", [])
    tracker = make_tracker("well I stopped them on sunday, feel so much sharper", "share_feeling", earlier=earlier)
    _, messages = run(ActionAcknowledgeFeeling(), tracker)
    assert texts(messages)[0] in words.variants("feelings.stopped_medicine")


@pytest.mark.parametrize(("text", "leaves"), [
    ("feeling a bit calmer about it all. got to get going, bye", True),
    ("thanks, that helped. talk tomorrow", True),
    ("I only wanted to say goodbye", False),
    ("bye bye pain would be nice", False),
])
def test_a_message_that_ends_by_leaving_is_a_goodbye(text: str, leaves: bool) -> None:
    assert signs_off(text) is leaves


def test_a_feeling_then_a_goodbye_is_said_goodbye_to(database_url: str) -> None:
    tracker = make_tracker("feeling a bit calmer about it all. got to get going, bye", "share_feeling")
    events, messages = run(ActionAcknowledgeFeeling(), tracker)
    assert messages == [] and replayed_as(events) == "goodbye"


# --- safety ---------------------------------------------------------------------------------------


def test_a_middling_crisis_reading_of_a_sure_progress_report_is_let_go() -> None:
    scores = {"none": 0.64, "crisis": 0.36}
    assert decide_message(None, [], scores, Thresholds(), {"report_progress": 0.95}).outcome == "none"
    # Not a feeling, and not a stronger reading.
    assert decide_message(None, [], scores, Thresholds(), {"share_feeling": 0.95}).outcome == SCREEN
    even = {"none": 0.5, "crisis": 0.5}
    assert decide_message(None, [], even, Thresholds(), {"report_progress": 0.95}).outcome != "none"


@pytest.mark.parametrize(("text", "step"), [
    ("my brother has all my tablets now", True),
    ("going to give my husband the pills to keep", True),
    ("i might give myself all the pills", False),
    ("i wont give her the meds", False),
])
def test_means_handed_over_is_a_safety_step(text: str, step: bool) -> None:
    assert takes_a_safety_step(text) is step


def test_a_safety_step_read_as_a_disclosure_while_a_crisis_is_open_is_met_as_a_step() -> None:
    latest = Turn("express_crisis", {"crisis": 0.7}, "crisis", "my brother has all my tablets now")
    assert next_safety_action(latest, [], "crisis", None, Thresholds()) == FOLLOW_UP


@pytest.mark.parametrize(("text", "ok"), [("feeling ok now. can we talk about sleep", True),
                                          ("im alright today", True), ("not ok", False),
                                          ("im ok but tonight might be hard", False)])
def test_saying_they_are_ok_now_answers_are_you_safe(text: str, ok: bool) -> None:
    assert says_ok_now(text) is ok
    assert (follow_up_answer("crisis", "faq", {}, text) == SAFE) is ok


def test_asking_what_an_open_red_flag_is_gets_the_advice_again() -> None:
    latest = Turn("faq", {}, "none", "could this be the tumour again?")
    assert next_safety_action(latest, [], "red_flag", None, Thresholds()) == RESTATE


def test_a_plan_to_ring_a_clinician_is_agreeing_to_be_seen() -> None:
    assert agrees_to_go("I can ring the practice nurse now")
    assert not agrees_to_go("I could ring them next week")


def test_a_possible_crisis_in_a_calm_conversation_is_let_go_only_when_practical() -> None:
    """Found in development suite L: "fair enough. should i still be walking the dog or rest it"
    read 0.70 crisis, after turns about heat packs and mattresses, and was asked about suicide. Never
    when the classifier hears a crisis: "ive been having really dark thoughts lately" (0.85)."""
    calm = [Turn("faq", {"none": 0.9, "crisis": 0.1}), Turn("describe_pain", {"none": 0.8, "crisis": 0.2})]
    reading = {"none": 0.3, "crisis": 0.7}
    practical = {"out_of_scope": 0.9, "express_crisis": 0.03}
    t = Thresholds()
    assert calm_context(None, reading, practical, calm, t, asks=True) == "out_of_scope"
    # a remark out of scope is not practical: "some days I wonder what the point of any of it is"
    assert calm_context(None, reading, practical, calm, t) is None
    assert calm_context(None, reading, {"describe_pain": 0.9}, calm, t) == "describe_pain"
    assert calm_context(None, reading, {"express_crisis": 0.85, "describe_pain": 0.1}, calm, t) is None
    assert calm_context(None, reading, {"share_feeling": 0.9}, calm, t) is None  # a feeling is asked about
    assert calm_context(None, reading, {"out_of_scope": 0.3, "describe_pain": 0.3}, calm, t) is None  # unsure
    assert calm_context(None, reading, practical, calm[:1], t) is None  # too little context: asked
    assert calm_context("crisis", reading, practical, calm, t) is None  # a pattern is asked about
    assert calm_context(None, {"crisis": 0.9}, practical, calm, t) is None  # so is a sure reading
    worried = [*calm, Turn("share_feeling", {"crisis": 0.6, "none": 0.4})]
    assert calm_context(None, reading, practical, worried, t) is None  # and anything after a worrying turn
    asked = [*calm, Turn("faq", {"none": 1.0}, "screen")]
    assert calm_context(None, reading, practical, asked, t) is None


# --- through the running server ----------------------------------------------------------------------


def test_through_the_server_a_no_in_words_is_a_no_and_a_question_with_a_yes_is_answered(
    guywire: Guywire, words: Content
) -> None:
    declined = f"fo-{uuid.uuid4().hex[:8]}"
    guywire.say(declined, "hello")
    reply = server_texts(guywire.say(declined, "nope, you can't record me, sorry"))
    assert guywire.tracker(declined)["slots"]["consent"] is False
    assert words.say("first_contact.consent_yes") not in reply
    granted = f"fo-{uuid.uuid4().hex[:8]}"
    guywire.say(granted, "hi there")
    reply = server_texts(guywire.say(granted, "Sure, you can record it. Is heat or ice better for a stiff back?"))
    assert guywire.tracker(granted)["slots"]["consent"] is True
    assert any(answer in reply for answer in words.knowledge("heat_ice")["answers"])


def test_through_the_server_a_later_step_reported_over_days_moves_the_progression_on(guywire: Guywire) -> None:
    sender = f"fo-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "hello")
    guywire.say(sender, "no thanks")
    guywire.say(sender, "can you give me an exercise to start with")
    first = guywire.tracker(sender)["slots"]["core_step"]
    reply = server_texts(guywire.say(sender, "a couple of days later: been doing the bridges, easy now"))
    now = guywire.tracker(sender)["slots"]["core_step"]
    assert first and now and now != first and "bridges" in reply


def test_through_the_server_means_handed_over_after_a_crisis_is_met_as_a_step(
    guywire: Guywire,
    words: Content,  # noqa: F811
) -> None:
    sender = f"fo-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "i want to end my life, i have the tablets saved up")
    assert guywire.tracker(sender)["slots"]["safety_concern"] == "crisis"
    reply = server_texts(guywire.say(sender, "ok. my brother has all my tablets now"))
    assert "get emergency help right now" not in reply.lower() and "sounds like an emergency" not in reply.lower()
    assert "Are you safe" not in reply
    assert any(line.split(".")[0] in reply for line in words.safety["crisis"]["step"]), reply  # any wording


@pytest.mark.parametrize(("text", "topic"), [
    ("what should I say when I get to the hospital?", "what_to_say"),
    ("am I ok to keep doing the bridges until then?", "exercises_wait"),
    ("do I really have to go today?", None),
])
def test_a_question_while_a_red_flag_is_open_is_answered_for_what_it_asks(text: str, topic: str | None) -> None:
    assert restate_topic(text) == topic
    assert next_safety_action(Turn("nlu_fallback", {}, "none", text), [], "red_flag", None, Thresholds()) == RESTATE


def test_a_question_naming_a_doctor_with_nothing_to_clear_is_answered(database_url: str) -> None:
    """"is it all in my head then, the doc said nothing showed up" read as a clearance, with no
    concern open, had been told "it's good that you're keeping your clinician in the loop"."""
    tracker = make_tracker("right. so is it in my head then, the gp found nothing", "report_clinician_cleared")
    tracker.latest_message["intent_ranking"] = [{"name": "report_clinician_cleared", "confidence": 0.5},
                                                {"name": "ask_pain_meaning", "confidence": 0.3}]
    events, messages = run(ActionRecordClearance(), tracker)
    assert messages == [] and replayed_as(events) == "ask_pain_meaning"
    # A statement is still heard as news of a doctor's visit.
    statement = make_tracker("my gp says its just muscular and to keep moving", "report_clinician_cleared")
    statement.latest_message["intent_ranking"] = tracker.latest_message["intent_ranking"]
    events, messages = run(ActionRecordClearance(), statement)
    assert messages and replayed_as(events) is None


def test_asking_to_talk_about_the_back_after_a_feeling_is_taken_up(words: Content, database_url: str) -> None:
    """After a crisis and "I'm safe", "bit better. can we talk about my back a bit" (no body part
    found by the NLU) had the menu of exercises."""
    tracker = make_tracker("feeling a little steadier. can we talk about my back now", "share_feeling")
    _, messages = run(ActionAcknowledgeFeeling(), tracker)
    assert texts(messages) == [texts(messages)[0]] and texts(messages)[0] in words.variants("knowledge.talk_about")
    assert not any(m.get("buttons") for m in messages)


def test_means_handed_over_in_the_past_tense_is_a_step() -> None:
    assert takes_a_safety_step("he's here now, I gave him all my tablets")
    assert not takes_a_safety_step("i gave myself all of them")


def test_ringing_first_thing_tomorrow_keeps_an_urgent_appointment_but_not_an_emergency() -> None:
    text = "ok ill ring the surgery first thing tomorrow"
    assert agrees_to_go(text, "urgent") and not agrees_to_go(text, "emergency") and not agrees_to_go(text)
    assert not agrees_to_go("ill ring them next week", "urgent")


def test_a_long_message_asking_several_things_is_taken_one_at_a_time(words: Content, database_url: str) -> None:
    text = ("had a bad back for years now, my physio's exercises made it worse and the GP called it wear and "
            "tear. I'm wondering if I should keep cycling to work, and also is a new office chair worth it?")
    assert asks_several(text) and not asks_several("is a new office chair worth it? and cycling?")
    assert question_clauses(text) == ["I'm wondering if I should keep cycling to work, and",
                                      "also is a new office chair worth it?"]
    tracker = make_tracker(text, "faq", slots={"consent": True})
    tracker.latest_message["knowledge"] = {"topic": "sitting_desk", "confidence": 0.8}
    tracker.latest_message["knowledge_questions"] = ["sports_running", "sitting_desk"]
    events, messages = run(ActionAnswerQuestion(), tracker)
    said = texts(messages)
    assert said[0] == words.say("several.first") and said[1] in words.knowledge("sports_running")["answers"]
    assert said[2] == words.say("several.rest_one", topics=words.knowledge("sitting_desk")["name"]) and len(said) == 3
    assert not [e for e in events if e["event"] == "followup"]  # no offer stacked on it


def test_the_reply_to_several_questions_can_pick_the_next_one(words: Content) -> None:
    pending = ["sitting_desk", "heat_ice"]
    assert chosen_topic(words, pending, "the desk one", yes=False) == "sitting_desk"
    assert chosen_topic(words, pending, "heat please", yes=False) == "heat_ice"
    assert chosen_topic(words, pending, "yep go on", yes=True) == "sitting_desk"
    assert chosen_topic(words, pending, "hmm", yes=False) is None
    assert chosen_topic(words, [], "yes", yes=True) is None


def test_a_message_is_never_handed_back_a_third_time(database_url: str) -> None:
    """Rasa's limit of actions a turn counts back to the last action_listen, which a hand-back adds:
    "i can't cook to save my life" read as a no to recording went round between the consent
    policy and its action until the request timed out."""
    text = "i can't cook to save my life"
    once = [user_event(text, "out_of_scope", at=T0 + 1), {"event": "action", "name": "action_listen",
                                                          "timestamp": T0 + 2}]
    tracker = make_tracker(text, "out_of_scope", earlier=[*once, *once])
    assert times_handed_back(tracker) == 2 and answer_again(tracker) == []
    assert len(answer_again(make_tracker(text, "out_of_scope"))) == 2
    assert not declines_recording(text)


def test_through_the_server_a_first_message_with_a_figure_of_speech_is_answered(guywire: Guywire) -> None:
    reply = guywire.say(f"fo-{uuid.uuid4().hex[:8]}", "i can't cook to save my life, any tips for meal prep")
    assert reply  # answered, within the client's timeout


@pytest.mark.parametrize(("text", "intent"), [
    ("yes, kind of tingly round my bum when I wipe and my legs feel weak", "screen_safety"),
    ("yeah it started on tuesday", "describe_pain"),
    ("it's numb down there now too, and both my feet feel odd", "screen_safety"),
])
def test_a_yes_or_more_of_the_sign_to_the_red_flag_question_escalates(text: str, intent: str) -> None:
    """Blind suite N (read after its first play): "yes bit numb when i sit on toilet... both legs feel
    heavy" to the red-flag question was asked again, then let go when the person left for work."""
    scores = {"cauda_equina": 0.4, "none": 0.6}
    assert screening_answer("red_flag", intent, scores, text, False, Thresholds()) == ESCALATE


def test_leaving_without_answering_the_red_flag_question_still_hears_where_to_turn(
    words: Content, database_url: str
) -> None:
    tracker = make_tracker("ok gotta go to work now", "goodbye", slots={"safety_screening": "red_flag"})
    _, messages = run(ActionScreeningAnswer(), tracker)
    assert texts(messages)[0] == words.safety["screening"]["unanswered_red_flag"]


def test_development_suite_n_going_with_someone_and_asking_for_something_small() -> None:
    """Suite N, read after its first play: "I call the hospital tomorrow morning, today is Sunday" and
    "she will come with me" are agreeing to go; "gonna go hang with my housemate" is a safety step;
    "can we just talk about my back a bit, like something small i can do" asks for a step."""
    assert agrees_to_go("fine, I ring the surgery tomorrow morning, it's saturday today", "urgent")
    assert agrees_to_go("my son is here now, he says he'll come with me", "urgent")
    assert not agrees_to_go("i go on monday", "urgent")
    assert takes_a_safety_step("off to hang out with my brother for a bit")
    assert not wants_just_to_talk("can we just chat, maybe something gentle i can do?")
    assert wants_just_to_talk("can we just talk for a bit")


def test_a_good_feeling_is_met_gladly(words: Content, database_url: str) -> None:
    tracker = make_tracker("that felt really nice actually, calmer now", "share_feeling")
    _, messages = run(ActionAcknowledgeFeeling(), tracker)
    assert texts(messages)[0] in words.variants("feelings.glad") and len(messages) == 1
    assert not feels_better("I just want to feel better")


@pytest.mark.parametrize("text", ["ok its been 4 days, doing it morning and night", "did them like 5 days",
                                  "did the breathing couple nights"])
def test_days_of_practice_in_other_words(text: str) -> None:
    assert says_practised(text)


def test_days_told_before_the_next_ask_count_but_not_from_before_the_step(database_url: str) -> None:
    """Development suite N: "ok its been 4 days..." then "cool. next exercise?" had been told to stay."""
    from actions.core_steps import texts_since_last_step

    earlier = [user_event("been 4 days now", "report_progress", at=T0 + 1),
               {"event": "action", "name": "action_suggest_core_step", "timestamp": T0 + 2},
               user_event("easy", "report_progress", at=T0 + 3)]
    assert texts_since_last_step(make_tracker("next?", "request_core_steps", earlier=earlier)) == ["easy", "next?"]


def test_a_step_of_ours_found_on_their_own_is_taken_up(words: Content, database_url: str) -> None:
    tracker = make_tracker("did the belly breathing thing a few nights, bit boring", "report_progress",
                           slots={"consent": True})
    events, messages = run(ActionRecordProgress(), tracker)
    assert texts(messages)[0] == words.say("progress.no_step.named_own", name="belly breathing")
    assert ("core_step", "breathing") in [(e["name"], e.get("value")) for e in events if e["event"] == "slot"]


def test_a_step_done_with_none_on_record_and_none_named_asks_which_before_any_step(
    words: Content, database_url: str
) -> None:
    """Development suite T: "Day 6 report. Right side is now also OK. I did 2 sets." from someone
    back in a new chat got "let's start at the beginning" and belly breathing."""
    from actions.core_steps import ActionSuggestCoreStep

    text = "Day 6 report. Right side is now also OK. I did 2 sets."
    events, messages = run(ActionRecordProgress(), make_tracker(text, "report_progress", slots={"consent": True}))
    assert texts(messages) and texts(messages)[0] in words.variants("progress.no_step.which")
    assert ("last_feedback", "which") in [(e["name"], e.get("value")) for e in events if e["event"] == "slot"]
    tracker = make_tracker(text, "report_progress", slots={"consent": True, "last_feedback": "which"})
    _, messages = run(ActionSuggestCoreStep(), tracker)
    assert messages == []


def test_a_step_practised_elsewhere_and_read_as_a_request_is_heard_as_a_report(database_url: str) -> None:
    """Development suite T: "I tried yung exercise na bridge... mga 3 times this week", read as
    asking for a step, got belly breathing; asking for one by name is still a request."""
    from actions.core_steps import ActionSuggestCoreStep

    told = "Anyway I tried the bridge exercise, lying down and lifting the hips, 3 times this week"
    events, _ = run(ActionSuggestCoreStep(), make_tracker(told, "request_core_steps", slots={"consent": True}))
    replayed = [e for e in events if e["event"] == "user"]
    assert replayed and replayed[0]["parse_data"]["intent"]["name"] == "report_progress"
    asked = "can you give me the bridge exercise"
    events, messages = run(ActionSuggestCoreStep(), make_tracker(asked, "request_core_steps", slots={"consent": True}))
    assert not [e for e in events if e["event"] == "user"] and messages


def test_consent_answered_before_it_was_asked_still_says_who_is_talking(words: Content, database_url: str) -> None:
    """Blind suite O's judges: a first message declining recording was respected, but the person was
    never told they were talking to an assistant that is not a clinician."""
    tracker = make_tracker("please don't record any of this. my back's been bad for weeks", "deny",
                           slots={"awaiting_consent": False})
    _, messages = run(ActionRecordConsent(), tracker)
    said = texts(messages)
    assert said[0] in words.variants("first_contact.intro") and said[1] == words.say("first_contact.not_a_doctor")
    assert said[2] == words.say("first_contact.consent_no")

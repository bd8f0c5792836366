"""Replies that follow what was said (issues 15 and 16), from development suite Q's transcripts.

Suite Q (helper 134) was played blind in the twentieth session (42.6% of its turns judged good)
and read turn by turn in the twenty-first, so it is a development suite now. What it showed, by
kind, each tested here with phrasings of the team's own, not Q's:
- goodbyes in other words and languages ("have a blessed evening", "tchau", "I'll be in touch")
  were unplaced, out of scope, a greeting, or asked about suicide;
- "nothing hurt" and "no change in pain" were read as a step that hurt, a plan to try it tonight
  as done, and days of practice said in other words ("5 days I am doing breathing") were missed;
- with a red flag open, "I'm sure it's only the prostate", "it's a back ache not cancer" and "can
  I do the breathing thing" got a complaint's reply, a core step offered, and where to do a step;
- after a crisis, "i rang 1737" and "ill text the shout thing" were met with the lines again;
- a no to recording given with the answer to a screening question was lost, and "i'm not doing
  any of them check questions" started a check-in;
- "who else can see it" without its mark was read as a yes, "what are these core steps?" got
  pacing, and an operation ahead was met with "we can carry on gently".
"""

from __future__ import annotations

import uuid

import pytest

from actions.check_in import ActionRecordCheckIn, ActionStartCheckIn
from actions.core_steps import ActionRecordProgress, ActionSuggestCoreStep
from actions.safety import ActionScreeningAnswer
from bot.coach.artefacts import everyday_goodbye, leaving_artefact
from bot.coach.check_in import wants_to_stop
from bot.coach.consent import asks_about_recording, asks_only_about_recording
from bot.coach.content import Content
from bot.coach.progression import asks_for_overview, classify_feedback, reports_and_asks_next, says_practised
from bot.coach.risk import CRISIS, SCREEN, Thresholds, Verdict
from bot.coach.safety import clearance_messages
from bot.coach.safety_dialogue import MINIMISING, _plain, agrees_to_go, restate_topic, says_ok_now, takes_a_safety_step
from bot.nlu.settled import settled_intent
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import T0, environment, make_tracker, run, texts, user_event, words  # noqa: F401

# --- goodbyes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "intent"), [
    ("Many thanks for your help. Have a lovely evening.", "goodbye"),
    ("cheers mate, ciao", "goodbye"),
    ("right, that's me. speak to you tomorrow, thanks again", "goodbye"),
    ("I'll report back on Friday. Take care.", "goodbye"),
    ("thanks so much, I'll come back when I've tried it for a week", "goodbye"),
    ("Thank you, dear. Good evening.", "goodbye"),
    ("kids are home, have to dash now! thanks heaps", "goodbye"),
    ("I want to say goodbye to everyone", None),  # the safety layer weighs farewells
    ("will the pain get worse later?", None),
    ("ok delete everything please, bye", None),
])
def test_a_goodbye_in_other_words_is_a_goodbye(text: str, intent: str | None) -> None:
    current = "request_delete_data" if "delete" in text else "nlu_fallback"
    assert settled_intent(text, current) == intent


def test_a_greeting_needs_a_word_of_greeting() -> None:
    assert settled_intent("sunday i could not even bend to tie my laces", "greet") == "nlu_fallback"
    assert settled_intent("hiya, back again", "greet") is None


@pytest.mark.parametrize(("text", "everyday"), [
    ("right, kids are up, have to dash. bye!", True),
    ("thanks, I'll message again tomorrow. bye", True),
    ("thanks for everything. goodbye", False),  # nothing of coming back: a possible farewell
    ("this is my last message. I'll try to say goodbye properly. bye", False),
    ("no more of this after tonight. bye", False),
])
def test_only_an_everyday_goodbye_can_let_a_crisis_question_go(text: str, everyday: bool) -> None:
    assert everyday_goodbye(text) is everyday
    assert settled_intent("no more of this after tonight. bye", "goodbye") is None


def test_a_crisis_question_that_comes_only_from_a_goodbye_is_let_go() -> None:
    asked, votes, thresholds = Verdict(SCREEN, CRISIS), {"goodbye": 0.4, "express_crisis": 0.05}, Thresholds()
    assert leaving_artefact(asked, None, {"crisis": 0.5}, votes, True, thresholds)
    assert not leaving_artefact(asked, None, {"crisis": 0.5}, votes, False, thresholds)  # no goodbye
    assert not leaving_artefact(asked, "crisis", {"crisis": 0.5}, votes, True, thresholds)  # a pattern
    assert not leaving_artefact(asked, None, {"crisis": 0.9}, votes, True, thresholds)  # a sure reading
    assert not leaving_artefact(asked, None, {"crisis": 0.5}, {"express_crisis": 0.4}, True, thresholds)


# --- progress ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "feedback"), [
    ("did the breathing on the sofa, nothing hurt at all", "easy"),
    ("done them 4 days, no change in the pain yet", "done"),
    ("ok ok i'll give it a go after work", "planned"),
    ("gonna try it tonight before bed", "planned"),
    ("did it this morning, will try again later", "done"),
    ("6 days of the tilts, all good", "done"),
])
def test_how_a_step_went_in_other_words(text: str, feedback: str) -> None:
    assert classify_feedback([], text) == feedback


@pytest.mark.parametrize(("text", "practised"), [
    ("3 days I have been doing the tilts", True),
    ("did them for one week like you said", True),
    ("I hurt it 2 weeks ago", False),
])
def test_days_of_practice_in_other_words(text: str, practised: bool) -> None:
    assert says_practised(text) is practised


def test_a_report_that_asks_for_the_next_step_is_a_report() -> None:
    assert reports_and_asks_next("six days of the breathing, no bother. whats next")
    assert settled_intent("a full week of the drawing-in, fine every time. next step please", "faq") == "report_progress"
    assert not reports_and_asks_next("what is next?")
    assert not reports_and_asks_next("it hurt a lot, what now")


def test_a_plan_to_try_the_step_is_encouraged_not_praised(words: Content, database_url: str) -> None:
    tracker = make_tracker("fine, i'll give it a go tonight", "report_progress", slots={"consent": True, "core_step": "breathing"})
    events, messages = run(ActionRecordProgress(), tracker)
    assert texts(messages)[0] in words.variants("progress.planned")
    assert {"event": "slot", "name": "last_feedback", "value": "planned"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events
    ]
    _, messages = run(ActionSuggestCoreStep(), make_tracker(
        "fine, i'll give it a go tonight", "report_progress",
        slots={"consent": True, "core_step": "breathing", "last_feedback": "planned"}))
    assert messages == []  # no new step, no "well done"


def test_asking_what_the_steps_are_lists_them_in_order(words: Content, database_url: str) -> None:
    assert asks_for_overview("so what are these 'core steps' you keep mentioning?")
    assert settled_intent("so what are these core steps then", "faq") == "request_core_steps"
    events, messages = run(ActionSuggestCoreStep(), make_tracker("what are all the steps?", "request_core_steps"))
    names = ", ".join(s.title[0].lower() + s.title[1:] for s in words.steps)
    assert texts(messages) == [words.say("core_steps.overview", names=names)]
    assert {"event": "followup", "name": "utter_offer_step"} in [{k: e.get(k) for k in ("event", "name")} for e in events]


# --- safety dialogue --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "i'm sure it's only my age",
    "it's just a bad back, not a tumour",
    "its only a strain surely",
])
def test_blaming_something_ordinary_while_a_red_flag_is_open_is_minimising(text: str) -> None:
    assert MINIMISING.search(_plain(text))


def test_an_appointment_they_were_fitted_in_for_is_going_and_a_step_question_waits() -> None:
    assert agrees_to_go("the surgery fitted me in for tomorrow at 9")
    assert restate_topic("can i still do the tilts my physio showed me") == "exercises_wait"


def test_seen_with_an_operation_ahead_leaves_the_exercises_to_the_team(words: Content) -> None:
    text = "the consultant saw me and they're keeping me in for surgery on Friday"
    assert clearance_messages(words, "red_flag", text) == [words.say("safety.cleared_treatment_ahead")]
    assert clearance_messages(words, "red_flag", "the GP examined me, all fine") == [words.say("safety.cleared_red_flag")]


@pytest.mark.parametrize(("text", "step"), [
    ("I rang 116 123 after we spoke", True),
    ("ok i'll text the crisis line tonight", True),
    ("im not calling the line", False),
])
def test_calling_a_line_after_a_crisis_is_a_step(text: str, step: bool) -> None:
    assert takes_a_safety_step(text) is step


def test_safe_tonight_is_not_hedged_by_tonight() -> None:
    assert says_ok_now("yes I'm ok tonight")
    assert not says_ok_now("im ok now but tonight i might not be")


# --- consent and check-ins ---------------------------------------------------------------------------


def test_a_no_to_recording_in_the_answer_to_a_screening_question_is_recorded(database_url: str) -> None:
    tracker = make_tracker("no, and please don't record any of this", "deny", slots={"safety_screening": "crisis"})
    events, _ = run(ActionScreeningAnswer(), tracker)
    assert {"event": "followup", "name": "action_record_consent"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]


def test_a_no_to_recording_with_the_answer_to_are_you_safe_is_recorded(database_url: str) -> None:
    from actions.safety import ActionSafetyFollowUp

    tracker = make_tracker("no, not like that. and don't record any of this please", "deny",
                           slots={"safety_concern": "crisis", "safe_question": "asked"})
    events, _ = run(ActionSafetyFollowUp(), tracker)
    assert {"event": "followup", "name": "action_record_consent"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]


@pytest.mark.parametrize("text", [
    "i'm not answering any of them rating questions",
    "why do you keep asking for numbers, i aint doing that",
])
def test_refusing_the_numbers_is_heard(text: str, words: Content, database_url: str) -> None:
    assert wants_to_stop(text)
    _, messages = run(ActionRecordCheckIn(), make_tracker(text, "report_pain_level", slots={"consent": True}))
    assert texts(messages)[0] in words.variants("check_in.no_numbers")
    events, messages = run(ActionStartCheckIn(), make_tracker(text, "start_check_in", slots={"consent": True}))
    assert messages == [] and events[0]["value"] == "stopped"


@pytest.mark.parametrize(("text", "asks"), [
    ("lol ok wait who else can see this", True),
    ("Is the coach someone at my work? I don't want my boss reading it", True),
    ("Do you remember me from last week?", True),
    ("can I go back to my work?", False),
    ("yes you can record it", False),
])
def test_questions_about_who_reads_it(text: str, asks: bool) -> None:
    assert asks_about_recording(text) is asks
    assert asks_only_about_recording(text) is (asks and "record" not in text)


# --- through the server -------------------------------------------------------------------------------


def test_through_the_server_a_goodbye_in_other_words_and_a_no_with_the_screening_answer(
    guywire: Guywire, words: Content
) -> None:
    sender = f"sq-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "hi")
    guywire.say(sender, "yes that's fine")
    reply = server_texts(guywire.say(sender, "ok thanks for the help, have a good evening"))
    assert guywire.tracker(sender)["slots"]["safety_screening"] is None
    assert "Sorry, I didn't quite follow" not in reply and "Hi again" not in reply
    events = guywire.tracker(sender)["events"]
    assert "action_goodbye_summary" in [e.get("name") for e in events if e.get("event") == "action"][-3:]

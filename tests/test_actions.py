"""The custom actions, run as the action server runs them: a real rasa_sdk Tracker built from the
dicts Rasa sends, a CollectingDispatcher, and a real migrated SQLite database from conftest.py.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterable, Sequence
from typing import Any

import pytest
import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher
from sqlalchemy import select

from actions.check_in import ActionRecordCheckIn, ActionStartCheckIn, ValidateCheckInForm
from actions.core_steps import ActionRecordProgress, ActionSuggestCoreStep
from actions.explanations import ActionExplain, ActionReframeLabel
from actions.first_contact import ActionAskConsent, ActionGreet, ActionRecordConsent
from actions.goodbye import ActionGoodbyeSummary
from actions.knowledge import ActionAnswerQuestion, ActionDefaultFallback, ActionOutOfScope, ActionUnclear
from actions.listening import ActionFinishListening, ActionListeningHint, ValidateListeningForm
from actions.privacy import ActionDeleteUserData
from actions.safety import (
    ActionRecordClearance,
    ActionSafetyEscalation,
    ActionSafetyFollowUp,
    ActionSafetyRestate,
    ActionSafetyScreen,
    ActionScreeningAnswer,
)
from bot.coach.content import Content, load_content
from bot.coach.progression import PRACTICE
from bot.settings import PROJECT_ROOT
from bot.store.db import session_scope
from bot.store.models import CheckIn, Conversation, LabelMention, SafetyEvent, StepSuggestion
from bot.store.records import Records

DOMAIN: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
SENDER = "alice"
CHANNEL = "rest"
T0 = 1_700_000_000.0


# --- building trackers ---------------------------------------------------------------


def parse_data(
    text: str, intent: str | None, entities: Sequence[tuple[str, Any]] = ()
) -> dict[str, Any]:
    """What Rasa's NLU puts in latest_message and in a user event's parse_data."""
    ranking = [{"name": intent, "confidence": 0.95}] if intent else []
    return {
        "text": text,
        "intent": {"name": intent, "confidence": 0.95} if intent else {},
        "intent_ranking": ranking,
        "entities": [
            {"entity": entity, "value": value, "start": 0, "end": len(str(value)),
             "confidence_entity": 0.9, "extractor": "CRFEntityExtractor"}
            for entity, value in entities
        ],
        "message_id": "m1",
        "metadata": {},
    }


def user_event(
    text: str, intent: str | None, entities: Sequence[tuple[str, Any]] = (), at: float = T0
) -> dict[str, Any]:
    return {
        "event": "user", "timestamp": at, "text": text, "input_channel": CHANNEL,
        "parse_data": parse_data(text, intent, entities), "metadata": {},
    }


def session_start(at: float = T0) -> list[dict[str, Any]]:
    return [
        {"event": "action", "timestamp": at, "name": "action_session_start"},
        {"event": "session_started", "timestamp": at},
        {"event": "action", "timestamp": at, "name": "action_listen"},
    ]


def all_slots(**values: Any) -> dict[str, Any]:
    """Every domain slot at its initial value, with the given ones set."""
    slots = {name: spec.get("initial_value") for name, spec in DOMAIN["slots"].items()}
    slots["requested_slot"] = None
    unknown = set(values) - set(slots)
    assert not unknown, f"not slots in domain.yml: {unknown}"
    slots.update(values)
    return slots


def make_tracker(
    text: str = "",
    intent: str | None = None,
    entities: Sequence[tuple[str, Any]] = (),
    *,
    sender_id: str = SENDER,
    slots: dict[str, Any] | None = None,
    earlier: Iterable[dict[str, Any]] = (),
    after: Iterable[dict[str, Any]] = (),
    active_loop: dict[str, Any] | None = None,
) -> Tracker:
    """A tracker whose latest user message is ``text``; ``earlier`` events come before it,
    inside the same session unless they include their own session start."""
    latest = parse_data(text, intent, entities)
    events = [
        *session_start(),
        *earlier,
        user_event(text, intent, entities, at=T0 + 100),
        *after,
    ]
    return Tracker.from_dict({
        "sender_id": sender_id,
        "slots": all_slots(**(slots or {})),
        "latest_message": latest,
        "events": events,
        "paused": False,
        "followup_action": None,
        "active_loop": active_loop or {},
        "latest_action_name": "action_listen",
    })


def run(action: Action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Run an action the way the SDK's executor does; returns (events, messages)."""
    dispatcher = CollectingDispatcher()
    result = action.run(dispatcher, tracker, DOMAIN)
    if inspect.isawaitable(result):
        result = asyncio.run(result)
    return result, dispatcher.messages


def slot_sets(events: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """The slots an action set; besides them it may only hand over to the offer of help."""
    assert all(e["event"] == "slot" or e == HANDED_TO_OFFER for e in events), events
    return [(e["name"], e["value"]) for e in events if e["event"] == "slot"]


HANDED_TO_OFFER = {"event": "followup", "name": "utter_offer_help", "timestamp": None}


def texts(messages: list[dict[str, Any]]) -> list[str | None]:
    return [m.get("text") for m in messages]


# --- content and database helpers ----------------------------------------------------


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("GUYWIRE_DATABASE_URL", database_url)
    for name in ("GUYWIRE_LOCALE", "GUYWIRE_CONTENT_DIR", "GUYWIRE_PROJECT_ROOT", "GUYWIRE_STATE_DIR"):
        monkeypatch.delenv(name, raising=False)
    return database_url


@pytest.fixture
def words() -> Content:
    return load_content(str(PROJECT_ROOT / "content"))


def variants(words: Content, key: str, **values: Any) -> list[str]:
    node: Any = words.raw("dialogue")
    for part in key.split("."):
        node = node[part]
    return [v.format(**values) for v in ([node] if isinstance(node, str) else node)]


def rows(url: str, *columns: Any) -> list[tuple[Any, ...]]:
    with session_scope(url) as session:
        return [tuple(r) for r in session.execute(select(*columns)).all()]


def practised(url: str) -> None:
    """Move every suggested step back by the practice time, as if given yesterday."""
    with session_scope(url) as session:
        for suggestion in session.execute(select(StepSuggestion)).scalars():
            suggestion.created_at -= PRACTICE


def count(url: str, model: Any) -> int:
    return len(rows(url, model.id))


# --- registration --------------------------------------------------------------------


def test_every_custom_action_in_the_domain_is_registered() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    custom = {a for a in DOMAIN["actions"] if a.startswith(("action_", "validate_"))}
    assert custom, "domain.yml lists custom actions"
    assert custom <= set(executor.actions)
    contract = {
        "action_safety_escalation", "action_reframe_label", "action_suggest_core_step",
        "action_record_check_in",
    }
    assert contract <= set(DOMAIN["actions"])


def test_delete_user_data_removes_every_record_of_the_person(
    words: Content, database_url: str
) -> None:
    store = Records(database_url)
    store.set_consent(SENDER, "rest", True)
    store.record_check_in(SENDER, "rest", feeling="low", location="neck", pain_level=5)
    store.record_step_suggestion(SENDER, "rest", "breathing")
    store.record_safety_event(SENDER, "rest", "red_flag", "night sweats")
    store.record_check_in("someone-else", "rest", feeling="ok", location=None, pain_level=2)

    events, messages = run(ActionDeleteUserData(), make_tracker("yes", "affirm"))

    assert events == []
    assert texts(messages) == [words.say("privacy.deleted")]
    assert store.consent(SENDER) is None
    assert store.step_history(SENDER) == []
    assert store.latest_pain_level(SENDER) is None
    assert store.latest_pain_level("someone-else") == 2


# --- action_greet / action_record_consent ------------------------------------------


def test_greet_a_new_person(words: Content, database_url: str) -> None:
    events, messages = run(ActionGreet(), make_tracker("hello", "greet"))

    assert slot_sets(events) == [("awaiting_consent", True)]
    assert len(messages) == 3
    assert messages[0]["text"] in variants(words, "first_contact.intro")
    assert messages[1]["text"] == words.say("first_contact.not_a_doctor")
    assert messages[2]["text"] == words.say("first_contact.ask_consent")
    assert messages[2]["buttons"] == [
        {"title": words.say("first_contact.consent_buttons.yes"), "payload": "/affirm"},
        {"title": words.say("first_contact.consent_buttons.no"), "payload": "/deny"},
    ]
    assert all(isinstance(b["title"], str) and b["title"] for b in messages[2]["buttons"])
    assert Records(database_url).consent(SENDER) is None


def test_greet_a_known_person_mentions_their_last_step(
    words: Content, records: Records, database_url: str
) -> None:
    records.set_consent(SENDER, CHANNEL, True)
    records.record_step_suggestion(SENDER, CHANNEL, "breathing")
    records.record_step_suggestion(SENDER, CHANNEL, "pelvic_tilt")

    events, messages = run(ActionGreet(), make_tracker("hi again", "greet"))

    assert slot_sets(events) == [("consent", True)]
    assert messages[0]["text"] in variants(words, "first_contact.welcome_back")
    assert messages[1]["text"] == words.say("first_contact.last_step", title="Pelvic tilts")
    assert '"Pelvic tilts"' in messages[1]["text"]
    assert messages[2]["response"] == "utter_how_can_i_help"
    assert len(messages) == 3
    assert not any(m.get("buttons") for m in messages)


def test_greet_a_known_person_without_steps(words: Content, records: Records) -> None:
    records.set_consent(SENDER, CHANNEL, True)
    events, messages = run(ActionGreet(), make_tracker("hi", "greet"))
    assert slot_sets(events) == [("consent", True)]
    assert len(messages) == 2
    assert messages[0]["text"] in variants(words, "first_contact.welcome_back")
    assert messages[1]["response"] == "utter_how_can_i_help"


def test_greet_someone_who_declined(words: Content, records: Records) -> None:
    records.set_consent(SENDER, CHANNEL, False)
    events, messages = run(ActionGreet(), make_tracker("hi", "greet"))
    assert slot_sets(events) == [("consent", False)]
    assert messages[0]["text"] in variants(words, "first_contact.welcome_back")
    assert messages[-1]["response"] == "utter_how_can_i_help"
    assert len(messages) == 2


def asked_consent(words: Content) -> list[dict[str, Any]]:
    """The consent question as the bot's last words before the message under test."""
    return [{"event": "action", "name": "action_greet", "timestamp": T0 + 4},
            {"event": "bot", "text": words.say("first_contact.ask_consent"), "timestamp": T0 + 5}]


@pytest.mark.parametrize(("text", "intent", "consent", "key"), [
    ("/affirm", "affirm", True, "first_contact.consent_yes"),
    # A no in words that the NLU read as a yes: had been thanked for and recorded.
    ("no you cant record me. big brother enough already", "affirm", False, "first_contact.consent_no"),
    ("/deny", "deny", False, "first_contact.consent_no"),
    ("figures. well you can record it, i've got nothing to hide", "faq", True, "first_contact.consent_yes"),
])
def test_record_consent(
    words: Content, database_url: str, text: str, intent: str, consent: bool, key: str
) -> None:
    tracker = make_tracker(text, intent, slots={"awaiting_consent": True}, earlier=asked_consent(words))
    events, messages = run(ActionRecordConsent(), tracker)

    assert slot_sets(events) == [("consent", consent), ("awaiting_consent", False)]
    assert texts(messages) == [words.say(key)]
    assert rows(database_url, Conversation.sender_id, Conversation.channel, Conversation.consent) == [
        (SENDER, CHANNEL, consent)
    ]


def test_consent_asked_after_a_first_story_says_who_is_asking(words: Content, database_url: str) -> None:
    events, messages = run(ActionAskConsent(), make_tracker("is walking ok for my back?", "faq"))
    assert texts(messages) == [words.say("first_contact.ask_consent_first")]
    assert messages[0]["buttons"] and slot_sets(events) == [("awaiting_consent", True)]


def test_consent_asked_again_is_the_short_question(words: Content, database_url: str) -> None:
    greeted = [{"event": "action", "name": "action_greet", "timestamp": T0 + 50}]
    tracker = make_tracker("who reads this?", "faq", slots={"awaiting_consent": True}, earlier=greeted)
    _, messages = run(ActionAskConsent(), tracker)
    assert texts(messages) == [words.say("first_contact.ask_consent")]


def test_consent_given_in_a_conversation_the_tracker_lost_is_not_asked_again(records: Records) -> None:
    records.set_consent(SENDER, CHANNEL, False)
    events, messages = run(ActionAskConsent(), make_tracker("is walking ok for my back?", "faq"))
    assert messages == [] and slot_sets(events) == [("consent", False)]


def test_record_consent_changes_an_earlier_answer(words: Content, records: Records, database_url: str) -> None:
    records.set_consent(SENDER, CHANNEL, False)
    run(ActionRecordConsent(), make_tracker("yes", "affirm", earlier=asked_consent(words)))
    assert records.consent(SENDER) is True
    assert count(database_url, Conversation) == 1


def test_a_yes_turns_after_the_consent_question_answers_what_was_said_last(words: Content, records: Records) -> None:
    """Found in development suite L: "ok what would you have me do then, Mr Coach?", six turns after
    a consent question nobody answered, was taken as the answer and a check-in began. It is handed
    back to the dialogue, and nothing is recorded as consent."""
    earlier = [*asked_consent(words), user_event("you recording this?", "faq", at=T0 + 10),
               {"event": "bot", "text": "Shall I suggest one gentle core step you can try today?", "timestamp": T0 + 11}]
    tracker = make_tracker("ok what would you have me do then?", "affirm", slots={"awaiting_consent": True},
                           earlier=earlier)
    events, messages = run(ActionRecordConsent(), tracker)
    assert messages == [] and records.consent(SENDER) is None
    # not awaited any more, and not answered: None, so the rule for a yes to it (a check-in) stays out
    assert events[0] == {**events[0], "event": "slot", "name": "awaiting_consent", "value": None}
    assert events[-1]["event"] == "user" and events[-1]["text"] == "ok what would you have me do then?"


@pytest.mark.parametrize(("before", "topic"), [("report_progress", "step_hurts"), ("describe_pain", "damage_worry"),
                                              ("greet", None)])
def test_is_that_bad_is_answered_by_what_came_before(words: Content, before: str, topic: str | None) -> None:
    """No topic reads from "is that bad??" alone: after "did it, my back twinged a bit" it is about
    a step that hurt; where nothing says what "that" is, the honest "no good answer" comes."""
    earlier = [user_event("did it, my back twinged a bit", before, at=T0 + 10)]
    tracker = make_tracker("is that bad??", "faq", earlier=earlier)
    tracker.latest_message["knowledge"] = {"topic": "heat_ice", "confidence": 0.17}
    events, messages = run(ActionAnswerQuestion(), tracker)
    if topic is None:
        assert texts(messages)[0] in words.variants("knowledge.unsure")
    else:
        assert texts(messages)[0] in words.knowledge(topic)["answers"]
        assert {"event": "slot", "name": "knowledge_topic", "timestamp": None, "value": topic} in events


def test_a_message_nothing_fits_is_acknowledged_and_the_offer_is_not_repeated(words: Content) -> None:
    offers = [r["text"] for r in DOMAIN["responses"]["utter_offer_help"]]
    known = {"consent": True}  # a first message nothing fits is greeted instead (tests/test_moving_on.py)
    _, first = run(ActionUnclear(), make_tracker("Back's been bad 30 years. Comes with the job.", "nlu_fallback", slots=known))
    assert texts(first)[0] in variants(words, "knowledge.unclear") and texts(first)[1] == offers[0]
    assert first[1]["buttons"]
    said = [{"event": "bot", "timestamp": T0 + 5, "text": t} for t in texts(first)]
    _, second = run(ActionUnclear(), make_tracker("cant take breaks", "nlu_fallback", earlier=said, slots=known))
    assert texts(second)[0] != texts(first)[0] and texts(second)[1] == offers[1]


@pytest.mark.parametrize("text, asks", [
    ("Whatever. Can you write an email to my landlord about the mould in my bathroom", True),
    ("what's the weather like tomorrow", True),
    ("book me a taxi to the station", True),
    ("Our office has very strict breaks haha", False),
    ("Also worth saying I've lost two stone since January, on purpose I should add", False),
])
def test_outside_back_pain_a_request_is_told_so_and_a_statement_is_heard(words: Content, text: str, asks: bool) -> None:
    """The development suite G: statements of someone's story got "That's outside what I know about"."""
    _, messages = run(ActionOutOfScope(), make_tracker(text, "out_of_scope", slots={"consent": True}))
    scope = response_texts("utter_out_of_scope")
    assert len(messages) == 1 and (texts(messages)[0] in scope) == asks, messages
    if not asks:
        assert texts(messages)[0] in variants(words, "knowledge.unclear")


def response_texts(name: str) -> list[str]:
    return [v["text"] for v in DOMAIN["responses"][name]]


LABEL_QUESTION = "When you were given that label, what did it make you think about your back and your future?"
OFFER = {"event": "bot", "timestamp": T0 + 5, "text": "Would one of these help right now?",
         "data": {"buttons": [{"title": "Give me a core step", "payload": "/request_core_steps"}]}}
TOPICS = {"event": "bot", "timestamp": T0 + 5, "text": "Which would you like to hear about?",
          "data": {"buttons": [{"title": "Sleep", "payload": "/faq"}, {"title": "Walking", "payload": "/faq"}]}}


@pytest.mark.parametrize(("text", "intent", "last", "response"), [
    ("k", "affirm", {"event": "bot", "timestamp": T0 + 5, "text": LABEL_QUESTION}, "utter_no_pressure"),
    ("nah", "deny", {"event": "bot", "timestamp": T0 + 5, "text": LABEL_QUESTION}, "utter_no_pressure"),
    ("yeah ok", "affirm", TOPICS, "utter_default"),
    ("no", "deny", {"event": "bot", "timestamp": T0 + 5, "text": "Take it gently today."}, "utter_no_problem"),
    ("k", "affirm", {"event": "bot", "timestamp": T0 + 5, "text": "A physio can assess how you move."}, "utter_anything_else"),
    ("hmm right", "share_feeling", {"event": "bot", "timestamp": T0 + 5, "text": LABEL_QUESTION}, "utter_default"),
])
def test_the_core_fallback_answers_by_what_was_said_and_asked(
    text: str, intent: str, last: dict[str, Any], response: str
) -> None:
    events, messages = run(ActionDefaultFallback(), make_tracker(text, intent, earlier=[last]))
    assert [e["event"] for e in events] == ["rewind"], "the turn is rewound, as Rasa's own fallback does"
    assert len(messages) == 1 and messages[0]["text"] in response_texts(response)
    assert messages[0]["buttons"], "the main topics are offered"


def test_a_yes_to_the_offer_of_a_step_among_others_gets_the_step() -> None:
    """Suite V: "Yes please. But quickly" to "Would one of these help right now?" had been asked
    "which?"; the smallest useful choice, a step, is taken."""
    events, messages = run(ActionDefaultFallback(), make_tracker("yes please, quickly", "affirm", earlier=[OFFER]))
    assert messages == [] and [e["event"] for e in events] == ["action", "user"]
    assert events[1]["parse_data"]["intent"]["name"] == "request_core_steps"


def test_a_yes_or_no_that_says_more_is_answered_or_heard_not_let_go(words: Content) -> None:
    """ "oh great so its all in my head then" (read as affirm) had been told "we don't have to go
    into that": with a knowledge-base topic it is handed back as a question; without, heard."""
    last = {"event": "bot", "timestamp": T0 + 5, "text": LABEL_QUESTION}
    tracker = make_tracker("oh great so its all in my head then", "affirm", earlier=[last])
    tracker.latest_message["knowledge"] = {"topic": "pain_real", "confidence": 0.33}
    events, messages = run(ActionDefaultFallback(), tracker)
    assert messages == [] and [e["event"] for e in events] == ["action", "user"]
    assert events[1]["parse_data"]["intent"]["name"] == "faq"
    assert events[1]["parse_data"]["intent_ranking"][0]["name"] == "faq", "rasa_sdk reads the ranking"
    tracker = make_tracker("yeah I suppose it made me think of my dad's back", "affirm", earlier=[last])
    events, messages = run(ActionDefaultFallback(), tracker)
    assert [e["event"] for e in events] == ["rewind"]
    assert texts(messages)[0] in variants(words, "knowledge.unclear")
    assert len(messages) == 2 and messages[1]["text"] in response_texts("utter_offer_help")


def test_ok_will_do_to_a_step_is_taken_as_trying_it(words: Content) -> None:
    """ "ok will do" after "Tell me how it goes" had been told "we don't have to go into that"."""
    last = {"event": "bot", "timestamp": T0 + 5, "text": words.say("core_steps.report_back")}
    events, messages = run(ActionDefaultFallback(), make_tracker("ok will do", "affirm", earlier=[last]))
    assert [e["event"] for e in events] == ["rewind"]
    assert texts(messages)[0] in variants(words, "core_steps.will_try") and "?" not in texts(messages)[0]


# --- check-in --------------------------------------------------------------------------


def test_start_check_in_clears_the_last_answers(words: Content) -> None:
    tracker = make_tracker(
        "can we do a check-in", "start_check_in",
        slots={"feeling": "tired", "pain_location": "neck", "pain_level": 4.0},
    )
    events, messages = run(ActionStartCheckIn(), tracker)
    assert sorted(slot_sets(events)) == [
        ("feeling", None), ("pain_level", None), ("pain_location", None)
    ]
    assert texts(messages)[0] in variants(words, "check_in.start")
    assert len(messages) == 1


def test_start_check_in_keeps_slots_given_in_the_same_message() -> None:
    tracker = make_tracker(
        "check in: my lower back is a 6 today", "start_check_in",
        [("body_part", "lower_back"), ("pain_level", "6")],
        slots={"feeling": "old", "pain_location": "lower_back", "pain_level": 6.0},
    )
    events, _ = run(ActionStartCheckIn(), tracker)
    assert slot_sets(events) == [("feeling", None)]


def test_start_check_in_keeps_what_was_said_earlier_in_the_conversation() -> None:
    """"it's a 6 today, low down", then "yes" to recording: the rating is not asked again. What came
    before the last check-in form ended is asked afresh."""
    said = [
        user_event("it's a 6 today, in my lower back", "describe_pain", [("pain_level", "6")], at=T0 + 10),
        {"event": "slot", "timestamp": T0 + 10, "name": "pain_level", "value": 6.0},
    ]
    tracker = make_tracker("yes", "affirm", earlier=said, slots={"pain_level": 6.0, "pain_location": "neck"})
    events, _ = run(ActionStartCheckIn(), tracker)
    assert sorted(slot_sets(events)) == [("feeling", None), ("pain_location", None)]
    # a rating recorded outside the form is kept with the place said beside it
    place = {"event": "slot", "timestamp": T0 + 10, "name": "pain_location", "value": "lower_back"}
    recorded = [*said, place, {"event": "action", "timestamp": T0 + 11, "name": "action_record_check_in"},
                {"event": "slot", "timestamp": T0 + 11, "name": "pain_level", "value": 6.0}]
    tracker = make_tracker("yes", "affirm", earlier=recorded, slots={"pain_level": 6.0, "pain_location": "lower_back"})
    events, _ = run(ActionStartCheckIn(), tracker)
    assert slot_sets(events) == [("feeling", None)]
    # after a check-in form ended, its answers are asked afresh
    ended = [{"event": "active_loop", "timestamp": T0 + 1, "name": "check_in_form"}, *recorded[:3],
             {"event": "active_loop", "timestamp": T0 + 12, "name": None}, *recorded[3:]]
    tracker = make_tracker("check in again", "start_check_in", earlier=ended, slots={"pain_level": 6.0})
    events, _ = run(ActionStartCheckIn(), tracker)
    assert sorted(slot_sets(events)) == [("feeling", None), ("pain_level", None), ("pain_location", None)]


def test_a_place_said_before_the_check_in_is_not_refused_when_it_starts() -> None:
    """The form validates what it finds filled when it starts, against the message that started it
    ("yes thats fine"); a place given earlier must not get "I'm not sure I caught where it hurts"."""
    tracker = make_tracker("yes thats fine", "affirm", slots={"pain_location": "lower_back"})
    dispatcher = CollectingDispatcher()
    result = ValidateCheckInForm().validate_pain_location("lower_back", dispatcher, tracker, DOMAIN)
    assert result == {"pain_location": "lower_back"} and dispatcher.messages == []


def test_start_check_in_keeps_only_the_entity_given() -> None:
    tracker = make_tracker(
        "check in, it's my hip", "start_check_in", [("body_part", "hip")],
        slots={"pain_location": "hip", "pain_level": 3.0},
    )
    events, _ = run(ActionStartCheckIn(), tracker)
    assert sorted(slot_sets(events)) == [("feeling", None), ("pain_level", None)]


def one_line_of(words: Content, key: str) -> list[list[str]]:
    """The replies that are exactly one line, in any wording of `key`."""
    return [[v] for v in variants(words, key)]


def validate(
    words: Content, slot: str, value: Any, *, entities: Sequence[tuple[str, Any]] = (), intent: str | None = None,
    earlier: Iterable[dict[str, Any]] = (),
):
    """Run the form validation the way Rasa calls it: the candidate as the last slot event."""
    tracker = make_tracker(
        str(value), intent or ("report_pain_level" if slot == "pain_level" else "describe_pain"), entities,
        slots={"requested_slot": slot, slot: value}, earlier=[
            {"event": "active_loop", "timestamp": T0 + 1, "name": "check_in_form"},
            {"event": "slot", "timestamp": T0 + 2, "name": "requested_slot", "value": slot}, *earlier],
        after=[{"event": "slot", "timestamp": T0 + 101, "name": slot, "value": value}],
        active_loop={"name": "check_in_form"},
    )
    return run(ValidateCheckInForm(), tracker)


@pytest.mark.parametrize(("answer", "level"), [
    ("a seven", 7), ("7/10", 7), ("7 out of 10", 7), ("about 6.5", 7), ("0", 0), (4.0, 4),
])
def test_validate_accepts_ratings(words: Content, answer: Any, level: int) -> None:
    events, messages = validate(words, "pain_level", answer)
    assert slot_sets(events) == [("pain_level", level)]
    assert messages == []


@pytest.mark.parametrize("answer", ["how am i supposed to not lift them theyre 2 and 4 lol", "what counts as a 10?"])
def test_a_question_in_reply_to_the_rating_is_not_a_rating(words: Content, answer: str) -> None:
    events, messages = validate(words, "pain_level", answer, intent="faq")
    assert slot_sets(events) == [("pain_level", None)]
    assert [m["text"] for m in messages] in one_line_of(words, "check_in.not_an_answer.question")


@pytest.mark.parametrize(("answer", "problem"), [
    ("eleven", "too_high"), ("-2", "negative"), ("a lot", "no_number"), ("6 or 7", "ambiguous"),
    ("dunno like a 6? maybe 7 when i stand up from the sofa", "ambiguous"),
])
def test_validate_reasks_kindly(words: Content, answer: str, problem: str) -> None:
    events, messages = validate(words, "pain_level", answer)
    assert slot_sets(events) == [("pain_level", None)]
    assert len(messages) == 1
    assert messages[0]["text"] in variants(words, f"check_in.reask.{problem}")


def test_a_description_in_reply_to_the_rating_is_heard_before_the_number_is_asked_again(words: Content) -> None:
    """"and it burns when I sit too long" tells what the pain is like: not "it's hard to rate"."""
    events, messages = validate(words, "pain_level", "and it burns when I sit too long", intent="describe_pain")
    assert slot_sets(events) == [("pain_level", None)]
    assert [m["text"] for m in messages] in one_line_of(words, "check_in.reask.described")
    assert all("?" not in v for v in variants(words, "check_in.reask.described"))  # the form asks next


def test_a_place_given_in_the_check_in_is_heard_before_the_rating_question(words: Content) -> None:
    events, messages = validate(words, "pain_location", "my back is killing me, like a knife", entities=[("body_part", "lower_back")])
    assert slot_sets(events) == [("pain_location", "lower_back")]
    assert [m["text"] for m in messages] in one_line_of(words, "check_in.thanks.place")


def test_the_rating_is_asked_for_twice_at_most(words: Content) -> None:
    """A second reply with no number ends the check-in without one: a third "0 to 10?" to someone
    who can't put a number on it feels like an interrogation."""
    first = [user_event("a lot", "describe_pain", at=T0 + 3)]
    events, messages = validate(words, "pain_level", "honestly no idea", intent="share_feeling", earlier=first)
    # Then the SDK asks for the next missing slot: none here but the test's empty feeling.
    assert slot_sets(events)[:2] == [("pain_level", None), ("check_in_cut_short", "no_rating")]
    assert ("requested_slot", "pain_level") not in slot_sets(events)
    assert messages == []  # action_record_check_in says it, once the form has ended
    form = ValidateCheckInForm()
    slots = ["feeling", "pain_location", "pain_level"]
    skipped = make_tracker("honestly no idea", "share_feeling", slots={"check_in_cut_short": "no_rating"})
    assert asyncio.run(form.required_slots(slots, CollectingDispatcher(), skipped, DOMAIN)) == slots[:2]
    assert asyncio.run(form.required_slots(slots, CollectingDispatcher(), make_tracker("7"), DOMAIN)) == slots
    # The first reply without a number is asked about again, kindly.
    events, _ = validate(words, "pain_level", "a lot", intent="describe_pain")
    assert slot_sets(events) == [("pain_level", None)]


@pytest.mark.parametrize(("consent", "wording", "kept"), [(None, "recording", 1), (False, "not_recording", 0)])
def test_a_check_in_without_a_rating_keeps_the_rest_and_says_so(
    words: Content, database_url: str, consent: bool | None, wording: str, kept: int
) -> None:
    tracker = check_in_tracker(pain_level=None, check_in_cut_short="no_rating", consent=consent)
    events, messages = run(ActionRecordCheckIn(), tracker)
    assert slot_sets(events) == [("check_in_cut_short", None)]
    assert [texts(messages)[0]] in one_line_of(words, f"check_in.unrated_end.{wording}") and len(messages) == 1
    assert rows(database_url, CheckIn.feeling, CheckIn.location, CheckIn.pain_level) == [
        ("tired", "lower_back", None)] * kept


@pytest.mark.parametrize("slot", ["feeling", "pain_location", "pain_level"])
@pytest.mark.parametrize("answer", ["stop", "can we skip this", "I don't want a check-in right now", "not now"])
def test_asking_to_stop_ends_the_check_in_at_any_question(words: Content, slot: str, answer: str) -> None:
    events, messages = validate(words, slot, answer, intent="deny")
    assert slot_sets(events)[:2] == [(slot, None), ("check_in_cut_short", "stopped")]
    assert messages == []  # action_record_check_in says so, once the form has ended
    stopped = make_tracker(answer, "deny", slots={"check_in_cut_short": "stopped"})
    assert asyncio.run(ValidateCheckInForm().required_slots([slot], CollectingDispatcher(), stopped, DOMAIN)) == []


@pytest.mark.parametrize("answer", ["stopped working because of it", "skipping meals makes it worse", "quit my job over it"])
def test_a_feeling_that_mentions_stopping_is_a_feeling(words: Content, answer: str) -> None:
    events, _ = validate(words, "feeling", answer, intent="share_feeling")
    assert slot_sets(events) == [("feeling", answer)]


def test_a_stopped_check_in_is_not_recorded_and_its_answers_are_cleared(words: Content, database_url: str) -> None:
    events, messages = run(ActionRecordCheckIn(), check_in_tracker(check_in_cut_short="stopped", pain_level=None))
    assert [texts(messages)[0]] in one_line_of(words, "check_in.stopped") and len(messages) == 1
    assert sorted(slot_sets(events)) == [("check_in_cut_short", None), ("feeling", None), ("pain_level", None),
                                         ("pain_location", None)]
    assert count(database_url, CheckIn) == 0

def test_validate_is_silent_about_a_rating_cleared_at_the_start(words: Content) -> None:
    events, messages = validate(words, "pain_level", None)
    assert slot_sets(events) == [("pain_level", None)]
    assert messages == []


@pytest.mark.parametrize(("slot", "answer", "intent", "reason"), [
    ("feeling", "what kind of stuff", "share_feeling", "question"),
    ("feeling", "did you even read what I wrote?", "share_feeling", "question"),
    ("pain_location", "yes please", "affirm", "no_place"),
    ("pain_location", "lovely weather we are having", "out_of_scope", "no_place"),
    ("pain_location", "Aye. Got to feed the hens.", "nlu_fallback", "no_place"),
    ("pain_location", "did the breathing one, felt a bit silly but ok", "report_progress", "no_place"),
    ("pain_location", "5 or 6", "report_pain_level", "no_place"),
    ("pain_location", "where is the sciatic nerve", "faq", "question"),
    ("pain_location", "why do you need to know that", "describe_pain", "question"),
])
def test_a_reply_that_does_not_answer_is_not_stored(
    words: Content, slot: str, answer: str, intent: str, reason: str
) -> None:
    events, messages = validate(words, slot, answer, intent=intent)
    assert slot_sets(events) == [(slot, None)]
    assert [m["text"] for m in messages] in one_line_of(words, f"check_in.not_an_answer.{reason}")
    assert "?" not in messages[0]["text"], "the form asks its question again: one question a turn"


@pytest.mark.parametrize("answer", ["5", "id say 5 or so"])
def test_a_rating_in_place_of_a_place_is_kept_and_where_is_asked_again(words: Content, answer: str) -> None:
    events, messages = validate(words, "pain_location", answer, intent="report_pain_level")
    assert slot_sets(events) == [("pain_location", None), ("pain_level", 5)]
    assert [m["text"] for m in messages] in one_line_of(words, "check_in.not_an_answer.number")


def test_a_question_naming_a_place_still_answers_where(words: Content) -> None:
    events, messages = validate(words, "pain_location", "my lower back, why?", entities=[("body_part", "lower_back")])
    assert slot_sets(events) == [("pain_location", "lower_back")]
    assert [m["text"] for m in messages] in one_line_of(words, "check_in.thanks.place")


@pytest.mark.parametrize("answer", ["kind of all over really", "just above my belt", "same as usual", "where my belt sits"])
def test_a_place_nothing_understood_is_kept_when_it_sounds_like_one(words: Content, answer: str) -> None:
    events, messages = validate(words, "pain_location", answer, intent="nlu_fallback")
    assert slot_sets(events) == [("pain_location", answer)]
    assert [m["text"] for m in messages] in one_line_of(words, "check_in.thanks.place")


def test_validate_location_prefers_the_entity(words: Content) -> None:
    events, _ = validate(
        words, "pain_location", "mostly my lower back", entities=[("body_part", "lower_back")]
    )
    assert slot_sets(events) == [("pain_location", "lower_back")]


def test_validate_location_keeps_free_text_trimmed(words: Content) -> None:
    events, _ = validate(words, "pain_location", "  all over, honestly  ")
    assert slot_sets(events) == [("pain_location", "all over, honestly")]
    events, _ = validate(words, "pain_location", "   ")
    assert slot_sets(events) == [("pain_location", None)]


def test_validate_feeling(words: Content) -> None:
    events, messages = validate(words, "feeling", "  worn out  ")
    assert slot_sets(events) == [("feeling", "worn out")]
    assert [m["text"] for m in messages] in one_line_of(words, "check_in.thanks.feeling"), "heard"
    events, _ = validate(words, "feeling", "x" * 900)
    assert slot_sets(events) == [("feeling", "x" * 500)]


def test_a_feeling_heard_before_a_screening_question_is_not_thanked_again(words: Content) -> None:
    """The check-in goes on after a screening question; its feeling, already heard, is kept quietly."""
    tracker = make_tracker("no its been like this for years", "deny", slots={"requested_slot": None, "feeling": "meh"},
                           after=[{"event": "slot", "timestamp": T0 + 101, "name": "feeling", "value": "meh"}],
                           active_loop={"name": "check_in_form"})
    events, messages = run(ValidateCheckInForm(), tracker)
    assert slot_sets(events) == [("feeling", "meh")] and messages == []


def check_in_tracker(**slots: Any) -> Tracker:
    """The check-in's slots, with the rating as the latest message, as when the form just asked it."""
    values = {"feeling": "tired", "pain_location": "lower_back", "pain_level": 7.0}
    values.update(slots)
    level = values["pain_level"]
    return make_tracker(f"{level:g}" if isinstance(level, float) else "", "report_pain_level", slots=values)


def test_record_check_in_writes_a_row_and_sets_the_levels(
    words: Content, database_url: str
) -> None:
    events, messages = run(ActionRecordCheckIn(), check_in_tracker())

    assert slot_sets(events) == [("pain_level", 7), ("last_pain_level", 7)]
    assert rows(database_url, CheckIn.feeling, CheckIn.location, CheckIn.pain_level) == [
        ("tired", "lower_back", 7)
    ]
    assert rows(database_url, Conversation.sender_id, Conversation.channel) == [(SENDER, CHANNEL)]
    assert texts(messages) == variants(
        words, "check_in.recorded.high", level=7, location=" (lower back)"
    )


def test_the_rating_in_the_words_beats_the_entity_span(words: Content, database_url: str) -> None:
    tracker = make_tracker("And pain wise I'm at a 4, it was a 6 when I started!", "report_pain_level",
                           slots={"pain_level": 6.0})
    events, _ = run(ActionRecordCheckIn(), tracker)
    assert slot_sets(events) == [("pain_level", 4), ("last_pain_level", 4)]


def test_a_check_in_ending_on_another_answer_keeps_the_rating_given_earlier(database_url: str) -> None:
    """ "4" given early, then "did the breathing one, felt a bit silly but ok": recorded as 1/10."""
    earlier = [user_event("4", "report_pain_level", at=T0 + 10),
               {"event": "slot", "timestamp": T0 + 11, "name": "pain_level", "value": 4.0}]
    tracker = make_tracker("did the breathing one, felt a bit silly but ok", "report_progress", earlier=earlier,
                           slots={"feeling": "tired", "pain_location": "lower_back", "pain_level": 4.0})
    events, _ = run(ActionRecordCheckIn(), tracker)
    assert slot_sets(events) == [("pain_level", 4), ("last_pain_level", 4)]
    assert rows(database_url, CheckIn.pain_level) == [(4,)]


def test_a_check_in_ending_on_a_rating_already_acknowledged_does_not_repeat_it(words: Content) -> None:
    said_before = variants(words, "check_in.recorded.high", level=7, location=" (lower back)")
    earlier = [{"event": "bot", "timestamp": T0 + 5, "text": text} for text in said_before]
    tracker = make_tracker("7", "report_pain_level", earlier=earlier,
                           slots={"feeling": "low", "pain_location": "lower_back", "pain_level": 7.0})
    _, messages = run(ActionRecordCheckIn(), tracker)
    assert texts(messages) == [words.say("check_in.recorded_again")]


def test_a_rating_straight_after_a_check_in_puts_it_right(
    words: Content, records: Records, database_url: str
) -> None:
    """"6 then", said after "7" was recorded, corrects that check-in: no second row, no lecture."""
    records.record_check_in(SENDER, CHANNEL, feeling="low", location="lower_back", pain_level=7)
    just_recorded = [user_event("7", "report_pain_level", at=T0 + 10),
                     {"event": "action", "timestamp": T0 + 11, "name": "action_record_check_in"},
                     {"event": "slot", "timestamp": T0 + 11, "name": "last_pain_level", "value": 7}]
    tracker = make_tracker("6 then", "report_pain_level", earlier=just_recorded, slots={"pain_level": 6.0})
    events, messages = run(ActionRecordCheckIn(), tracker)
    assert slot_sets(events) == [("pain_level", 6), ("last_pain_level", 6)]
    assert len(messages) == 1 and texts(messages)[0] in variants(words, "check_in.corrected", level=6)
    assert rows(database_url, CheckIn.pain_level) == [(6,)]
    a_turn_later = [*just_recorded, user_event("thanks", "thank", at=T0 + 20)]
    run(ActionRecordCheckIn(), make_tracker("5", "report_pain_level", earlier=a_turn_later, slots={"pain_level": 5.0}))
    assert sorted(rows(database_url, CheckIn.pain_level)) == [(5,), (6,)], "a later rating is a new check-in"


def test_a_rating_that_cannot_be_recorded_outside_the_form_is_heard_not_asked(
    words: Content, database_url: str
) -> None:
    """An offer follows this action outside the form, so no re-ask may stack a second question."""
    for text, entity in (("like a 5 when i bend, 2 sitting still", None), ("ok gotta go, handover in 10", 10.0)):
        events, messages = run(ActionRecordCheckIn(), make_tracker(text, "report_pain_level",
                                                                   slots={"pain_level": entity}))
        assert slot_sets(events) == [("pain_level", None)] and "?" not in texts(messages)[0], text
        assert texts(messages)[0] in variants(words, "check_in.unrated")
    assert rows(database_url, CheckIn.pain_level) == []


def test_record_check_in_mentions_a_meaningful_change(
    words: Content, records: Records, database_url: str
) -> None:
    records.record_check_in(SENDER, CHANNEL, feeling=None, location="hip", pain_level=3)
    _, messages = run(ActionRecordCheckIn(), check_in_tracker(pain_level=6.0))
    assert len(messages) == 2
    assert messages[1]["text"] == words.say(
        "check_in.change", direction=words.say("check_in.change_up"), points=3
    )
    assert records.latest_pain_level(SENDER) == 6


def test_record_check_in_is_quiet_about_small_changes(records: Records) -> None:
    records.record_check_in(SENDER, CHANNEL, feeling=None, location="hip", pain_level=6)
    _, messages = run(ActionRecordCheckIn(), check_in_tracker(pain_level=7.0))
    assert len(messages) == 1
    assert "since your last check-in" not in messages[0]["text"]


def test_record_check_in_only_compares_with_this_person(records: Records) -> None:
    records.record_check_in("bob", CHANNEL, feeling=None, location="hip", pain_level=1)
    _, messages = run(ActionRecordCheckIn(), check_in_tracker(pain_level=8.0))
    assert len(messages) == 1


@pytest.mark.parametrize("stored", [True, None])
def test_record_check_in_does_not_write_when_consent_slot_is_false(
    records: Records, database_url: str, stored: bool | None
) -> None:
    if stored is not None:
        records.set_consent(SENDER, CHANNEL, stored)
    events, messages = run(ActionRecordCheckIn(), check_in_tracker(consent=False))
    assert count(database_url, CheckIn) == 0
    assert slot_sets(events) == [("pain_level", 7), ("last_pain_level", 7)]
    assert len(messages) == 1


def test_record_check_in_reads_a_stored_no(records: Records, database_url: str) -> None:
    records.set_consent(SENDER, CHANNEL, False)
    run(ActionRecordCheckIn(), check_in_tracker())  # consent slot not filled this session
    assert count(database_url, CheckIn) == 0


def test_record_check_in_falls_back_to_the_message_text(database_url: str) -> None:
    tracker = make_tracker("it's about a 5 today", "report_pain_level")
    events, _ = run(ActionRecordCheckIn(), tracker)
    assert slot_sets(events) == [("pain_level", 5), ("last_pain_level", 5)]
    assert rows(database_url, CheckIn.pain_level, CheckIn.location) == [(5, None)]


def test_record_check_in_without_a_rating_records_nothing(words: Content, database_url: str) -> None:
    events, messages = run(ActionRecordCheckIn(), make_tracker("it's bad", "report_pain_level"))
    assert slot_sets(events) == [("pain_level", None)]
    assert texts(messages)[0] in variants(words, "check_in.unrated")
    assert count(database_url, CheckIn) == 0


def test_record_check_in_trims_a_long_place_to_the_column(database_url: str) -> None:
    place = "mostly the lower back on the right side, and sometimes down the back of my leg"
    run(ActionRecordCheckIn(), check_in_tracker(pain_location=place))
    assert rows(database_url, CheckIn.location) == [(place[:64],)]


# --- labels and explanations ---------------------------------------------------------

# Consent asked already: at first contact the reframe leaves its question back to the consent question.
GREETED = [{"event": "action", "name": "action_greet", "timestamp": T0 + 1}]


def test_reframe_label_with_an_entity(words: Content, database_url: str) -> None:
    label = words.label("degenerative_disc_disease")
    tracker = make_tracker(
        "my doctor said I have DDD", "mention_diagnosis",
        [("diagnosis", "degenerative_disc_disease")],
        slots={"diagnosis": "degenerative_disc_disease"}, earlier=GREETED,
    )
    events, messages = run(ActionReframeLabel(), tracker)

    assert slot_sets(events) == [("diagnosis", "degenerative_disc_disease")]
    reframe, evidence, question = texts(messages)
    assert reframe in label["reframes"]
    assert evidence == label["evidence"]
    assert question in label["questions"]
    assert rows(database_url, LabelMention.diagnosis) == [("degenerative_disc_disease",)]


def test_a_fear_named_with_the_label_is_heard_before_the_reframe(words: Content) -> None:
    label = words.label("degenerative_disc_disease")
    tracker = make_tracker(
        "my doctor said i have degenerative disc disease and i'm scared", "mention_diagnosis",
        [("diagnosis", "degenerative_disc_disease")], earlier=GREETED,
    )
    _, messages = run(ActionReframeLabel(), tracker)
    heard, reframe, evidence, question = texts(messages)
    assert heard in words.variants("label.feeling_heard") and "?" not in heard
    assert reframe in label["reframes"] and evidence == label["evidence"] and question in label["questions"]


def test_a_medicine_stopped_with_the_label_is_not_left_unsaid(words: Content) -> None:
    """Found talking to the server: "my GP said it's sciatica and gave me naproxen but I stopped taking
    it cos it upset my stomach" was told "That sounds frightening to hear" and nothing about the
    medicine. An upset stomach is no fear; the stopped medicine goes back to the GP or pharmacist."""
    label = words.label("sciatica")
    text = "my GP said it's sciatica and gave me naproxen but I stopped taking it cos it upset my stomach"
    tracker = make_tracker(text, "mention_diagnosis", [("diagnosis", "sciatica")], earlier=GREETED)
    _, messages = run(ActionReframeLabel(), tracker)
    reframe, evidence, medicine, question = texts(messages)
    assert reframe in label["reframes"] and evidence == label["evidence"] and question in label["questions"]
    assert medicine in words.variants("label.medicine_stopped") and "?" not in medicine


def test_reframe_label_without_an_entity_uses_the_default(
    words: Content, database_url: str
) -> None:
    default = words.label(None)
    events, messages = run(
        ActionReframeLabel(), make_tracker("my scan report had a long word", "mention_diagnosis", earlier=GREETED)
    )
    assert slot_sets(events) == [("diagnosis", None)]
    reframe, evidence, question = texts(messages)
    assert reframe in default["reframes"]
    assert evidence == default["evidence"]
    assert question in default["questions"]
    assert count(database_url, LabelMention) == 0


def test_a_label_mentioned_again_gets_another_reframe_and_no_evidence_word_for_word(words: Content) -> None:
    label = words.label("degenerative_disc_disease")
    first = [label["reframes"][0], label["evidence"], label["questions"][0]]
    tracker = make_tracker(
        "yeah but its degenerative disc disease, it only gets worse", "mention_diagnosis",
        [("diagnosis", "degenerative_disc_disease")],
        earlier=[*GREETED, *({"event": "bot", "timestamp": T0 + 50, "text": text} for text in first)],
    )
    _, messages = run(ActionReframeLabel(), tracker)
    reframe, question = texts(messages)
    assert reframe in label["reframes"] and reframe != first[0]
    assert question in label["questions"] and question != first[2]


def test_reframe_label_asked_for_stretches_too_gives_a_step_not_a_question(words: Content, database_url: str) -> None:
    """ "they said it's degenerative, can you give me some stretches": the reframe, then a step."""
    tracker = make_tracker(
        "they said it's degenerative disc disease, can you give me some stretches", "mention_diagnosis",
        [("diagnosis", "degenerative_disc_disease")], earlier=GREETED,
    )
    events, messages = run(ActionReframeLabel(), tracker)
    first = words.steps[0]
    assert ("core_step", first.id) in slot_sets(events)
    assert any(first.title in m for m in texts(messages))
    assert texts(messages)[-1] == words.say("core_steps.report_back"), "the step's own question ends the turn"
    assert sum(m.count("?") for m in texts(messages)) == 1


def test_reframe_label_without_consent_records_nothing(words: Content, database_url: str) -> None:
    tracker = make_tracker(
        "I have sciatica", "mention_diagnosis", [("diagnosis", "sciatica")],
        slots={"consent": False},
    )
    events, messages = run(ActionReframeLabel(), tracker)
    assert slot_sets(events) == [("diagnosis", "sciatica")]
    assert messages[1]["text"] == words.label("sciatica")["evidence"]
    assert count(database_url, LabelMention) == 0


@pytest.mark.parametrize(("intent", "topic"), [
    ("ask_muscle_imbalance", "muscle_imbalance"),
    ("ask_core", "core"),
    ("ask_pain_meaning", "pain_meaning"),
    ("ask_treatment_opinion", "treatment"),
    ("greet", "pain_meaning"),  # anything else gets the pain explanation
])
def test_explain(words: Content, intent: str, topic: str) -> None:
    events, messages = run(ActionExplain(), make_tracker("what do you think?", intent))
    assert events == []
    assert len(messages) == 1
    assert messages[0]["text"] in words.raw("explanations")["topics"][topic]["messages"]


def test_an_explanation_asked_again_comes_in_another_wording(words: Content) -> None:
    wordings = words.raw("explanations")["topics"]["core"]["messages"]
    assert len(wordings) > 1
    earlier = [{"event": "bot", "timestamp": T0 + 50, "text": w} for w in wordings[:-1]]
    _, messages = run(ActionExplain(), make_tracker("what's the core again", "ask_core", earlier=earlier))
    assert texts(messages) == [wordings[-1]]


# --- core steps ------------------------------------------------------------------------


def _step_intro(words: Content, reason: str, step_id: str) -> list[str]:
    step = words.step(step_id)
    return [f"{v} {step.title}: {step.instructions}" for v in variants(words, f"core_steps.{reason}")]


def suggest(**slots: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return run(
        ActionSuggestCoreStep(), make_tracker("what's next?", "request_core_steps", slots=slots, earlier=GREETED)
    )


def test_a_first_step_at_first_contact_leaves_the_question_to_consent(words: Content, database_url: str) -> None:
    """A first message asking for a step: the step asks nothing back, as the consent question follows."""
    _, messages = run(ActionSuggestCoreStep(), make_tracker("what's next?", "request_core_steps"))
    assert messages[-1]["text"] in words.variants("core_steps.next_time")


def test_suggest_the_first_step(words: Content, database_url: str) -> None:
    events, messages = suggest()
    assert slot_sets(events) == [("core_step", "breathing"), ("last_feedback", None)]
    assert len(messages) == 3
    assert messages[0]["text"] in _step_intro(words, "first", "breathing")
    assert words.pacing("during") in messages[1]["text"]
    assert messages[2]["text"] == words.say("core_steps.report_back")
    assert rows(database_url, StepSuggestion.step_id, StepSuggestion.feedback) == [
        ("breathing", None)
    ]


def test_a_step_asked_for_off_the_floor_is_given_sitting(words: Content, database_url: str) -> None:
    """Found talking to the server: "give me one exercise, nothing lying on the floor, I can't get back
    up easily" got belly breathing lying on the back. Said once, it holds for the conversation."""
    asked = "fine. give me one exercise, nothing lying on the floor, I can't get back up easily"
    _, messages = run(ActionSuggestCoreStep(), make_tracker(asked, "request_core_steps"))
    step = words.step("breathing")
    assert step.seated and step.seated in messages[0]["text"] and step.instructions not in messages[0]["text"]
    assert words.say("core_steps.seated") in messages[0]["text"]
    earlier = [user_event(asked, "request_core_steps", at=T0 + 50)]
    tracker = make_tracker("what's next?", "request_core_steps", earlier=earlier, slots={"core_step": "breathing"})
    _, again = run(ActionSuggestCoreStep(), tracker)
    assert step.seated in again[0]["text"]


def test_suggest_forward_after_a_recorded_easy(
    words: Content, records: Records, database_url: str
) -> None:
    records.record_step_suggestion(SENDER, CHANNEL, "breathing")
    records.record_step_feedback(SENDER, "easy")
    practised(database_url)

    events, messages = suggest()

    assert slot_sets(events) == [("core_step", "drawing_in"), ("last_feedback", None)]
    assert messages[0]["text"] in _step_intro(words, "forward", "drawing_in")
    assert rows(database_url, StepSuggestion.step_id, StepSuggestion.feedback) == [
        ("breathing", "easy"), ("drawing_in", None)
    ]


def test_suggest_is_paused_by_a_safety_concern(words: Content, database_url: str) -> None:
    events, messages = suggest(safety_concern="red_flag")
    assert events == []
    assert texts(messages) == [words.say("core_steps.paused")]
    assert count(database_url, StepSuggestion) == 0


def test_a_second_pause_in_a_conversation_is_said_briefly(words: Content, database_url: str) -> None:
    said = [{"event": "bot", "timestamp": T0 + 50, "text": words.say("core_steps.paused")}]
    tracker = make_tracker("did the breathing, easy", "report_progress", slots={"safety_concern": "red_flag"},
                           earlier=said)
    _, messages = run(ActionSuggestCoreStep(), tracker)
    assert texts(messages) == [words.say("core_steps.paused_again")]


def test_suggest_on_a_high_pain_day_uses_breathing(words: Content, records: Records) -> None:
    for step in ("breathing", "drawing_in"):
        records.record_step_suggestion(SENDER, CHANNEL, step)
        records.record_step_feedback(SENDER, "easy")

    events, messages = suggest(last_pain_level=8.0)

    assert slot_sets(events) == [("core_step", "breathing"), ("last_feedback", None)]
    assert messages[0]["text"] in _step_intro(words, "high_pain_day", "breathing")
    assert words.pacing("high_pain_day") in messages[1]["text"]
    assert words.pacing("during") not in messages[1]["text"]
    assert [r.step_id for r in records.step_history(SENDER)][-1] == "breathing"


def test_suggest_below_seven_is_not_a_high_pain_day(records: Records, database_url: str) -> None:
    records.record_step_suggestion(SENDER, CHANNEL, "breathing")
    records.record_step_feedback(SENDER, "done")
    practised(database_url)
    events, _ = suggest(last_pain_level=6.0)
    assert slot_sets(events)[0] == ("core_step", "drawing_in")


def test_suggest_without_consent_uses_the_slots(words: Content, database_url: str) -> None:
    events, messages = suggest(consent=False, core_step="drawing_in", last_feedback="easy")
    assert slot_sets(events) == [("core_step", "pelvic_tilt"), ("last_feedback", None)]
    assert messages[0]["text"] in _step_intro(words, "forward", "pelvic_tilt")
    assert count(database_url, StepSuggestion) == 0
    assert count(database_url, Conversation) == 0


def test_suggest_without_consent_keeps_practising_a_step_given_minutes_ago(words: Content) -> None:
    import time

    given = {"event": "slot", "timestamp": time.time() - 300, "name": "core_step", "value": "drawing_in"}
    tracker = make_tracker(
        "what's next?", "request_core_steps", earlier=[given],
        slots={"consent": False, "core_step": "drawing_in", "last_feedback": "easy"},
    )
    events, messages = run(ActionSuggestCoreStep(), tracker)
    assert slot_sets(events) == [("core_step", "drawing_in"), ("last_feedback", None)]
    assert messages[0]["text"].startswith(tuple(variants(words, "core_steps.practice")))


def test_suggest_without_consent_and_no_step_yet_starts_at_the_beginning(database_url: str) -> None:
    events, _ = suggest(consent=False)
    assert slot_sets(events)[0] == ("core_step", "breathing")
    assert count(database_url, StepSuggestion) == 0


def test_suggest_without_consent_ignores_records(records: Records, database_url: str) -> None:
    records.record_step_suggestion(SENDER, CHANNEL, "dead_bug")
    records.record_step_feedback(SENDER, "easy")
    records.set_consent(SENDER, CHANNEL, False)
    events, _ = suggest(core_step="breathing", last_feedback="hard")
    assert slot_sets(events)[0] == ("core_step", "breathing")
    assert count(database_url, StepSuggestion) == 1


def test_no_step_is_handed_over_once_pregnancy_was_talked_about(words: Content, database_url: str) -> None:
    """The development suite G: "I am 22 weeks pregnant" was answered (see your midwife), then
    "give me some exercise for the core" got belly breathing lying on the back. Exercises for
    pregnancy are the midwife's or physio's to choose (content-brief)."""
    pregnancy = [user_event("I am 22 weeks pregnant", "faq"), {"event": "action", "name": "action_answer_question"},
                 {"event": "slot", "name": "knowledge_topic", "value": "pregnancy"}]
    events, messages = run(ActionSuggestCoreStep(), make_tracker(
        "can you give me an exercise for my core", "request_core_steps", earlier=pregnancy))
    assert texts(messages) == [words.say("core_steps.referred")]
    assert slot_sets(events) == [("last_feedback", None)] and count(database_url, StepSuggestion) == 0
    events, _ = run(ActionSuggestCoreStep(), make_tracker("can you give me an exercise for my core", "request_core_steps"))
    assert slot_sets(events)[0] == ("core_step", "breathing")


def progress(
    text: str, entities: Sequence[tuple[str, Any]] = (), **slots: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return run(ActionRecordProgress(), make_tracker(text, "report_progress", entities, slots=slots))


def test_record_progress_stores_feedback_on_the_latest_suggestion(
    words: Content, records: Records, database_url: str
) -> None:
    records.record_step_suggestion(SENDER, CHANNEL, "breathing")
    records.record_step_suggestion(SENDER, CHANNEL, "drawing_in")

    events, messages = progress("it was a breeze", [("step_feedback", "easy")])

    assert slot_sets(events) == [("last_feedback", "easy")]
    assert len(messages) == 1 and texts(messages)[0] in variants(words, "progress.easy")
    assert rows(database_url, StepSuggestion.step_id, StepSuggestion.feedback) == [
        ("breathing", None), ("drawing_in", "easy")
    ]


def test_record_progress_from_the_wording(records: Records) -> None:
    records.record_step_suggestion(SENDER, CHANNEL, "pelvic_tilt")
    events, _ = progress("the tilts hurt my back")
    assert slot_sets(events) == [("last_feedback", "hurt")]
    assert records.step_history(SENDER)[-1].feedback == "hurt"


def test_record_progress_with_nothing_suggested_yet(words: Content, database_url: str) -> None:
    events, messages = progress("done!", [("step_feedback", "done")])
    assert slot_sets(events) == [("last_feedback", "which")], "nothing on record, nothing claimed"
    assert texts(messages)[0] in words.variants("progress.no_step.which"), "asked which, not restarted"


def test_a_step_that_hurt_with_nothing_suggested_yet_is_taken_up_first(words: Content, database_url: str) -> None:
    """ "did those pelvic tilts my physio gave me and it hurt like hell": sorry first, then gentler."""
    _, messages = progress("did those pelvic tilts my physio gave me yesterday and it hurt like hell")
    assert texts(messages) == [words.say("progress.no_step.hurt")]
    assert count(database_url, StepSuggestion) == 0


def test_a_report_of_something_of_their_own_with_no_step_given_is_not_thanked_as_a_step(words: Content) -> None:
    """ "tried a pillow between me knees last night, bit better" had got "Thanks for telling me how
    it went" with no step of ours ever given."""
    events, messages = progress("tried a pillow between me knees last night, bit better")
    assert slot_sets(events) == [("last_feedback", "own")]
    assert texts(messages) == [words.say("progress.no_step.unknown")]
    # Then a step is offered, not handed over ("Your pain is high today... Just this, gently: ..."
    # followed it in the development suite G), and only once a conversation.
    offer = [{"event": "action", "name": "utter_offer_step"}]
    for earlier, followup in (([], ["utter_offer_step"]), (offer, [])):
        events, messages = run(ActionSuggestCoreStep(), make_tracker(
            "tried a pillow between me knees last night, bit better", "report_progress",
            slots={"last_feedback": "own"}, earlier=earlier))
        assert messages == [] and (events[0]["name"], events[0]["value"]) == ("last_feedback", None)
        assert [e["name"] for e in events[1:] if e["event"] == "followup"] == followup and len(events) == 1 + len(followup)


def test_record_progress_that_says_nothing(words: Content, records: Records) -> None:
    records.record_step_suggestion(SENDER, CHANNEL, "breathing")
    events, messages = progress("it didn't hurt at all")
    assert slot_sets(events) == [("last_feedback", None)]
    assert texts(messages) == variants(words, "progress.unknown")
    assert records.step_history(SENDER)[-1].feedback is None


def test_record_progress_without_consent_only_sets_the_slot(
    records: Records, database_url: str
) -> None:
    records.record_step_suggestion(SENDER, CHANNEL, "breathing")
    events, _ = progress("too hard", [("step_feedback", "hard")], consent=False, core_step="breathing")
    assert slot_sets(events) == [("last_feedback", "hard")]
    assert records.step_history(SENDER)[-1].feedback is None


def test_a_report_on_another_step_is_taken_up_not_recorded_against_the_current_one(
    words: Content, records: Records
) -> None:
    """ "I also tried the bird dog from youtube, that was harder" was recorded as "hard" against
    belly breathing and answered "same one as before"."""
    records.record_step_suggestion(SENDER, CHANNEL, "breathing")
    events, messages = progress("I also tried the bird dog from youtube, that was harder", core_step="breathing")
    assert slot_sets(events) == [("last_feedback", "other_step")]
    assert texts(messages) == [words.say("progress.other_step.later", name="bird dog")]
    assert records.step_history(SENDER)[-1].feedback is None
    records.record_step_suggestion(SENDER, CHANNEL, "glute_bridge")
    _, messages = progress("went back to the belly breathing, nice and easy", core_step="glute_bridge")
    assert texts(messages) == [words.say("progress.other_step.earlier", name="belly breathing")]


def test_a_report_naming_the_current_step_too_is_recorded(records: Records) -> None:
    records.record_step_suggestion(SENDER, CHANNEL, "pelvic_tilt")
    events, _ = progress("the tilts were easy, the bridge too", [("step_feedback", "easy")], core_step="pelvic_tilt")
    assert slot_sets(events) == [("last_feedback", "easy")]
    assert records.step_history(SENDER)[-1].feedback == "easy"


def test_the_same_step_right_after_a_report_does_not_ask_how_it_went_again(words: Content) -> None:
    """They have just said how it went: the step is named again, and the reply asks nothing."""
    _, first = suggest()
    shown = [{"event": "bot", "timestamp": T0 + 5, "text": t} for t in texts(first)]
    tracker = make_tracker("did it, felt a bit silly but ok", "report_progress", slots={"core_step": "breathing"},
                           earlier=shown)
    _, messages = run(ActionSuggestCoreStep(), tracker)
    assert len(messages) == 2
    assert messages[1]["text"] in variants(words, "core_steps.keep_practising")
    assert "?" not in " ".join(texts(messages))


def test_progress_then_suggest_follows_the_rules(records: Records) -> None:
    """Suggest, report 'hard', suggest again: the same step, gentler."""
    suggest()
    suggest_events, _ = suggest()  # no feedback yet: repeat
    assert slot_sets(suggest_events)[0] == ("core_step", "breathing")
    progress("that was hard", [("step_feedback", "hard")])
    events, messages = suggest()
    assert slot_sets(events)[0] == ("core_step", "breathing")
    assert "Gentler version:" in messages[1]["text"]
    assert [(r.step_id, r.feedback) for r in records.step_history(SENDER)] == [
        ("breathing", None), ("breathing", "hard"), ("breathing", None)
    ]


# --- listening -------------------------------------------------------------------------


def test_finish_listening_reflects_and_clears(words: Content) -> None:
    answers = {
        "listen_where": "lower back", "listen_quality": "dull ache",
        "listen_rating": "4", "listen_need": "rest",
    }
    events, messages = run(
        ActionFinishListening(), make_tracker("rest", None, slots=answers)
    )
    assert sorted(slot_sets(events)) == sorted((slot, None) for slot in answers)
    assert messages[0]["text"] in variants(
        words, "listening.done", where="lower back", quality="dull ache", rating="4", need="rest"
    )
    assert messages[1]["text"] == words.say("listening.hurt_not_harm")


def test_finish_listening_says_less_where_an_answer_would_read_badly(words: Content) -> None:
    """Found talking to the server: "You noticed something in your um my lower back i guess, achy,
    about 3, and it might be asking for no idea"."""
    answers = {"listen_where": "um my lower back i guess", "listen_quality": "achy",
               "listen_rating": "3", "listen_need": "no idea"}
    _, messages = run(ActionFinishListening(), make_tracker("no idea", None, slots=answers))
    assert messages[0]["text"] in variants(
        words, "listening.done_without_need", where="lower back", quality="achy", rating="3"
    )
    answers["listen_where"] = "w" * 300
    _, messages = run(ActionFinishListening(), make_tracker("n", None, slots=answers))
    assert messages[0]["text"] in variants(words, "listening.done_briefly")


def validate_listening(slot: str, answer: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    tracker = make_tracker(
        answer, "describe_pain", slots={"requested_slot": slot, slot: answer},
        after=[{"event": "slot", "timestamp": T0 + 101, "name": slot, "value": answer}],
        active_loop={"name": "listening_form"},
    )
    return run(ValidateListeningForm(), tracker)


@pytest.mark.parametrize(("slot", "answer"), [
    ("listen_where", "wdym"),
    ("listen_quality", "what do you mean by quality?"),
    ("listen_need", "how would I know what it needs"),
    ("listen_rating", "what scale is that"),
])
def test_a_question_back_in_the_listening_exercise_gets_a_hint(words: Content, slot: str, answer: str) -> None:
    events, messages = validate_listening(slot, answer)
    assert (slot, None) in slot_sets(events)
    assert texts(messages) == [words.say(f"listening.hint.{slot}")]
    assert "?" not in messages[0]["text"], "the form asks the step again: one question a turn"


@pytest.mark.parametrize(("slot", "answer"), [
    ("listen_quality", "dull and achy"), ("listen_rating", "is 4 about right?"), ("listen_where", "lower back"),
])
def test_an_answer_in_the_listening_exercise_is_kept(slot: str, answer: str) -> None:
    events, messages = validate_listening(slot, answer)
    assert (slot, answer) in slot_sets(events) and messages == []


@pytest.mark.parametrize(("action", "text", "intent", "slot"), [
    # read as a question about the assistant: the rule's action_listening_hint
    (ActionListeningHint, "what do you mean", "ask_capabilities", "listen_need"),
    # read as a topic: action_explain gives the hint instead of the topic
    (ActionExplain, "what do you mean by quality?", "ask_muscle_imbalance", "listen_quality"),
])
def test_a_question_back_mid_listening_read_as_another_kind_gets_the_steps_hint(
    words: Content, action: type[Action], text: str, intent: str, slot: str
) -> None:
    tracker = make_tracker(text, intent, slots={"requested_slot": slot}, active_loop={"name": "listening_form"})
    events, messages = run(action(), tracker)
    assert events == [] and texts(messages) == [words.say(f"listening.hint.{slot}")]


# --- goodbye ---------------------------------------------------------------------------


def test_goodbye_summary_mentions_this_sessions_topics_and_the_step(words: Content) -> None:
    earlier_session = [
        user_event("should I get an injection", "ask_treatment_opinion", at=T0 - 5000),
        {"event": "action", "timestamp": T0 - 4999, "name": "action_explain"},
        *session_start(T0),
    ]
    this_session = [
        user_event("hi", "greet", at=T0 + 1),
        user_event("what is the core", "ask_core", at=T0 + 2),
        {"event": "action", "timestamp": T0 + 2.1, "name": "action_explain"},
        {"event": "bot", "timestamp": T0 + 2.2, "text": "Your core is ..."},
        user_event("give me an exercise", "request_core_steps", at=T0 + 3),
        {"event": "action", "timestamp": T0 + 3.1, "name": "action_suggest_core_step"},
        {"event": "slot", "timestamp": T0 + 3.2, "name": "core_step", "value": "breathing"},
    ]
    tracker = Tracker.from_dict({
        "sender_id": SENDER,
        "slots": all_slots(core_step="breathing"),
        "latest_message": parse_data("bye", "goodbye"),
        "events": [*earlier_session, *this_session, user_event("bye", "goodbye", at=T0 + 4)],
        "active_loop": {},
    })
    events, messages = run(ActionGoodbyeSummary(), tracker)

    assert events == []
    core, step = (words.say(f"goodbye.topic_names.{t}") for t in ("core", "core_step"))
    assert messages[0]["text"] == words.say("goodbye.topics_intro", topics=f"{core} and {step}")
    assert words.say("goodbye.topic_names.treatment") not in messages[0]["text"]
    breathing = words.step("breathing")
    assert messages[1]["text"] == words.say(
        "goodbye.step_to_try", title=breathing.title, dose=breathing.dose
    )
    assert "Belly breathing" in messages[1]["text"]
    assert messages[2]["text"] in variants(words, "goodbye.close")


def test_goodbye_summary_with_nothing_covered(words: Content) -> None:
    _, messages = run(ActionGoodbyeSummary(), make_tracker("bye", "goodbye"))
    assert texts(messages)[0] == words.say("goodbye.no_step")
    assert len(messages) == 2


def test_goodbye_after_pregnancy_offers_no_step(words: Content) -> None:
    """ "Whenever you're ready, ask me for a first core step" had closed a conversation in which
    a step was refused for pregnancy."""
    pregnancy = [user_event("I am 22 weeks pregnant", "faq"), {"event": "action", "name": "action_answer_question"},
                 {"event": "slot", "name": "knowledge_topic", "value": "pregnancy"}]
    _, messages = run(ActionGoodbyeSummary(), make_tracker("bye", "goodbye", earlier=pregnancy))
    assert words.say("goodbye.no_step") not in texts(messages) and len(messages) == 2


def test_goodnight_after_a_crisis_keeps_the_lines_and_offers_no_step(words: Content) -> None:
    """Development suite W: "thanks. gonna try sleep. night", after a crisis disclosure, had got
    "Any time. Be kind to your back today."; then the goodbye offered a first core step."""
    tracker = make_tracker("thanks. gonna try sleep. night", "goodbye", slots={"safety_concern": "crisis"})
    _, messages = run(ActionGoodbyeSummary(), tracker)
    said = texts(messages)
    assert words.safety["crisis"]["goodbye"] in said[0]
    assert words.say("goodbye.no_step") not in said and said[-1] in variants(words, "goodbye.close")


# --- safety ----------------------------------------------------------------------------


def test_more_told_after_a_red_flag_is_thanked_for_not_argued_with(words: Content) -> None:
    """The development suite G: "I had breast cancer six years ago... lost about 12 pounds", told
    after the advice, got "I understand wanting it to be nothing"."""
    more = "Funny you should ask. I had cancer six years ago and I've lost weight without trying"
    tracker = make_tracker(more, "screen_safety", slots={"safety_concern": "red_flag"})
    tracker.latest_message["safety_scores"] = {"cancer": 0.5, "crisis": 0.1, "none": 0.4}
    _, messages = run(ActionSafetyRestate(), tracker)
    assert texts(messages)[0] in words.safety["red_flag"]["more"]
    _, messages = run(ActionSafetyRestate(), make_tracker("can it wait till monday?", "nlu_fallback",
                                                          slots={"safety_concern": "red_flag"}))
    assert texts(messages)[0] in words.safety["red_flag"]["restate"]


def test_red_flag_escalation(words: Content, database_url: str) -> None:
    text = "I can't control my bladder since the back pain started"
    events, messages = run(ActionSafetyEscalation(), make_tracker(text, "report_red_flag"))

    assert slot_sets(events) == [("safety_concern", "red_flag"), ("red_flag_level", "emergency")]
    red = words.safety["red_flag"]
    assert texts(messages) == [texts(messages)[0], red["follow_up"]]
    assert messages[0]["text"] in red["emergency"]["messages"]
    assert rows(database_url, SafetyEvent.kind, SafetyEvent.matched_text) == [("red_flag", text)]
    assert rows(database_url, Conversation.sender_id, Conversation.consent) == [(SENDER, None)]


def test_red_flag_with_a_kind_entity(words: Content, database_url: str) -> None:
    text = "I have a fever and my back is killing me"
    tracker = make_tracker(text, "report_red_flag", [("safety_kind", "infection")])
    start = text.index("fever")
    tracker.latest_message["entities"][0].update(start=start, end=start + len("fever"))
    events, messages = run(ActionSafetyEscalation(), tracker)
    red = words.safety["red_flag"]
    assert slot_sets(events) == [("safety_concern", "red_flag"), ("red_flag_level", "urgent")]
    assert messages[0]["text"] == words.say("safety.heard", what=red["kinds"]["infection"])
    assert messages[1]["text"] in red["urgent"]["messages"]
    assert rows(database_url, SafetyEvent.kind, SafetyEvent.matched_text) == [("infection", "fever")]


def test_follow_up_keeps_a_crisis_open_with_resources(words: Content, database_url: str) -> None:
    """A yes to "Are you safe right now?" is heard; an unclear reply keeps the concern in view."""
    crisis = words.safety["crisis"]
    slots = {"safety_concern": "crisis", "safe_question": "asked"}
    events, messages = run(ActionSafetyFollowUp(), make_tracker("yes", "affirm", slots=slots))
    assert slot_sets(events) == [("safe_question", None)]
    assert any(messages[0]["text"].startswith(line) for line in crisis["safe"])
    assert all(r in messages[0]["text"] for r in crisis["resources"]["default"])
    _, messages = run(ActionSafetyFollowUp(), make_tracker("whatever", "out_of_scope", slots={"safety_concern": "crisis"}))
    assert crisis["still_open"] in messages[0]["text"]
    assert all(r in messages[0]["text"] for r in crisis["resources"]["default"])


def test_a_possible_fall_is_asked_about_a_fall_and_a_leading_no_clears_it(words: Content, database_url: str) -> None:
    """The red-flag screening question asks about the pattern's kind, not the bladder."""
    tracker = make_tracker("i think i broke my back at the gym", "screen_safety", [("safety_screening", "red_flag")])
    tracker.latest_message["safety_verdict"] = {"outcome": "screen", "kind": "red_flag", "pattern": "fracture"}
    events, messages = run(ActionSafetyScreen(), tracker)
    assert slot_sets(events) == [("safety_screening", "red_flag"), ("screening_kind", "fracture")]
    assert "fall" in messages[0]["text"] and "bladder" not in messages[0]["text"]
    answer = make_tracker(
        "no its been like this for years honestly", "nlu_fallback",
        slots={"safety_screening": "red_flag", "screening_kind": "fracture"},
    )
    events, messages = run(ActionScreeningAnswer(), answer)
    assert ("safety_screening", None) in slot_sets(events)
    assert texts(messages) == [words.safety["screening"]["cleared_red_flag"]]


def test_clearance_lifts_a_red_flag_pause_and_is_recorded(words: Content, database_url: str) -> None:
    text = "my GP checked it and said it's fine"
    tracker = make_tracker(text, "report_clinician_cleared", slots={"safety_concern": "red_flag"})
    events, messages = run(ActionRecordClearance(), tracker)
    assert slot_sets(events) == [("safety_concern", None), ("red_flag_level", None)]  # the pause ends
    assert texts(messages) == [words.say("safety.cleared_red_flag")]
    assert rows(database_url, SafetyEvent.kind, SafetyEvent.matched_text) == [("clinician_cleared", text)]


@pytest.mark.parametrize("text", ["Hmm everything you say is ask the doctor :(", "I haven't seen a doctor yet",
                                  "so the doctor was lying to me then?"])
@pytest.mark.parametrize("concern", ["red_flag", None])
def test_only_a_statement_of_an_examination_is_a_clearance(
    words: Content, database_url: str, text: str, concern: str | None
) -> None:
    """The intent classifier read a complaint as report_clinician_cleared, which lifted the pause."""
    tracker = make_tracker(text, "report_clinician_cleared", slots={"safety_concern": concern})
    events, messages = run(ActionRecordClearance(), tracker)
    assert events == [] and count(database_url, SafetyEvent) == 0
    assert texts(messages) != [words.say("safety.cleared_red_flag")]
    assert texts(messages) != [words.say("safety.cleared_nothing_open")]


def test_a_clearance_that_names_a_red_flag_is_not_one(words: Content, database_url: str) -> None:
    text = "I had breast cancer six years ago, they said I was all clear. And I've lost 12 pounds without trying"
    tracker = make_tracker(text, "report_clinician_cleared", slots={"safety_concern": "red_flag"})
    tracker.latest_message["safety_verdict"] = {"outcome": "none", "pattern": "cancer"}
    events, messages = run(ActionRecordClearance(), tracker)
    assert events == [] and count(database_url, SafetyEvent) == 0
    assert texts(messages) != [words.say("safety.cleared_red_flag")]


def test_clearance_keeps_a_crisis_open(words: Content, database_url: str) -> None:
    tracker = make_tracker("I talked to my doctor", "report_clinician_cleared",
                           slots={"safety_concern": "crisis"})
    events, messages = run(ActionRecordClearance(), tracker)
    assert events == []
    assert texts(messages) == [words.say("safety.cleared_crisis")]


def test_safety_events_are_recorded_even_without_consent(database_url: str) -> None:
    tracker = make_tracker("numb between my legs", "report_red_flag", slots={"consent": False})
    run(ActionSafetyEscalation(), tracker)
    assert rows(database_url, SafetyEvent.kind) == [("red_flag",)]


@pytest.mark.parametrize(("locale", "needle"), [("US", "988"), ("GB", "116 123"), ("IE", "116 123")])
def test_crisis_escalation_carries_the_locales_resources(
    monkeypatch: pytest.MonkeyPatch, words: Content, database_url: str, locale: str, needle: str
) -> None:
    monkeypatch.setenv("GUYWIRE_LOCALE", locale)
    text = "I don't want to be here anymore"
    events, messages = run(ActionSafetyEscalation(), make_tracker(text, "express_crisis"))

    assert slot_sets(events) == [("safety_concern", "crisis"), ("safe_question", "asked")]
    crisis = words.safety["crisis"]
    assert needle in messages[0]["text"]
    for line in crisis["resources"][locale]:
        assert line in messages[0]["text"]
    assert messages[1]["text"] == crisis["follow_up"]
    assert rows(database_url, SafetyEvent.kind, SafetyEvent.matched_text) == [("crisis", text)]


def test_crisis_escalation_default_locale(words: Content) -> None:
    _, messages = run(ActionSafetyEscalation(), make_tracker("I want to end it", "express_crisis"))
    for line in words.safety["crisis"]["resources"]["default"]:
        assert line in messages[0]["text"]
    assert "988" in messages[0]["text"] and "116 123" in messages[0]["text"]


def test_a_feeling_is_acknowledged_then_offered_help_unless_they_asked_to_talk_or_were_offered_lately(
    words: Content,
) -> None:
    """ "can we just talk about feeling useless for a bit" and "no. you keep offering me exercises"
    had both got the menu of exercises again."""
    from actions.feelings import ActionAcknowledgeFeeling

    empathy = [r["text"] for r in DOMAIN["responses"]["utter_empathy"]]
    consented = {"consent": True}
    events, messages = run(ActionAcknowledgeFeeling(), make_tracker("feeling so low today", "share_feeling",
                                                                    slots=consented))
    assert texts(messages)[0] in empathy and events == [{"event": "followup", "name": "utter_offer_help",
                                                         "timestamp": None}]
    events, messages = run(ActionAcknowledgeFeeling(), make_tracker(
        "can we just talk about feeling useless for a bit", "share_feeling", slots=consented))
    assert events == [] and texts(messages)[1] in variants(words, "feelings.just_talk")
    offered = [user_event("i miss my garden", "share_feeling", at=T0 + 1),
               {"event": "action", "timestamp": T0 + 2, "name": "utter_offer_help"}]
    events, messages = run(ActionAcknowledgeFeeling(), make_tracker(
        "do other people feel like this", "share_feeling", slots=consented, earlier=offered))
    assert events == [] and texts(messages)[1] in variants(words, "feelings.offered_already")


def test_a_check_in_stopped_to_just_talk_gets_an_open_question_not_the_menu(words: Content) -> None:
    """ "i dont really want to do back stuff. can we just talk about feeling useless for a bit" had
    been kept as where it hurts, and then, stopped, got the menu of exercises."""
    slots = {"consent": True, "check_in_cut_short": "stopped"}
    text = "i dont really want to do back stuff. can we just talk about feeling useless for a bit"
    events, messages = run(ActionRecordCheckIn(), make_tracker(text, "share_feeling", slots=slots))
    assert HANDED_TO_OFFER not in events and texts(messages)[-1] in variants(words, "feelings.just_talk")
    events, _ = run(ActionRecordCheckIn(), make_tracker("stop", "deny", slots=slots))
    assert HANDED_TO_OFFER in events


def test_a_step_of_ours_named_with_none_on_record_is_taken_up(words: Content, records: Records) -> None:
    """ "did the breathing exercise you gave me yesterday" from a chat not on record here had got
    "let's start at the beginning" and the whole exercise again, never how it went."""
    events, messages = progress("did the breathing exercise you gave me yesterday, it was easy", consent=True)
    assert ("core_step", "breathing") in slot_sets(events) and ("last_feedback", "easy") in slot_sets(events)
    assert texts(messages)[0] == words.say("progress.no_step.named", name="belly breathing")
    assert [(s.step_id, s.feedback) for s in records.step_history(SENDER)] == [("breathing", "easy")]


def test_a_sign_needing_emergency_care_told_while_an_urgent_flag_is_open_makes_it_an_emergency(
    words: Content, database_url: str
) -> None:
    """ "also now im noticing it feels a bit numb when i wipe after the loo, is that related", after
    a fall, had been told "It doesn't change what I said"."""
    from actions.safety import ActionSafetyRestate

    slots = {"safety_concern": "red_flag", "red_flag_level": "urgent"}
    text = "also now im noticing it feels a bit numb when i wipe after the loo, is that related"
    tracker = make_tracker(text, "screen_safety", slots=slots)
    tracker.latest_message["safety_scores"] = {"cauda_equina": 0.97}
    events, messages = run(ActionSafetyRestate(), tracker)
    assert slot_sets(events) == [("red_flag_level", "emergency")]
    assert texts(messages)[-1] in words.safety["red_flag"]["again"]["emergency"]
    assert rows(database_url, SafetyEvent.kind) == [("cauda_equina",)]
    tracker = make_tracker(text, "screen_safety", slots={**slots, "red_flag_level": "emergency"})
    tracker.latest_message["safety_scores"] = {"cauda_equina": 0.97}
    events, messages = run(ActionSafetyRestate(), tracker)
    assert events == [] and texts(messages)[0] in words.safety["red_flag"]["more"]


@pytest.mark.parametrize(("pattern", "escalates"), [("cancer", True), (None, False)])
def test_a_red_flag_named_in_words_and_twice_not_answered_escalates(
    database_url: str, pattern: str | None, escalates: bool
) -> None:
    """"I had breast cancer eleven years ago. And I've lost about fifteen pounds without trying",
    asked about, then "Oh dear" and "Can I still do gentle exercises while I wait?": it had been let
    go as if the answer were no. Read by meaning alone, a second non-answer still drops it."""
    said = "I had breast cancer eleven years ago. And I've lost about fifteen pounds since the summer without trying"
    screened = user_event(said, "screen_safety", at=T0 + 10)
    screened["parse_data"]["safety_verdict"] = {"outcome": "screen", "kind": "red_flag", "pattern": pattern}
    asked = {"event": "action", "timestamp": T0 + 11, "name": "action_safety_screen"}
    tracker = make_tracker(
        "Can I still do gentle exercises while I wait?", "faq", earlier=[screened, asked],
        slots={"safety_screening": "red_flag", "screening_kind": "cancer", "screening_reasked": True},
    )
    events, _ = run(ActionScreeningAnswer(), tracker)
    followed = [e["name"] for e in events if e["event"] == "followup"]
    assert (followed == ["action_safety_escalation"]) is escalates

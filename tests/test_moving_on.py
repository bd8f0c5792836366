"""A conversation that moves on is followed: a reply to a screening question that brings its own
topic is answered in the same turn, and described pain gets one question, not a menu.

From the development suite G (issue 16): "Day 4 now btw. Less tight after shifts, maybe a 3." after
a screening question got the question again, then the resources, and was never answered; "bottom
of the back, right across" got three buttons."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import validate
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk import Tracker

from actions.common import session_events
from actions.feelings import ActionAcknowledgePain
from actions.knowledge import ActionUnclear
from actions.safety import ActionScreeningAnswer
from bot.coach.coaching import after_described_pain
from bot.coach.consent import grants_recording
from bot.coach.content import Content
from bot.coach.risk import Thresholds
from bot.coach.safety_dialogue import ESCALATE, REPLAYED, screening_answer
from bot.dialogue.safety_policy import SafetyPolicy
from bot.review.transcript import turns_from_events
from tests.test_actions import environment, make_tracker, run, texts, variants, words  # noqa: F401  (fixtures)

QUIET = {"none": 1.0}
HI = {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet"}}, "metadata": {}}


def followups(events: list[dict[str, Any]]) -> list[str]:
    return [e["name"] for e in events if e["event"] == "followup"]


def test_a_reply_that_moves_on_drops_the_question_at_once() -> None:
    day4 = "Day 4 now btw. Less tight after shifts, maybe a 3."
    assert screening_answer("crisis", "report_progress", QUIET, day4, False, Thresholds()) == "dropped"
    assert screening_answer("crisis", "faq", QUIET, "is ice or heat better after a shift", False, Thresholds()) == "dropped"
    # Unclear, or a feeling: asked once more. Worrying: escalated, whatever the intent.
    assert screening_answer("crisis", "nlu_fallback", QUIET, "what do you mean", False, Thresholds()) == "ask_again"
    for question_back in ("what do you mean?", "why do you ask", "what?"):  # whatever intent it reads as
        assert screening_answer("crisis", "faq", QUIET, question_back, False, Thresholds()) == "ask_again"
    assert screening_answer("crisis", "share_feeling", QUIET, "just tired of it", False, Thresholds()) == "ask_again"
    assert screening_answer("crisis", "faq", {"crisis": 0.9}, "whats the best way to end it", False, Thresholds()) != "dropped"


def test_asking_how_serious_it_is_escalates_the_red_flag_question() -> None:
    """Found talking to the server: "is that bad?" to the red-flag question was let go as a topic of
    its own. It is a worry, not an answer: the advice answers it. Not a question that has moved on."""
    for worried in ("is that bad?", "should i be worried", "is it serious??", "do i need to see a doctor?"):
        assert screening_answer("red_flag", "faq", QUIET, worried, False, Thresholds()) == ESCALATE
        assert screening_answer("red_flag", "faq", QUIET, worried, True, Thresholds()) == ESCALATE
    assert screening_answer("red_flag", "faq", QUIET, "can I do them on the bed today?", False, Thresholds()) == "dropped"


def test_the_message_that_moved_on_is_handed_back_once_and_then_answered(words: Content, database_url: str) -> None:
    text = "Nice. Also is ice or heat better after a shift"
    tracker = make_tracker(text, "faq", slots={"safety_screening": "crisis"})
    events, messages = run(ActionScreeningAnswer(), tracker)
    # One short line, not the crisis lines: the question was most likely about an ordinary message.
    assert texts(messages) == [words.safety["screening"]["moved_on_crisis"]]
    listen, user = events[-2:]
    assert (listen["event"], listen["name"]) == ("action", "action_listen")
    assert user["text"] == text and user["parse_data"]["intent"]["name"] == "faq"
    assert user["metadata"][REPLAYED] is True
    # Read back, the conversation has one turn for it, in the actions and in review.
    replayed = Tracker.from_dict({**tracker.current_state(), "events": [*tracker.events, *events]})
    assert [e["text"] for e in session_events(replayed) if e["event"] == "user"] == [text]
    assert [t.text for t in turns_from_events(replayed.events) if t.kind == "user"] == [text]


def test_a_message_handed_back_passes_rasas_own_check_whatever_its_entities_carry(database_url: str) -> None:
    """The entity ruler leaves `confidence` empty; Rasa refused the event and the turn was lost
    ("Sorry, something went wrong") after a screening question in the development suite G."""
    tracker = make_tracker("It's higher up, between my shoulder blades", "describe_pain",
                           slots={"safety_screening": "red_flag"})
    tracker.latest_message["entities"] = [{"entity": "body_part", "value": "upper back", "start": 14,
                                           "end": 29, "confidence": None, "extractor": "EntityRulerExtractor"}]
    events, _ = run(ActionScreeningAnswer(), tracker)
    assert events[-1]["event"] == "user" and events[-1]["parse_data"]["entities"][0]["value"] == "upper back"
    validate({"events": events, "responses": []}, RemoteAction.action_response_format_spec())


def test_a_bare_answer_is_not_handed_back(words: Content, database_url: str) -> None:
    for text, intent in (("no", "deny"), ("what do you mean", "nlu_fallback")):
        events, _ = run(ActionScreeningAnswer(), make_tracker(text, intent, slots={"safety_screening": "crisis",
                                                                                   "screening_reasked": True}))
        assert all(e["event"] == "slot" for e in events), (text, events)


def test_a_check_in_the_question_cut_short_goes_on_once_it_is_answered(database_url: str) -> None:
    """ "my bak and down my left leg", asked about mid check-in, then "no": the check-in had been
    dropped silently, with the feeling already given in it."""
    cut_short = [
        {"event": "active_loop", "timestamp": 1, "name": "check_in_form"},
        {"event": "action", "timestamp": 2, "name": "action_listen"},
        {"event": "user", "timestamp": 3, "text": "my bak and down my left leg", "parse_data": {}},
        {"event": "action", "timestamp": 4, "name": "action_deactivate_loop"},
        {"event": "active_loop", "timestamp": 4, "name": None},
        {"event": "action", "timestamp": 5, "name": "action_safety_screen"},
        {"event": "action", "timestamp": 6, "name": "action_listen"},
    ]
    tracker = make_tracker("no its been like this for years", "deny", earlier=cut_short,
                           slots={"safety_screening": "red_flag", "feeling": "meh"})
    events, _ = run(ActionScreeningAnswer(), tracker)
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "check_in_form"}
    no_form = [e for e in cut_short if e["event"] != "active_loop"]
    events, _ = run(ActionScreeningAnswer(), make_tracker("no", "deny", earlier=no_form,
                                                          slots={"safety_screening": "red_flag"}))
    assert all(e["event"] == "slot" for e in events), "nothing to go back to"


def test_the_safety_policy_leaves_a_handed_back_message_to_the_dialogue() -> None:
    domain = Domain.load("domain.yml")
    parse = {"intent": {"name": "faq", "confidence": 0.9}, "safety_scores": {"crisis": 0.3, "none": 0.7},
             "safety_verdict": {"outcome": "none"}}
    events = [
        ActionExecuted("action_listen"),
        UserUttered("i hope i'm doing it right", {"name": "screen_safety"},
                    parse_data={"intent": {"name": "screen_safety"}, "safety_verdict": {"outcome": "screen"},
                                "safety_scores": {"crisis": 0.6}}),
        ActionExecuted("action_safety_screen"), SlotSet("safety_screening", "crisis"), ActionExecuted("action_listen"),
        UserUttered("is heat better", {"name": "faq"}, parse_data=parse),
        ActionExecuted("action_screening_answer"), SlotSet("safety_screening", None),
    ]
    tracker = DialogueStateTracker.from_events("x", events, domain.slots)
    assert SafetyPolicy.next_action(tracker) == "action_listen"  # as before: its own action ends the turn
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("is heat better", {"name": "faq"}, parse_data=parse, metadata={REPLAYED: True}))
    assert SafetyPolicy.next_action(tracker) is None


def test_described_pain_gets_one_question_that_moves_on() -> None:
    assert after_described_pain(rated_today=False, step_offered=False) == "utter_ask_pain_today"
    assert after_described_pain(rated_today=True, step_offered=False) == "utter_offer_step"
    assert after_described_pain(rated_today=True, step_offered=True) == "utter_offer_help"


@pytest.mark.parametrize(
    "slots, earlier, entities, expected",
    [
        ({"consent": None}, [], [], []),  # first contact: the ConsentPolicy asks to record next
        ({"consent": True}, [], [], ["utter_ask_pain_today"]),
        ({"consent": False}, [], [("pain_level", "4")], ["utter_offer_step"]),
        ({"consent": True}, [HI, {"event": "slot", "name": "last_pain_level", "value": 6}], [], ["utter_offer_step"]),
        ({"consent": True}, [HI, {"event": "slot", "name": "last_pain_level", "value": 6},
                             {"event": "action", "name": "action_suggest_core_step"}], [], ["utter_offer_help"]),
        # asked once already, and not answered: not asked again
        ({"consent": True}, [HI, {"event": "action", "name": "utter_ask_pain_today"}], [], ["utter_offer_step"]),
        # a rating carried over from another day's session comes before its first message
        ({"consent": True}, [{"event": "slot", "name": "last_pain_level", "value": 6}], [], ["utter_ask_pain_today"]),
    ],
)
def test_the_action_acknowledges_then_asks_one_thing(
    database_url: str, slots: dict[str, Any], earlier: list[dict[str, Any]], entities: list[Any], expected: list[str]
) -> None:
    tracker = make_tracker("bottom of the back, right across", "describe_pain", entities, slots=slots, earlier=earlier)
    events, messages = run(ActionAcknowledgePain(), tracker)
    assert [m.get("response") for m in messages] == ["utter_acknowledge_pain"]
    assert followups(events) == expected


def test_a_number_in_the_words_is_a_rating_given(database_url: str) -> None:
    tracker = make_tracker("general stiffness, mornings especially. Pain maybe 3 or 4.", "describe_pain",
                           slots={"consent": True})
    events, _ = run(ActionAcknowledgePain(), tracker)
    assert followups(events) == ["utter_offer_step"]


def test_a_first_message_nothing_fits_is_greeted(words: Content, database_url: str) -> None:
    """"Good afternoon. Looking for some advice on an ongoing back problem" had a menu, no hello."""
    first = make_tracker("Good afternoon. Looking for some advice on an ongoing back problem", "nlu_fallback")
    events, messages = run(ActionUnclear(), first)
    assert events == [{"event": "slot", "name": "awaiting_consent", "value": True, "timestamp": None}]
    assert texts(messages)[0] in variants(words, "first_contact.intro") and messages[-1].get("buttons")
    # A story nothing fits is heard before the introduction (development suite L: a fall, a lost job).
    story = make_tracker("came off my motorbike in 2019 and my back has been rubbish ever since, lost my job too",
                         "nlu_fallback")
    _, messages = run(ActionUnclear(), story)
    assert texts(messages)[1] in variants(words, "first_contact.intro") and len(messages) == 4
    later = make_tracker("hmm", "nlu_fallback", slots={"consent": True})
    events, messages = run(ActionUnclear(), later)
    assert events == [] and texts(messages)[0] not in variants(words, "first_contact.intro")


def test_a_rating_on_the_scale_nothing_else_placed_is_recorded_as_one(database_url: str) -> None:
    """"like 5/10?? sore when i get up from sitting" fell back to "that's a fair question"."""
    text = "like 5/10?? sore when i get up from sitting"
    events, messages = run(ActionUnclear(), make_tracker(text, "nlu_fallback", slots={"consent": True}))
    assert messages == [] and events[-1]["parse_data"]["intent"]["name"] == "report_pain_level"
    again = make_tracker(text, "nlu_fallback", slots={"consent": True})
    again.latest_message["metadata"] = {REPLAYED: True}  # handed back once already: not twice
    events, messages = run(ActionUnclear(), again)
    assert events == [] and messages


@pytest.mark.parametrize("text, grants", [("dont care record whatever", True), ("I don't mind if you record it", True),
                                          ("I don't care, just don't record it", False), ("dont mind", False)])
def test_not_minding_the_recording_is_a_yes(text: str, grants: bool) -> None:
    """"dont care record whatever" was recorded as a no."""
    assert grants_recording(text) is grants


def test_an_unclear_message_while_a_crisis_is_open_gets_no_menu(words: Content, database_url: str) -> None:
    """"my brother maybe. we havent talked in a while" after "whats the point of ringing some stranger"
    was offered three exercise buttons."""
    tracker = make_tracker("my brother maybe. we havent talked in a while", "nlu_fallback",
                           slots={"consent": True, "safety_concern": "crisis"})
    events, messages = run(ActionUnclear(), tracker)
    assert events == [] and len(messages) == 1 and not messages[0].get("buttons")
    assert texts(messages)[0] in words.variants("knowledge.unclear_crisis")


def test_asking_just_to_talk_stops_the_check_in_and_the_menu_of_exercises(guywire: Any) -> None:
    """A play-test (sixteenth session): "i dont really want to do back stuff. can we just talk about
    feeling useless for a bit" mid check-in was kept as where it hurts, and the menu of exercises
    came back after every feeling that followed."""
    from tests.servers import texts

    sender = "just-talk"
    guywire.say(sender, "hi")
    guywire.say(sender, "yes")
    guywire.say(sender, "i feel useless, my wife has to help me with my socks")
    stopped = guywire.say(sender, "i dont really want to do back stuff. can we just talk about feeling useless for a bit")
    assert not any(m.get("buttons") for m in stopped) and texts(stopped).count("?") == 1
    assert "0 to 10" not in texts(stopped) and guywire.tracker(sender)["slots"]["pain_location"] is None
    after = guywire.say(sender, "i used to do everything. now i cant even garden")
    assert not any(m.get("buttons") for m in after) and texts(after).count("?") == 0


def test_asking_for_the_next_step_just_after_saying_it_was_easy_is_not_asked_how_it_went(guywire: Any) -> None:
    """A play-test (seventeenth session): "Next pls" straight after "done it, it was easy" got the
    same step and "was it easy, hard, or did it hurt?", which they had just answered."""
    from tests.servers import texts

    sender = "next-after-easy"
    guywire.say(sender, "hi")
    guywire.say(sender, "yes")
    guywire.say(sender, "could you give me a core exercise")
    assert "?" not in texts(guywire.say(sender, "did it twice, it was easy"))
    again = texts(guywire.say(sender, "Next pls"))
    assert "Belly breathing" in again and "?" not in again


def test_not_wanting_exercises_mid_check_in_is_not_a_request_for_one(guywire: Any) -> None:
    """A play-test (eighteenth session): "can we just talk for a bit, i dont want exercises" mid
    check-in was read as asking for a step, from "exercises", and was given belly breathing."""
    from tests.servers import texts

    sender = "no-exercises"
    guywire.say(sender, "hey")
    guywire.say(sender, "sure whatever")
    guywire.say(sender, "meh. same as always, tired of it")
    reply = texts(guywire.say(sender, "can we just talk for a bit, i dont want exercises"))
    assert "Belly breathing" not in reply and reply.count("?") == 1

"""ConsentPolicy: consent asked at first contact after a reply that asks nothing, and never else."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.first_contact import ASKED_BY as ACTIONS_ASKED_BY
from bot.dialogue.consent_policy import ASKED_BY, ConsentPolicy

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = Domain.from_path(str(ROOT / "domain.yml"))
ASK_AFTER = next(p for p in yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["policies"]
                 if p["name"].endswith("ConsentPolicy"))["ask_after"]


def tracker(*events: Event) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("consent", list(events), DOMAIN.slots)


def first_turn(*after: Event, text: str = "is walking ok for my back?") -> DialogueStateTracker:
    return tracker(ActionExecuted("action_listen"), UserUttered(text, {"name": "faq", "confidence": 0.9}), *after)


def answered(text: str = "Walking is one of the best things you can do.", **data: Any) -> list[Event]:
    return [ActionExecuted("action_answer_question"), BotUttered(text, data)]


def test_asked_after_a_first_reply_that_asks_nothing() -> None:
    assert ConsentPolicy.asks_now(first_turn(*answered()), ASK_AFTER)


@pytest.mark.parametrize(
    "events",
    [
        answered("Is it the walking itself or the hills that bother you?"),  # one question a turn
        answered("Which would you like?", buttons=[{"title": "a", "payload": "/affirm"}]),
        [*answered(), SlotSet("consent", False)],  # answered before
        [*answered(), SlotSet("awaiting_consent", True)],
        [*answered(), SlotSet("safety_concern", "red_flag")],  # safety first
        [*answered(), SlotSet("safety_screening", "crisis")],
        [ActionExecuted("check_in_form"), ActiveLoop("check_in_form"), *answered()],  # not inside a form
        [ActionExecuted("action_goodbye_summary"), BotUttered("Take care.")],  # not a reply it asks after
    ],
)
def test_not_asked(events: list[Event]) -> None:
    assert not ConsentPolicy.asks_now(first_turn(*events), ASK_AFTER)


@pytest.mark.parametrize("earlier", sorted(ASKED_BY))
def test_asked_once_per_conversation(earlier: str) -> None:
    before = [ActionExecuted("action_listen"), UserUttered("hi"), ActionExecuted(earlier), BotUttered("...")]
    after = [ActionExecuted("action_listen"), UserUttered("is walking ok?"), *answered()]
    assert not ConsentPolicy.asks_now(tracker(*before, *after), ASK_AFTER)


def said(text: str, intent: str) -> list[Event]:
    return [ActionExecuted("action_listen"), UserUttered(text, {"name": intent, "confidence": 0.9})]


LABEL = [*said("my gp says ive got degenerative disc disease", "mention_diagnosis"),
         ActionExecuted("action_reframe_label"), BotUttered("What did it make you think about your back?")]


def test_a_yes_to_recording_said_before_the_question_is_the_answer() -> None:
    assert ConsentPolicy.volunteered(tracker(*LABEL, *said("yeah go on then record it if it helps", "affirm")))
    assert not ConsentPolicy.volunteered(tracker(*LABEL, *said("yeah go on then", "affirm")))
    assert ConsentPolicy.volunteered(tracker(*LABEL, *said("don't want it recorded", "deny")))
    assert ConsentPolicy.volunteered(tracker(*LABEL, *said("my daughter says I should let you record it. All right.", "faq")))
    asked = [ActionExecuted("action_greet"), SlotSet("awaiting_consent", True)]  # read as a question about it
    assert ConsentPolicy.volunteered(tracker(*asked, *said("figures. well you can record it, i've got nothing", "faq")))
    assert not ConsentPolicy.volunteered(tracker(*asked, *said("who can read it if you record it?", "faq")))
    # After a no, a yes in so many words changes it ("ok record it"); a bare "ok" does not.
    assert ConsentPolicy.volunteered(tracker(*LABEL, SlotSet("consent", False), *said("ok record it", "affirm")))
    assert not ConsentPolicy.volunteered(tracker(*LABEL, SlotSet("consent", False), *said("ok", "affirm")))
    screening = SlotSet("safety_screening", "red_flag")  # safety first: the safety policy answers
    assert not ConsentPolicy.volunteered(tracker(*LABEL, screening, *said("ok record is fine", "affirm")))


def test_a_no_to_recording_can_become_a_yes_in_so_many_words() -> None:
    """"oh and btw ok you can record now" after a no was told "we don't have to go into that"."""
    declined = [*LABEL, SlotSet("consent", False)]
    assert ConsentPolicy.volunteered(tracker(*declined, *said("oh btw ok you can record now, my physio wants to see", "faq")))
    assert not ConsentPolicy.volunteered(tracker(*declined, *said("do you record this?", "faq")))
    assert not ConsentPolicy.volunteered(tracker(*LABEL, SlotSet("consent", True), *said("you can record it", "affirm")))


def test_a_no_to_recording_in_words_read_as_something_else_is_the_answer_and_offers_the_topics() -> None:
    """"no recording pls, my company slack admins can see everything" was answered as a question
    about recording, and the consent question asked again."""
    asked = [ActionExecuted("action_greet"), SlotSet("awaiting_consent", True)]
    no = said("no recording pls, my company slack admins can see everything", "faq")
    assert ConsentPolicy.volunteered(tracker(*asked, *no))
    assert not ConsentPolicy.volunteered(tracker(*asked, *said("no problem, record it?", "faq")))
    declined = [ActionExecuted("action_record_consent"), SlotSet("consent", False), SlotSet("awaiting_consent", False)]
    assert ConsentPolicy.declined_in_words(tracker(*asked, *no, *declined))
    assert not ConsentPolicy.declined_in_words(tracker(*asked, *said("no", "deny"), *declined))  # a rule follows "no"
    offered = tracker(*asked, *no, *declined, ActionExecuted("utter_how_can_i_help"), BotUttered("Where to start?"))
    assert ConsentPolicy.offered_after_decline(offered)
    assert not ConsentPolicy.offered_after_decline(tracker(*asked, *no, *declined))


def test_consent_given_mid_topic_offers_the_topics_and_after_a_greeting_does_not() -> None:
    recorded = [ActionExecuted("action_record_consent"), SlotSet("consent", True), SlotSet("awaiting_consent", False)]
    assert ConsentPolicy.given_mid_topic(tracker(*LABEL, *said("k", "affirm"), *recorded))
    greeted = [*said("hi", "greet"), ActionExecuted("action_greet"), SlotSet("awaiting_consent", True)]
    assert not ConsentPolicy.given_mid_topic(tracker(*greeted, *said("yes", "affirm"), *recorded))
    declined = [ActionExecuted("action_record_consent"), SlotSet("consent", False)]
    assert not ConsentPolicy.given_mid_topic(tracker(*LABEL, *said("no", "deny"), *declined))


def test_the_action_server_knows_the_same_consent_actions() -> None:
    assert ACTIONS_ASKED_BY == ASKED_BY


def followers() -> dict[str, set[str]]:
    """What comes after each action in data/rules (the dialogue has no training stories)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for flow in data["rules"]:
            active = {c["active_loop"] for c in flow.get("condition") or [] if "active_loop" in c}
            steps = [s for s in flow["steps"] if {"action", "intent", "active_loop"} & set(s)]
            for step, following in zip(steps, [*steps[1:], {"end": True}]):
                if "action" in step:
                    name = following.get("action") or ("loop" if "active_loop" in following else "listen")
                    found.setdefault(step["action"], set()).add("resume" if name in active else name)
    return found


def test_asking_after_a_reply_breaks_no_flow_but_an_offer() -> None:
    """Consent may take the place of an offer (a "yes" starts the check-in, as after a greeting) or of
    listening; never of another action. A form that resumes after the reply is no exception: the
    policy keeps out of active forms."""
    found = followers()
    for action in ASK_AFTER:
        assert action in DOMAIN.action_names_or_texts, action
        others = {a for a in found.get(action, set()) if a not in ("listen", "loop", "resume")}
        assert {a for a in others if not a.startswith("utter_offer_")} == set(), (action, others)

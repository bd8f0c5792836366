"""ConsentPolicy: consent to record is asked at first contact, whatever the first message is.

A greeting gets the introduction and the consent question from action_greet. But people often open
with their story or a question ("is walking ok for my back?"), and then the question never came
while the conversation was recorded all the same. This policy asks it once the first reply that
ends on a statement has been given: after the answer, in place of the offer that would follow it
(a "yes" is thanked for and the main topics offered: they came with something on their mind; after
a greeting it starts the check-in), never stacked on a question the reply itself asked (one
question a turn), never inside a form, and never while safety is being handled. A turn that ends on
a question defers it to the next turn that does not. A yes to recording said before the question
came is taken as the answer.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.coach.consent import declines_recording, grants_recording, mentions_recording, says_yes_first
from bot.coach.safety_dialogue import replayed

ASK = "action_ask_consent"
RECORD = "action_record_consent"
OFFER = "utter_offer_help"
HELP = "utter_how_can_i_help"
GREET = "action_greet"
# The actions that settle consent or ask it: once one has run, this policy has nothing to do.
ASKED_BY = frozenset({ASK, GREET, RECORD})
SAFETY_ANSWERS = frozenset({"action_screening_answer", "action_safety_follow_up"})


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class ConsentPolicy(Policy):
    """Predicts action_ask_consent at the end of a first-contact turn (see the module docstring)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "priority": 5,  # above the RulePolicy (4), which would listen; it abstains otherwise
            # Replies after which a turn may end: in data/rules each is followed
            # by nothing, a user message, a form, or an offer that consent may replace
            # (tests/test_consent_policy.py checks it). Set in config.yml.
            "ask_after": [],
        }

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if ASK not in domain.action_names_or_texts:
            return self._prediction(probabilities)
        if (
            tracker.latest_action_name == ASK
            or self.offered_after_decline(tracker)
            or self.after_safety_answer(tracker)
        ):
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0  # nothing is stacked on them
        elif self.volunteered(tracker):
            probabilities[domain.index_for_action(RECORD)] = 1.0
        elif self.settled_in_words(tracker):
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        elif self.given_mid_topic(tracker) and OFFER in domain.action_names_or_texts:
            probabilities[domain.index_for_action(OFFER)] = 1.0
        elif self.declined_in_words(tracker) and HELP in domain.action_names_or_texts:
            probabilities[domain.index_for_action(HELP)] = 1.0
        elif self.asks_now(tracker, self.config["ask_after"]):
            probabilities[domain.index_for_action(ASK)] = 1.0
        return self._prediction(probabilities)

    @staticmethod
    def volunteered(tracker: DialogueStateTracker) -> bool:
        """ "yeah go on then record it" or "don't want it recorded", said before the question came:
        people who open with their story expect to be asked, and answer unasked. It is recorded as
        the answer, as is "well you can record it" while the question waits, which the NLU reads as
        a question about recording. A "no" can become a yes later, in so many words."""
        if tracker.latest_action_name != ACTION_LISTEN_NAME or tracker.active_loop_name:
            return False
        if _safety_open(tracker):
            return False
        latest = tracker.latest_message
        if latest is not None and replayed(latest.metadata):
            return False  # handed back by an action that already weighed it (actions/first_contact.py)
        intent = (latest.intent or {}).get("name") if latest else None
        text = (latest.text or "") if latest else ""
        consent = tracker.get_slot("consent")
        if consent is False:  # a change of mind: "ok you can record now, my physio wants to see"
            return grants_recording(text)
        if consent is True:  # and back: "stop recording from now on please"
            return declines_recording(text)
        said = grants_recording(text) or declines_recording(text)
        yes_then_other = says_yes_first(text) and not mentions_recording(text)  # not "no problem, record it?"
        if tracker.get_slot("awaiting_consent") is True and intent == "faq" and yes_then_other:
            # "sure whatever. also is heat or ice better?", to the question: a yes with a question
            # the knowledge base knows, read as the question; the chat had gone unrecorded while
            # coaching went on (a playing helper). The yes is stored, then the question answered.
            return True
        return (intent in ("affirm", "deny") and mentions_recording(text)) or said

    @staticmethod
    def settled_in_words(tracker: DialogueStateTracker) -> bool:
        """A yes in words the NLU read as a question ("Very well, you may keep it." as one about
        recording), answered after a greeting: the turn ends there. The rules had answered the
        question it was not, with the recording paragraph a second time."""
        if tracker.latest_action_name != RECORD or tracker.get_slot("consent") is not True:
            return False
        latest = tracker.latest_message
        if latest is None or replayed(latest.metadata) or (latest.intent or {}).get("name") in ("affirm", "deny"):
            return False
        events = tracker.applied_events()
        return any(isinstance(e, ActionExecuted) and e.action_name == GREET for e in events)

    @staticmethod
    def given_mid_topic(tracker: DialogueStateTracker) -> bool:
        """A yes given after the conversation opened with a story or a question: the person had
        something on their mind, so the main topics are offered rather than a check-in they did
        not ask for (which then took their next messages as its answers). After a greeting, the
        rules start the first check-in."""
        if tracker.latest_action_name != RECORD or tracker.get_slot("consent") is not True:
            return False
        events = tracker.applied_events()
        return not any(isinstance(e, ActionExecuted) and e.action_name == GREET for e in events)

    @staticmethod
    def declined_in_words(tracker: DialogueStateTracker) -> bool:
        """A no to recording that the NLU read as something else ("no recording pls, my company's
        slack admins can see everything" read as a question about recording), or a plain no given
        before the question was asked ("no i dont want to be recorded" as a first message): no rule
        follows it, so the main topics are offered, as after a "no" to the question. The fallback
        had answered it again as a question about recording, a second paragraph on the same no."""
        if tracker.latest_action_name != RECORD or tracker.get_slot("consent") is not False:
            return False
        latest = tracker.latest_message
        asked = any(isinstance(e, ActionExecuted) and e.action_name == ASK for e in tracker.applied_events())
        return ((latest.intent or {}).get("name") != "deny" or not asked) and declines_recording(latest.text or "")

    @classmethod
    def offered_after_decline(cls, tracker: DialogueStateTracker) -> bool:
        """The topics this policy offered after a no in other words: the turn ends there (no rule
        knows the offer in this place, and the core fallback had followed it)."""
        if tracker.latest_action_name != HELP:
            return False
        actions = [e.action_name for e in tracker.applied_events() if isinstance(e, ActionExecuted)]
        return len(actions) >= 2 and actions[-2] == RECORD and tracker.get_slot("consent") is False

    @staticmethod
    def after_safety_answer(tracker: DialogueStateTracker) -> bool:
        """A yes or no to recording given with the answer to a safety question ("nah dont record
        anything im good"), recorded after that answer: the turn ends there. No rule knows the pair,
        and the core fallback had reverted the message, so the question was asked again."""
        if tracker.latest_action_name != RECORD:
            return False
        actions = [e.action_name for e in tracker.applied_events() if isinstance(e, ActionExecuted)]
        return len(actions) >= 2 and actions[-2] in SAFETY_ANSWERS

    @staticmethod
    def asks_now(tracker: DialogueStateTracker, ask_after: list[str]) -> bool:
        """Consent unknown and never asked in this conversation, and this turn's reply is done and
        asked nothing."""
        if tracker.latest_action_name not in ask_after or tracker.active_loop_name:
            return False
        if tracker.get_slot("consent") is not None or tracker.get_slot("awaiting_consent"):
            return False
        if _safety_open(tracker):
            return False
        events = list(tracker.applied_events())
        if any(isinstance(e, ActionExecuted) and e.action_name in ASKED_BY for e in events):
            return False
        users = [i for i, e in enumerate(events) if isinstance(e, UserUttered)]
        this_turn = events[users[-1] + 1 :] if users else events
        return not any(isinstance(e, BotUttered) and _asks(e) for e in this_turn)


def _safety_open(tracker: DialogueStateTracker) -> bool:
    """A safety concern or a screening question is open: the safety dialogue comes first."""
    return bool(tracker.get_slot("safety_concern") or tracker.get_slot("safety_screening"))


def _asks(utterance: BotUttered) -> bool:
    """A reply that waits for an answer: a question. Buttons beside a statement are only shortcuts:
    "Good evening o, please I need help with my back" got what guywire can do, with its topics as
    buttons, and the consent question had waited for a turn that never came."""
    return (utterance.text or "").rstrip().endswith("?")

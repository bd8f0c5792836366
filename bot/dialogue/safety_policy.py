"""SafetyPolicy: the safety dialogue that depends on the conversation, not one message.

Rules escalate a clear red flag or crisis in every state. What rules cannot see is the
conversation: a pending screening question, worrying turns before this one, or an open concern
that changes what a message means ("so I don't need to rush then?" after a red flag). This policy
reads the recent user turns' semantic scores from the tracker and asks bot.coach.risk what comes
next; it outranks the RulePolicy only when it has something to say, and abstains otherwise.
After one of the safety actions it listens, so no other policy adds a second turn.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_DEACTIVATE_LOOP_NAME, ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.coach.risk import SCREEN, Thresholds, Turn
from bot.coach.safety_dialogue import (
    CLEARANCE,
    ESCALATE,
    FEAR,
    FOLLOW_UP,
    RESTATE,
    SCREEN_ACTION,
    SCREEN_ANSWER,
    next_safety_action,
    replayed,
)

SAFETY_ACTIONS = frozenset({ESCALATE, FEAR, FOLLOW_UP, RESTATE, SCREEN_ANSWER, SCREEN_ACTION, CLEARANCE})
RECENT_TURNS = 4


def turn_of(event: UserUttered) -> Turn:
    return Turn.from_parse(event.parse_data or {}, event.text or "")


def recent_turns(tracker: DialogueStateTracker) -> list[Turn]:
    """The last few user turns. One this policy asked about in context (its own screening question,
    not the NLU's) counts as asked, as an NLU screen does: its answer decided, so a "no" is not
    followed by the same question a turn later."""
    turns: list[Turn] = []
    for event in tracker.applied_events():
        if isinstance(event, UserUttered) and not replayed(event.metadata):
            turns.append(turn_of(event))
        elif isinstance(event, ActionExecuted) and event.action_name == SCREEN_ACTION and turns:
            turns[-1] = replace(turns[-1], outcome=SCREEN)
    return turns[-RECENT_TURNS:]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class SafetyPolicy(Policy):
    """Predicts the safety dialogue's next action from the recent turns (see the module docstring)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Above the RulePolicy (4) and the ConsentPolicy (5): it speaks only when safety requires it.
        return {"priority": 6}

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        action = self.next_action(tracker)
        if action is None or action not in domain.action_names_or_texts:
            return self._prediction(self._default_predictions(domain))
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities)

    @staticmethod
    def next_action(tracker: DialogueStateTracker) -> str | None:
        last = tracker.latest_action_name
        if last in SAFETY_ACTIONS:
            return ACTION_LISTEN_NAME
        if last not in (ACTION_LISTEN_NAME, ACTION_DEACTIVATE_LOOP_NAME):
            return None
        if tracker.latest_message and replayed(tracker.latest_message.metadata):
            return None  # the screening answer already decided on this message: now it is answered
        users = recent_turns(tracker)
        if not users:
            return None
        action = next_safety_action(
            users[-1],
            users[:-1],
            tracker.get_slot("safety_concern"),
            tracker.get_slot("safety_screening"),
            Thresholds(),
            asked_safe=bool(tracker.get_slot("safe_question")),
            level=tracker.get_slot("red_flag_level"),
        )
        if action and tracker.active_loop_name and last == ACTION_LISTEN_NAME:
            return ACTION_DEACTIVATE_LOOP_NAME  # end the form first, then act on the same message
        return action

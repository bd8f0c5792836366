"""The forms' questions, one action per slot, worded from content/dialogue.yml.

Rasa asks a form's next question with `action_ask_<slot>` when the domain lists one; keeping the
wording in the content files lets coaches edit it beside everything else the assistant says.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import content, said_in_session
from bot.coach.content import pick_fresh


class FormQuestion(Action, metaclass=ABCMeta):
    """Ask for one slot in one of its wordings."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot this question fills."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        """Asked again (after a question back, or a reply that didn't fit), it uses another wording."""
        said = said_in_session(tracker)
        wordings = content().variants(f"questions.{self.slot}")
        dispatcher.utter_message(text=pick_fresh(wordings, said))
        return []


class AskFeeling(FormQuestion):
    slot = "feeling"


class AskPainLocation(FormQuestion):
    slot = "pain_location"


class AskPainLevel(FormQuestion):
    slot = "pain_level"


class AskListenWhere(FormQuestion):
    slot = "listen_where"


class AskListenQuality(FormQuestion):
    slot = "listen_quality"


class AskListenRating(FormQuestion):
    slot = "listen_rating"


class AskListenNeed(FormQuestion):
    slot = "listen_need"

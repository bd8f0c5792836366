"""FreshResponses: Rasa's response generator, but a wording is not said twice while another is left.

Rasa picks a response variation at random, so a person who hears "That sounds really hard" twice
in a conversation gets the same sentence word for word (issue 16: utter_acknowledge_pain repeated).
The actions already choose with `pick_fresh` (bot/coach/content.py); this does the same for the
domain's responses, whether the dialogue or an action names them. Named in endpoints.yml under
`nlg`; Rasa loads it by its module path and gives it the model's responses on load.
"""

from __future__ import annotations

import copy
from typing import Any

from rasa.core.nlg.response import ResponseVariationFilter, TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.coach.content import pick_fresh


class FreshResponses(TemplatedNaturalLanguageGenerator):
    """The domain's responses, each variation filled in and compared with what this conversation
    session has already said."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None) -> None:
        # Rasa builds a custom generator with both arguments; there is nothing to configure, and the
        # responses are replaced by the model's own when it loads (Agent.load_model).
        super().__init__(domain.responses if domain else {})

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        if utter_action not in self.responses:
            return None
        slots = tracker.current_slot_values()
        variations = ResponseVariationFilter(self.responses).responses_for_utter_action(
            utter_action, output_channel, slots
        )
        if not variations:
            return None
        filled = [self._fill_response(copy.deepcopy(v), slots, **kwargs) for v in variations]
        said = {event.text for event in tracker.events if isinstance(event, BotUttered) and event.text}
        by_text = {str(f.get("text")): f for f in filled}
        return by_text[pick_fresh(list(by_text), said)]

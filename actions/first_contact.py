"""First contact: introduce, say "not a doctor", and ask consent to record once per person."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    STEP_CHOICE,
    answer_again,
    channel,
    content,
    intent_of,
    offered_choices,
    records,
    replayed_now,
    said_in_session,
    say,
)
from bot.coach.consent import (
    ERASES,
    asks_about_recording,
    asks_to_delete,
    declines_recording,
    grants_recording,
    mentions_recording,
    says_yes_first,
    sentences,
)
from bot.coach.content import Content
from bot.coach.knowledge import remark_kind

# The actions that ask for consent or settle it: the same set as bot/dialogue/consent_policy.py's
# (tests/test_consent_policy.py), kept here so the action server does not import Rasa's policies.
ASKED_BY = frozenset({"action_ask_consent", "action_greet", "action_record_consent"})


def consent_unasked(tracker: Tracker) -> bool:
    """Consent unknown and not asked in this conversation: the first reply to a story or a question
    asks it (the policy does the same for replies that are not knowledge-base answers). Never while
    a safety concern is open, when the policy does not ask it either: leg numbness told after a
    crisis disclosure had been thanked for with no question at all."""
    if tracker.get_slot("consent") is not None or tracker.get_slot("awaiting_consent"):
        return False
    if tracker.get_slot("safety_concern") or tracker.get_slot("safety_screening"):
        return False
    return not any(e.get("event") == "action" and e.get("name") in ASKED_BY for e in tracker.events)


def asks_something_else(text: str) -> bool:
    """Whether a sentence of the message asks something other than about recording."""
    return any(part.endswith("?") and not mentions_recording(part) for part in sentences(text))


STORY_WORDS = 6  # a sentence this long beside the answer tells something of its own
# The answer itself, which tells nothing more: "Yes, that is quite all right." had been handed back.
YES_CLAUSE = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|sure|ok|okay|fine|aye|of course|very well|right|no(?: thank you| thanks)?|nope|nah)?\W*"
    r"(?:(?:that|it|this)(?:'s| is)? (?:quite |perfectly |totally |absolutely )?"
    r"(?:fine|ok|okay|all right|alright|good|grand|no problem)(?: (?:with|by) me)?)?\W*",
    re.IGNORECASE,
)
# Why they said no, which is about the record too: "no thank you, i would rather it stays private"
# had been told twice over what is not kept (a playing helper).
WANTS_IT_PRIVATE = re.compile(r"\b(?:private|privacy|to myself|rather not|prefer not|between us)\b", re.IGNORECASE)


def tells_more(text: str) -> bool:
    """Whether the message says more than its answer about recording: "ye thats fine record away
    lol. so basically ive had a bad back ... the letter says degenerative disc disease" had its
    story dropped for the fallback. Deleting later is about the record too: "ok yes but I might ask
    you to delete later" had been handed back as a request to delete now (suite AA); the yes's reply
    says they can ask any time."""
    rest = [YES_CLAUSE.sub("", part) for part in sentences(text)]
    return any(
        len(part.split()) >= STORY_WORDS
        and not mentions_recording(part)
        and not ERASES.search(part)
        and not WANTS_IT_PRIVATE.search(part)
        for part in rest
    )


def rest_of_message(tracker: Tracker) -> str:
    """The intent to hand the rest of the message back as: the NLU's, unless that was the yes or
    no itself; then its next reading, or none (the unclear-message action weighs it)."""
    ranking = [r.get("name") for r in tracker.latest_message.get("intent_ranking") or []]
    return next((name for name in ranking if name not in ("affirm", "deny")), None) or "nlu_fallback"


def consent_asked_last(tracker: Tracker) -> bool:
    """Whether the bot's last words before this message were the consent question."""
    words = content()
    questions = tuple(words.say(key) for key in ("first_contact.ask_consent", "first_contact.ask_consent_again"))
    users = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users += 1
        elif event.get("event") == "bot" and users:
            return (event.get("text") or "").endswith(questions)
    return False


def introduced(tracker: Tracker) -> bool:
    """Whether the bot has said who it is in this conversation, by whichever action: an opening
    story answered by ActionUnclear introduces too, and "whatever sure" after it had heard the
    introduction a second time."""
    words = content()
    said = {*words.variants("first_contact.intro"), words.say("first_contact.ask_consent_first")}
    introducing = ("action_greet", "action_ask_consent")
    return any(
        (e.get("event") == "bot" and e.get("text") in said)
        or (e.get("event") == "action" and e.get("name") in introducing)
        for e in tracker.events
    )


def ask_consent(dispatcher: CollectingDispatcher, words: Content, key: str = "first_contact.ask_consent") -> None:
    dispatcher.utter_message(
        text=words.say(key),
        buttons=[
            {"title": words.say("first_contact.consent_buttons.yes"), "payload": "/affirm"},
            {"title": words.say("first_contact.consent_buttons.no"), "payload": "/deny"},
        ],
    )


def greet_newcomer(dispatcher: CollectingDispatcher, words: Content, text: str = "") -> list[EventType]:
    """Who guywire is, that it is not a doctor, and the consent question. A doubt said with the
    greeting ("hey. my gp said to try this. not expecting miracles tbh") is met after the hello."""
    remark = remark_kind(text)
    heard = [words.variants("knowledge.remarks.doubtful")[0]] if remark == "doubtful" else []
    say(dispatcher, [words.say("first_contact.intro"), *heard, words.say("first_contact.not_a_doctor")])
    ask_consent(dispatcher, words)
    return [SlotSet("awaiting_consent", True)]


class ActionAskConsent(Action):
    """The consent question: at first contact when the conversation did not open with a greeting
    (with a word about who is asking), or again after answering "who reads this?". Someone who
    answered it before, in a conversation the tracker no longer holds, is not asked twice."""

    def name(self) -> str:
        return "action_ask_consent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if not tracker.get_slot("awaiting_consent"):
            consent = records().consent(tracker.sender_id)
            if consent is not None:
                return [SlotSet("consent", consent)]
        words = content()
        introduced = any(e.get("event") == "action" and e.get("name") in ASKED_BY for e in tracker.events)
        key = "first_contact.ask_consent" if introduced else "first_contact.ask_consent_first"
        if words.say("first_contact.ask_consent") in said_in_session(tracker):
            key = "first_contact.ask_consent_again"  # after "who reads it?": not the same paragraph again
        ask_consent(dispatcher, words, key)
        return [SlotSet("awaiting_consent", True)]


class ActionGreet(Action):
    """Newcomers get the introduction and the consent question; people we know, a welcome back."""

    def name(self) -> str:
        return "action_greet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        words, store = content(), records()
        consent = store.consent(tracker.sender_id)
        if consent is None:
            return greet_newcomer(dispatcher, words, tracker.latest_message.get("text") or "")
        store.touch(tracker.sender_id, channel(tracker))
        dispatcher.utter_message(text=words.say("first_contact.welcome_back"))
        history = store.step_history(tracker.sender_id) if consent else []
        if history:
            title = words.step(history[-1].step_id).title
            dispatcher.utter_message(text=words.say("first_contact.last_step", title=title))
        dispatcher.utter_message(response="utter_how_can_i_help")
        return [SlotSet("consent", consent)]


def stopped_for_deletion(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """A no to recording said with a request to delete ("no recording. and wipe whatever you've
    kept"), which the deletion's confirmation follows: the no is kept first, so it outlives the
    deletion (it had been lost, and the chat recorded again afterwards)."""
    text = tracker.latest_message.get("text") or ""
    if not declines_recording(text) or tracker.get_slot("consent") is False:
        return []
    records().set_consent(tracker.sender_id, channel(tracker), False)
    dispatcher.utter_message(text=content().say("first_contact.consent_withdrawn_deleting"))
    return [SlotSet("consent", False), SlotSet("awaiting_consent", False)]


class ActionRecordConsent(Action):
    """Store the yes or no, so the question is never asked again. "well you can record it" is a
    yes, whatever intent it was read as."""

    def name(self) -> str:
        return "action_record_consent"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if not mentions_recording(text) and not consent_asked_last(tracker) and not replayed_now(tracker):
            # "ok what would you have me do then?", turns after an unanswered consent question,
            # had been taken as a yes (and a check-in begun): it answers what was said last.
            # Not awaited any more, and not answered either: None, not False, so the rule for a yes
            # to the question (a check-in follows) does not take the turn up again once the message
            # handed back is rewound by the core fallback ("Yes please. Quickly though" had got "is
            # there anything else?" and then a check-in, two questions; suite V).
            unawaited = SlotSet("awaiting_consent", None)
            if intent_of(tracker) == "affirm" and STEP_CHOICE in offered_choices(tracker):
                # "Yes please. But quickly" to "Would one of these help right now?": a step, the
                # smallest useful thing
                return [unawaited, *answer_again(tracker, "request_core_steps")]
            return [unawaited, *answer_again(tracker)]
        said_no = declines_recording(text)  # "no you cant record me" reads as affirm to the NLU
        if asks_about_recording(text) and not said_no and not grants_recording(text) and not replayed_now(tracker):
            # "wtf why would u record me lol. who even reads that" read as a yes: answered, and asked again.
            return answer_again(tracker, "faq")
        yes = intent_of(tracker) == "affirm" or grants_recording(text)
        consent = not said_no and (yes or (consent_asked_last(tracker) and says_yes_first(text)))
        records().set_consent(tracker.sender_id, channel(tracker), consent)
        words = content()
        if not introduced(tracker):
            # Answered before it was asked ("no recording pls" as a first message): who guywire is, and
            # that it is not a doctor, had never been said.
            say(dispatcher, [words.say("first_contact.intro"), words.say("first_contact.not_a_doctor")])
        key = "first_contact.consent_yes" if consent else "first_contact.consent_no"
        deleting = not consent and asks_to_delete(text)
        if not consent and tracker.get_slot("consent") is True:  # a yes taken back
            key = "first_contact.consent_withdrawn_deleting" if deleting else "first_contact.consent_withdrawn"
        dispatcher.utter_message(text=words.say(key))
        settled = [SlotSet("consent", consent), SlotSet("awaiting_consent", False)]
        if deleting:  # "Stop it. And delete what you have." had been told what was kept stays (suite Y)
            return [*settled, FollowupAction("utter_confirm_delete")]
        # after a safety answer, which took up the rest of the message
        after_screening = tracker.latest_action_name in ("action_screening_answer", "action_safety_follow_up")
        if (asks_something_else(text) or tells_more(text)) and not replayed_now(tracker) and not after_screening:
            # "Yes that's fine, you can record. But is my spine crumbling?": answered, not the menu.
            return [*settled, *answer_again(tracker, rest_of_message(tracker))]
        return settled

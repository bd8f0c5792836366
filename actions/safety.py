"""Safety: escalate red flags and crisis, ask one screening question when a message is unclear,
keep the concern open, and lift the coaching pause only when the person states that a clinician
has examined them. Every step is recorded for human review."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    answer_again,
    best_other_intent,
    channel,
    content,
    crisis_locale,
    fresh_topic,
    intent_of,
    known_topic,
    latest_entity,
    records,
    replayed_now,
    said_in_session,
    say,
    session_events,
)
from actions.first_contact import consent_unasked
from bot.coach.check_in import known_question
from bot.coach.consent import declines_recording, grants_recording
from bot.coach.content import pick_fresh
from bot.coach.conversation_risk import calm_context
from bot.coach.knowledge import (
    EXERCISE_TOPICS,
    FAQ,
    FAQ_SECOND,
    REASSURING_TOPICS,
    faq_share,
    topic_for,
    unclear_reply,
    wording,
)
from bot.coach.progression import reports_and_asks_next
from bot.coach.risk import (
    CRISIS,
    CRISIS_NOW,
    RED_FLAG,
    RED_FLAG_KINDS,
    Thresholds,
    Turn,
    answer_worry_buried,
    crisis_score,
    red_flag_score,
)
from bot.coach.safety import (
    asks_anywhere,
    clearance_messages,
    country_named,
    escalation_messages,
    fear_messages,
    follow_up_messages,
    is_question,
    likely_red_flag,
    local_lines,
    past_crisis_messages,
    question_answered_already,
    red_flag_level,
    restate_messages,
    safe_question_again,
    says_examined,
    screening_cleared,
    screening_dropped,
    screening_question,
    tells_the_finding,
)
from bot.coach.safety_dialogue import (
    EMERGENCY_SIGN,
    ESCALATE,
    NOT_SAFE,
    SAFE,
    SCREEN_AGAIN,
    SCREEN_DROPPED,
    UNCLEAR,
    asked_why,
    follow_up_answer,
    goes_later_today,
    makes_it_an_emergency,
    moves_on,
    replayed,
    restate_topic,
    says_not_acting,
    screening_answer,
)


def matched(tracker: Tracker) -> tuple[str | None, str]:
    """The kind the safety net named, and the phrase a pattern matched (else the whole text)."""
    text = tracker.latest_message.get("text") or ""
    entity = next(
        (e for e in tracker.latest_message.get("entities", []) if e.get("entity") == "safety_kind"),
        None,
    )
    if entity and entity.get("end") is not None:
        return entity["value"], text[entity["start"] : entity["end"]]
    return (entity or {}).get("value"), text


def scores(tracker: Tracker) -> dict[str, float]:
    return tracker.latest_message.get("safety_scores") or {}


def worst_scores(tracker: Tracker, about: str) -> dict[str, float]:
    """Each label's higher reading, of the whole message or its most worrying sentence: an answer
    to a screening question can bury the answer among other words ("sometimes yeah. i think theyd
    be better off. ive looked at my pill bottles and thought about it" read 0.49 a crisis whole,
    0.99 its worst sentence, and had been asked again). Not to the crisis question when only the
    sentence worries (risk.answer_worry_buried): the whole message's reading then."""
    whole, sentence = scores(tracker), tracker.latest_message.get("safety_sentence_scores") or {}
    votes = (tracker.latest_message.get("safety_verdict") or {}).get("classifier") or {}
    if about == CRISIS and answer_worry_buried(whole, votes, Thresholds()):
        return dict(whole)
    return {label: max(whole.get(label, 0.0), sentence.get(label, 0.0)) for label in {*whole, *sentence}}


class ActionSafetyEscalation(Action):
    """Escalate, set safety_concern, and record the event (even when recording was declined)."""

    def name(self) -> str:
        return "action_safety_escalation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        kind, phrase = matched(tracker)
        screened = tracker.get_slot("safety_screening")  # a "yes" to the screening question
        intent = intent_of(tracker)
        if kind in (CRISIS, CRISIS_NOW) or intent == "express_crisis" or (screened == CRISIS and not kind):
            concern = CRISIS
        elif kind in RED_FLAG_KINDS or intent == "report_red_flag" or screened:
            concern = "red_flag"
            kind = kind or tracker.get_slot("screening_kind")  # a yes to a question about that kind
        else:  # the SafetyPolicy raised it from the conversation: worrying turns, then this one
            concern, kind = CRISIS, CRISIS_NOW if scores(tracker).get(CRISIS_NOW, 0.0) > 0.3 else CRISIS
        repeated = tracker.get_slot("safety_concern") == concern
        text = tracker.latest_message.get("text") or ""
        not_acting = concern == CRISIS and kind != CRISIS_NOW and says_not_acting(text)
        said = said_in_session(tracker)
        words = escalation_messages(content(), concern, kind, crisis_locale(tracker), repeated, not_acting, said, text)
        say(dispatcher, words)
        recorded = CRISIS if concern == CRISIS else kind or concern  # "now" shows in the wording, not the kind
        records().record_safety_event(tracker.sender_id, channel(tracker), recorded, phrase)
        asked = [SlotSet("safe_question", None if not_acting else "asked")] if concern == CRISIS else []
        cleared = [SlotSet("safety_screening", None), SlotSet("screening_kind", None)] if screened else []
        # A second sign can make an open red flag more urgent, never less.
        kept = repeated and tracker.get_slot("red_flag_level") == "emergency"
        level = [] if concern == CRISIS or kept else [SlotSet("red_flag_level", red_flag_level(kind))]
        return [SlotSet("safety_concern", concern), *asked, *cleared, *level]


class ActionSafetyFollowUp(Action):
    """The answer to the follow-up question: "I'm fine" does not close a concern stated clearly.
    After a crisis, a bare "no" to "Are you safe right now?" gets emergency help, and a reply that
    does not answer it gets the question once more; a second such reply keeps the resources."""

    def name(self) -> str:
        return "action_safety_follow_up"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        concern = tracker.get_slot("safety_concern") or "red_flag"
        text = tracker.latest_message.get("text") or ""
        asked = tracker.get_slot("safe_question")
        level = tracker.get_slot("red_flag_level")
        answer = follow_up_answer(concern, intent_of(tracker), scores(tracker), text, bool(asked), level=level)
        if concern == CRISIS and answer == UNCLEAR and asked == "asked":
            if country_named([text]):  # "im in australia. is there a number here?": that country's lines first
                say(
                    dispatcher,
                    [local_lines(content(), crisis_locale(tracker)), content().safety["crisis"]["follow_up"]],
                )
            else:
                dispatcher.utter_message(text=safe_question_again(content(), text))
            return [SlotSet("safe_question", "reasked")]
        said = said_in_session(tracker)
        messages = follow_up_messages(content(), concern, crisis_locale(tracker), answer, said, level, text)
        # "maybe yes. also please how to sleep? I wake up 3,4 times" had only the lines again (suite
        # AA): a question the knowledge base knows is answered too, in place of "whenever you're ready"
        topic = known_question(text, tracker.latest_message.get("knowledge")) if concern == CRISIS else None
        if topic and answer != NOT_SAFE:
            kept = messages[:1] if answer == SAFE else messages
            messages = [*kept, wording(content(), topic, said, tracker.get_slot("consent") is False)]
        say(dispatcher, messages)
        return [
            SlotSet("safe_question", None),
            *consent_said_too(tracker),
            *([SlotSet("knowledge_topic", topic)] if topic else []),
        ]


class ActionRecordClearance(Action):
    """A clinician has checked the red flag: record it and lift the coaching pause."""

    def name(self) -> str:
        return "action_record_clearance"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        concern, text = tracker.get_slot("safety_concern"), tracker.latest_message.get("text") or ""
        # A question or a complaint is never a clearance, nor a message that names a red flag ("they
        # said I was all clear. And I've lost 12 pounds without trying").
        pattern = (tracker.latest_message.get("safety_verdict") or {}).get("pattern")
        names_a_flag = bool(pattern) and not tells_the_finding(text, pattern)
        other = best_other_intent(tracker, skip={"report_clinician_cleared"})
        if concern is None and other and asks_anywhere(text) and not replayed_now(tracker):
            # Nothing to clear: "is it all in my head then, the doc said nothing showed up" had been
            # told "it's good you're keeping your clinician in the loop". Answered as what else it is.
            return answer_again(tracker, other)
        if concern is None and other == "mention_diagnosis" and not replayed_now(tracker):
            # A scan told with its finding, nothing open: "they did an mri in 2019 and said bulging
            # disc" is the label's to take up, not a clearance to thank for.
            return answer_again(tracker, other)
        if concern != "crisis" and (names_a_flag or not says_examined(text)):
            if concern == "red_flag":
                level = tracker.get_slot("red_flag_level")
                say(dispatcher, restate_messages(content(), said_in_session(tracker), level=level))
            else:
                dispatcher.utter_message(text=unclear_reply(content(), text, said_in_session(tracker)))
            return []
        say(dispatcher, clearance_messages(content(), concern, text))
        if concern is None:
            return []
        records().record_safety_event(
            tracker.sender_id,
            channel(tracker),
            "clinician_cleared",
            tracker.latest_message.get("text") or "",
        )
        # the red flag's pause ends, under a crisis too, when an examination is told
        examined = [SlotSet("red_flag_level", None)] if says_examined(text) else []
        return examined if concern == "crisis" else [SlotSet("safety_concern", None), *examined]


class ActionSafetyScreen(Action):
    """One direct, kind question when a message may be a crisis or a red flag; recorded for review."""

    def name(self) -> str:
        return "action_safety_screen"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        about = latest_entity(tracker, "safety_screening") or CRISIS
        pattern = (tracker.latest_message.get("safety_verdict") or {}).get("pattern")
        text = tracker.latest_message.get("text") or ""
        votes = (tracker.latest_message.get("safety_verdict") or {}).get("classifier") or {}
        settled = bool(tracker.get_slot("crisis_screen_answered")) or tracker.get_slot("safety_concern") == RED_FLAG
        calm = calm_context(
            pattern,
            scores(tracker),
            votes,
            earlier_turns(tracker),
            Thresholds(),
            known_topic(tracker),
            settled,
            is_question(text),
        )
        if calm and reports_and_asks_next(text):  # "3 days later: breathing easy now. whats next?"
            calm = "report_progress"  # had been let go as the knowledge base's flare-ups
        if about == CRISIS and calm and not replayed_now(tracker):
            # Kept for review, and answered as what the classifier heard.
            records().record_safety_event(tracker.sender_id, channel(tracker), "screen_let_go_crisis", text)
            return answer_again(tracker, calm)
        kind = likely_red_flag(pattern, scores(tracker)) if about == "red_flag" else None
        if question_answered_already(kind, text):
            screened = [SlotSet("safety_screening", about), SlotSet("screening_kind", kind)]
            return [*screened, FollowupAction("action_safety_escalation")]
        dispatcher.utter_message(text=screening_question(content(), about, kind=kind))
        records().record_safety_event(tracker.sender_id, channel(tracker), f"screened_{about}", text)
        return [SlotSet("safety_screening", about), SlotSet("screening_kind", kind)]


def consent_said_too(tracker: Tracker) -> list[EventType]:
    """The yes or no to recording said with an answer to a safety question ("nah dont record
    anything im good", "no not like that. and pls dont record any of this"): recorded next, once
    the safety reply is said. It had been lost, and the consent question came again a turn later
    (development suite Q)."""
    text = tracker.latest_message.get("text") or ""
    said = declines_recording(text) or grants_recording(text)
    return [FollowupAction("action_record_consent")] if tracker.get_slot("consent") is None and said else []


def earlier_turns(tracker: Tracker) -> list[Turn]:
    """The person's messages of this session before the latest, as the safety dialogue reads them."""
    users = [e for e in session_events(tracker) if e.get("event") == "user" and not replayed(e.get("metadata"))]
    return [Turn.from_parse(e.get("parse_data") or {}, e.get("text") or "") for e in users[:-1]]


def interrupted_form(tracker: Tracker) -> str | None:
    """The form the pending screening question cut short, if it did ("my bak and down my left leg"
    asked about mid check-in): once the answer clears the question, the form goes on, so the
    check-in is not silently dropped with the person's answers in it."""
    form = deactivated = interrupted = None
    for event in session_events(tracker):
        kind, name = event.get("event"), event.get("name")
        if kind == "active_loop" and name:
            form = name
        elif kind == "action" and name == "action_deactivate_loop":
            deactivated = form  # the safety rules deactivate the form, then ask
        elif kind == "action" and name == "action_safety_screen":
            interrupted, deactivated = deactivated, None
        elif kind == "action" and name != "action_listen":
            deactivated = None
    return interrupted


def screened_message(tracker: Tracker) -> dict[str, Any] | None:
    """The person's message the pending screening question was asked about."""
    asked = False
    for event in reversed(session_events(tracker)):
        if event.get("event") == "action" and event.get("name") == "action_safety_screen":
            asked = True
        elif asked and event.get("event") == "user":
            return event
    return None


def named_a_red_flag(tracker: Tracker) -> bool:
    """Whether the screened message named a red flag in so many words (a pattern matched it): "I had
    breast cancer eleven years ago. And I've lost about fifteen pounds since the summer without
    trying" was asked about, twice not answered, then let go as if the answer were no."""
    screened = screened_message(tracker) or {}
    verdict = (screened.get("parse_data") or {}).get("safety_verdict") or {}
    return verdict.get("pattern") not in (None, CRISIS)


def screened_topic(tracker: Tracker) -> str | None:
    """The knowledge-base topic of the question the screening question was asked about, if it was
    one ("can i still go to the gym with my back like this?"): once a no clears the screening, that
    question is answered, not lost."""
    screened = screened_message(tracker)
    if screened is None or not is_question(screened.get("text") or ""):
        return None
    parse = screened.get("parse_data") or {}
    if faq_share(parse.get("intent_ranking")) < FAQ_SECOND:
        return None
    return topic_for(content(), FAQ, parse.get("knowledge"))


class ActionScreeningAnswer(Action):
    """The answer decides. A clear no clears it (for the crisis question, also "I'm safe"). A yes,
    a worrying answer, or minimising a red flag ("it's probably nothing, can we carry on")
    escalates: minimising is not an answer. A reply that does not answer at all ("what do you
    mean?", a new topic) gets the question once more, plainly; a second drops it kindly, for review,
    unless the question was about a red flag named in so many words: then it escalates."""

    def name(self) -> str:
        return "action_screening_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        about = tracker.get_slot("safety_screening") or CRISIS
        text = tracker.latest_message.get("text") or ""
        reasked = bool(tracker.get_slot("screening_reasked"))
        decided = screening_answer(
            about,
            intent_of(tracker),
            worst_scores(tracker, about),
            text,
            reasked,
            Thresholds(),
            (tracker.latest_message.get("safety_verdict") or {}).get("pattern"),
        )
        if decided == SCREEN_DROPPED and reasked and about == RED_FLAG and named_a_red_flag(tracker):
            decided = ESCALATE  # a sign named plainly and never denied is not let go
        if decided == ESCALATE:
            return [SlotSet("screening_reasked", None), FollowupAction("action_safety_escalation")]
        if decided == SCREEN_AGAIN:
            kind = tracker.get_slot("screening_kind")
            dispatcher.utter_message(text=screening_question(content(), about, again=True, kind=kind))
            return [SlotSet("screening_reasked", True)]
        dropped = decided == SCREEN_DROPPED
        words = content()
        said = said_in_session(tracker)
        moved_on = moves_on(intent_of(tracker), text)
        if dropped and moved_on and not reasked:
            # They carried on with something of their own ("bit looser actually. can i do the
            # tilts too"): most such questions were asked about an ordinary message, and the full
            # crisis lines then read as an alarm. One short line, then their message is answered;
            # review sees the event.
            # A red flag's line says where to turn if a sign appears: it alarms nobody.
            reply = words.safety["screening"].get(f"moved_on_{about}") or screening_dropped(
                words, about, crisis_locale(tracker), said
            )
        elif dropped:
            reply = screening_dropped(words, about, crisis_locale(tracker), said)
        else:
            reply = screening_cleared(words, about, asked_why(text))
        if reply:
            dispatcher.utter_message(text=reply)
        topic = None if dropped else screened_topic(tracker)
        if topic in REASSURING_TOPICS | EXERCISE_TOPICS and tracker.get_slot("safety_concern") == RED_FLAG:
            topic = None  # "can it wait", with a fall waiting to be seen, had been told gentle movement is safe
        if topic:
            dispatcher.utter_message(text=wording(words, topic, said, tracker.get_slot("consent") is False))
        outcome = "screen_unanswered" if dropped else "screen_cleared"
        records().record_safety_event(tracker.sender_id, channel(tracker), f"{outcome}_{about}", text)
        closed = [
            SlotSet("safety_screening", None),
            SlotSet("screening_reasked", None),
            SlotSet("screening_kind", None),
        ]
        if about == CRISIS and not dropped:
            closed.append(SlotSet("crisis_screen_answered", True))  # asked and answered: a no
        if recorded := consent_said_too(tracker):
            return [*closed, *recorded]
        if moved_on:
            return closed + answer_again(tracker)
        closed += [SlotSet("knowledge_topic", topic)] if topic else []
        form = interrupted_form(tracker)  # a check-in the question cut short goes on where it was
        return [*closed, FollowupAction(form)] if form else closed


class ActionSafetyRestate(Action):
    """After a red flag: "do I really need to go today?" gets the same advice, kindly, and why. More
    that may itself be a sign is thanked for; one that leans to a sign needing emergency care, told
    while the open flag needed only an appointment ("it feels a bit numb when i wipe after the loo",
    after a fall), makes it an emergency: it had been told "it doesn't change what I said"."""

    def name(self) -> str:
        return "action_safety_restate"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        # More that may itself be a red flag; one leaning to a crisis is not "mention it when seen".
        read = scores(tracker)
        more = intent_of(tracker) == "screen_safety" and red_flag_score(read) > crisis_score(read)
        level = tracker.get_slot("red_flag_level")
        if more and makes_it_an_emergency(read, level):
            words = escalation_messages(
                content(), "red_flag", EMERGENCY_SIGN, crisis_locale(tracker), already_open=True
            )
            say(dispatcher, words)
            text = tracker.latest_message.get("text") or ""
            records().record_safety_event(tracker.sender_id, channel(tracker), EMERGENCY_SIGN, text)
            return [SlotSet("red_flag_level", "emergency")]
        text = tracker.latest_message.get("text") or ""
        if not more and level == "emergency" and goes_later_today(text, level):
            # going today, but hours away: answered as that, not "I understand not wanting to make a fuss"
            said = said_in_session(tracker)
            dispatcher.utter_message(text=pick_fresh(content().safety["red_flag"]["going_later"], said))
            return []
        topic = None if more else restate_topic(text)
        if topic:
            dispatcher.utter_message(text=content().safety["red_flag"][topic])
            return []
        say(dispatcher, restate_messages(content(), said_in_session(tracker), more=more, level=level))
        return []


class ActionAnswerFear(Action):
    """A fear ("will I end up in a wheelchair?"): honest that nobody here can know, and who can."""

    def name(self) -> str:
        return "action_answer_fear"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        if latest_entity(tracker, "diagnosis") and not replayed_now(tracker):
            # "the GP always said it was just wear and tear ... Is there really anything to be done or
            # am I wasting your time?" had been told only that nobody here can know (suite AB): the
            # label's reframe answers the fear, and the consent question follows at first contact
            return answer_again(tracker, "mention_diagnosis")
        if fresh_topic(tracker) and not replayed_now(tracker):
            # "i guess im scared ive done proper damage" (whether pain means damage, 0.90): the
            # knowledge base's answer says more than "nobody here can know".
            return answer_again(tracker, FAQ)
        if consent_unasked(tracker) and records().consent(tracker.sender_id) is None:
            # a fear told in the first message: heard, then the consent question (it had never been asked)
            say(dispatcher, fear_messages(content(), asking=False))
            return [FollowupAction("action_ask_consent")]
        say(dispatcher, fear_messages(content()))
        return []


class ActionPastCrisis(Action):
    """A crisis in the person's own past, said to be over: heard, with where to turn if it returns."""

    def name(self) -> str:
        return "action_past_crisis"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        say(dispatcher, past_crisis_messages(content(), crisis_locale(tracker), said_in_session(tracker)))
        return []

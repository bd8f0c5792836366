"""Replies that follow what was said (issues 15 and 16), from development suite O's transcripts.

Suite O (helper 125) was played blind in the nineteenth session (37.7% of its turns judged good)
and read turn by turn in the twentieth, so it is a development suite now. What it showed, by kind,
each tested here with phrasings of the team's own, not O's:
- "no wahala you can record" was read as a no, "record whatever" as nothing, and a question about
  recording typed without its question mark as a yes;
- a yes to recording followed by the person's story lost the story to the fallback;
- who guywire is was said twice when the first message was a story, and a label named first was
  met with a question back instead of the consent question;
- a hedged yes to the crisis question ("sometimes yeah", with the means in a later sentence) was
  asked again, and "i wouldnt tonight, my wife is home" got the emergency reply;
- ordinary questions mid-conversation were asked about suicide; statements the knowledge base knew
  ("my manager says i slouch") got the menu; "whats bird dog" was out of scope; "there's something
  I haven't told anyone" was told whether back pain runs in families;
- "what does listen to your body mean?" started the exercise instead of explaining it.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from actions.explanations import ActionReframeLabel
from actions.first_contact import ActionRecordConsent
from actions.knowledge import ActionAnswerQuestion, ActionOutOfScope, ActionUnclear
from actions.listening import ActionStartListening
from actions.safety import ActionScreeningAnswer
from bot.coach.coaching import announces_more, step_asked_about
from bot.coach.consent import asks_about_recording, declines_recording, grants_recording
from bot.coach.content import Content
from bot.coach.progression import classify_feedback, says_practised
from bot.coach.conversation_risk import calm_context
from bot.coach.risk import CRISIS, Thresholds, Turn
from bot.coach.safety_dialogue import (
    ESCALATE,
    FOLLOW_UP,
    STEP,
    follow_up_answer,
    next_safety_action,
    screening_answer,
)
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import T0, environment, make_tracker, run, texts, user_event, words  # noqa: F401
from tests.test_following import bot_said, replayed_as


def with_parse(tracker: Any, **parse: Any) -> Any:
    """The tracker with more of the NLU's parse in its latest message (knowledge, ranking, scores)."""
    tracker.latest_message.update(parse)
    return tracker


# --- consent and first contact --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "grants", "declines"), [
    ("no worries, go ahead and record", True, False),
    ("ok no problem you can record", True, False),
    ("record away, nothing to hide here", True, False),
    ("fine, you may keep it", True, False),
    ("please don't record, whatever happens", False, True),
])
def test_a_yes_that_starts_with_no_and_a_shrug_are_read(text: str, grants: bool, declines: bool) -> None:
    assert grants_recording(text) is grants and declines_recording(text) is declines


def test_a_question_about_recording_without_its_mark_is_a_question(database_url: str) -> None:
    assert asks_about_recording("why would you even record this lol. who reads it anyway")
    tracker = make_tracker("why would you even record this lol. who reads it anyway", "affirm",
                           slots={"awaiting_consent": True})
    events, _ = run(ActionRecordConsent(), tracker)
    assert replayed_as(events) == "faq"
    assert ("consent", True) not in [(e["name"], e.get("value")) for e in events if e["event"] == "slot"]


def test_a_yes_with_a_story_after_it_gets_the_story_taken_up(words: Content, database_url: str) -> None:
    asked = [bot_said(words.variants("first_contact.intro")[0]), bot_said(words.say("first_contact.ask_consent"))]
    story = "yep that's fine. since a car crash in march my back has been bad and the scan said two bulging discs"
    tracker = make_tracker(story, "mention_diagnosis", earlier=asked, slots={"awaiting_consent": True})
    events, messages = run(ActionRecordConsent(), tracker)
    assert texts(messages) == [words.say("first_contact.consent_yes")]
    assert replayed_as(events) == "mention_diagnosis"


def test_who_guywire_is_is_said_once_whichever_action_said_it(words: Content, database_url: str) -> None:
    introduced = [bot_said(words.variants("first_contact.intro")[1]), bot_said(words.say("first_contact.ask_consent"))]
    tracker = make_tracker("yes ok", "affirm", earlier=introduced, slots={"awaiting_consent": True})
    _, messages = run(ActionRecordConsent(), tracker)
    assert texts(messages) == [words.say("first_contact.consent_yes")]


def test_a_label_named_at_first_contact_leaves_the_question_to_consent(words: Content, database_url: str) -> None:
    first = make_tracker("they told me I have arthritis in my spine", "mention_diagnosis", [("diagnosis", "arthritis")])
    _, messages = run(ActionReframeLabel(), first)
    assert not any(m["text"].endswith("?") for m in messages)
    later = make_tracker("they told me I have arthritis in my spine", "mention_diagnosis", [("diagnosis", "arthritis")],
                         slots={"consent": True})
    _, messages = run(ActionReframeLabel(), later)
    assert messages[-1]["text"].endswith("?")


# --- safety -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "escalates"), [
    ("sometimes, yeah. more lately", True),
    ("i guess", True),
    ("maybe not, no", False),
    ("kind of tired of the pain to be honest", False),
])
def test_a_hedged_yes_to_the_crisis_question_is_a_yes(text: str, escalates: bool) -> None:
    decided = screening_answer(CRISIS, "screen_safety", {"crisis": 0.3}, text, False, Thresholds())
    assert (decided == ESCALATE) is escalates


def test_an_answer_whose_worst_sentence_worries_escalates(database_url: str) -> None:
    text = "it comes and goes. my family would be fine. i counted my tablets last night"
    tracker = with_parse(make_tracker(text, "screen_safety", slots={"safety_screening": "crisis"}),
                         safety_scores={"crisis": 0.45, "none": 0.55}, safety_sentence_scores={"crisis": 0.97})
    events, _ = run(ActionScreeningAnswer(), tracker)
    assert {"event": "followup", "name": "action_safety_escalation"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events
    ]


def test_safe_for_tonight_answers_are_you_safe() -> None:
    text = "i haven't done anything. not tonight anyway, my husband is home"
    latest = Turn("express_crisis", {"crisis_now": 0.7}, "crisis", text)
    assert next_safety_action(latest, [], CRISIS, None, Thresholds(), asked_safe=True) == FOLLOW_UP
    assert follow_up_answer(CRISIS, "express_crisis", {}, text) == STEP


def test_a_question_the_knowledge_base_knows_in_a_calm_conversation_is_not_asked_about() -> None:
    calm = [Turn("greet", {"none": 1.0}), Turn("affirm", {"none": 1.0}), Turn("faq", {"none": 0.9})]
    weak = {"describe_pain": 0.27, "express_crisis": 0.16}
    assert calm_context(None, {"crisis": 0.35}, weak, calm, Thresholds(), known_topic="sleep_position") == "faq"
    assert calm_context(None, {"crisis": 0.35}, weak, calm, Thresholds(), known_topic="mood_sleep") is None
    assert calm_context(None, {"crisis": 0.35}, weak, calm, Thresholds()) is None
    worried = {**weak, "express_crisis": 0.4}
    assert calm_context(None, {"crisis": 0.35}, worried, calm, Thresholds(), known_topic="sleep_position") is None


# --- answers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "title"), [
    ("what's a dead bug?", "Dead bug"), ("how do i do the bridge", "Glute bridge"), ("did the bridge", None),
])
def test_asking_how_a_step_is_done_is_answered(text: str, title: str | None, words: Content) -> None:
    step = step_asked_about(words.steps, text)
    assert (step.title if step else None) == title


def test_a_step_asked_about_out_of_scope_is_described(words: Content, database_url: str) -> None:
    _, messages = run(ActionOutOfScope(), make_tracker("whats a dead bug", "out_of_scope"))
    assert texts(messages)[0].startswith("Dead bug:")


def test_a_statement_the_knowledge_base_knows_gets_its_topic_once(database_url: str) -> None:
    knowledge = {"topic": "posture", "confidence": 0.55}
    tracker = with_parse(make_tracker("my wife says i sit like a question mark", "nlu_fallback", slots={"consent": True}),
                         knowledge=knowledge)
    events, _ = run(ActionUnclear(), tracker)
    assert replayed_as(events) == "faq"
    taken = [{"event": "slot", "name": "knowledge_topic", "value": "posture", "timestamp": T0 + 3}]
    tracker = with_parse(make_tracker("my wife says i sit like a question mark", "nlu_fallback", earlier=taken,
                                      slots={"consent": True}), knowledge=knowledge)
    events, _ = run(ActionUnclear(), tracker)
    assert replayed_as(events) is None


def test_a_label_in_a_story_nothing_else_placed_is_taken_up(database_url: str) -> None:
    tracker = make_tracker("fell off a ladder in 2019, herniated disc, off work since", "nlu_fallback",
                           [("diagnosis", "herniated_disc")], slots={"consent": True})
    events, _ = run(ActionUnclear(), tracker)
    assert replayed_as(events) == "mention_diagnosis"


def test_a_statement_read_as_an_unsure_question_is_heard_as_what_else_it_is(database_url: str) -> None:
    tracker = with_parse(make_tracker("Thanks. Nobody ever put it like that to me.", "faq", slots={"consent": True}),
                         knowledge={"topic": "passing_on", "confidence": 0.3},
                         intent_ranking=[{"name": "faq", "confidence": 0.55}, {"name": "thank", "confidence": 0.35}])
    events, _ = run(ActionAnswerQuestion(), tracker)
    assert replayed_as(events) == "thank"


def test_someone_about_to_tell_more_is_invited_to(words: Content, database_url: str) -> None:
    assert announces_more("there's something else I've not told my doctor")
    tracker = make_tracker("there's something else I've not told my doctor", "nlu_fallback", slots={"consent": True})
    _, messages = run(ActionUnclear(), tracker)
    assert texts(messages) == [m for m in texts(messages) if m in words.variants("knowledge.go_on")]


def test_an_unclear_message_while_a_red_flag_is_open_keeps_the_advice(words: Content, database_url: str) -> None:
    tracker = make_tracker("the surgery shuts at six on fridays", "nlu_fallback",
                           slots={"consent": True, "safety_concern": "red_flag"})
    _, messages = run(ActionUnclear(), tracker)
    assert texts(messages)[0] in words.safety["red_flag"]["restate"]


@pytest.mark.parametrize(("text", "practised"), [
    ("week now, doing the breathing and it's fine", True), ("stuck with it all week", True),
    ("thinking of stopping my tramadol this week", False),
])
def test_a_week_of_practice_is_practice(text: str, practised: bool) -> None:
    assert says_practised(text) is practised


def test_a_step_that_lit_the_back_up_hurt() -> None:
    assert classify_feedback([], "did the bridges but they lit my back up") == "hurt"


def test_asking_what_listening_means_explains_and_offers(words: Content, database_url: str) -> None:
    asked = make_tracker("what does listening to your body even mean?", "request_listening_exercise")
    events, messages = run(ActionStartListening(), asked)
    assert texts(messages) == [words.say("listening.what_it_means")]
    assert any(e["event"] == "followup" and e["name"] == "utter_offer_listening" for e in events)
    _, messages = run(ActionStartListening(), make_tracker("ok lets try the listening thing", "request_listening_exercise"))
    assert messages[0].get("response") == "utter_start_listening"


# --- through the server -------------------------------------------------------------------------------


def test_through_the_server_a_yes_in_other_words_and_a_story_are_both_heard(guywire: Guywire, words: Content) -> None:
    sender = f"so-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "hello")
    reply = server_texts(guywire.say(
        sender, "no worries, you can record. so my scan last month said degenerative disc disease and im scared"))
    assert guywire.tracker(sender)["slots"]["consent"] is True
    assert words.say("first_contact.consent_yes") in reply
    assert "I'm not sure which you'd like" not in reply and "Would one of these help" not in reply
    reply = server_texts(guywire.say(sender, "whats a bird dog"))
    assert reply.startswith("Bird dog:")


# --- more from the second reading ---------------------------------------------------------------------


def test_a_bare_yes_tells_nothing_more() -> None:
    from actions.first_contact import tells_more

    assert not tells_more("Yes, that is perfectly fine by me.")
    assert tells_more("yes thats fine, my back has been bad for years and the scan said bulging discs")


def test_a_yes_in_words_read_as_a_question_after_a_greeting_ends_the_turn() -> None:
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

    from bot.dialogue.consent_policy import ConsentPolicy
    from tests.test_consent_policy import tracker

    events = [ActionExecuted("action_greet"), SlotSet("awaiting_consent", True), ActionExecuted("action_listen"),
              UserUttered("Alright then, you may keep it.", {"name": "faq", "confidence": 0.8}),
              ActionExecuted("action_record_consent"), SlotSet("consent", True)]
    assert ConsentPolicy.settled_in_words(tracker(*events))
    said_yes = [*events[:3], UserUttered("yes", {"name": "affirm", "confidence": 0.9}), *events[4:]]
    assert not ConsentPolicy.settled_in_words(tracker(*said_yes))  # a plain yes goes on as the rules say


def test_after_a_red_flag_an_appointment_is_going_and_blaming_age_is_minimising() -> None:
    from bot.coach.safety_dialogue import MINIMISING, _plain, agrees_to_go

    assert agrees_to_go("I've got an appointment at 5.30 with the nurse")
    assert agrees_to_go("I shall phone them now") and not agrees_to_go("I shall phone them on Monday")
    assert MINIMISING.search(_plain("it's most likely just my age, I'll mention it next time"))


def test_a_good_word_in_a_story_of_pain_is_no_good_feeling() -> None:
    from bot.coach.coaching import feels_better

    assert feels_better("that was nice actually, calmer")
    assert not feels_better("long shifts, my back is killing me by night, the physio's word for it is a nice one")


@pytest.mark.parametrize(("text", "feedback"), [
    ("three days of it now, bit dull, is that it?", "done"),
    ("a week now doing it. still a bit of pain in the mornings", "done"),
])
def test_asking_for_more_and_pain_that_was_there_already(text: str, feedback: str) -> None:
    assert classify_feedback([], text) == feedback


def test_another_step_that_hurt_is_told_how_to_ease_it(words: Content, database_url: str) -> None:
    from actions.core_steps import ActionRecordProgress

    tracker = make_tracker("tried the bird dog today, bit of a twinge in my hip", "report_progress",
                           slots={"consent": True, "core_step": "breathing"})
    _, messages = run(ActionRecordProgress(), tracker)
    assert texts(messages) == [words.say("progress.other_step.hurt", name="bird dog")]


def test_out_of_scope_while_a_red_flag_is_open_keeps_the_advice(words: Content, database_url: str) -> None:
    tracker = make_tracker("you're worse than my sister", "out_of_scope", slots={"consent": True, "safety_concern": "red_flag"})
    _, messages = run(ActionOutOfScope(), tracker)
    assert texts(messages)[0] in words.safety["red_flag"]["restate"]


def test_a_pain_told_with_a_question_the_knowledge_base_knows_is_answered(database_url: str) -> None:
    from actions.feelings import ActionAcknowledgePain

    tracker = with_parse(make_tracker("how do i stop my back aching from sitting at a desk", "describe_pain",
                                      slots={"consent": True}), knowledge={"topic": "sitting_desk", "confidence": 0.7})
    events, _ = run(ActionAcknowledgePain(), tracker)
    assert replayed_as(events) == "faq"


def test_an_explanation_asked_with_more_to_tell_or_about_the_tent(words: Content, database_url: str) -> None:
    from actions.explanations import ActionExplain

    tracker = make_tracker("Thank you. There's something else I haven't told anyone.", "ask_pain_meaning",
                           slots={"consent": True})
    events, messages = run(ActionExplain(), tracker)
    assert texts(messages)[0] in words.variants("knowledge.go_on")
    assert any(e["event"] == "followup" and e["name"] == "action_listen" for e in events)
    tent = with_parse(make_tracker("what's the tent thing about", "ask_muscle_imbalance", slots={"consent": True}),
                      knowledge={"topic": "step_where", "confidence": 0.6})
    _, messages = run(ActionExplain(), tent)
    assert texts(messages)[0] in words.raw("explanations")["topics"]["muscle_imbalance"]["messages"]


@pytest.mark.parametrize(("text", "leaves"), [
    ("right. peace", True), ("ok cheers, laters", True), ("easy enough. gotta jump on a call", True),
    ("it always gets worse later", False), ("i just want some peace", False),
])
def test_short_goodbyes_are_goodbyes(text: str, leaves: bool) -> None:
    from bot.coach.leaving import signs_off

    assert signs_off(text) is leaves


@pytest.mark.parametrize(("text", "kind"), [
    ("a cushion behind my back, ok I'll give it a go", "plan"),
    ("you're alright for a robot", "compliment"),
    ("past fortnight it's felt different though", "changed"),
    ("the bus was late again", None),
])
def test_remarks_are_met_in_their_own_words(text: str, kind: str | None, words: Content, database_url: str) -> None:
    from bot.coach.knowledge import remark_kind

    assert remark_kind(text) == kind
    if kind:
        _, messages = run(ActionUnclear(), make_tracker(text, "nlu_fallback", slots={"consent": True}))
        assert texts(messages) == [m for m in texts(messages) if m in words.variants(f"knowledge.remarks.{kind}")]


def test_asking_what_a_step_is_read_as_a_step_request_describes_it(words: Content, database_url: str) -> None:
    from actions.core_steps import ActionSuggestCoreStep

    tracker = make_tracker("ok so what's a bird dog then", "request_core_steps", slots={"consent": True})
    events, messages = run(ActionSuggestCoreStep(), tracker)
    assert texts(messages)[0].startswith("Bird dog:")
    assert "core_step" not in [e["name"] for e in events if e["event"] == "slot"]


@pytest.mark.parametrize(("text", "earlier", "plans"), [
    ("the pregabalin leaves me like a zombie, I'm going to stop it at the weekend", [], True),
    ("honestly thinking of coming off my tramadol this month", [], True),
    ("i want to stop it", ["the codeine makes me sick"], True),
    ("i want to stop doing the tilts", ["the codeine makes me sick"], False),
    ("should I stop my naproxen?", [], False),
])
def test_a_plan_to_stop_a_medicine_is_heard(text: str, earlier: list[str], plans: bool) -> None:
    from bot.coach.medicines import plans_to_stop_a_medicine

    assert plans_to_stop_a_medicine(text, earlier) is plans


def test_a_plan_to_stop_a_medicine_sends_it_to_the_prescriber_first(words: Content, database_url: str) -> None:
    from actions.explanations import ActionExplain

    text = "the pregabalin leaves me like a zombie, I'm going to stop it at the weekend"
    events, messages = run(ActionExplain(), make_tracker(text, "ask_treatment_opinion", slots={"consent": True}))
    assert texts(messages)[0] in words.variants("feelings.plans_to_stop_medicine")
    assert not any("well done" in m.lower() or "good for you" in m.lower() for m in texts(messages))


def test_putting_off_the_appointment_with_a_question_about_exercise_gets_the_advice_first() -> None:
    from bot.coach.safety_dialogue import restate_topic

    assert restate_topic("I might phone them next week. Can I still do my swimming till then?") is None
    assert restate_topic("should I still do the breathing first?") == "exercises_wait"


def test_the_actions_read_the_intent_the_dialogue_acted_on() -> None:
    from actions.common import intent_of

    tracker = make_tracker("Ok ok, will book him in. I feel like a walking hospital", "affirm")
    tracker.latest_message["intent_ranking"] = [{"name": "faq", "confidence": 0.9}, {"name": "affirm", "confidence": 0.04}]
    assert tracker.get_intent_of_latest_message() == "faq"  # rasa_sdk reads the ranking
    assert intent_of(tracker) == "affirm"
    tracker.latest_message["intent"] = {"name": "nlu_fallback", "confidence": 0.5}
    assert intent_of(tracker) == "faq" and intent_of(tracker, skip_fallback=False) == "nlu_fallback"


def test_asking_for_the_source_names_the_evidence_behind_the_last_answer(words: Content, database_url: str) -> None:
    answer = words.knowledge("weather")["answers"][0]
    tracker = make_tracker("source?", "nlu_fallback", slots={"consent": True}, earlier=[bot_said(answer)])
    _, messages = run(ActionUnclear(), tracker)
    cited = [words.sources[key] for key in words.knowledge("weather")["sources"]]
    assert cited[0] in texts(messages)[0]


def test_a_goodbye_read_as_a_question_is_a_goodbye(database_url: str) -> None:
    tracker = with_parse(make_tracker("sound. peace", "faq", slots={"consent": True}),
                         knowledge={"topic": "recording", "confidence": 0.5})
    events, _ = run(ActionAnswerQuestion(), tracker)
    assert replayed_as(events) == "goodbye"


def test_the_consent_question_asked_again_is_shorter_and_still_answers(words: Content, database_url: str) -> None:
    from actions.first_contact import ActionAskConsent, consent_asked_last

    asked = [{"event": "action", "name": "action_greet", "timestamp": T0 + 4}, bot_said(words.say("first_contact.ask_consent"))]
    tracker = make_tracker("who gets to read it?", "faq", slots={"awaiting_consent": True}, earlier=asked)
    _, messages = run(ActionAskConsent(), tracker)
    assert texts(messages) == [words.say("first_contact.ask_consent_again")]
    again = [*asked, bot_said(words.say("first_contact.ask_consent_again"), at=T0 + 90)]
    assert consent_asked_last(make_tracker("ok fine", "affirm", earlier=again))


def test_a_line_said_at_the_start_of_a_longer_message_counts_as_said() -> None:
    from bot.coach.content import pick_fresh

    lines = ["That's a good step.", "I'm glad you did that."]
    assert pick_fresh(lines, {"That's a good step.\n988 in the US, any time."}) == "I'm glad you did that."


def test_a_long_practical_message_read_a_little_as_a_crisis_only_when_whole_is_let_go() -> None:
    from bot.coach.artefacts import pooled_artefact
    from bot.coach.risk import SCREEN, Verdict

    asked, votes = Verdict(SCREEN, CRISIS), {"mention_diagnosis": 0.7, "express_crisis": 0.01}
    assert pooled_artefact(asked, None, {"crisis": 0.33}, votes, 4, False, Thresholds())
    assert not pooled_artefact(asked, None, {"crisis": 0.43}, votes, 4, False, Thresholds())  # self-harm read 0.43
    assert not pooled_artefact(asked, None, {"crisis": 0.33}, votes, 4, True, Thresholds())  # a sentence worries more
    assert not pooled_artefact(asked, None, {"crisis": 0.33}, votes, 2, False, Thresholds())
    assert not pooled_artefact(asked, None, {"crisis": 0.33}, {"share_feeling": 0.7}, 4, False, Thresholds())


def test_a_yes_to_something_else_does_not_answer_the_crisis_question() -> None:
    from bot.coach.safety_dialogue import SCREEN_AGAIN

    assert screening_answer(CRISIS, "affirm", {"crisis": 0.1}, "yes that's fine", False, Thresholds()) == SCREEN_AGAIN
    assert screening_answer(CRISIS, "affirm", {"crisis": 0.1}, "yes", False, Thresholds()) == ESCALATE
    assert screening_answer(CRISIS, "express_crisis", {"crisis": 0.9}, "yes that's it, i want out", False,
                            Thresholds()) == ESCALATE


def test_questions_beside_a_label_are_answered_in_place_of_the_question_back(words: Content, database_url: str) -> None:
    text = "my GP says it's a slipped disc. is walking ok? and should I stop my yoga class?"
    tracker = with_parse(make_tracker(text, "mention_diagnosis", [("diagnosis", "herniated_disc")], slots={"consent": True},
                                      earlier=[{"event": "action", "name": "action_greet", "timestamp": T0 + 1}]),
                         knowledge_questions=["walking", "yoga_pilates"])
    events, messages = run(ActionReframeLabel(), tracker)
    said = texts(messages)
    assert any(m in words.knowledge("walking")["answers"] for m in said)
    assert said[-1] == words.say("several.rest_one", topics=words.knowledge("yoga_pilates")["name"])
    assert not any(m.endswith("?") for m in said)


def test_the_question_left_waiting_can_be_chosen_after_the_consent_question(words: Content, database_url: str) -> None:
    from actions.core_steps import ActionSuggestCoreStep

    offer = words.say("several.rest_one", topics=words.knowledge("yoga_pilates")["name"])
    first = user_event("is walking ok? and should I stop my yoga class?", "faq", at=T0 + 10)
    first["parse_data"]["knowledge_questions"] = ["walking", "yoga_pilates"]
    earlier = [first, bot_said(offer, at=T0 + 11), bot_said(words.say("first_contact.ask_consent_first"), at=T0 + 12),
               user_event("yes that's fine", "affirm", at=T0 + 20), bot_said(words.say("first_contact.consent_yes"), at=T0 + 21)]
    tracker = make_tracker("the yoga one please", "request_core_steps", slots={"consent": True}, earlier=earlier)
    _, messages = run(ActionSuggestCoreStep(), tracker)
    assert texts(messages)[0] in words.knowledge("yoga_pilates")["answers"]


def test_development_suite_p_safety_in_other_words() -> None:
    """Suite P (helper 129) was played blind once (38.8%) and then read: a self-harm disclosure
    while a red flag was open got the red-flag advice, "what if I fall again" the crisis lines,
    "im not telling the gp" was met as a step, and advice to lose weight read as weight loss."""
    from bot.coach.risk import SCREEN, Verdict, decide_message
    from bot.coach.safety_dialogue import SCREEN_ACTION, takes_a_safety_step

    burned = Turn("screen_safety", {"crisis": 0.3}, SCREEN, "i held my hand on the hob on purpose last night", CRISIS)
    assert next_safety_action(burned, [], "red_flag", None, Thresholds()) == SCREEN_ACTION
    votes = {"express_crisis": 0.8}
    assert decide_message(None, ("hypothetical_cues",), {"crisis": 0.9}, Thresholds(), votes) == Verdict(SCREEN, CRISIS)
    assert not takes_a_safety_step("i'm not telling my doctor, she'd worry")
    assert takes_a_safety_step("i'm not going anywhere, my brother is here with me")


@pytest.mark.parametrize(("text", "kind"), [
    ("gp gave me co-codamol and said I need to lose a bit of weight", None),
    ("tripped down the stairs last month, nothing broken the x-ray said, still sore", None),
    ("the grandkids will be the death of me", None),
])
def test_what_is_no_red_flag_or_crisis_in_so_many_words(text: str, kind: str | None) -> None:
    import spacy

    from bot.nlu.safety_rules import SafetyRules, load_config
    from bot.settings import PROJECT_ROOT

    nlp = spacy.load(PROJECT_ROOT / "build" / "spacy" / "guywire_en")
    rules = SafetyRules(load_config(str(PROJECT_ROOT / "lexicon" / "safety.yml")), nlp)
    found = rules.detect(nlp(text.lower()))
    assert (found[0].kind if found else None) == kind

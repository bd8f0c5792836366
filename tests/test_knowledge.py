"""The knowledge base: its content rules, the choice of wording and offer, the topic selector, and
topic accuracy on question sets the team did not write (tests/knowledge/, through a real server)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import requests
import yaml

from bot.coach.content import Content
from bot.coach.knowledge import CONFIDENT, SURE, answer, faq_share, topic_for, unclear_reply, wording
from bot.nlu.knowledge import fit, rank
from bot.settings import PROJECT_ROOT
from tests.servers import Guywire, texts

CONTENT = Content.from_dir(PROJECT_ROOT / "content")
TOPICS = CONTENT.knowledge_topics
SETS = PROJECT_ROOT / "tests" / "knowledge"
RESULTS = PROJECT_ROOT / "results" / "knowledge"
# The list of what people ask about: each must have a topic.
REQUIRED = (
    "walking", "sleep_position", "mattress", "posture", "sitting_desk", "heat_ice", "weather", "lifting", "gym",
    "flare_up", "damage_worry", "pain_real", "getting_worse", "disc_back_in", "label_worse", "step_where",
    "step_how_often", "step_hurts", "medicines", "physio", "sex", "pregnancy", "children", "mood_sleep",
    "recording",
)
# Topic accuracy floors: development set (guided changes), the fourth session's final set B (run
# seven times and its first lines seen in the sixth session, so now development too) and the sealed
# final set C (sixth session: 84.7% on its first run).
# Set D is the blind final set since the sixteenth session (first run 82.4%, then 83.0% with faq's
# close second weighed); A, B and C are development sets.
FLOORS = {"dev_questions_a": 0.85, "final_questions_b": 0.85, "final_questions_c": 0.82, "final_questions_d": 0.8}


def training_topics() -> set[str]:
    data = yaml.safe_load((PROJECT_ROOT / "data" / "nlu" / "knowledge.yml").read_text(encoding="utf-8"))
    return {
        block["intent"].split("/", 1)[1] if block["intent"].startswith("faq/") else block["metadata"]["topic"]
        for block in data["nlu"]
    }


def test_a_topic_under_a_contract_intent_is_answered_for_that_intent() -> None:
    data = yaml.safe_load((PROJECT_ROOT / "data" / "nlu" / "knowledge.yml").read_text(encoding="utf-8"))
    for block in data["nlu"]:
        if not block["intent"].startswith("faq/"):
            assert block["intent"] in TOPICS[block["metadata"]["topic"]]["also_for"], block["intent"]


# --- content --------------------------------------------------------------------------------------


def test_at_least_forty_topics_cover_what_people_ask() -> None:
    assert len(TOPICS) >= 40
    assert not [t for t in REQUIRED if t not in TOPICS]


def test_every_topic_has_training_examples_and_every_example_an_answer() -> None:
    assert training_topics() == set(TOPICS)


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_topic_answers_are_short_sourced_and_ask_nothing(topic: str) -> None:
    entry = TOPICS[topic]
    answers = entry["answers"]
    assert len(answers) >= 2 and len(set(answers)) == len(answers)
    for text in answers:
        assert "?" not in text, "the offer after the answer is the turn's one question"
        assert len(text.split()) <= 70, text
        assert 1 <= len(re.findall(r"[.!](\s|$)", text)) <= 4, text
    assert entry["next"] in ("core_step", "listening", "check_in", "none")
    assert entry["sources"] and all(key in CONTENT.sources for key in entry["sources"])
    assert all(intent in ("ask_treatment_opinion", "ask_pain_meaning", "ask_core") for intent in entry.get("also_for", []))


def test_medicine_answers_leave_changes_to_the_prescriber() -> None:
    for text in TOPICS["medicines"]["answers"]:
        assert re.search(r"prescrib|doctor|GP|pharmacist", text), text
        assert not re.search(r"well done|good idea to stop|great that you", text, re.IGNORECASE), text


def test_when_to_worry_names_the_emergency_signs() -> None:
    for text in TOPICS["when_to_worry"]["answers"]:
        assert re.search(r"bladder|bowel", text) and re.search(r"emergency|A&E|911|999", text), text


def test_referral_topics_offer_no_exercise() -> None:
    for topic in ("pregnancy", "children", "medicines", "when_to_worry", "sex"):
        assert TOPICS[topic]["next"] == "none", topic


# --- choosing the topic, the wording and the offer ------------------------------------------------


def reading(topic: str, confidence: float) -> dict[str, Any]:
    return {"topic": topic, "confidence": confidence, "ranking": [{"topic": topic, "confidence": confidence}]}


def test_a_faq_question_needs_a_clear_enough_reading() -> None:
    assert topic_for(CONTENT, "faq", reading("walking", CONFIDENT)) == "walking"
    assert topic_for(CONTENT, "faq", reading("walking", CONFIDENT - 0.01)) is None
    assert topic_for(CONTENT, "faq", None) is None
    assert topic_for(CONTENT, "faq", reading("not_a_topic", 0.99)) is None


def test_a_broader_intent_takes_only_a_sure_topic_that_belongs_to_it() -> None:
    belongs = next(t for t, e in TOPICS.items() if "ask_treatment_opinion" in e.get("also_for", []))
    stranger = next(t for t, e in TOPICS.items() if "ask_treatment_opinion" not in e.get("also_for", []))
    assert topic_for(CONTENT, "ask_treatment_opinion", reading(belongs, SURE)) == belongs
    assert topic_for(CONTENT, "ask_treatment_opinion", reading(belongs, SURE - 0.01)) is None
    assert topic_for(CONTENT, "ask_treatment_opinion", reading(stranger, 0.99)) is None
    assert topic_for(CONTENT, "greet", reading(belongs, 0.99)) is None
    # ... unless faq came a close second: "is a standing desk good for back pain"
    assert topic_for(CONTENT, "ask_treatment_opinion", reading("sitting_desk", SURE), faq_share=0.43) == "sitting_desk"
    assert topic_for(CONTENT, "ask_treatment_opinion", reading("sitting_desk", SURE), faq_share=0.2) is None
    assert faq_share([{"name": "ask_treatment_opinion", "confidence": 0.56}, {"name": "faq", "confidence": 0.43}]) == 0.43


def test_a_topic_asked_again_gets_another_wording_then_a_short_reminder() -> None:
    first = wording(CONTENT, "heat_ice", set())
    second = wording(CONTENT, "heat_ice", {first})
    assert second != first
    third = wording(CONTENT, "heat_ice", set(TOPICS["heat_ice"]["answers"]))
    assert third not in TOPICS["heat_ice"]["answers"] and len(third) < len(first)
    assert third.startswith("As I mentioned")


def test_a_message_nothing_fits_is_thanked_for_or_answered_honestly_never_sent_back() -> None:
    """No "say it another way": a story is thanked for, a question gets the honest unsure reply,
    and a second one in the conversation gets another wording."""
    thanks, unsure = CONTENT.variants("knowledge.unclear"), CONTENT.variants("knowledge.unsure")
    story = unclear_reply(CONTENT, "Back's been bad 30 years. Comes with the job.", set())
    assert story in thanks
    assert unclear_reply(CONTENT, "Back's been bad 30 years. Comes with the job.", {story}) not in (story, *unsure)
    for question in ("can i still work with it", "my boss wants me back on the bike, ok?", "Which do I go to?"):
        assert unclear_reply(CONTENT, question, set()) in unsure, question


def offer_after(topic: str, **overrides: Any) -> str | None:
    state = {"said": set(), "in_form": False, "no_step_offer": False, "offered": set(), **overrides}
    return answer(CONTENT, topic, **state).offer


def test_one_offer_and_only_when_it_fits() -> None:
    step_topic = next(t for t, e in TOPICS.items() if e["next"] == "core_step")
    assert offer_after(step_topic) == "utter_offer_step"
    assert offer_after(step_topic, in_form=True) is None, "the form asks its own question"
    assert offer_after(step_topic, no_step_offer=True) is None, "a red flag pauses the exercises, or a step is in hand"
    assert offer_after(step_topic, offered={"utter_offer_step"}) is None, "offered earlier"
    assert offer_after("pregnancy") is None
    check_in_topic = next(t for t, e in TOPICS.items() if e["next"] == "check_in")
    assert offer_after(check_in_topic) == "utter_offer_check_in"
    assert offer_after(check_in_topic, offered={"action_record_check_in"}) is None, "a check-in was done"


# --- the selector ---------------------------------------------------------------------------------


def test_the_selector_ranks_by_meaning() -> None:
    from bot.nlu.encoder import shared_encoder

    examples = {
        "heat_ice": ["should I use a hot water bottle or an ice pack", "is heat better than cold for a sore back"],
        "mattress": ["what kind of mattress is best for back pain", "is a firm bed better for my back"],
    }
    pairs = [(text, topic) for topic, items in examples.items() for text in items]
    weights = fit(shared_encoder().encode([t for t, _ in pairs]), [topic for _, topic in pairs],
                  {"C": 10.0, "random_seed": 42})
    vector = shared_encoder().encode_one("would a warm bath or something frozen help more")
    ranking = rank(weights, vector)
    assert ranking[0][0] == "heat_ice" and ranking[0][1] > ranking[1][1]
    assert np.isclose(sum(p for _, p in ranking), 1.0)


@pytest.mark.parametrize("intent, text, becomes", [
    ("nlu_fallback", "would a warm bath or something frozen help more?", "faq"),
    ("share_feeling", "hot bath or frozen peas, which one", "share_feeling"),  # not a question
    ("greet", "would a warm bath or something frozen help more?", "greet"),  # not one it takes over
])
def test_a_clear_question_the_classifier_left_unplaced_becomes_faq(intent: str, text: str, becomes: str) -> None:
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.encoder import shared_encoder
    from bot.nlu.knowledge import KnowledgeSelector

    pairs = [("should I use a hot water bottle or an ice pack", "heat_ice"), ("is heat better than cold", "heat_ice"),
             ("what mattress is best for back pain", "mattress"), ("is a firm bed better for my back", "mattress")]
    weights = fit(shared_encoder().encode([t for t, _ in pairs]), [t for _, t in pairs], {"C": 30.0, "random_seed": 42})
    selector = KnowledgeSelector({"take_over_at": 0.6}, None, None, weights)  # type: ignore[arg-type]
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.3}})
    selector.process([message])
    assert message.get("intent")["name"] == becomes
    assert message.get("knowledge")["topic"] == "heat_ice"


@pytest.mark.parametrize("intent, confidence_of_next, faq_needs, becomes", [
    ("faq", 0.3, 0.9, "report_pain_level"),  # 0.3 of the 0.4 faq leaves: 75%
    ("nlu_fallback", 0.3, 0.9, "report_pain_level"),  # faq's share pushed it under the threshold
    ("faq", 0.1, 0.9, "nlu_fallback"),  # 25% of the rest: still unsure
    ("nlu_fallback", 0.3, 0.0, "faq"),  # a topic fits: it was a question for the knowledge base
    ("nlu_fallback", 0.62, 0.9, "report_pain_level"),  # too close to faq to choose, and no topic fits
    ("nlu_fallback", 0.62, 0.0, "nlu_fallback"),  # a topic fits, but faq is second: still unsure
])
def test_a_faq_reading_is_settled_by_whether_a_topic_fits(
    intent: str, confidence_of_next: float, faq_needs: float, becomes: str
) -> None:
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.encoder import shared_encoder
    from bot.nlu.knowledge import KnowledgeSelector

    pairs = [("should I use a hot water bottle or an ice pack", "heat_ice"), ("is a firm bed better", "mattress"),
             ("how far should I walk", "walking")]
    weights = fit(shared_encoder().encode([t for t, _ in pairs]), [t for _, t in pairs], {"C": 1.0, "random_seed": 42})
    thresholds = {"faq_needs": faq_needs, "take_over_at": faq_needs}
    selector = KnowledgeSelector(thresholds, None, None, weights)  # type: ignore[arg-type]
    ranking = [{"name": "faq", "confidence": 0.6}, {"name": "report_pain_level", "confidence": confidence_of_next}]
    ranking.sort(key=lambda r: -r["confidence"])
    if intent == "nlu_fallback":
        ranking = [{"name": "nlu_fallback", "confidence": 0.55}, *ranking]
    message = Message(data={"text": "pain's about a 5 today", "intent": ranking[0], "intent_ranking": ranking})
    selector.process([message])
    assert message.get("intent")["name"] == becomes


# --- through a real server ------------------------------------------------------------------------


def parse(guywire: Guywire, text: str) -> dict[str, Any]:
    response = requests.post(f"{guywire.url}/model/parse", params={"token": guywire.token},
                             json={"text": text}, timeout=30)
    response.raise_for_status()
    return response.json()


def unseen(texts: list[str]) -> list[bool]:
    """Which texts have no knowledge-base training example within 0.9 cosine. Two helpers writing
    apart still word short common questions alike ("is swimming good for back pain"); the
    accuracy on the rest says how the selector does on wordings it has not met."""
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.nlu.encoder import shared_encoder

    examples = [m.get("text") for m in load_data(str(PROJECT_ROOT / "data" / "nlu" / "knowledge.yml")).intent_examples]
    similarity = shared_encoder().encode(texts) @ shared_encoder().encode(examples).T
    return [bool(near < 0.9) for near in similarity.max(axis=1)]


def score(guywire: Guywire, path: Path) -> dict[str, Any]:
    """Share of items answered with the expected topic (or, for `none`, with no topic), over all
    of them and over those no training example sits near."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    on_topic = [item for item in items if item["topic"] != "none"]
    nones = [item for item in items if item["topic"] == "none"]
    right = [topic_for(CONTENT, *server_reading(guywire, item["text"])) == item["topic"] for item in on_topic]
    new = unseen([item["text"] for item in on_topic])
    return {
        "items": len(items),
        "topic_accuracy": sum(right) / len(on_topic),
        "unseen_questions": sum(new),
        "unseen_topic_accuracy": sum(r for r, n in zip(right, new) if n) / max(sum(new), 1),
        "none_left_alone": sum(topic_for(CONTENT, *server_reading(guywire, i["text"])) is None for i in nones) / len(nones)
        if nones else None,
    }


def server_reading(guywire: Guywire, text: str) -> tuple[str, dict[str, Any] | None, float]:
    """The intent, the knowledge reading, and faq's share where action_explain weighs it (the
    explanation intents): what the assistant would answer the message with."""
    from actions.explanations import TOPIC_BY_INTENT

    parsed = parse(guywire, text)
    intent = parsed["intent"]["name"]
    share = faq_share(parsed.get("intent_ranking")) if intent in TOPIC_BY_INTENT else 0.0
    return intent, parsed.get("knowledge"), share


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_topic_accuracy_on_question_sets_nobody_here_wrote(guywire: Guywire, name: str) -> None:
    figures = score(guywire, SETS / f"{name}.yml")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    assert figures["topic_accuracy"] >= FLOORS[name], figures


def test_a_question_mid_check_in_is_answered_and_the_check_in_goes_on(guywire: Guywire) -> None:
    sender = "knowledge-mid-check-in"
    guywire.say(sender, "hi")
    assert "how are you" in texts(guywire.say(sender, "yes that's ok")).lower(), "consent starts a check-in"
    reply = texts(guywire.say(sender, "wait, quick one - would a hot bath or a cold pack be better tonight?"))
    assert any(a in reply for a in TOPICS["heat_ice"]["answers"]), reply
    assert reply.rstrip().endswith("?") and reply.count("?") == 1, "the form asks its question again, once"


def test_a_second_question_on_a_topic_is_not_the_same_paragraph(guywire: Guywire) -> None:
    sender = "knowledge-twice"
    guywire.say(sender, "hi")
    guywire.say(sender, "no thanks")
    first = texts(guywire.say(sender, "is it true that a harder mattress is better for a bad back"))
    second = texts(guywire.say(sender, "sorry, so what sort of bed should I be sleeping on then"))
    answers = TOPICS["mattress"]["answers"]
    assert any(a in first for a in answers) and any(a in second for a in answers), (first, second)
    assert not [a for a in answers if a in first and a in second]


def test_thinking_of_stopping_a_medicine_is_never_praised(guywire: Guywire) -> None:
    sender = "knowledge-medicine"
    guywire.say(sender, "hi")
    guywire.say(sender, "yes")  # consent: the check-in asks how they feel
    reply = texts(guywire.say(sender, "I reckon I'll just quit the tramadol this week, I'm sick of it"))
    assert not re.search(r"well done|great|next step", reply, re.IGNORECASE), reply
    assert re.search(r"prescrib|doctor|GP", reply), reply


def test_advice_someone_gave_is_answered_and_never_taken_for_goodbye(guywire: Guywire) -> None:
    """The development suite G: "missus reckons i should just rest up in bed till it goes" was
    asked about suicide, then (given back to goodbye at 0.27) closed the conversation."""
    sender = "knowledge-rest"
    guywire.say(sender, "hi")
    guywire.say(sender, "no thanks")
    reply = texts(guywire.say(sender, "my husband reckons i should just stay in bed till it passes"))
    assert any(a in reply for a in TOPICS["rest_or_move"]["answers"]), reply
    assert "Today we talked about" not in reply and "ending your life" not in reply


def test_being_sent_to_the_doctor_again_is_taken_up(guywire: Guywire) -> None:
    sender = "knowledge-passing-on"
    guywire.say(sender, "hi")
    guywire.say(sender, "no thanks")
    reply = texts(guywire.say(sender, "hmm all you say is ask the doctor"))
    assert any(a in reply for a in TOPICS["passing_on"]["answers"]), reply


def test_who_reads_it_before_consenting_is_answered_and_consent_asked_again(guywire: Guywire) -> None:
    sender = "knowledge-consent"
    assert "Is that OK with you?" in texts(guywire.say(sender, "hello"))
    reply = texts(guywire.say(sender, "hmm hang on, who actually gets to see what I type in here?"))
    assert any(a in reply for a in TOPICS["recording"]["answers"]), reply
    again = CONTENT.say("first_contact.ask_consent_again")  # asked again, shorter (not the paragraph twice)
    assert reply.rstrip().endswith(again) and reply.count("?") == 1
    guywire.say(sender, "ok then yes")
    assert guywire.tracker(sender)["slots"]["consent"] is True


def test_not_having_tried_the_step_is_not_progress(guywire: Guywire) -> None:
    sender = "knowledge-not-tried"
    guywire.say(sender, "hi")
    guywire.say(sender, "no thanks")
    assert "Belly breathing" in texts(guywire.say(sender, "can I have an exercise to start with"))
    reply = texts(guywire.say(sender, "havent got round to doing it yet sorry"))
    assert not re.search(r"well done|nice work|next step", reply, re.IGNORECASE), reply
    assert "Belly breathing" in reply and "Gentle drawing-in" not in reply, reply
    again = texts(guywire.say(sender, "done it now, easy"))
    assert "Gentle drawing-in" not in again, "minutes after the step was given: practice, not the next step"


def test_a_conversation_that_opens_with_a_question_is_answered_then_asked_for_consent(guywire: Guywire) -> None:
    sender = "knowledge-first-contact"
    reply = texts(guywire.say(sender, "is walking any good for a bad back or should I rest it"))
    assert any(a in reply for a in TOPICS["walking"]["answers"]), reply
    assert reply.rstrip().endswith("Is that OK with you?") and reply.count("?") == 1, reply
    assert "not a doctor" in reply
    assert guywire.tracker(sender)["slots"]["awaiting_consent"] is True
    guywire.say(sender, "yes that's fine")
    assert guywire.tracker(sender)["slots"]["consent"] is True
    later = texts(guywire.say(sender, "and what about swimming"))
    assert "Is that OK with you?" not in later, "asked once"


def test_what_is_recorded_is_answered_for_someone_who_declined() -> None:
    """ "With your OK, I keep this conversation" had been told to someone who said no."""
    from bot.coach.knowledge import wording

    words = Content.from_dir(PROJECT_ROOT / "content")
    declined = wording(words, "recording", said=(), declined=True)
    assert declined.startswith(("You said no", "Because you said no")) and "delete my data" in declined
    assert wording(words, "recording", said=()) in words.knowledge("recording")["answers"]
    again = wording(words, "recording", said=set(words.knowledge("recording")["answers"]))
    assert ": with your OK" in again  # the reminder reads as one sentence

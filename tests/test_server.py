"""End to end through real processes: `guywire run` serving a trained model, the action server,
the REST channel, the token-protected HTTP API, and the SQLite database behind both."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import requests
import sqlalchemy as sa
import yaml

from tests.servers import ROOT, Guywire, texts

DIALOGUE = yaml.safe_load((ROOT / "content" / "dialogue.yml").read_text(encoding="utf-8"))
SAFETY = yaml.safe_load((ROOT / "content" / "safety.yml").read_text(encoding="utf-8"))
HOLDS = {"paused": DIALOGUE["core_steps"]["paused"], "exercises_wait": SAFETY["red_flag"]["exercises_wait"]}


def test_a_whole_first_conversation(guywire: Guywire) -> None:
    sender = f"it-{uuid.uuid4().hex[:8]}"
    say = lambda message: guywire.say(sender, message)  # noqa: E731

    hello = say("hello")
    assert "not a doctor" in texts(hello)
    assert [b["payload"] for b in hello[-1]["buttons"]] == ["/affirm", "/deny"]

    consent = texts(say("yes that's fine"))
    assert "how are you" in consent.lower()  # the check-in's first question

    label = texts(say("my doctor told me I have degenerative disc disease"))
    assert "degenerative disc disease" in label.lower() or "disc" in label.lower()
    assert "how are you" in label.lower() or "emotionally" in label.lower()  # back to the form

    assert "where" in texts(say("honestly pretty fed up with it all")).lower()
    assert "0" in texts(say("my lower back"))
    bad = texts(say("eleven"))
    assert "scale stops at 10" in bad and "0" in bad  # kind re-ask, then the question again
    recorded = texts(say("7/10"))
    assert "7/10" in recorded

    step = texts(say("give me an exercise to try"))
    assert "Belly breathing" in step  # a high-pain day: breathing, no progression
    progress = texts(say("I did it and it was easy"))
    assert "Belly breathing" in progress  # still a 7/10 day: no progression today

    goodbye = texts(say("bye, talk tomorrow"))
    assert "Your step to try: Belly breathing" in goodbye

    slots = guywire.tracker(sender)["slots"]
    assert slots["consent"] is True
    assert slots["diagnosis"] == "degenerative_disc_disease"
    assert slots["pain_level"] == 7
    assert slots["last_pain_level"] == 7
    assert slots["pain_location"] == "lower_back"
    assert slots["core_step"] == "breathing"
    assert slots["safety_concern"] is None

    [(conversation_id, channel, consent_value)] = guywire.rows(
        "SELECT id, channel, consent FROM conversations WHERE sender_id = :s", s=sender
    )
    assert channel == "rest" and consent_value == 1
    assert guywire.rows("SELECT feeling, location, pain_level FROM check_ins WHERE conversation_id = :c",
                c=conversation_id) == [("honestly pretty fed up with it all", "lower_back", 7)]
    assert guywire.rows("SELECT diagnosis FROM label_mentions WHERE conversation_id = :c",
                c=conversation_id) == [("degenerative_disc_disease",)]
    assert guywire.rows("SELECT step_id, feedback FROM step_suggestions WHERE conversation_id = :c "
                    "ORDER BY id", c=conversation_id) == [("breathing", "easy"), ("breathing", None)]
    user_turns = guywire.rows("SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'user'",
                      s=sender)
    assert user_turns == [(10,)]  # every turn recorded once


def test_progression_moves_forward_over_days(guywire: Guywire) -> None:
    sender = f"it-{uuid.uuid4().hex[:8]}"
    assert "Belly breathing" in texts(guywire.say(sender, "can you give me a core exercise"))
    practice = texts(guywire.say(sender, "done it, that was too easy"))
    assert "Belly breathing" in practice and "Gentle drawing-in" not in practice  # minutes later: practise
    engine = sa.create_engine(guywire.database_url)
    try:  # as if the step had been given yesterday (naive UTC, as the records store it)
        with engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE step_suggestions SET created_at = :t WHERE conversation_id IN "
                        "(SELECT id FROM conversations WHERE sender_id = :s)"),
                {"t": datetime.utcnow() - timedelta(days=1), "s": sender},
            )
    finally:
        engine.dispose()
    nxt = texts(guywire.say(sender, "did it again today, still easy"))
    assert "Gentle drawing-in" in nxt
    history = guywire.rows("SELECT s.step_id, s.feedback FROM step_suggestions s JOIN conversations c "
                   "ON c.id = s.conversation_id WHERE c.sender_id = :s ORDER BY s.id", s=sender)
    assert history[0] == ("breathing", "easy") and history[2:] == [("drawing_in", None)]
    assert history[1][0] == "breathing" and history[1][1] in ("done", "easy")


def test_a_red_flag_on_the_first_message_escalates(guywire: Guywire) -> None:
    sender = f"it-{uuid.uuid4().hex[:8]}"
    reply = texts(guywire.say(sender, "I can't control my bladder since my back pain started"))
    assert "emergency" in reply.lower()
    assert guywire.tracker(sender)["slots"]["safety_concern"] == "red_flag"
    kinds = guywire.rows("SELECT e.kind FROM safety_events e JOIN conversations c "
                 "ON c.id = e.conversation_id WHERE c.sender_id = :s", s=sender)
    assert kinds == [("cauda_equina",)]  # named by the deterministic layer
    step = texts(guywire.say(sender, "can you give me a core exercise"))
    # Either hold wording will do: the exercise flow's, or the safety dialogue's answer to a
    # question asked while the red flag is open. What matters is that no step is given.
    assert step in (HOLDS["paused"], HOLDS["exercises_wait"])
    assert guywire.rows("SELECT count(*) FROM step_suggestions s JOIN conversations c "
                        "ON c.id = s.conversation_id WHERE c.sender_id = :s", s=sender) == [(0,)]


def test_deleting_data_erases_transcript_and_records(guywire: Guywire) -> None:
    sender = f"it-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "my pain is about a 5 today")
    assert guywire.rows("SELECT count(*) FROM events WHERE sender_id = :s",
                s=sender)[0][0] > 0
    confirm = texts(guywire.say(sender, "please delete all my data"))
    assert "can't be undone" in confirm
    done = texts(guywire.say(sender, "yes"))
    assert "deleted" in done

    assert guywire.rows("SELECT count(*) FROM conversations WHERE sender_id = :s",
                s=sender) == [(0,)]
    assert guywire.rows("SELECT count(*) FROM events WHERE sender_id = :s "
                "AND type_name = 'user'", s=sender) == [(0,)]
    events = guywire.tracker(sender)["events"]
    assert not [e for e in events if e["event"] == "user"]


def test_a_bare_ok_to_a_choice_of_three_takes_a_step_not_an_apology(guywire: Guywire) -> None:
    """A bare "ok" after a choice of three leaves the dialogue policies unsure; Rasa's fallback
    must answer, not stay silent (which the guard would answer with "something went wrong"). Since
    the twenty-ninth session it takes the smallest useful choice, a step, rather than asking which
    ("Yes please. But quickly" had been asked which, in suite V); the other choices still work."""
    sender = "unclear-ok"
    for message in ("hi", "no thanks", "honestly I'm scared I'll end up in a wheelchair"):
        guywire.say(sender, message)
    said = texts(guywire.say(sender, "ok"))
    assert "Belly breathing" in said and said.count("?") <= 1, said
    assert "Let's listen to your body" in texts(guywire.say(sender, "a listening exercise"))


def test_the_http_api_requires_the_token(guywire: Guywire) -> None:
    response = requests.get(f"{guywire.url}/conversations/anyone/tracker", timeout=10)
    assert response.status_code == 401
    wrong = requests.get(f"{guywire.url}/conversations/anyone/tracker",
                         params={"token": "wrong"}, timeout=10)
    assert wrong.status_code == 401

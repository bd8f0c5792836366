"""Everyday situations a remark tells of (content/situations.yml): read by a classifier that also
knows `none`, answered only when sure, and never over a question or an open safety concern."""

from __future__ import annotations

import uuid

import numpy as np

from bot.coach.content import Content
from bot.coach.situations import SURE_ENOUGH, situation_reply
from bot.nlu.situations import NONE, best_situation, fit
from tests.servers import Guywire
from tests.servers import texts as server_texts
from tests.test_actions import environment, words  # noqa: F401


def test_a_remark_is_read_against_none_as_well_as_the_situations() -> None:
    """Remarks like the situations' examples read as them; what sounds like neither reads `none`."""
    vectors = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9], [-1.0, 0.0], [-0.9, -0.1]] * 3)
    labels = ["far", "far", "alone", "alone", NONE, NONE] * 3
    model = fit(vectors, labels, {"C": 10.0, "none_weight": 2.0, "random_seed": 42})
    name, probability = best_situation(model, np.array([1.0, 0.05]))
    assert name == "far" and probability > 0.5
    name, probability = best_situation(model, np.array([-1.0, 0.0]))  # none: the best situation is unsure
    assert probability < SURE_ENOUGH


def test_only_a_sure_situation_is_answered(words: Content) -> None:  # noqa: F811
    name = next(iter(words.situations))
    replies = words.situation_replies(name)
    assert situation_reply(words, {"name": name, "confidence": SURE_ENOUGH}, []) in replies
    assert situation_reply(words, {"name": name, "confidence": SURE_ENOUGH - 0.01}, []) is None
    assert situation_reply(words, None, []) is None
    assert situation_reply(words, {"name": "no_such_situation", "confidence": 0.99}, []) is None
    # a second time in the conversation, another wording
    assert situation_reply(words, {"name": name, "confidence": 0.9}, [replies[0]]) == replies[1]


def test_every_situation_has_examples_and_brief_replies_with_one_question_at_most(words: Content) -> None:  # noqa: F811
    situations = words.situations
    assert len(situations) >= 40
    for name, entry in situations.items():
        assert len(entry["examples"]) >= 8, name
        assert len(entry["replies"]) >= 2, name
        for reply in entry["replies"]:
            assert reply.count("?") <= 1 and len(reply.split()) <= 50, (name, reply)


def test_through_the_server_a_situation_is_met_in_a_coachs_words(guywire: Guywire, words: Content) -> None:  # noqa: F811
    """Suite U: "docs office is 40 mile away" and "THEY TAKE 3 WEEKS TO GET AN APPOINTMENT" were
    thanked for and offered a menu. In the team's own words, each gets its situation's reply."""
    who = f"sit-{uuid.uuid4().hex[:8]}"
    guywire.say(who, "hi")
    guywire.say(who, "yes")
    said = server_texts(guywire.say(who, "the nearest clinic is over an hour's drive from my farm"))
    assert any(reply in said for reply in words.situation_replies("clinic_far_away")), said
    asked = server_texts(guywire.say(who, "the clinic is an hour away, is it worth the drive?"))
    assert not any(reply in asked for reply in words.situation_replies("clinic_far_away")), asked


def test_through_the_server_a_remark_to_the_rating_question_is_heard(guywire: Guywire, words: Content) -> None:  # noqa: F811
    """Found talking to the server: "my mum keeps saying ill end up in a wheelchair like nan", said
    to the rating question, got only "we can leave the number for today"."""
    who = f"sit-{uuid.uuid4().hex[:8]}"
    guywire.say(who, "hi")
    guywire.say(who, "yes")
    guywire.say(who, "a bit fed up")
    guywire.say(who, "lower back")
    said = server_texts(guywire.say(who, "my dad says I'll end up in a wheelchair if I keep this up"))
    assert any(reply in said for reply in words.situation_replies("relative_warns_wheelchair")), said

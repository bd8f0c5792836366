"""Trackers kept between a conversation's messages (bot/store/kept_trackers.py): the next message gets
exactly what a load from the database would give, and any other writer sends it back to the database."""
from __future__ import annotations

import asyncio
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.store.kept_trackers import Kept, KeptTrackers
from bot.store.tracker_store import GuywireTrackerStore
from tests.test_tracker_store import DOMAIN, conversation, stored


def a_store(tmp_path: Path) -> tuple[str, GuywireTrackerStore]:
    url = f"sqlite:///{tmp_path / 'guywire.db'}"
    return url, GuywireTrackerStore(domain=DOMAIN, host=url)


def loaded(url: str, sender: str) -> list[dict]:
    """The events a fresh store (nothing kept) loads for the person."""
    tracker = asyncio.run(GuywireTrackerStore(domain=DOMAIN, host=url).retrieve(sender))
    assert tracker is not None
    return [event.as_dict() for event in tracker.events]


def a_turn(store: GuywireTrackerStore, sender: str, text: str) -> DialogueStateTracker:
    """One message: retrieve, the person's words and a reply, save."""
    tracker = asyncio.run(store.retrieve(sender))
    assert tracker is not None
    for event in (UserUttered(text, {"name": "describe_pain", "confidence": 0.9}), SlotSet("feeling", text),
                  ActionExecuted("action_acknowledge_pain"), BotUttered(f"About {text}."),
                  ActionExecuted("action_listen")):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    return tracker


def test_the_next_message_gets_the_kept_tracker_which_equals_a_load(tmp_path: Path) -> None:
    url, store = a_store(tmp_path)
    asyncio.run(store.save(conversation("ana")))
    first = a_turn(store, "ana", "tired")
    second = a_turn(store, "ana", "stiff")
    assert second is first  # the same object: nothing was read back and replayed
    assert len(stored(url, "ana")) == 8 + 10  # each new event stored once
    assert [event.as_dict() for event in second.events] == loaded(url, "ana")
    assert second.get_slot("feeling") == "stiff"


def test_another_writer_sends_the_next_message_to_the_database(tmp_path: Path) -> None:
    url, store = a_store(tmp_path)
    other = GuywireTrackerStore(domain=DOMAIN, host=url)  # a second Rasa server of a cluster
    asyncio.run(store.save(conversation("ben")))
    kept = a_turn(store, "ben", "tired")
    a_turn(other, "ben", "sore")
    mine = asyncio.run(store.retrieve("ben"))
    assert mine is not None and mine is not kept
    assert mine.get_slot("feeling") == "sore"
    assert [event.as_dict() for event in mine.events] == loaded(url, "ben")


def test_a_message_that_failed_half_way_leaves_nothing_behind(tmp_path: Path) -> None:
    url, store = a_store(tmp_path)
    asyncio.run(store.save(conversation("cy")))
    a_turn(store, "cy", "tired")
    broken = asyncio.run(store.retrieve("cy"))
    assert broken is not None
    broken.update(UserUttered("never saved", {"name": "greet", "confidence": 1.0}))  # then an error: no save
    again = asyncio.run(store.retrieve("cy"))
    assert again is not None and again is not broken
    assert "never saved" not in [getattr(event, "text", None) for event in again.events]


def test_a_tracker_that_still_holds_an_earlier_session_is_read_back_as_rasa_would(tmp_path: Path) -> None:
    url, store = a_store(tmp_path)
    asyncio.run(store.save(conversation("dee")))
    tracker = asyncio.run(store.retrieve("dee"))
    assert tracker is not None
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                  UserUttered("hello again", {"name": "greet", "confidence": 1.0})):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    later = asyncio.run(store.retrieve("dee"))
    assert later is not None and later is not tracker
    assert [event.as_dict() for event in later.events] == loaded(url, "dee")
    assert len(later.events) < len(tracker.events)  # the earlier session is not loaded


def test_a_save_of_a_tracker_not_handed_out_is_counted_as_rasa_counts(tmp_path: Path) -> None:
    url, store = a_store(tmp_path)
    rasas_url = f"sqlite:///{tmp_path / 'rasa.db'}"
    rasas = SQLTrackerStore(domain=DOMAIN, host=rasas_url)
    for each in (store, rasas):
        asyncio.run(each.save(conversation("eve")))
        copy = conversation("eve")  # built elsewhere, with one event more than stored
        copy.update(BotUttered("One more."))
        asyncio.run(each.save(copy))
    assert stored(url, "eve") == stored(rasas_url, "eve")
    assert stored(url, "eve")[-1] == "bot"


def test_only_the_most_recent_conversations_are_kept() -> None:
    kept = KeptTrackers(size=2)
    trackers = [DialogueStateTracker.from_events(name, [UserUttered("hi")]) for name in ("a", "b", "c")]
    for tracker in trackers:
        kept.saved(tracker, 1)
    assert not kept.waiting("a") and kept.waiting("b") and kept.waiting("c")
    assert kept.take("b", 2) is None  # the database moved on
    assert not kept.waiting("b")
    assert kept.take("c", 1) is trackers[2]
    assert kept.stored(trackers[2]) == len(trackers[2].events)
    assert kept.stored(trackers[2]) is None  # handed out once
    kept.handed_out(Kept(trackers[0], 3, None))
    assert kept.stored(DialogueStateTracker.from_events("a", [UserUttered("hi")])) is None  # another object

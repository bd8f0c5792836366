"""The guard every channel applies (bot/channels/guard.py) and PII redaction (bot/store/redaction.py)."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.guard import Guard, Limits, RateLimiter, clean
from bot.store.redaction import redact

LIMITS = Limits(max_chars=50, per_minute=3, redact=True)


@pytest.mark.parametrize("raw, expected", [
    ("  hello  ", "hello"),
    ("a\x00b\x1bc\u202ed", "abcd"),  # control and bidi-override characters
    ("bad \ud800 surrogate", "bad ? surrogate"),
    (None, ""), (42, ""), ("   \n\t ", ""),
    ("/affirm", "/affirm"),  # guywire's own button payload
    ("/greet", "/greet"),
    ('/report_red_flag{"safety_kind": "cauda_equina"}', 'report_red_flag{"safety_kind": "cauda_equina"}'),
    ("/restart", "restart"),
    ("//affirm", "affirm"),
    ("/affirm{\"x\": 1}", "affirm{\"x\": 1}"),
    ("email me: sam@example.org", "email me: [email]"),
    ("مرحبا 😊 ظهري يؤلمني", "مرحبا 😊 ظهري يؤلمني"),
])
def test_clean(raw: Any, expected: str) -> None:
    assert clean(raw, LIMITS).text == expected


def test_long_messages_are_cut_at_a_word_and_the_person_is_told() -> None:
    inbound = clean("word " * 1000, LIMITS)
    assert len(inbound.text) <= 50 and inbound.text.endswith("word") and inbound.notices == ["too_long"]
    assert clean("x" * 100_000, LIMITS).text == "x" * 50  # one endless token is cut too
    assert clean("short", LIMITS).notices == []


@pytest.mark.parametrize("text, expected", [
    ("call me on 07700 900123", "call me on [phone]"),
    ("+1 (555) 123-4567 after 6", "[phone] after 6"),
    ("write to sam.jones+back@mail.example.co.uk", "write to [email]"),
    ("I live near SW1A 1AA", "I live near [postcode]"),
    ("zip 90210-1234", "zip [postcode]"),
    ("pain 7/10 today, 6.5 yesterday, 8 out of 10 last week", "pain 7/10 today, 6.5 yesterday, 8 out of 10 last week"),
    ("I'm 45, 3 years of pain, 10000 steps", "I'm 45, 3 years of pain, 10000 steps"),
])
def test_redaction(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_redaction_can_be_switched_off() -> None:
    assert clean("sam@example.org", Limits(redact=False)).text == "sam@example.org"


def test_the_rate_limit_is_per_sender_and_per_minute() -> None:
    limiter = RateLimiter(per_minute=2, capacity=2)
    assert limiter.allow("a", 0) and limiter.allow("a", 1) and not limiter.allow("a", 2)
    assert limiter.allow("b", 2)
    assert limiter.allow("a", 61)  # the window moved on
    limiter.allow("c", 62)  # capacity 2: the least recent sender is forgotten
    assert limiter.allow("b", 62) and limiter.allow("b", 62)


def run(guard: Guard, text: Any, on_new_message: Any, sender: str = "s") -> tuple[str, list[str]]:
    output = CollectingOutputChannel()
    outcome = asyncio.run(guard.handle(on_new_message, text, output, sender, input_channel="rest"))
    return outcome, [m.get("text", "") for m in output.messages]


async def answers(message: UserMessage) -> None:
    await message.output_channel.send_response(message.sender_id, {"text": f"you said {message.text}"})


async def silent(message: UserMessage) -> None:
    return None


async def crashes(message: UserMessage) -> None:
    raise ConnectionError("the action server is down")


def test_the_guard_passes_clean_text_on() -> None:
    outcome, said = run(Guard(LIMITS, storage_ok=lambda: True), "  hi /there ", answers)
    assert outcome == "ok" and said == ["you said hi /there"]


def test_empty_and_rate_limited_messages_are_answered_kindly_and_not_processed() -> None:
    guard = Guard(LIMITS, storage_ok=lambda: True)
    seen: list[str] = []

    async def record(message: UserMessage) -> None:
        seen.append(message.text)
        await answers(message)

    assert run(guard, "   ", record)[0] == "empty"
    for _ in range(2):
        run(guard, "hello", record)
    outcome, said = run(guard, "hello again", record)
    assert outcome == "limited" and "faster than I can keep up" in said[0]
    assert seen == ["hello", "hello"]


def test_no_reply_or_a_crash_gets_an_apology() -> None:
    for handler in (silent, crashes):
        outcome, said = run(Guard(LIMITS, storage_ok=lambda: True), "hello", handler)
        assert outcome == "ok" and len(said) == 1 and said[0].startswith("Sorry, something went wrong")


def test_while_the_database_is_down_messages_get_an_apology_and_are_not_processed() -> None:
    seen: list[str] = []

    async def record(message: UserMessage) -> None:
        seen.append(message.text)

    outcome, said = run(Guard(LIMITS, storage_ok=lambda: False), "hello", record)
    assert outcome == "unavailable" and said[0].startswith("Sorry, something went wrong") and seen == []


def test_a_long_message_is_answered_with_a_notice_first() -> None:
    outcome, said = run(Guard(LIMITS, storage_ok=lambda: True), "word " * 100, answers)
    assert "long message" in said[0] and said[1].startswith("you said word")

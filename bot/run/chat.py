"""A terminal chat against a running guywire, through the REST channel.

Buttons are listed with numbers; typing a number presses that button.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import requests

from bot.settings import Settings


def show(replies: list[dict[str, Any]], write: Callable[[str], None]) -> list[dict[str, str]]:
    """Print the bot's replies and return the buttons of the last one that had any."""
    buttons: list[dict[str, str]] = []
    for reply in replies:
        if reply.get("text"):
            write(f"guywire: {reply['text']}")
        if reply.get("buttons"):
            buttons = reply["buttons"]
            for number, button in enumerate(buttons, start=1):
                write(f"   [{number}] {button['title']}")
    return buttons


def chat(settings: Settings, sender: str | None = None) -> None:
    """Read lines from the keyboard until EOF or /quit."""
    sender = sender or f"terminal-{uuid.uuid4().hex[:8]}"
    url = f"{settings.rasa_url}/webhooks/rest/webhook"
    print(f"Chatting as {sender}. Type /quit to leave.")
    buttons: list[dict[str, str]] = []
    while True:
        try:
            line = input("you: ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if line == "/quit":
            return
        if line.isdigit() and 0 < int(line) <= len(buttons):
            line = buttons[int(line) - 1]["payload"]
        try:
            response = requests.post(url, json={"sender": sender, "message": line}, timeout=60)
            response.raise_for_status()
        except requests.RequestException as error:
            print(f"(guywire isn't answering at {url}: {error}. Is `make run` running?)")
            continue
        buttons = show(response.json(), print)

"""The website widget in a real browser: Playwright drives Debian's Chromium (/usr/bin/chromium)
against the page the run command serves, talking to the real Rasa socketio channel.

Screenshots (desktop and mobile) are written to results/screenshots/ as test artefacts.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import requests
from playwright.sync_api import Browser, Page, expect

from tests.servers import ROOT, Guywire

SCREENSHOTS = ROOT / "results" / "screenshots"
REPLY_TIMEOUT = 60_000  # ms; the first reply waits for the model's first prediction


def bot_says(page: Page, text: str) -> None:
    expect(page.locator(".rw-response", has_text=text).first).to_be_visible(timeout=REPLY_TIMEOUT)


def send(page: Page, text: str) -> None:
    page.locator(".rw-new-message").fill(text)
    page.locator(".rw-new-message").press("Enter")


def settled_replies(page: Page, quiet_ms: int = 2500) -> list[str]:
    """The bot's messages once no new one has appeared for `quiet_ms` (replies arrive with a delay)."""
    replies: list[str] = []
    for _ in range(40):
        page.wait_for_timeout(quiet_ms)
        now = page.locator(".rw-response").all_inner_texts()
        if now == replies:
            return replies
        replies = now
    raise AssertionError(f"the replies never settled: {replies}")


def session_id(page: Page) -> str:
    return json.loads(page.evaluate("localStorage.getItem('chat_session')"))["session_id"]


def test_the_page_is_served_locally_with_a_strict_policy(guywire: Guywire) -> None:
    response = requests.get(guywire.web_url, timeout=10)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and f"127.0.0.1:{guywire.rasa_port}" in policy
    assert "not a doctor" in response.text and "116 123" in response.text
    bundle = requests.get(f"{guywire.web_url}/vendor/webchat.js", timeout=10)
    assert bundle.status_code == 200 and "fonts.googleapis" not in bundle.text


def test_a_conversation_in_the_browser(guywire: Guywire, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or request.url))
    page.goto(guywire.web_url)

    bot_says(page, "I'm guywire")
    bot_says(page, "Is that OK with you?")
    page.locator(".rw-reply", has_text="Yes, that's OK").click()
    bot_says(page, "You can ask me to delete your data")

    send(page, "my doctor said I have degenerative disc disease")
    expect(page.locator(".rw-client", has_text="degenerative disc disease")).to_be_visible()
    expect(page.locator(".rw-typing-indication")).to_be_visible(timeout=REPLY_TIMEOUT)
    bot_says(page, "disc")
    before = settled_replies(page)

    page.reload()
    expect(page.locator(".rw-client", has_text="degenerative disc disease")).to_be_visible()
    assert settled_replies(page) == before  # the history is back, with no second greeting
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "desktop.png"))

    sender = session_id(page)
    assert guywire.rows("SELECT channel, consent FROM conversations WHERE sender_id = :s",
                        s=sender) == [("socketio", 1)]
    assert guywire.tracker(sender)["slots"]["diagnosis"] == "degenerative_disc_disease"
    assert hosts == {"127.0.0.1"}, f"the page reached outside: {hosts}"
    context.close()


def test_the_page_works_on_a_375_pixel_screen(guywire: Guywire, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(guywire.web_url)
    bot_says(page, "Is that OK with you?")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    field = page.locator(".rw-new-message")
    field.scroll_into_view_if_needed()
    box = field.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    page.locator(".rw-reply", has_text="Yes, that's OK").tap()
    bot_says(page, "how are you")
    send(page, "a bit low and tired today")
    bot_says(page, "where")
    page.wait_for_timeout(2000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "mobile.png"))
    page.screenshot(path=str(SCREENSHOTS / "mobile-full.png"), full_page=True)
    context.close()

"""Transcript review through the running web app: access control and CSRF over HTTP, then a
reviewer's whole task in a real Chromium (Playwright, /usr/bin/chromium) with screenshots saved to
results/screenshots/."""
from __future__ import annotations

import re
import uuid

import pytest
import requests
import yaml
from playwright.sync_api import Browser, Page, expect

from bot.review.accounts import create_reviewer
from tests.servers import ROOT, Guywire

SCREENSHOTS = ROOT / "results" / "screenshots"
PASSWORD = "a long reviewer password"  # pragma: allowlist secret
RED_FLAG = "since yesterday I can't control my bladder and my back is worse"
HOSTILE = "<script>alert('gotcha')</script> what is my core?"


@pytest.fixture(scope="module")
def reviewer(guywire: Guywire) -> str:
    name = f"coach{uuid.uuid4().hex[:6]}"
    create_reviewer(guywire.database_url, name, PASSWORD)
    return name


@pytest.fixture(scope="module")
def flagged(guywire: Guywire) -> int:
    """A conversation with a red flag and a message that looks like a script tag."""
    sender = f"review-{uuid.uuid4().hex[:8]}"
    guywire.say(sender, "hello")
    guywire.say(sender, HOSTILE)
    guywire.say(sender, RED_FLAG)
    [(conversation_id,)] = guywire.rows("SELECT id FROM conversations WHERE sender_id = :s", s=sender)
    assert guywire.rows("SELECT kind FROM safety_events WHERE conversation_id = :c", c=conversation_id) == [
        ("cauda_equina",)]
    return conversation_id


def logged_in_session(guywire: Guywire, reviewer: str) -> requests.Session:
    http = requests.Session()
    form = http.get(f"{guywire.web_url}/review/login", timeout=10).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    done = http.post(f"{guywire.web_url}/review/login", timeout=30, allow_redirects=False,
                     data={"csrf": csrf, "next": "/review/", "username": reviewer, "password": PASSWORD})
    assert done.status_code == 302 and "guywire_review" in http.cookies
    return http


def test_nothing_is_visible_without_logging_in(guywire: Guywire, flagged: int) -> None:
    web = guywire.web_url
    for path in ("/review/", f"/review/conversations/{flagged}", "/review/audit"):
        response = requests.get(web + path, allow_redirects=False, timeout=10)
        assert response.status_code == 302 and response.headers["location"].startswith("/review/login")
    for path in ("/review/export/json", f"/review/conversations/{flagged}/export/story",
                 "/review/api/conversations", f"/review/api/conversations/{flagged}"):
        assert requests.get(web + path, allow_redirects=False, timeout=10).status_code == 401
    assert requests.get(f"{web}/review/api/conversations", params={"token": "wrong"}, timeout=10).status_code == 401
    listed = requests.get(f"{web}/review/api/conversations", params={"token": guywire.token, "safety": "open"},
                          timeout=10)
    assert listed.status_code == 200 and flagged in [c["id"] for c in listed.json()["conversations"]]
    forged = requests.get(f"{web}/review/", cookies={"guywire_review": "forged.cookie.value"},
                          allow_redirects=False, timeout=10)
    assert forged.status_code == 302


def test_forms_need_the_session_csrf_token(guywire: Guywire, reviewer: str, flagged: int) -> None:
    http = logged_in_session(guywire, reviewer)
    url = f"{guywire.web_url}/review/conversations/{flagged}/tags"
    assert http.post(url, data={"tag": "forged"}, allow_redirects=False, timeout=10).status_code == 403
    page = http.get(f"{guywire.web_url}/review/conversations/{flagged}", timeout=10).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert http.post(url, data={"tag": "checked", "csrf": csrf}, allow_redirects=False, timeout=10).status_code == 302
    assert guywire.rows("SELECT tag FROM review_tags WHERE conversation_id = :c", c=flagged) == [("checked",)]
    exported = http.get(f"{guywire.web_url}/review/conversations/{flagged}/export/json", timeout=10)
    assert PASSWORD not in exported.text and guywire.token not in exported.text


def test_a_reviewer_follows_up_a_flagged_conversation(
    guywire: Guywire, reviewer: str, flagged: int, browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page: Page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # 1. a wrong password is refused
    page.goto(f"{guywire.web_url}/review/")
    page.fill("input[name=username]", reviewer)
    page.fill("input[name=password]", "not the password")
    page.click("button[type=submit]")
    expect(page.locator(".error")).to_have_text("That name and password don't match.")
    # 2. the right one works
    page.fill("input[name=username]", reviewer)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Conversations")
    # 3. filtering to open safety events
    page.select_option("select[name=safety]", "open")
    page.click("form.filters button[type=submit]")
    row = page.locator("tr.has-open-safety", has=page.locator(f"a[href='/review/conversations/{flagged}']"))
    expect(row).to_be_visible()
    expect(row).to_contain_text("1 open")
    page.screenshot(path=str(SCREENSHOTS / "review-list.png"))
    # 4. opening the transcript: every turn, with its intent
    row.locator("a").first.click()
    expect(page.locator("h1")).to_have_text(f"Conversation #{flagged}")
    red_flag_turn = page.locator(".turn.user", has_text="control my bladder")
    expect(red_flag_turn.locator(".nlu")).to_contain_text("report_red_flag")
    expect(page.locator(".turn.safety")).to_contain_text("Safety event: cauda_equina")
    # 8. the script tag is text
    expect(page.locator(".turn.user .text", has_text="<script>alert('gotcha')</script>")).to_be_visible()
    # 5. a note
    page.fill("textarea[name=text]", "Called back: she is going to A&E now.")
    page.click("text=Save note")
    expect(page.locator(".note")).to_contain_text("she is going to A&E now.")
    # 6. following up the safety event
    page.click("text=Mark followed up")
    expect(page.locator(".turn.safety")).to_contain_text(f"followed up by {reviewer}")
    page.screenshot(path=str(SCREENSHOTS / "review-transcript.png"), full_page=True)
    # 7. exporting a test story
    with page.expect_download() as download:
        page.click("text=test story")
    story = yaml.safe_load(open(download.value.path(), encoding="utf-8"))
    steps = story["stories"][0]["steps"]
    red_flag_step = next(s for s in steps if s.get("intent") == "report_red_flag")
    assert "control my bladder]" in red_flag_step["user"] and "since yesterday I [" in red_flag_step["user"]
    assert {"action": "action_safety_escalation"} in steps

    assert dialogs == [], "a user's script ran in the reviewer's browser"
    [(by, at)] = guywire.rows("SELECT followed_up_by, followed_up_at FROM safety_events "
                              "WHERE conversation_id = :c", c=flagged)
    assert by == reviewer and at is not None
    audit = [a for (a,) in guywire.rows("SELECT action FROM review_audit WHERE conversation_id = :c "
                                        "ORDER BY id", c=flagged)]
    assert audit[-3:] == ["note", "followed_up", "export_story"]
    context.close()

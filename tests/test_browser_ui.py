"""A real Chromium (Debian's /usr/bin/chromium) driven by Playwright against `python app.py`.

Screenshots at desktop (1280x900) and phone (390x844) widths go to test-output/screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from core.settings import PROJECT_ROOT
from frontends.feedback import FeedbackStore

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
SHOTS = PROJECT_ROOT / "test-output" / "screenshots"
ANSWER_TIMEOUT = 90_000
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator:
    if not os.access(CHROMIUM, os.X_OK):
        message = f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            args=FLAGS,
            headless=True,
            viewport=DESKTOP,
        )
        # The citation links point outside; answer them here so a click can be checked with no network.
        context.route(
            re.compile(r"^https://example\.org/.*"),
            lambda route: route.fulfill(status=200, content_type="text/html", body="<title>original source</title>"),
        )
        yield context
        context.close()


@pytest.fixture
def page(browser, ui_server):
    """A fresh page (so a fresh session) on the app; fails if it requests anything beyond loopback."""
    page = browser.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in LOOPBACK else None)
    page.goto(ui_server.url, wait_until="load")
    page.get_by_label("Your question").wait_for(timeout=60_000)
    yield page
    page.close()
    assert outside == [], f"the page contacted outside hosts: {outside[:5]}"


def ask(page, question: str, n: int) -> None:
    """Type a question, send it with Enter, and wait for the nth reply to be complete."""
    page.get_by_label("Your question").fill(question)
    page.get_by_label("Your question").press("Enter")
    wait_reply(page, n)


def wait_reply(page, n: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('#kqa-chat .kqa-reply').length >= n"
        " && !document.querySelector('#kqa-chat .kqa-pending')",
        arg=n,
        timeout=ANSWER_TIMEOUT,
    )
    page.wait_for_timeout(400)  # the last streamed step and the scroll back to the question


def shot(page, name: str) -> None:
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000, f"{path} looks empty"


def test_question_gets_cited_answer_with_linked_markers_and_cards(page) -> None:
    ask(page, "Can kratom cause liver injury?", 1)
    reply = page.locator("#kqa-chat .kqa-reply").last
    assert "kqa-answered" in reply.get_attribute("class")
    markers = reply.locator("a.kqa-ref")
    assert markers.count() >= 2 and markers.first.inner_text() == "[1]"
    card = reply.locator("#kqa-t1-c1")
    assert "Liver injury case series (2021)" in card.inner_text()
    assert card.locator(".kqa-badge").all_inner_texts() == ["Human study", "Human"]
    shot(page, "desktop-answer")

    markers.first.click()
    assert page.evaluate("location.hash") == "#kqa-t1-c1"
    assert page.locator("#kqa-t1-c1:target").count() == 1
    page.wait_for_timeout(300)
    assert card.bounding_box() is not None and page.locator("#kqa-t1-c1").is_visible()
    shot(page, "desktop-citation-target")

    with page.expect_popup() as popup:
        card.get_by_role("link", name="Open the original (example.org)").click()
    assert popup.value.url == "https://example.org/liver-case-series"
    popup.value.close()

    page.get_by_text("Copy this answer with its references (Markdown)").click()
    copy = page.locator("#kqa-copy .cm-content")
    # The editor renders only the lines near its viewport, so read its whole document instead.
    expect(copy).to_contain_text("**References**", timeout=15000)
    text = copy.evaluate(
        "el => { const v = (el.cmView || el.cmTile || {}).view; return v ? v.state.doc.toString() : el.innerText; }"
    )
    assert "https://example.org/liver-case-series" in text, text


def test_dosing_question_is_declined_with_a_referral_and_emergency_gets_numbers_first(page) -> None:
    page.keyboard.press("Tab")
    for _ in range(40):  # keyboard only: tab from the top of the page to the question box
        if page.evaluate("document.activeElement?.closest('#kqa-input') !== null"):
            break
        page.keyboard.press("Tab")
    page.keyboard.type("How many grams of kratom should I take for my back pain?")
    page.keyboard.press("Enter")
    wait_reply(page, 1)
    declined = page.locator("#kqa-chat .kqa-reply").last
    assert "kqa-declined" in declined.get_attribute("class")
    text = declined.inner_text()
    assert "clinician or pharmacist" in text and "1-800-662-4357" in text
    assert declined.locator(".kqa-card").count() == 0 and not re.search(r"\d+\s*(g|mg|grams)\b", text)
    shot(page, "desktop-decline")

    ask(page, "My friend took kratom and is not breathing", 2)
    urgent = page.locator("#kqa-chat .kqa-reply").last
    help_box = urgent.locator(".kqa-help[role=alert]")
    assert help_box.is_visible()
    assert urgent.evaluate("el => el.firstElementChild.classList.contains('kqa-help')")
    for number in ("911", "1-800-222-1222", "988"):
        assert help_box.get_by_role("link", name=number).get_attribute("href").startswith("tel:")
    shot(page, "desktop-urgent")


def test_library_finds_a_source_and_opens_its_digest(page) -> None:
    page.get_by_role("tab", name="Library").click()
    assert "Showing 6 of 6 vetted sources." in page.locator("#kqa-lib-count").inner_text()
    page.get_by_label("Search the library").fill("buprenorphine")
    page.wait_for_function("document.querySelector('#kqa-lib-count').innerText.includes('Showing 1 of 6')")
    page.get_by_role("radio", name="Treatment of kratom withdrawal (2021)").check()
    detail = page.locator("#kqa-lib-detail")
    detail.locator("h3").wait_for()
    text = detail.inner_text()
    assert "Treatment of kratom withdrawal (2021)" in text and "Key findings" in text
    assert "[§ Cases]" in text and "fixture source" in text
    shot(page, "desktop-library")
    page.get_by_role("tab", name="About & safety").click()
    about = page.locator("#kqa-about")
    about.wait_for()
    assert "6 vetted sources" in about.inner_text() and "1-800-222-1222" in about.inner_text()
    shot(page, "desktop-about")


def test_feedback_is_stored_only_after_opting_in(page, ui_server) -> None:
    store = FeedbackStore(ui_server.feedback_path)
    before = len(store.rows())
    ask(page, "Can kratom cause liver injury?", 1)
    status = page.locator("#kqa-feedback-status")
    page.locator("#kqa-chat").get_by_role("button", name="Like", exact=True).last.click()
    status.wait_for()
    page.wait_for_function("document.querySelector('#kqa-feedback-status').innerText.includes('not saved')")
    assert len(store.rows()) == before

    page.get_by_label(re.compile("Save my ratings")).check()
    page.locator("#kqa-chat").get_by_role("button", name="Dislike", exact=True).last.click()
    page.wait_for_function("document.querySelector('#kqa-feedback-status').innerText.includes('is saved')")
    rows = store.rows()
    assert len(rows) == before + 1 and rows[-1]["rating"] == "down"
    assert rows[-1]["question"] == "Can kratom cause liver injury?"
    page.get_by_label("Why? (optional)").fill("It should mention the agency warning.")
    page.get_by_label("Why? (optional)").press("Enter")
    page.wait_for_function("document.querySelector('#kqa-feedback-status').innerText.includes('Reason saved')")
    assert store.rows()[-1]["reason"] == "It should mention the agency warning."
    shot(page, "desktop-feedback")


def test_phone_width_example_question_and_library(page) -> None:
    page.set_viewport_size(PHONE)
    page.reload(wait_until="load")
    page.get_by_label("Your question").wait_for()
    shot(page, "phone-start")
    page.get_by_role("button", name="Can kratom cause liver injury?").click()
    wait_reply(page, 1)
    assert page.locator("#kqa-chat .kqa-card").count() >= 2
    bot = page.locator("#kqa-chat [data-testid=bot]").last
    assert bot.get_attribute("aria-label") is None, "a screen reader must read the message, not its HTML source"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling"
    shot(page, "phone-answer")
    page.get_by_role("tab", name="Library").click()
    page.get_by_label("Search the library").fill("liver")
    page.wait_for_function("document.querySelector('#kqa-lib-count').innerText.includes('Showing 1 of 6')")
    page.get_by_role("radio", name="Liver injury case series (2021)").check()
    page.locator("#kqa-lib-detail h3").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "phone-library")

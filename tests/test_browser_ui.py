"""A real Chromium (Debian's /usr/bin/chromium) driven by Playwright against `python app.py`.

Screenshots at desktop (1280x900) and phone (390x844) widths go to test-output/screenshots/, and
axe-core (bundled by axe-playwright-python) checks every tab at both widths for WCAG 2.2 AA.
"""

from __future__ import annotations

import json
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
            permissions=["clipboard-read", "clipboard-write"],
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


# WCAG 2.0, 2.1 and 2.2 A and AA rules, plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def serious_violations(page, name: str) -> list[tuple[str, str, int, list]]:
    """axe-core on the page as it is now: the serious and critical violations (all are saved as JSON)."""
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = result.response["violations"]
    (SHOTS / f"axe-{name}.json").write_text(json.dumps(violations, indent=1))
    return [
        (v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    page.wait_for_timeout(300)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def copied_text(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def test_question_gets_one_answer_with_each_sentence_once_and_one_card_per_source(page) -> None:
    ask(page, "Can kratom cause liver injury?", 1)
    reply = page.locator("#kqa-chat .kqa-reply").last
    assert "kqa-answered" in reply.get_attribute("class")
    markers = reply.locator("a.kqa-ref")
    assert markers.count() >= 2 and markers.first.inner_text() == "[1]"
    cards = reply.locator(".kqa-card")
    titles = cards.locator(".kqa-card-title").all_inner_texts()
    assert len(titles) == len(set(titles)), f"one card per source: {titles}"
    first = reply.locator("#kqa-t1-c1")
    card = reply.locator(".kqa-card", has=page.locator("#kqa-t1-c1"))
    assert "Liver injury case series (2021)" in card.inner_text()
    assert first.locator(".kqa-badge").all_inner_texts() == ["Human"]
    text = reply.inner_text()
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", re.sub(r"\[\d+\]", "", text)) if len(s) > 40]
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert not repeated, f"said twice: {repeated}"
    assert not re.search(r"\b[a-z]+(?:-[a-z0-9]+){2,}\b", text), "no internal source ids on screen"
    shot(page, "desktop-answer")

    markers.first.click()
    assert page.evaluate("location.hash") == "#kqa-t1-c1"
    assert page.locator("#kqa-t1-c1:target").count() == 1
    page.wait_for_timeout(300)
    assert first.is_visible()
    shot(page, "desktop-citation-target")

    with page.expect_popup() as popup:
        card.get_by_role("link", name="Open the original (example.org)").click()
    assert popup.value.url == "https://example.org/liver-case-series"
    popup.value.close()

    page.get_by_text("Copy this answer with its references (Markdown)").click()
    preview = page.locator("#kqa-copy-text textarea")
    expect(preview).to_have_value(re.compile(r"\*\*References\*\*"), timeout=15000)
    page.locator("#kqa-copy-text").get_by_role("button", name=re.compile("copy", re.I)).click()
    page.wait_for_timeout(300)
    assert copied_text(page) == preview.input_value(), "the preview shows exactly what is copied"
    assert "https://example.org/liver-case-series" in copied_text(page)

    card.get_by_role("link", name="Digest and vetting notes in the library").click()
    detail = page.locator("#kqa-lib-detail")
    expect(detail.locator("h2")).to_have_text("Liver injury case series (2021)", timeout=15000)
    assert page.get_by_role("tab", name="Library").get_attribute("aria-selected") == "true"
    shot(page, "desktop-library-from-citation")


def test_decline_suggestions_are_buttons_that_ask_and_numbers_are_tel_links(page) -> None:
    ask(page, "How many grams of kratom should I take for my back pain?", 1)
    declined = page.locator("#kqa-chat .kqa-reply").last
    assert "kqa-declined" in declined.get_attribute("class")
    text = declined.inner_text()
    assert "clinician or pharmacist" in text and "1-800-662-4357" in text
    assert declined.get_by_role("link", name="1-800-662-4357").first.get_attribute("href") == "tel:18006624357"
    assert declined.locator(".kqa-card").count() == 0 and not re.search(r"\d+\s*(g|mg|grams)\b", text)
    suggestion = declined.locator("button.kqa-ask").first
    question = suggestion.inner_text()
    assert question.endswith("?")
    shot(page, "desktop-decline")
    suggestion.click()
    wait_reply(page, 2)
    assert page.locator("#kqa-chat [data-testid=user]").last.inner_text().strip() == question


def test_an_overdose_shows_what_to_do_now_with_tel_links(page) -> None:
    ask(page, "My husband took a lot of kratom and now he won't wake up", 1)
    urgent = page.locator("#kqa-chat .kqa-reply").last
    help_box = urgent.locator(".kqa-help[role=alert]")
    assert help_box.is_visible()
    assert urgent.evaluate("el => el.firstElementChild.classList.contains('kqa-help')")
    assert "kqa-cat-emergency" in urgent.get_attribute("class")
    for number, tel in (("911", "tel:911"), ("1-800-222-1222", "tel:18002221222")):
        assert help_box.get_by_role("link", name=number).first.get_attribute("href") == tel
    assert "988" not in help_box.inner_text(), "an overdose gets what to do now, not the crisis script"
    text = urgent.inner_text().lower()
    assert "stay with" in text and "on their side" in text, "what to do while waiting (the reply's text)"
    shot(page, "desktop-urgent")


def test_library_search_filters_pages_and_detail_beside_the_list(page) -> None:
    tab(page, "Library")
    count = page.locator("#kqa-lib-count")
    assert "Showing 1-6 of 6 vetted sources" in count.inner_text()
    page.get_by_label("Search the library").fill("buprenorphine")
    page.wait_for_function("document.querySelector('#kqa-lib-count').innerText.includes('1-1 of 1 matching')")
    page.get_by_role("radio", name=re.compile("Treatment of kratom withdrawal")).check()
    detail = page.locator("#kqa-lib-detail")
    detail.locator("h2").wait_for()
    text = detail.inner_text()
    assert "Treatment of kratom withdrawal (2021)" in text and "Key findings" in text
    assert "[§ Cases]" in text and "fixture source" in text
    listing, pane = page.locator("#kqa-lib-list").bounding_box(), page.locator("#kqa-lib-pane").bounding_box()
    assert pane["x"] > listing["x"] + listing["width"] - 1, "the detail sits beside the list"
    assert not page.locator("#kqa-lib-back").is_visible()
    page.get_by_label("Search the library").fill("")
    page.get_by_label("Population").click()
    page.get_by_role("option", name="Not a study").click()
    page.wait_for_function("document.querySelector('#kqa-lib-count').innerText.includes('of 2 matching')")
    shot(page, "desktop-library")
    page.goto(page.url.split("?")[0] + "?source=fda-statement", wait_until="load")
    expect(page.locator("#kqa-lib-detail h2")).to_have_text("Agency statement on kratom (2018)", timeout=30000)
    assert page.get_by_role("tab", name="Library").get_attribute("aria-selected") == "true", "a shared link opens it"
    tab(page, "About & safety")
    about = page.locator("#kqa-about")
    assert "6 vetted sources" in about.inner_text() and "1-800-222-1222" in about.inner_text()
    shot(page, "desktop-about")


def test_feedback_is_stored_only_after_opting_in_and_the_thumb_tells_the_truth(page, ui_server) -> None:
    store = FeedbackStore(ui_server.feedback_path)
    before = len(store.rows())
    ask(page, "Can kratom cause liver injury?", 1)
    status = page.locator("#kqa-feedback-status")
    like = page.locator("#kqa-chat").get_by_role("button", name="Like", exact=True).last
    like.click()
    status.wait_for()
    page.wait_for_function("document.querySelector('#kqa-feedback-status').innerText.includes('not saved')")
    assert "Save my ratings of answers" in status.inner_text()
    page.wait_for_timeout(500)
    assert len(store.rows()) == before
    assert like.get_attribute("aria-pressed") != "true", "an unsaved rating leaves the thumb off"
    shot(page, "desktop-feedback-not-saved")

    page.get_by_label(re.compile("Save my ratings")).check()
    dislike = page.locator("#kqa-chat").get_by_role("button", name="Dislike", exact=True).last
    dislike.click()
    page.wait_for_function("document.querySelector('#kqa-feedback-status').innerText.includes('is saved')")
    rows = store.rows()
    assert len(rows) == before + 1 and rows[-1]["rating"] == "down"
    assert rows[-1]["question"] == "Can kratom cause liver injury?"
    page.get_by_label("Why? (optional)").fill("It should mention the agency warning.")
    page.get_by_label("Why? (optional)").press("Enter")
    page.wait_for_function("document.querySelector('#kqa-feedback-status').innerText.includes('Reason saved')")
    assert store.rows()[-1]["reason"] == "It should mention the agency warning."
    shot(page, "desktop-feedback")


def test_keyboard_path_from_the_question_box_to_the_answer_citations_and_library(page) -> None:
    page.keyboard.press("Tab")
    for _ in range(40):  # keyboard only: tab from the top of the page to the question box
        if page.evaluate("document.activeElement?.closest('#kqa-input') !== null"):
            break
        page.keyboard.press("Tab")
    page.keyboard.type("Can kratom cause liver injury?")
    page.keyboard.press("Enter")
    wait_reply(page, 1)
    page.locator("#kqa-input textarea").focus()
    for _ in range(12):  # backwards from the box into the answer: the last things in it come first
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement?.classList.contains('kqa-lib-link')"):
            break
    assert page.evaluate("document.activeElement?.classList.contains('kqa-lib-link')")
    for _ in range(60):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement?.classList.contains('kqa-ref')"):
            break
    assert page.evaluate("document.activeElement?.getAttribute('href')").startswith("#kqa-t1-c")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash").startswith("#kqa-t1-c")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.classList.contains('kqa-lib-link')"):
            break
    page.keyboard.press("Enter")
    expect(page.locator("#kqa-lib-detail h2")).to_be_visible(timeout=15000)
    shot(page, "desktop-keyboard-library")


def test_a_follow_up_keeps_the_topic(page) -> None:
    ask(page, "Can kratom damage the liver?", 1)
    ask(page, "how often does that happen?", 2)
    reply = page.locator("#kqa-chat .kqa-reply").last
    shot(page, "desktop-follow-up")
    assert "kqa-answered" in reply.get_attribute("class"), reply.inner_text()[:300]
    assert "liver" in reply.inner_text().lower()


def test_phone_layout_chat_fills_the_screen_and_the_library_shows_one_pane(page) -> None:
    page.set_viewport_size(PHONE)
    page.reload(wait_until="load")
    page.get_by_label("Your question").wait_for()
    shot(page, "phone-start")
    assert serious_violations(page, "phone-ask-start") == []
    chat, box = page.locator("#kqa-chat").bounding_box(), page.locator("#kqa-input textarea").bounding_box()
    assert chat["height"] >= 0.5 * PHONE["height"], f"the chat uses the screen: {chat}"
    assert box["y"] + box["height"] <= PHONE["height"], f"the question box is on the first screen: {box}"
    page.get_by_role("button", name="Can kratom cause liver injury?").click()
    wait_reply(page, 1)
    assert page.locator("#kqa-chat .kqa-card").count() >= 1 and page.locator("#kqa-chat a.kqa-ref").count() >= 2
    bot = page.locator("#kqa-chat [data-testid=bot]").last
    assert bot.get_attribute("aria-label") is None, "a screen reader must read the message, not its HTML source"
    assert no_sideways_scroll(page)
    shot(page, "phone-answer")
    tab(page, "Library")
    assert not page.locator("#kqa-lib-pane").is_visible(), "on a phone the list comes first, alone"
    shot(page, "phone-library")
    page.get_by_role("radio").last.check()
    heading = page.locator("#kqa-lib-detail h2")
    heading.wait_for()
    page.wait_for_timeout(400)
    box = heading.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], f"the detail shows in the viewport: {box}"
    assert not page.locator("#kqa-lib-list").is_visible() and no_sideways_scroll(page)
    shot(page, "phone-library-detail")
    page.get_by_role("button", name="Back to the list").click()
    expect(page.locator("#kqa-lib-list")).to_be_visible()
    assert not page.locator("#kqa-lib-pane").is_visible()
    tab(page, "About & safety")
    assert no_sideways_scroll(page)
    shot(page, "phone-about")


def test_axe_finds_no_serious_or_critical_violations_on_any_tab_at_either_width(page) -> None:
    found = {}
    for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        tab(page, "Ask")
        if width == "desktop":  # the first screen, with its example questions, before anything is asked
            shot(page, "tab-desktop-ask-start")
            found["desktop-ask-start"] = serious_violations(page, "desktop-ask-start")
            ask(page, "Can kratom cause liver injury?", 1)
            ask(page, "How many grams of kratom should I take for my back pain?", 2)
        for name in ("Ask", "Library", "About & safety"):
            tab(page, name)
            key = f"{width}-{name.split()[0].lower()}"
            if name == "Library" and page.locator("#kqa-lib-back").is_visible():
                page.locator("#kqa-lib-back").click()
                page.wait_for_timeout(300)
            shot(page, f"tab-{key}")
            found[key] = serious_violations(page, key)
            if name == "Library":
                page.get_by_role("radio").first.check()
                page.locator("#kqa-lib-detail h2").wait_for()
                page.wait_for_timeout(300)
                shot(page, f"tab-{key}-detail")
                found[f"{key}-detail"] = serious_violations(page, f"{key}-detail")
    assert all(v == [] for v in found.values()), json.dumps(found, indent=1)

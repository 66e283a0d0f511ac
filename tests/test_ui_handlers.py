"""What each UI event does, called in-process with the real chain on the fixture corpus (no server)."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest

from assistant.chat import Assistant
from core.vocabulary import Response
from frontends.feedback import FeedbackStore
from frontends.library import Library
from frontends.render import PENDING
from frontends.ui import HISTORY_MESSAGES, NOT_SAVED, ChatHandlers, remember


@pytest.fixture(scope="module")
def assistant(built_fixture) -> Assistant:
    return Assistant(built_fixture[0])


@pytest.fixture
def handlers(assistant, built_fixture, tmp_path: Path) -> ChatHandlers:
    return ChatHandlers(assistant, Library.load(built_fixture[0]), FeedbackStore(tmp_path / "feedback.sqlite3"))


def skipped(value) -> bool:
    return isinstance(value, dict) and value.get("__type__") == "update" and "value" not in value


def like(index: int, liked) -> gr.LikeData:
    return gr.LikeData(None, {"index": index, "value": ["..."], "liked": liked})


def test_a_turn_shows_the_question_at_once_then_streams_a_cited_answer(handlers) -> None:
    steps = list(handlers.respond("Can kratom cause liver injury? <b>", [], [], {}))
    box, chat, *rest = steps[0]
    assert box == "" and all(skipped(v) for v in rest)
    assert chat == [
        {"role": "user", "content": "Can kratom cause liver injury? &lt;b&gt;"},
        {"role": "assistant", "content": PENDING},
    ]
    assert len(steps) > 3, "an answer arrives in several steps"
    _, chat, history, turns, markdown = steps[-1]
    assert 'id="kqa-t1-c1"' in chat[-1]["content"] and 'href="#kqa-t1-c1"' in chat[-1]["content"]
    assert history[0] == {"role": "user", "content": "Can kratom cause liver injury? <b>"}
    assert history[1]["content"].startswith("**Bottom line:**") and "kqa-" not in history[1]["content"]
    assert turns[1]["sources"][0] == "liver-case-series" and turns[1]["action"] == "answered"
    assert "**References**" in markdown and markdown == turns[1]["markdown"]


def test_the_second_turn_uses_the_first_as_context(handlers) -> None:
    *_, (_, chat, history, turns, _) = handlers.respond("Is kratom withdrawal treated with buprenorphine?", [], [], {})
    *_, (_, chat, history, turns, _) = handlers.respond("what about its effect on the liver?", chat, history, turns)
    assert len(chat) == 4 and set(turns) == {1, 3}
    assert turns[3]["sources"][0] == "liver-case-series"
    assert 'id="kqa-t3-c1"' in chat[3]["content"]


@pytest.mark.parametrize("message", ["", "   ", None])
def test_an_empty_box_does_nothing(handlers, message) -> None:
    (step,) = list(handlers.respond(message, [], [], {}))
    assert all(skipped(v) for v in step)


def test_history_keeps_recent_valid_turns_only() -> None:
    ok = Response(action="answered", category="informational", answer="a")
    bad = Response(action="out_of_scope", category="invalid_input", answer="too long")
    assert remember([], "x" * 5000, bad) == []
    history: list[dict] = []
    for i in range(10):
        history = remember(history, f"q{i}", ok)
    assert len(history) == HISTORY_MESSAGES and history[-2] == {"role": "user", "content": "q9"}
    assert history[-1] == {"role": "assistant", "content": "a", "category": "informational", "action": "answered"}


def test_ratings_are_saved_only_after_opting_in(handlers) -> None:
    turns = {
        1: {
            "question": "q",
            "markdown": "a [1]",
            "action": "answered",
            "category": "informational",
            "sources": ["liver-case-series"],
        }
    }
    status, reason, rated, row = handlers.rate(like(1, True), False, turns, {})
    assert status["value"] == NOT_SAVED and reason["visible"] is False and rated == {} and row is None
    assert "not saved" in NOT_SAVED and "Save my ratings of answers" in NOT_SAVED, "it says how to turn saving on"
    assert handlers.feedback.rows() == []

    status, reason, rated, row = handlers.rate(like(1, True), True, turns, {})
    assert "saved" in status["value"] and reason["visible"] is True and rated == {1: row}
    _, _, rated, same = handlers.rate(like(1, False), True, turns, rated)
    assert same == row
    (saved,) = handlers.feedback.rows()
    assert saved["rating"] == "down" and saved["question"] == "q" and saved["sources"] == "liver-case-series"

    status, reason = handlers.save_reason("  it missed the agency statement ", row)
    assert "Reason saved" in status["value"] and reason["value"] == ""
    assert handlers.feedback.rows()[0]["reason"] == "it missed the agency statement"

    status, _, rated, row = handlers.rate(like(1, ""), True, turns, rated)
    assert status["value"] == "Rating removed." and rated == {} and handlers.feedback.rows() == []


def test_only_answers_can_be_rated_and_a_reason_needs_a_rating(handlers) -> None:
    status, *_ = handlers.rate(like(0, True), True, {}, {})
    assert status["value"] == "Only answers can be rated."
    status, _ = handlers.save_reason("why", None)
    assert "Rate an answer" in status["value"]


def test_api_chat_returns_markdown_and_the_updated_history(handlers) -> None:
    answer, history = handlers.api_chat("Can kratom cause liver injury?", [])
    assert "**References**" in answer and len(history) == 2
    answer, history = handlers.api_chat(None, history)
    assert "Please type a question" in answer and len(history) == 2

"""Privacy of the logs: categories, timings and ids by default; the user's text only with KQA_LOG_TEXT=1."""

from __future__ import annotations

import logging
import re

import pytest

from assistant.chat import Assistant
from core.settings import Settings
from tests.hostile import SECRET

TURNS = [
    [{"role": "user", "content": f"My name is {SECRET}; can kratom cause liver injury?"}],
    [{"role": "user", "content": f"I'm {SECRET} and I take 40 mg oxycodone, how many grams of kratom for me?"}],
    [
        {"role": "user", "content": "Has kratom caused seizures?"},
        {"role": "assistant", "content": "Yes [1]."},
        {"role": "user", "content": f"and for {SECRET}?"},
    ],
    [{"role": "user", "content": f"{SECRET} " * 2000}],
]


@pytest.fixture(scope="module")
def assistant(built_fixture) -> Assistant:
    settings, _ = built_fixture
    return Assistant(settings)


def _records(caplog, assistant: Assistant) -> list[str]:
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        for turns in TURNS:
            assistant.ask(turns)
    return [r.getMessage() for r in caplog.records]


def test_default_logs_have_ids_categories_and_timings_but_no_text(caplog, assistant) -> None:
    messages = _records(caplog, assistant)
    turn_lines = [m for m in messages if m.startswith("turn id=")]
    assert len(turn_lines) == len(TURNS)
    assert all(re.search(r"id=[0-9a-f]{12} action=\w+ category=\w+ .* total_ms=\d+", m) for m in turn_lines)
    assert len({m.split()[1] for m in turn_lines}) == len(TURNS), "each turn has its own id"
    leaked = [m for m in messages if SECRET.lower() in m.lower() or "oxycodone" in m.lower()]
    assert leaked == []


def test_log_text_switch_adds_the_text_for_local_debugging(caplog, assistant, monkeypatch) -> None:
    monkeypatch.setenv("KQA_LOG_TEXT", "1")
    debug = Settings(data_dir=assistant.settings.data_dir, corpus_dir=assistant.settings.corpus_dir)
    assert debug.log_text
    monkeypatch.setattr(assistant, "settings", debug)
    messages = _records(caplog, assistant)
    assert sum(SECRET in m for m in messages) >= len(TURNS)

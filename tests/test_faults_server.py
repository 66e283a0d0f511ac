"""The Chroma server goes away while an Assistant serves: a clear reply, no crash, recovery when it returns."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant.chat import UNAVAILABLE, Assistant
from core.settings import Settings
from ingest.build import build_index
from ingest.store import IndexStore
from tests.fixtures import build_corpus

QUESTION = [{"role": "user", "content": "Can kratom cause liver injury?"}]
TIMEOUT = 3.0  # KQA_CHROMA_TIMEOUT for these tests


@pytest.fixture(scope="module")
def assistant(chroma_server, tmp_path_factory, embed_model) -> Assistant:
    root = tmp_path_factory.mktemp("served")
    settings = Settings(
        data_dir=root / "data", corpus_dir=build_corpus(root), chroma_url=chroma_server.url, chroma_timeout=TIMEOUT
    )
    build_index(settings, IndexStore(settings), embed_model, progress=False)
    return Assistant(settings)


def _answered(response) -> bool:
    return response.action == "answered" and response.citations[0].source_id == "liver-case-series"


def _until_answered(assistant: Assistant, within: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < within:
        if _answered(assistant.ask(QUESTION)):
            return time.monotonic() - started
        time.sleep(0.5)
    raise AssertionError(f"no answer within {within:.0f} s of the server coming back")


def test_stopped_server_gives_a_clear_reply_then_recovers(chroma_server, assistant) -> None:
    assert _answered(assistant.ask(QUESTION))
    chroma_server.stop()
    try:
        replies = [assistant.ask(QUESTION) for _ in range(3)]  # cached retriever, then fresh lookups
    finally:
        chroma_server.start()
    for reply in replies:
        assert (reply.action, reply.category, reply.answer) == ("no_evidence", "unavailable", UNAVAILABLE)
        assert reply.citations == []
    _until_answered(assistant, within=30)


def test_hung_server_times_out_instead_of_hanging_the_app(chroma_server, assistant) -> None:
    assert _answered(assistant.ask(QUESTION))
    with ThreadPoolExecutor(1) as pool:
        chroma_server.pause()
        try:
            started = time.monotonic()
            reply = pool.submit(assistant.ask, QUESTION).result(timeout=TIMEOUT * 4)
            waited = time.monotonic() - started
        finally:
            chroma_server.resume()
    assert reply.category == "unavailable" and "Search is unavailable" in reply.answer
    assert waited < TIMEOUT * 3
    _until_answered(assistant, within=30)

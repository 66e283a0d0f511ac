"""Scale-out: ingest and ask against a real `chroma run` server, two app replicas that follow a rebuild."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
from gradio_client import Client

from assistant.chat import Assistant
from core.settings import Settings
from ingest.store import IndexStore
from tests.corpus_changes import SLEEP_QUESTION, add_sleep_study
from tests.fixtures import build_corpus
from tests.servers import cli
from tests.ui_server import serve

LIVER = "Can kratom cause liver injury?"


@pytest.fixture(scope="module")
def shared(chroma_server, tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("scaleout")
    return Settings(data_dir=root / "data", corpus_dir=build_corpus(root), chroma_url=chroma_server.url)


@pytest.fixture(scope="module")
def first_build(shared) -> str:
    done = cli(shared, "ingest", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "Indexed 6 sources" in done.stdout
    return done.stdout.split("-> collection ")[1].split()[0]


@pytest.fixture(scope="module")
def local_assistant(shared, first_build) -> Assistant:
    """An Assistant in this process; building it also leaves the guardrail cache the replicas reuse."""
    return Assistant(shared)


@pytest.fixture(scope="module")
def replicas(shared, local_assistant, tmp_path_factory):
    """Two `python app.py` processes on one Chroma server, started side by side."""
    dirs = [tmp_path_factory.mktemp(f"replica{i}") for i in range(2)]
    with ExitStack() as stack, ThreadPoolExecutor(2) as pool:
        servers = list(
            pool.map(lambda d: stack.enter_context(serve(shared, d, KQA_CHROMA_URL=shared.chroma_url)), dirs)
        )
        yield servers


def _ask(server, question: str) -> str:
    client = Client(server.url, verbose=False, analytics_enabled=False, download_files=False)
    return client.predict(question, api_name="/chat")


def test_ingest_builds_on_the_server_not_on_local_disk(shared, chroma_server, first_build) -> None:
    assert not shared.index_dir.exists()
    store = IndexStore(shared)
    assert store.active_name() == first_build
    assert store.get(first_build).count() > 20
    assert any(chroma_server.path.iterdir())


def test_ask_in_process_against_the_server(local_assistant) -> None:
    response = local_assistant.ask([{"role": "user", "content": LIVER}])
    assert response.action == "answered"
    assert response.citations[0].source_id == "liver-case-series"


def test_two_replicas_both_answer(replicas) -> None:
    for server in replicas:
        reply = _ask(server, LIVER)
        assert "[1]" in reply and "Liver injury case series" in reply, server.log_tail()


def test_a_rebuild_reaches_every_replica_without_a_restart(shared, first_build, replicas) -> None:
    for server in replicas:
        assert "no study of this" in _ask(server, SLEEP_QUESTION)  # before the rebuild: not in the library
    add_sleep_study(shared)
    rebuild = cli(shared, "ingest", "--quiet")
    assert rebuild.returncode == 0, rebuild.stderr
    assert "Indexed 7 sources" in rebuild.stdout and "28 reused" in rebuild.stdout
    deadline = time.monotonic() + 60
    pending = list(replicas)
    while pending and time.monotonic() < deadline:
        pending = [s for s in pending if "Kratom and sleep study" not in _ask(s, SLEEP_QUESTION)]
        time.sleep(1.0)
    assert not pending, "a replica kept serving the old index"
    store = IndexStore(shared)
    assert first_build in store.index_names(), "the previous generation stays for replicas mid-query"


def test_replica_logs_hold_no_user_text(replicas) -> None:
    for server in replicas:
        log = server.log_tail(200_000)
        assert "liver injury?" not in log and "polysomnography" not in log

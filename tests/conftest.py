"""Shared fixtures: the real MiniLM model (loaded once) and fixture corpora in temp folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from core.settings import PROJECT_ROOT, Settings
from tests.fixtures import build_corpus


@pytest.fixture(scope="session")
def embed_model():
    from assistant.embedding import load_embed_model

    return load_embed_model(Settings())


@pytest.fixture
def fixture_settings(tmp_path: Path) -> Settings:
    corpus = build_corpus(tmp_path)
    return Settings(data_dir=tmp_path / "data", corpus_dir=corpus)


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory, embed_model):
    """A fixture corpus indexed once, shared by read-only tests."""
    from ingest.build import build_index
    from ingest.store import IndexStore

    root = tmp_path_factory.mktemp("built")
    settings = Settings(data_dir=root / "data", corpus_dir=build_corpus(root))
    report = build_index(settings, IndexStore(settings), embed_model, progress=False)
    return settings, report


@pytest.fixture(scope="session")
def ui_server(built_fixture, tmp_path_factory):
    """`python app.py` serving the built fixture corpus on a free loopback port (API and browser tests)."""
    from tests.ui_server import serve

    with serve(built_fixture[0], tmp_path_factory.mktemp("ui")) as server:
        yield server


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """`chroma run` on a free loopback port for one test module, stopped by its pid afterwards."""
    from tests.servers import ChromaServer

    server = ChromaServer(tmp_path_factory.mktemp("chroma") / "db").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def shipped_settings(tmp_path_factory) -> Settings:
    """The real shipped corpus, indexed into a temporary data dir."""
    return Settings(data_dir=tmp_path_factory.mktemp("shipped") / "data", corpus_dir=PROJECT_ROOT / "corpus")


@pytest.fixture(scope="session")
def shipped_assistant(shipped_settings, embed_model):
    """The chain over the shipped corpus, indexed once (later builds of the same data dir are no-ops)."""
    from assistant.chat import Assistant
    from ingest import IndexStore, build_index

    store = IndexStore(shipped_settings)
    build_index(shipped_settings, store, embed_model, progress=False)
    return Assistant(shipped_settings, store=store)


# Fixtures that load the real model, build a real index, or start a server or a browser. A test
# that needs any of them belongs to the full layer (`make test`); the rest is the fast layer
# (`make check`), which runs on fakes.
FULL_FIXTURES = frozenset(
    {
        "embed_model",
        "embedder",
        "rail",
        "built_fixture",
        "ui_server",
        "chroma_server",
        "shipped_settings",
        "shipped_assistant",
        "shipped_index",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        heavy = FULL_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if heavy or item.get_closest_marker("browser") or item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.full)

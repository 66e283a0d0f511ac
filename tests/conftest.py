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

from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402
from tests.fixtures import build_corpus  # noqa: E402


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
    from assistant.store import IndexStore
    from ingest.build import build_index

    root = tmp_path_factory.mktemp("built")
    settings = Settings(data_dir=root / "data", corpus_dir=build_corpus(root))
    report = build_index(settings, IndexStore(settings), embed_model, progress=False)
    return settings, report


@pytest.fixture(scope="session")
def shipped_settings(tmp_path_factory) -> Settings:
    """The real shipped corpus, indexed into a temporary data dir."""
    return Settings(data_dir=tmp_path_factory.mktemp("shipped") / "data", corpus_dir=PROJECT_ROOT / "corpus")

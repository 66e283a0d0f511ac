"""Each command imports only what it needs: `ask`, `corpus verify` and `--help` never load gradio,
torch or llama-index, and `corpus verify` not even chromadb or llama-index. One turn embeds the user's message
once, whichever part of the chain asks for it.

The import checks run in a fresh interpreter (this test process has imported much already); they
check which modules are loaded, not how long it took: `make bench` measures time.
"""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from assistant.chat import Assistant
from assistant.embedding import Encoder
from core.settings import PROJECT_ROOT, Settings
from tests.fakes import FakeEmbedModel, fake_store
from tests.fixtures import build_corpus

HEAVY = ("gradio", "torch", "transformers", "sentence_transformers")
REPORT = "import json, sys; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"


def loaded_after(code: str) -> set[str]:
    """Top-level packages loaded in a new interpreter after running `code`."""
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{REPORT}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_ask_imports_neither_gradio_nor_torch_nor_llama_index() -> None:
    loaded = loaded_after(
        "import frontends.cli, frontends.batch, frontends.errors, assistant.chat, assistant.embedding"
    )
    assert {"assistant", "bm25s", "chromadb"} <= loaded  # the probe really imported the chain
    assert not loaded & {*HEAVY, "llama_index"}


def test_corpus_verify_imports_no_store_and_no_models() -> None:
    loaded = loaded_after("import frontends.cli, ingest, ingest.coverage, ingest.manifest, ingest.registry")
    assert "ingest" in loaded
    assert not loaded & {*HEAVY, "chromadb", "llama_index"}


def test_help_imports_only_the_parser() -> None:
    code = (
        "import contextlib, io, runpy, sys\n"
        "sys.argv = ['kratom-qa', '--help']\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    runpy.run_module('frontends.cli', run_name='__main__')"
    )
    assert not loaded_after(code) & {*HEAVY, "chromadb", "llama_index", "numpy"}


def test_ingest_names_stay_public() -> None:
    import ingest

    assert {name for name in ingest.__all__ if getattr(ingest, name, None) is None} == set()
    with pytest.raises(AttributeError):
        _ = ingest.no_such_name  # type: ignore[attr-defined]


class CountingModel(FakeEmbedModel):
    """The fake model, uncased like MiniLM: it says which texts are the same input to it."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def input_key(self, text: str) -> str:
        return " ".join(text.lower().split())

    def get_query_embedding(self, query: str) -> list[float]:
        self.embedded.append(query)
        return super().get_query_embedding(query)


def test_encoder_shares_one_vector_for_texts_the_model_cannot_tell_apart() -> None:
    model = CountingModel()
    encoder = Encoder(model)
    first = encoder.query("Can kratom cause liver injury?")
    again = encoder(["can kratom  cause liver injury?"])[0]
    assert np.array_equal(first, again)
    assert model.embedded == ["Can kratom cause liver injury?"]
    first[:] = 0  # a caller's copy: the memo stays intact
    assert np.linalg.norm(encoder.query("Can kratom cause liver injury?")) > 0.99


def test_one_turn_embeds_the_message_once(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=build_corpus(tmp_path))
    model = CountingModel()
    chain = Assistant(settings, store=fake_store(settings, model), embed_model=model)  # type: ignore[arg-type]
    turn = [{"role": "user", "content": "Can kratom cause liver injury?"}]
    assert chain.rail.classify(turn).source == "classifier"  # no rule decides it: the rail embeds it
    model.embedded.clear()
    response = chain.ask(turn)
    assert response.action == "answered"  # the rail, retrieval and relevance all used a vector
    assert len(model.embedded) == 0  # the rail's vector above, memoised, served the whole turn
    model.embedded.clear()
    chain.ask([{"role": "user", "content": "Can kratom cause kidney injury?"}])
    assert model.embedded == ["can kratom cause kidney injury?"]  # the rail's (lowercased) form, once


def test_warming_up_keeps_the_language_model_for_later_starts(tmp_path, monkeypatch) -> None:
    from guardrails import language

    kept = tmp_path / "pycache"
    monkeypatch.setattr(language, "_CACHE_DIR", kept)
    language._identifier.cache_clear()
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=build_corpus(tmp_path))
    model = FakeEmbedModel()
    try:
        Assistant(settings, store=fake_store(settings, model), embed_model=model).warm()  # type: ignore[arg-type]
        assert len(list(kept.glob("langid.*.npz"))) == 1
    finally:
        language._identifier.cache_clear()  # later tests load the shipped copy again

"""Index build: content-hash ids, idempotent re-ingest, atomic switch, crash safety."""

from __future__ import annotations

import re

import numpy as np
import pytest

from assistant.retrieve import HybridRetriever
from core.settings import Settings
from ingest.build import build_index
from ingest.lock import IngestBusy, ingest_lock
from ingest.store import IndexStore


class CountingModel:
    """The real model, counting how many texts it is asked to embed."""

    def __init__(self, model) -> None:
        self.model, self.embedded = model, 0

    def get_text_embedding_batch(self, texts, show_progress=False):
        self.embedded += len(texts)
        return self.model.get_text_embedding_batch(texts, show_progress=show_progress)


def _top_source(settings: Settings, embed_model, question: str) -> str:
    store = IndexStore(settings)
    retriever = HybridRetriever(store, store.active_name(), top_k=10)
    vector = np.asarray(embed_model.get_query_embedding(question), dtype=np.float32)
    hits = retriever.retrieve(question, vector)
    return hits[0].chunk.source.source_id


def test_first_build_indexes_every_admitted_source(fixture_settings, embed_model) -> None:
    model = CountingModel(embed_model)
    report = build_index(fixture_settings, IndexStore(fixture_settings), model, progress=False)
    assert report.sources == 6 and report.skipped == []
    assert report.nodes == model.embedded > 20
    store = IndexStore(fixture_settings)
    assert store.get(store.active_name()).count() == report.nodes


def test_reingest_unchanged_embeds_nothing_and_adds_no_duplicates(fixture_settings, embed_model) -> None:
    build_index(fixture_settings, IndexStore(fixture_settings), embed_model, progress=False)
    model = CountingModel(embed_model)
    again = build_index(fixture_settings, IndexStore(fixture_settings), model, progress=False)
    assert again.unchanged and model.embedded == 0
    store = IndexStore(fixture_settings)
    assert store.get(store.active_name()).count() == again.nodes
    assert store.index_names() == [again.collection]


def test_changed_corpus_embeds_only_new_chunks(fixture_settings, embed_model) -> None:
    first = build_index(fixture_settings, IndexStore(fixture_settings), embed_model, progress=False)
    manifest = fixture_settings.manifest_path
    manifest.write_text(manifest.read_text().replace('status = "approved"', 'status = "pending"', 1))
    model = CountingModel(embed_model)
    second = build_index(fixture_settings, IndexStore(fixture_settings), model, progress=False)
    assert model.embedded == 0 and second.reused == second.nodes < first.nodes
    assert second.collection != first.collection


def test_interrupted_rebuild_leaves_the_old_index_answering(fixture_settings, embed_model) -> None:
    first = build_index(fixture_settings, IndexStore(fixture_settings), embed_model, progress=False)

    class Crash(Exception):
        pass

    class CrashingModel:
        def get_text_embedding_batch(self, texts, show_progress=False):
            raise Crash("power cut")

    digest = fixture_settings.corpus_dir / "digests" / "dose-survey.md"
    digest.write_text(digest.read_text() + "\n")
    import hashlib

    manifest = fixture_settings.manifest_path
    text = manifest.read_text()
    old_sum = hashlib.sha256(digest.read_bytes()[:-1]).hexdigest()
    manifest.write_text(text.replace(old_sum, hashlib.sha256(digest.read_bytes()).hexdigest()))
    tweaked = digest.read_text().replace("49% reported", "49% of them reported")
    digest.write_text(tweaked)
    manifest.write_text(
        manifest.read_text().replace(
            hashlib.sha256((tweaked.replace("49% of them reported", "49% reported")).encode()).hexdigest(),
            hashlib.sha256(tweaked.encode()).hexdigest(),
        )
    )
    with pytest.raises(Crash):
        build_index(fixture_settings, IndexStore(fixture_settings), CrashingModel(), progress=False)
    store = IndexStore(fixture_settings)
    assert store.active_name() == first.collection
    assert _top_source(fixture_settings, embed_model, "Can kratom cause liver injury?") == "liver-case-series"
    redo = build_index(fixture_settings, IndexStore(fixture_settings), embed_model, progress=False)
    assert redo.embedded >= 1 and IndexStore(fixture_settings).active_name() == redo.collection


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("Can kratom cause liver injury?", "liver-case-series"),
        ("How much kratom did survey respondents report taking per dose?", "dose-survey"),
        ("How is kratom withdrawal treated with buprenorphine?", "withdrawal-treatment"),
        ("Has kratom caused seizures?", "seizure-report"),
    ],
)
def test_known_question_retrieves_its_source_first(built_fixture, embed_model, question, source) -> None:
    settings, _ = built_fixture
    assert _top_source(settings, embed_model, question) == source


def test_second_ingest_waits_then_refuses(tmp_path) -> None:
    with (
        ingest_lock(tmp_path),
        pytest.raises(IngestBusy, match="already running"),
        ingest_lock(tmp_path, wait_seconds=0.3),
    ):
        pass
    with ingest_lock(tmp_path):
        pass


def test_words_pointed_at_find_their_source_but_leave_the_wording_score_to_the_question(
    built_fixture, embed_model
) -> None:
    settings, _ = built_fixture
    store = IndexStore(settings)
    retriever = HybridRetriever(store, store.active_name(), top_k=4)
    question = "how many of them recovered?"
    vector = np.asarray(embed_model.get_query_embedding(question), dtype=np.float32)
    alone = {h.node_id: h for h in retriever.retrieve(question, vector)}
    pointed = retriever.retrieve(question, vector, pointed_at="registry liver injury cholestatic jaundice")
    # The last answer's words bring its source in ...
    assert any("registry" in h.chunk.text and h.node_id not in alone for h in pointed)
    # ... but they do not score the wording: only the question's own words do.
    shared = [h for h in pointed if h.node_id in alone]
    assert shared and all(h.lexical == alone[h.node_id].lexical for h in shared)
    assert all(h.lexical == 0.0 for h in pointed if not re.search(r"\b(?:many|recover)", h.chunk.text, re.I))


def test_the_findings_of_a_named_source_join_those_the_search_found(built_fixture, embed_model) -> None:
    settings, _ = built_fixture
    store = IndexStore(settings)
    retriever = HybridRetriever(store, store.active_name(), top_k=2)
    question = "how many people cut back on opioids?"
    vector = np.asarray(embed_model.get_query_embedding(question), dtype=np.float32)
    found = retriever.retrieve(question, vector)
    missing = {c.source.source_id for c in retriever.chunks} - {h.chunk.source.source_id for h in found}
    named = frozenset(sorted(missing)[:1])
    added = retriever.findings_of(named, vector, found)
    # Every chunk of the named source, none twice, each with its likeness to the question.
    assert added and {h.chunk.source.source_id for h in added} == set(named)
    assert len(added) == sum(c.source.source_id in named for c in retriever.chunks)
    assert all(h.similarity == pytest.approx(float(h.embedding @ vector)) and h.score == 0.0 for h in added)
    # A source the search already found adds only its chunks it did not find.
    first = frozenset({found[0].chunk.source.source_id})
    assert all(h.node_id not in {f.node_id for f in found} for h in retriever.findings_of(first, vector, found))

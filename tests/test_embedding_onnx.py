"""The ONNX query model gives the torch model's vectors (full layer: real weights, real export).

The index is embedded by torch at ingest and searched with ONNX vectors, so the two must agree:
cosine at least 0.999 on 1,000 chunks of the shipped corpus and on questions as people ask them.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.embedding import Encoder, OnnxEmbedding, ensure_onnx, onnx_file
from core.settings import PROJECT_ROOT, Settings
from ingest.build import collect_chunks

N_TEXTS = 1000
pytestmark = pytest.mark.full  # the real weights, exported to ONNX by torch


@pytest.fixture(scope="module")
def onnx_model(tmp_path_factory: pytest.TempPathFactory) -> OnnxEmbedding:
    settings = Settings(data_dir=tmp_path_factory.mktemp("onnx"))
    exported = ensure_onnx(settings)
    assert exported is not None and exported == onnx_file(settings, Path(settings.embed_model_path()))
    return OnnxEmbedding(exported, Path(settings.embed_model_path()))


def shipped_texts() -> list[str]:
    """1,000 chunk texts of the shipped corpus (topped up with eval questions if it has fewer)."""
    chunks, _, _ = collect_chunks(Settings(corpus_dir=PROJECT_ROOT / "corpus"))
    texts = list(dict.fromkeys(c.embed_text for c in chunks))
    questions = PROJECT_ROOT / "evals" / "datasets" / "qa.jsonl"
    for line in questions.read_text(encoding="utf-8").splitlines():
        if len(texts) >= N_TEXTS:
            break
        if line.strip():
            texts.append(json.loads(line)["question"])
    return texts[:N_TEXTS]


def test_onnx_vectors_match_torch_on_the_shipped_corpus(onnx_model: OnnxEmbedding, embed_model) -> None:
    texts = shipped_texts()
    assert len(texts) == N_TEXTS
    ours = np.asarray(onnx_model.get_text_embedding_batch(texts), dtype=np.float64)
    theirs = np.asarray(embed_model.get_text_embedding_batch(texts), dtype=np.float64)
    cosine = (ours * theirs).sum(axis=1) / (np.linalg.norm(ours, axis=1) * np.linalg.norm(theirs, axis=1))
    assert cosine.min() >= 0.999, f"worst text: {texts[int(cosine.argmin())][:120]!r} ({cosine.min():.5f})"


@pytest.mark.parametrize(
    "question",
    ["Can kratom cause liver injury?", "how many grams should i take", "¿Es legal el kratom en México?", "a" * 3000],
)
def test_a_query_vector_matches_torch(onnx_model: OnnxEmbedding, embed_model, question: str) -> None:
    ours, theirs = onnx_model.get_query_embedding(question), embed_model.get_query_embedding(question)
    assert float(np.dot(ours, theirs)) >= 0.999
    assert abs(float(np.linalg.norm(ours)) - 1.0) < 1e-4


def test_the_guardrail_form_and_the_question_share_one_vector(onnx_model: OnnxEmbedding) -> None:
    encoder = Encoder(onnx_model)
    assert onnx_model.input_key("Can kratom cause LIVER injury?") == onnx_model.input_key(
        "can kratom cause liver injury?"
    )
    assert encoder.query("Can kratom cause LIVER injury?") is not None
    assert len(encoder._cache) == 1 and encoder(["can kratom cause liver injury?"]).shape == (1, 384)
    assert len(encoder._cache) == 1

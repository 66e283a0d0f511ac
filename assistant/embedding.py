"""The sentence-transformers model, loaded once through llama-index from local files."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np
from llama_index.core import Settings as LlamaSettings
from llama_index.embeddings.huggingface import HuggingFaceEmbedding

from core.settings import Settings


class EmbedModel(Protocol):
    """What the chain needs of an embedding model (the llama-index interface; tests pass a fake)."""

    def get_query_embedding(self, query: str) -> list[float]: ...

    def get_text_embedding_batch(self, texts: list[str], **kwargs: object) -> list[list[float]]: ...


def load_embed_model(settings: Settings) -> HuggingFaceEmbedding:
    # No LLM anywhere unless configured: llama-index must never fall back to OpenAI. It announces
    # that on stdout, which belongs to the JSONL output, so the notice goes to stderr.
    with contextlib.redirect_stdout(sys.stderr):
        LlamaSettings.llm = None
    model = HuggingFaceEmbedding(model_name=settings.embed_model_path(), device="cpu", embed_batch_size=32)
    LlamaSettings.embed_model = model
    return model


class Encoder:
    """Normalised query embeddings, memoised: the guardrail and the retriever embed the same turn."""

    def __init__(self, model: EmbedModel) -> None:
        self.model = model
        self._one = lru_cache(maxsize=512)(self._embed_one)

    def _embed_one(self, text: str) -> tuple[float, ...]:
        return tuple(self.model.get_query_embedding(text))

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._one(text), dtype=np.float32)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.vstack([self.query(t) for t in texts])

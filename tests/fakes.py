"""Fakes for the fast layer: an embedding model and an index store with no model load and no Chroma.

The fake model hashes words into a fixed-width vector, so texts that share words are similar and
the whole chain (rail, retrieval, relevance, composer, output rail) runs on real logic in
milliseconds. It says nothing about answer quality: the full layer measures that on the real model.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from core.settings import Settings
from core.vocabulary import Chunk
from ingest import CollectionData, StoreUnavailable
from ingest.build import collect_chunks

DIM = 384
WORD = re.compile(r"\w+")


class FakeEmbedModel:
    """Bag of hashed words, L2-normalised; the llama-index methods the chain and ingest call."""

    model_name = "fake-hashing"

    def get_query_embedding(self, query: str) -> list[float]:
        return self._embed(query)

    def get_text_embedding_batch(self, texts: list[str], **_: object) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    @staticmethod
    def _embed(text: str) -> list[float]:
        vector = np.zeros(DIM, dtype=np.float32)
        for word in WORD.findall(text.lower()):
            digest = hashlib.blake2b(word.encode("utf-8"), digest_size=4).digest()
            vector[int.from_bytes(digest, "little") % DIM] += 1.0
        norm = float(np.linalg.norm(vector))
        return (vector / norm if norm else vector).tolist()


class FakeStore:
    """One in-memory collection of chunks; `down=True` behaves like an unreachable server."""

    def __init__(self, chunks: list[Chunk], model: FakeEmbedModel, down: bool = False) -> None:
        self.ids = [c.node_id(model.model_name) for c in chunks]
        self.chunks = chunks
        self.vectors = np.asarray(model.get_text_embedding_batch([c.embed_text for c in chunks]), dtype=np.float32)
        self.down = down

    def active_name(self) -> str | None:
        self._check()
        return "fake" if self.chunks else None

    def load_all(self, name: str, with_embeddings: bool = True) -> CollectionData:
        self._check()
        return CollectionData(
            ids=list(self.ids),
            documents=[c.embed_text for c in self.chunks],
            metadatas=[c.metadata() for c in self.chunks],
            embeddings=self.vectors.tolist() if with_embeddings else [],
        )

    def query(self, name: str, embedding: list[float], k: int) -> tuple[list[str], list[float]]:
        self._check()
        sims = self.vectors @ np.asarray(embedding, dtype=np.float32)
        order = np.argsort(-sims)[:k]
        return [self.ids[i] for i in order], [float(sims[i]) for i in order]

    def _check(self) -> None:
        if self.down:
            raise StoreUnavailable("search is unavailable: fake server down")


def fake_store(settings: Settings, model: FakeEmbedModel) -> FakeStore:
    """The vetted chunks of settings.corpus_dir (through the real gate and loaders) in a FakeStore."""
    chunks, _, _ = collect_chunks(settings)
    return FakeStore(chunks, model)

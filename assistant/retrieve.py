"""Hybrid retrieval: Chroma vector search and BM25, fused by reciprocal rank."""

from __future__ import annotations

import logging
import re
from collections import Counter

import bm25s
import numpy as np
import Stemmer

from assistant.relevance import Vocabulary
from assistant.understand import fold
from core.vocabulary import Chunk, Hit
from ingest import CollectionData, IndexStore

# bm25s sets its own logger to DEBUG on import and would print on every index build.
logging.getLogger("bm25s").setLevel(logging.WARNING)

RRF_K = 60
WORD = re.compile(r"[^\W\d_][\w'-]*|\d[\w.-]*")
STEMMER = Stemmer.Stemmer("english")  # the stemmer BM25 uses, so both agree on what a word is
BM25_TOKEN = r"(?u)\b\w\w+\b"  # words of two or more letters or digits, as BM25 indexes them


class LexicalIndex:
    """BM25 over the chunk texts with bm25s directly: English stop words dropped and words stemmed."""

    def __init__(self, documents: list[str]) -> None:
        tokens = bm25s.tokenize(
            documents, stopwords="en", stemmer=STEMMER, token_pattern=BM25_TOKEN, show_progress=False
        )
        self.bm25 = bm25s.BM25()
        self.bm25.index(tokens, show_progress=False)
        self.size = len(documents)

    def search(self, query: str, k: int) -> dict[int, float]:
        """Positions of the best k chunks with a positive score, best first."""
        words = bm25s.tokenize(query, stemmer=STEMMER, token_pattern=BM25_TOKEN, return_ids=False, show_progress=False)
        if not words or not words[0]:
            return {}
        positions, scores = self.bm25.retrieve(words, k=min(k, self.size), show_progress=False)
        return {int(i): float(s) for i, s in zip(positions[0], scores[0]) if s > 0}


class HybridRetriever:
    """Loads one collection into memory once (ids, texts, embeddings) and searches it both ways."""

    def __init__(self, store: IndexStore, collection: str, top_k: int) -> None:
        self.store, self.collection, self.top_k = store, collection, top_k
        data: CollectionData = store.load_all(collection)
        self.ids = data.ids
        self.position = {node_id: i for i, node_id in enumerate(data.ids)}
        self.chunks = [Chunk.from_metadata(m) for m in data.metadatas]
        self.matrix = np.asarray(data.embeddings, dtype=np.float32)
        self.lexical = LexicalIndex(data.documents)
        self.vocabulary = _vocabulary(data.documents)

    def __len__(self) -> int:
        return len(self.ids)

    def _fuse(self, rankings: list[list[str]]) -> dict[str, float]:
        fused: dict[str, float] = {}
        for ranking in rankings:
            for rank, node_id in enumerate(ranking):
                fused[node_id] = fused.get(node_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        return fused

    def retrieve(self, query: str, query_vector: np.ndarray, pointed_at: str = "") -> list[Hit]:
        """Chunks close in meaning or wording. `pointed_at`: words of the last answer a follow-up
        points at ("those 91"), searched with to find that source; each hit's wording score is the
        question's own, so the finding that answers the new question is not outweighed by the ones
        that repeat the last answer."""
        k = min(self.top_k, len(self.ids))
        vector_ids, _ = self.store.query(self.collection, query_vector.tolist(), k)
        searched = f"{query} {pointed_at}" if pointed_at else query
        bm25 = {self.ids[i]: score for i, score in self.lexical.search(searched, k).items()}
        fused = self._fuse([vector_ids, list(bm25)])
        if pointed_at:
            # A wider pool, so a chunk found through the pointed-at words keeps the score its own
            # words earn with the question.
            bm25 = {self.ids[i]: score for i, score in self.lexical.search(query, k * 3).items()}
        best_bm25 = max(bm25.values(), default=1.0)
        hits = []
        for node_id, score in sorted(fused.items(), key=lambda kv: -kv[1]):
            i = self.position.get(node_id)
            if i is None:  # the collection changed under us; the caller reloads
                continue
            vector = self.matrix[i]
            lexical = bm25.get(node_id, 0.0) / best_bm25
            hits.append(Hit(node_id, self.chunks[i], score, float(vector @ query_vector), vector, lexical))
        return hits

    def findings_of(self, source_ids: frozenset[str], query_vector: np.ndarray, found: list[Hit]) -> list[Hit]:
        """The chunks of the sources a question names that the search did not find, with their
        likeness to the question and no fused score: a study named is asked about, wherever its
        findings rank."""
        if not source_ids:  # most questions name no study: no pass over every chunk
            return []
        present = {h.node_id for h in found}
        return [
            Hit(node_id, chunk, 0.0, float(self.matrix[i] @ query_vector), self.matrix[i])
            for i, (node_id, chunk) in enumerate(zip(self.ids, self.chunks, strict=True))
            if chunk.source.source_id in source_ids and node_id not in present
        ]


def _vocabulary(documents: list[str]) -> Vocabulary:
    """In how many chunks each stem occurs: what makes a word of a question distinctive."""
    df: Counter[str] = Counter()
    for text in documents:
        df.update(set(STEMMER.stemWords(WORD.findall(fold(text)))))
    return Vocabulary(STEMMER.stemWords, dict(df), len(documents))

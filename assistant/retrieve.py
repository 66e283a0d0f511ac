"""Hybrid retrieval: Chroma vector search and BM25, fused by reciprocal rank."""

from __future__ import annotations

import logging
import re
from collections import Counter

import numpy as np
import Stemmer
from llama_index.core.schema import TextNode
from llama_index.retrievers.bm25 import BM25Retriever

from assistant.relevance import Vocabulary
from assistant.understand import fold
from core.vocabulary import Chunk, Hit
from ingest import CollectionData, IndexStore

# bm25s sets its own logger to DEBUG on import and would print on every index build.
logging.getLogger("bm25s").setLevel(logging.WARNING)

RRF_K = 60
WORD = re.compile(r"[^\W\d_][\w'-]*|\d[\w.-]*")
STEMMER = Stemmer.Stemmer("english")  # the stemmer BM25 uses, so both agree on what a word is


class HybridRetriever:
    """Loads one collection into memory once (ids, texts, embeddings) and searches it both ways."""

    def __init__(self, store: IndexStore, collection: str, top_k: int) -> None:
        self.store, self.collection, self.top_k = store, collection, top_k
        data: CollectionData = store.load_all(collection)
        self.ids = data.ids
        self.position = {node_id: i for i, node_id in enumerate(data.ids)}
        self.chunks = [Chunk.from_metadata(m) for m in data.metadatas]
        self.matrix = np.asarray(data.embeddings, dtype=np.float32)
        nodes = [TextNode(id_=i, text=t) for i, t in zip(data.ids, data.documents)]
        self.bm25 = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=min(top_k, len(nodes)))
        self.vocabulary = _vocabulary(data.documents)

    def __len__(self) -> int:
        return len(self.ids)

    def _fuse(self, rankings: list[list[str]]) -> dict[str, float]:
        fused: dict[str, float] = {}
        for ranking in rankings:
            for rank, node_id in enumerate(ranking):
                fused[node_id] = fused.get(node_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        return fused

    def retrieve(self, query: str, query_vector: np.ndarray) -> list[Hit]:
        k = min(self.top_k, len(self.ids))
        vector_ids, _ = self.store.query(self.collection, query_vector.tolist(), k)
        bm25 = {n.node.node_id: n.score for n in self.bm25.retrieve(query) if n.score and n.score > 0}
        fused = self._fuse([vector_ids, list(bm25)])
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


def _vocabulary(documents: list[str]) -> Vocabulary:
    """In how many chunks each stem occurs: what makes a word of a question distinctive."""
    df: Counter[str] = Counter()
    for text in documents:
        df.update(set(STEMMER.stemWords(WORD.findall(fold(text)))))
    return Vocabulary(STEMMER.stemWords, dict(df), len(documents))

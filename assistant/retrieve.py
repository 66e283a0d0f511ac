"""Hybrid retrieval: Chroma vector search and BM25, fused by reciprocal rank, then a relevance gate."""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass

import numpy as np
from llama_index.core.schema import TextNode
from llama_index.retrievers.bm25 import BM25Retriever

from assistant.store import CollectionData, IndexStore
from assistant.types import Chunk

# bm25s sets its own logger to DEBUG on import and would print on every index build.
logging.getLogger("bm25s").setLevel(logging.WARNING)

RRF_K = 60
# Words that say nothing about *which* aspect of kratom a question is about.
GENERIC = set(
    """kratom kratoms mitragyna speciosa mitragynine 7oh oh hydroxymitragynine leaf leaves plant product products
    use used uses using user users take taking taken effect effects does do did can could would should will may might
    is are was were be been it its it's this that these those there their they them what which who whom how why when
    where a an the of in on at to for from by with about and or not no any some much many more most very
    i me my we our you your tell know say says said study studies research evidence show shows showed
    people person anyone someone there's whats what's get got has have had cause causes caused""".split()
)
WORD = re.compile(r"[a-z0-9][a-z0-9-]+")


@dataclass
class Hit:
    node_id: str
    chunk: Chunk
    score: float
    similarity: float
    embedding: np.ndarray


def aspect_terms(query: str) -> list[str]:
    return [w for w in WORD.findall(query.lower()) if w not in GENERIC and len(w) > 2]


def _stem(word: str) -> str:
    return word[:5] if len(word) > 5 else word


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
        bm25_ids = [n.node.node_id for n in self.bm25.retrieve(query) if n.score and n.score > 0]
        fused = self._fuse([vector_ids, bm25_ids])
        hits = []
        for node_id, score in sorted(fused.items(), key=lambda kv: -kv[1]):
            i = self.position.get(node_id)
            if i is None:  # the collection changed under us; the caller reloads
                continue
            vector = self.matrix[i]
            hits.append(Hit(node_id, self.chunks[i], score, float(vector @ query_vector), vector))
        return hits


def relevant(query: str, hits: list[Hit], threshold: float, window: int = 5) -> bool:
    """Is the best evidence close enough, and does it speak to what the question is about?"""
    if not hits:
        return False
    top = sorted(hits, key=lambda h: -h.similarity)[:window]
    if top[0].similarity < threshold:
        return False
    terms = {_stem(t) for t in aspect_terms(query)}
    if not terms:
        return True
    text = " ".join(f"{h.chunk.source.title} {h.chunk.text}" for h in top).lower()
    found = {_stem(w) for w in WORD.findall(text)}
    return len(terms & found) >= math.ceil(len(terms) / 2)

"""Hybrid retrieval: Chroma vector search and BM25, fused by reciprocal rank, then a relevance gate."""

from __future__ import annotations

import logging
import math
import re

import numpy as np
import Stemmer
from llama_index.core.schema import TextNode
from llama_index.retrievers.bm25 import BM25Retriever

from core.kratom import kratom_names
from core.vocabulary import Chunk, Hit
from ingest import CollectionData, IndexStore

# bm25s sets its own logger to DEBUG on import and would print on every index build.
logging.getLogger("bm25s").setLevel(logging.WARNING)

RRF_K = 60
# Words that say nothing about *which* aspect of kratom a question is about.
GENERIC = set(
    """kratoms mitragynine 7oh oh hydroxymitragynine leaf leaves plant product products use used uses using
            user users take taking taken effect effects does do did can could would should will may
            might is are was were be been it its it's this that these those there their they them
            what which who whom how why when where a an the of in on at to for from by with about
            and or not no any some much many more most very i me my we our you your tell know say
            says said study studies research evidence show shows showed people person anyone someone
            studied other others there's whats what's get got has have had cause causes caused kind
            kinds type types sort way ways usual usually roughly long often time times after before
            over through during among according also make makes made actually really still part took
            take find found happen happened list lists report reported reports amount amounts
            compare compared contain contains contained appear appears distinct experience affect
            affects affected start started see sees seen don doesn didn isn aren wasn weren won
            heard hear right true correct okay explain mean means thing things same really like feel
            feels happens main key general then ok give overview mention mentioned""".split()
) | set(kratom_names().names + kratom_names().misspellings + kratom_names().slang)
WORD = re.compile(r"[a-z0-9][a-z0-9-]+")
STEMMER = Stemmer.Stemmer("english")  # the stemmer BM25 uses, so both agree on what a word is


def aspect_terms(query: str) -> list[str]:
    return [w for w in WORD.findall(query.lower()) if w not in GENERIC and len(w) > 2]


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


def _known(name: str, words: set[str]) -> bool:
    """Does any word share the name's first five letters ("Malaysia" / "Malaysian")?"""
    prefix = name[:5]
    return any(w.startswith(prefix) for w in words)


def named_entities(query: str) -> list[str]:
    """Capitalised words inside a sentence ("Japan", "WHO", "Alabama"): places, agencies, people."""
    names = []
    for sentence in re.split(r"[.?!]+", query):
        words = [w.removesuffix("'s").removesuffix("’s") for w in re.findall(r"[\w'’-]+", sentence)]
        names += [w.lower() for w in words[1:] if w[:1].isupper() and len(w) > 1 and w.lower() not in GENERIC]
    return names


def _text(hit: Hit) -> str:
    s = hit.chunk.source  # the id is an author-year slug: "What did the Olsen 2019 MMWR note find?"
    return f"{s.source_id} {s.title} {s.publisher} {hit.chunk.text}".lower()


def _stems(text: str) -> set[str]:
    words = WORD.findall(text)
    parts = [p for w in words if "-" in w for p in w.split("-") if len(p) > 2]
    return set(STEMMER.stemWords(words + parts))


def relevant(query: str, hits: list[Hit], threshold: float, window: int = 5) -> bool:
    """Is the best evidence close enough, and does it speak to what the question is about?

    A candidate holding every aspect term of the question (two or more) and its names answers it,
    whatever its similarity (BM25 finds exact wording, e.g. an author's name). Otherwise a name in
    the question (a country, a state, an agency) must be mentioned by a candidate close to it, and
    one close candidate must hold half the aspect terms: among the closest by similarity, or, held
    to two terms at least, among the first by fused rank. Words scattered over several findings,
    or one shared word in an unrelated finding ("damages" for "kidney damage"), are no answer.
    """
    terms = set(STEMMER.stemWords(aspect_terms(query)))
    names = named_entities(query)
    by_similarity, by_rank = sorted(hits, key=lambda h: -h.similarity)[:window], hits[:window]
    stems = {h.node_id: _stems(_text(h)) for h in by_similarity + by_rank}
    if len(terms) >= 2 and any(terms <= stems[h.node_id] and _mentions(h, names) for h in by_similarity + by_rank):
        return True
    close = [h for h in hits if h.similarity >= threshold]
    if not close or not _mentions(close, names):
        return False
    if not terms:
        return True

    def coverage(group: list[Hit]) -> int:
        return max((len(terms & stems[h.node_id]) for h in group if h.similarity >= threshold), default=0)

    half = math.ceil(len(terms) / 2)
    return coverage(by_similarity) >= half or coverage(by_rank) >= max(half, min(len(terms), 2))


def _mentions(hits: Hit | list[Hit], names: list[str]) -> bool:
    """Is every name mentioned by these hits (title, publisher or text)?"""
    group = hits if isinstance(hits, list) else [hits]
    words = set(WORD.findall(" ".join(_text(h) for h in group)))
    return all(_known(name, words) for name in names)

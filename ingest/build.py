"""Build the index: vetted chunks -> embeddings -> a new Chroma collection -> switch the pointer.

Node ids are content hashes and the collection name is a hash of all of them, so an unchanged
corpus is recognised without embedding anything, and a changed one re-embeds only new chunks
(the rest are copied from the serving collection). The pointer moves only after the new
collection is complete: a crash mid-build leaves the old index serving.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field

from llama_index.core.schema import TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from core.vocabulary import Chunk
from ingest.loaders import LoadError, load_file
from ingest.manifest import Defect, gate, load_manifest
from ingest.store import IndexStore, StoreUnavailable

log = logging.getLogger(__name__)
ADD_BATCH = 256


@dataclass
class IngestReport:
    sources: int = 0
    nodes: int = 0
    embedded: int = 0
    reused: int = 0
    skipped: list[Defect] = field(default_factory=list)
    seconds: float = 0.0
    collection: str = ""
    unchanged: bool = False

    def summary(self) -> str:
        state = "unchanged, nothing embedded" if self.unchanged else f"{self.embedded} embedded, {self.reused} reused"
        lines = [
            f"Indexed {self.sources} sources as {self.nodes} nodes ({state}) in {self.seconds:.1f} s "
            f"-> collection {self.collection}"
        ]
        if self.skipped:
            lines.append(f"Skipped {len(self.skipped)}:")
            lines += [f"  - {d}" for d in self.skipped]
        return "\n".join(lines)


def collect_chunks(settings) -> tuple[list[Chunk], int, list[Defect]]:
    """Chunks of every admitted source; sources that fail to load are skipped with the reason."""
    result = gate(load_manifest(settings.manifest_path), settings.corpus_dir)
    chunks, skipped, loaded = [], list(result.skipped), 0
    for source in result.admitted:
        if source.type == "synthesis":
            continue  # served whole by the composer (ingest.synthesis), not searched chunk by chunk
        try:
            chunks += load_file(settings.corpus_dir / source.file, source.meta())
            loaded += 1
        except LoadError as exc:
            skipped.append(Defect(source.id, str(exc)))
    return chunks, loaded, skipped


def _nodes(chunks: list[Chunk], model_name: str) -> list[TextNode]:
    unique: dict[str, TextNode] = {}
    for chunk in chunks:
        node_id = chunk.node_id(model_name)
        unique[node_id] = TextNode(id_=node_id, text=chunk.embed_text, metadata=chunk.metadata())
    return list(unique.values())


def _collection_name(prefix: str, node_ids: list[str]) -> str:
    return f"{prefix}-{hashlib.sha256('|'.join(sorted(node_ids)).encode()).hexdigest()[:24]}"


def _reusable_embeddings(store: IndexStore, active: str | None, ids: list[str]) -> dict[str, list[float]]:
    if not active or active not in store.names():
        return {}
    try:
        got = store.get(active).get(ids=ids, include=["embeddings"])
    except Exception as exc:  # a server that went away between two calls
        raise StoreUnavailable(f"cannot read the serving index {active}: {exc}") from exc
    embeddings = got.get("embeddings")
    if embeddings is None:
        return {}
    return {i: list(e) for i, e in zip(got["ids"], embeddings)}


def _publish(store: IndexStore, name: str, nodes: list[TextNode]) -> None:
    """Write and check the new collection, then move the pointer; any failure leaves the pointer alone."""
    try:
        vector_store = ChromaVectorStore(chroma_collection=store.create(name))
        for i in range(0, len(nodes), ADD_BATCH):
            vector_store.add(nodes[i : i + ADD_BATCH])
        written = store.get(name).count()
    except Exception as exc:  # chromadb has its own error types for a full disk, a read-only file, a lost server
        store.discard(name)  # a half-written collection only takes space
        raise StoreUnavailable(f"could not write the new index: {exc}. The serving index was left as it was.") from exc
    if written != len(nodes):
        store.discard(name)
        raise StoreUnavailable(
            f"collection {name} is incomplete ({written} of {len(nodes)}); the serving index was left as it was"
        )
    store.set_active(name, len(nodes))


def build_index(settings, store: IndexStore, embed_model, progress: bool = True) -> IngestReport:
    started = time.perf_counter()
    chunks, loaded, skipped = collect_chunks(settings)
    report = IngestReport(sources=loaded, skipped=skipped)
    nodes = _nodes(chunks, settings.embed_model_path())
    report.nodes = len(nodes)
    if not nodes:
        raise LoadError("no approved source could be loaded: nothing to index")
    name = _collection_name(settings.collection_prefix, [n.node_id for n in nodes])
    report.collection = name
    active = store.active_name()
    if active == name:
        report.unchanged = True
    else:
        old = _reusable_embeddings(store, active, [n.node_id for n in nodes])
        fresh = [n for n in nodes if n.node_id not in old]
        for node in nodes:
            node.embedding = old.get(node.node_id)
        if fresh:
            vectors = embed_model.get_text_embedding_batch([n.text for n in fresh], show_progress=progress)
            for node, vector in zip(fresh, vectors):
                node.embedding = vector
        report.embedded, report.reused = len(fresh), len(nodes) - len(fresh)
        _publish(store, name, nodes)
    # The previous collection stays one generation so replicas mid-query never lose it.
    store.drop_except({name} | ({active} if active else set()))
    report.seconds = time.perf_counter() - started
    return report

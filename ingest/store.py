"""Chroma access (the only chromadb import): embedded or server, and the active-collection pointer.

A rebuild writes a new collection and then moves the pointer, a single record in a small meta
collection, so readers (this process or other replicas on the same server) always see a
complete index.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlparse

import chromadb
import httpx
from chromadb.config import Settings as ChromaSettings

from core.settings import Settings

log = logging.getLogger(__name__)

META_SUFFIX = "meta"
POINTER_ID = "active"


class StoreUnavailable(Exception):
    """The vector store cannot be reached or written (server down, data dir read-only or full)."""


@dataclass(frozen=True)
class CollectionData:
    """Everything in a collection, loaded once: ids, texts, metadata and embeddings."""

    ids: list[str]
    documents: list[str]
    metadatas: list[dict]
    embeddings: list[list[float]]


def make_client(settings: Settings) -> chromadb.ClientAPI:
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            client = chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            _set_timeout(client, settings.chroma_timeout)
            return client
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)
    except Exception as exc:  # chromadb raises many types (connection, sqlite, value errors)
        raise StoreUnavailable(f"cannot open the vector store: {exc}") from exc


def _set_timeout(client: chromadb.ClientAPI, seconds: float) -> None:
    """chromadb's HTTP client never times out, so a hung server would hang every worker thread.

    There is no public option for it; the session is the client's httpx.Client.
    """
    session = getattr(getattr(client, "_server", None), "_session", None)
    if session is None:
        raise StoreUnavailable("this chromadb version hides its HTTP session; cannot bound request time")
    session.timeout = httpx.Timeout(seconds)


class IndexStore:
    """Named collections plus the pointer to the one that is serving."""

    def __init__(self, settings: Settings, client: chromadb.ClientAPI | None = None) -> None:
        self.settings = settings
        self.prefix = settings.collection_prefix
        self.client = client or make_client(settings)

    def _meta(self):
        return self.client.get_or_create_collection(f"{self.prefix}-{META_SUFFIX}", embedding_function=None)

    def active_name(self) -> str | None:
        try:
            record = self._meta().get(ids=[POINTER_ID], include=["metadatas"])
        except Exception as exc:
            raise StoreUnavailable(f"the vector store did not answer: {exc}") from exc
        metas = record.get("metadatas") or []
        return str(metas[0]["collection"]) if metas and metas[0] else None

    def set_active(self, name: str, n_nodes: int) -> None:
        # A one-dimensional placeholder vector: Chroma would otherwise embed a document itself.
        try:
            self._meta().upsert(
                ids=[POINTER_ID], embeddings=[[0.0]], metadatas=[{"collection": name, "n_nodes": n_nodes}]
            )
        except Exception as exc:
            raise StoreUnavailable(
                f"could not switch to collection {name}: {exc}; the serving index was left as it was"
            ) from exc

    def discard(self, name: str) -> None:
        """Best effort: remove a collection that failed to build; a later build removes it otherwise."""
        try:
            self.client.delete_collection(name)
        except Exception as exc:
            log.warning("could not remove the unfinished collection %s: %s", name, exc)

    def names(self) -> list[str]:
        return [c if isinstance(c, str) else c.name for c in self.client.list_collections()]

    def index_names(self) -> list[str]:
        return [n for n in self.names() if n.startswith(f"{self.prefix}-") and n != f"{self.prefix}-{META_SUFFIX}"]

    def create(self, name: str):
        if name in self.names():
            self.client.delete_collection(name)  # a leftover from an interrupted build
        return self.client.create_collection(name, metadata={"hnsw:space": "cosine"}, embedding_function=None)

    def get(self, name: str):
        return self.client.get_collection(name, embedding_function=None)

    def drop_except(self, keep: set[str]) -> list[str]:
        dropped = [n for n in self.index_names() if n not in keep]
        for name in dropped:
            self.client.delete_collection(name)
        return dropped

    def load_all(self, name: str, with_embeddings: bool = True) -> CollectionData:
        include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
        try:
            got = self.get(name).get(include=include)
        except Exception as exc:
            raise StoreUnavailable(f"cannot read collection {name}: {exc}") from exc
        embeddings = got.get("embeddings")
        return CollectionData(
            ids=list(got["ids"]),
            documents=list(got.get("documents") or []),
            metadatas=[dict(m) for m in (got.get("metadatas") or [])],
            embeddings=[list(e) for e in embeddings] if embeddings is not None else [],
        )

    def query(self, name: str, embedding: list[float], k: int) -> tuple[list[str], list[float]]:
        """Nearest ids and their cosine similarities."""
        try:
            result = self.get(name).query(query_embeddings=[embedding], n_results=k, include=["distances"])
        except Exception as exc:
            raise StoreUnavailable(f"search is unavailable: {exc}") from exc
        return list(result["ids"][0]), [1.0 - d for d in result["distances"][0]]

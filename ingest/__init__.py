"""Vetted ingest: manifest and gate, loaders, chunking, index build, and the index store it writes.

The chain reads the index through `IndexStore` from here, so the import direction stays one-way:
the chain depends on ingest, never the reverse.

Each public name is imported on first use (PEP 562): `corpus verify` needs the manifest but not
chromadb or llama-index, which the store and the build bring in.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.build import IngestReport, build_index
    from ingest.loaders import LoadError, load_file
    from ingest.lock import IngestBusy, ingest_lock
    from ingest.manifest import Defect, ManifestError, Source, gate, load_manifest, verify
    from ingest.store import CollectionData, IndexStore, StoreUnavailable

_HOME = {
    "CollectionData": "ingest.store",
    "IndexStore": "ingest.store",
    "StoreUnavailable": "ingest.store",
    "Defect": "ingest.manifest",
    "IngestBusy": "ingest.lock",
    "IngestReport": "ingest.build",
    "LoadError": "ingest.loaders",
    "ManifestError": "ingest.manifest",
    "Source": "ingest.manifest",
    "build_index": "ingest.build",
    "gate": "ingest.manifest",
    "ingest_lock": "ingest.lock",
    "load_file": "ingest.loaders",
    "load_manifest": "ingest.manifest",
    "verify": "ingest.manifest",
}
__all__ = [
    "CollectionData",
    "IndexStore",
    "StoreUnavailable",
    "Defect",
    "IngestBusy",
    "IngestReport",
    "LoadError",
    "ManifestError",
    "Source",
    "build_index",
    "gate",
    "ingest_lock",
    "load_file",
    "load_manifest",
    "verify",
]


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'ingest' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

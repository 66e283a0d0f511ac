"""Vetted ingest: manifest and gate, loaders, chunking, index build, and the index store it writes.

The chain reads the index through `IndexStore` from here, so the import direction stays one-way:
the chain depends on ingest, never the reverse.
"""

from ingest.build import IngestReport, build_index
from ingest.loaders import LoadError, load_file
from ingest.lock import IngestBusy, ingest_lock
from ingest.manifest import Defect, ManifestError, Source, gate, load_manifest, verify
from ingest.store import CollectionData, IndexStore, StoreUnavailable

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

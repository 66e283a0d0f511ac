"""Vetted ingest: manifest and gate, loaders, chunking, index build."""

from ingest.build import IngestReport, build_index
from ingest.loaders import LoadError, load_file
from ingest.lock import IngestBusy, ingest_lock
from ingest.manifest import Defect, ManifestError, Source, gate, load_manifest, verify

__all__ = [
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

"""Errors that are the user's to fix: the CLI prints them as one clear line instead of a traceback."""

from __future__ import annotations

from ingest.loaders import LoadError
from ingest.lock import IngestBusy
from ingest.manifest import ManifestError
from ingest.registry import RegistryError
from ingest.store import StoreUnavailable

USER_ERRORS: tuple[type[Exception], ...] = (
    FileNotFoundError,
    IngestBusy,
    LoadError,
    ManifestError,
    PermissionError,
    RegistryError,
    StoreUnavailable,
)

__all__ = ["USER_ERRORS"]

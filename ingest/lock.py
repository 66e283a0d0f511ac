"""One ingest at a time per data directory: a second one waits, then gives up with a message."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class IngestBusy(Exception):
    """Another ingest holds the lock."""


class DataDirUnwritable(PermissionError):
    """The data dir is read-only or full: an ingest cannot even take its lock."""


@contextmanager
def ingest_lock(data_dir: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    path = data_dir / "ingest.lock"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+")
    except OSError as exc:
        raise DataDirUnwritable(f"cannot write to the data dir {data_dir}: {exc.strerror or exc}") from None
    with handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise IngestBusy(f"an ingest is already running ({holder}); try again when it ends") from None
                time.sleep(0.2)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
        except OSError as exc:
            raise DataDirUnwritable(f"cannot write to the data dir {data_dir}: {exc.strerror or exc}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

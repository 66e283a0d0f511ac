"""Ingest under faults, with real `kratom-qa ingest` processes: SIGKILL, read-only or full disk, two at once.

Each test builds a first index, changes the corpus so the next ingest has seconds of embedding
to do, injects the fault, then checks that the serving index still answers and that a later
ingest completes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest

from assistant.retrieve import HybridRetriever
from core.settings import Settings
from ingest.build import IngestReport, build_index
from ingest.lock import ingest_lock
from ingest.store import IndexStore
from tests.corpus_changes import add_bulk_report
from tests.fixtures import build_corpus
from tests.servers import cli, cli_background

LIVER = "Can kratom cause liver injury?"
BULK = "What did the bulk observational report find in week 7 of follow up?"


def _top_source(settings: Settings, embed_model, question: str) -> str:
    store = IndexStore(settings)
    retriever = HybridRetriever(store, store.active_name(), top_k=10)
    vector = np.asarray(embed_model.get_query_embedding(question), dtype=np.float32)
    return retriever.retrieve(question, vector)[0].chunk.source.source_id


def _index(settings: Settings, embed_model, wait: float = 0.0) -> IngestReport:
    """Ingest in this process, through the same lock the CLI takes."""
    with ingest_lock(settings.data_dir, wait):
        return build_index(settings, IndexStore(settings), embed_model, progress=False)


def _active(settings: Settings) -> str | None:
    return IndexStore(settings).active_name()


def _completes(settings: Settings, embed_model) -> None:
    assert _index(settings, embed_model).collection == _active(settings)
    assert _top_source(settings, embed_model, BULK) == "bulk-report"


def _wait_for(predicate, within: float, what: str) -> None:
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > within:
            raise AssertionError(f"{what} did not happen within {within:.0f} s")
        time.sleep(0.1)


@pytest.fixture
def changed(tmp_path: Path, embed_model) -> tuple[Settings, str]:
    """A fixture corpus with a serving index, then a long new source waiting to be ingested."""
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=build_corpus(tmp_path))
    first = _index(settings, embed_model).collection
    add_bulk_report(settings, pages=200)
    return settings, first


def test_sigkill_mid_embedding_keeps_the_old_index_and_the_next_ingest_completes(
    changed, tmp_path, embed_model
) -> None:
    settings, first = changed
    log = tmp_path / "ingest.log"
    proc = cli_background(settings, log, "ingest")
    try:
        _wait_for(
            lambda: "Generating embeddings:" in log.read_text(errors="replace") or proc.poll() is not None,
            within=300,
            what="embedding",
        )
        time.sleep(1.0)
        assert proc.poll() is None, (
            "the ingest ended before it could be killed: " + log.read_text(errors="replace")[-500:]
        )
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert "Indexed" not in log.read_text(errors="replace")
    assert _active(settings) == first
    assert _top_source(settings, embed_model, LIVER) == "liver-case-series"
    _completes(settings, embed_model)  # the lock died with the process that held it


def test_second_ingest_exits_with_a_message_or_waits_its_turn(changed, tmp_path, embed_model) -> None:
    settings, _ = changed
    log = tmp_path / "first.log"
    first = cli_background(settings, log, "ingest", "--quiet")
    lock, waited = settings.data_dir / "ingest.lock", {}
    waiter = threading.Thread(target=lambda: waited.update(report=_index(settings, embed_model, wait=600)))
    try:
        _wait_for(lambda: lock.read_text() == f"pid {first.pid}", within=300, what="the first ingest taking the lock")
        first.send_signal(signal.SIGSTOP)  # hold it mid-ingest, whatever the machine's speed
        refused = cli(settings, "ingest", "--quiet")
        waiter.start()
        time.sleep(1.0)
        assert waiter.is_alive(), "the second ingest did not wait for the lock"
        first.send_signal(signal.SIGCONT)
        assert first.wait(600) == 0, log.read_text()
        waiter.join(600)
    finally:
        first.send_signal(signal.SIGCONT)
        first.kill()
        first.wait()
    assert refused.returncode == 2
    assert f"an ingest is already running (pid {first.pid})" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert "Indexed 7 sources" in log.read_text()
    assert waited["report"].unchanged, "the waiting ingest should find the index it waited for"
    assert _top_source(settings, embed_model, BULK) == "bulk-report"


# --- a disk that really fills up or turns read-only: a tmpfs, which needs root -----------------
def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True)


@contextmanager
def small_disk(path: Path, size_mb: int) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("a size-limited or read-only tmpfs needs root")
    path.mkdir(parents=True)
    try:
        _mount("-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(path))
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", size_mb=16) as path:
        yield path


def _fails_clearly(settings: Settings, expected: str) -> None:
    done = cli(settings, "ingest", "--quiet")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert expected in done.stderr.splitlines()[-1]


def test_read_only_data_dir_gives_a_clear_error_and_keeps_the_old_index(changed, disk, embed_model) -> None:
    built, first = changed
    # A copy, not a build in place: files this process holds open would stop the remount.
    settings = Settings(data_dir=disk / "data", corpus_dir=built.corpus_dir)
    shutil.copytree(built.data_dir, settings.data_dir)
    _mount("-o", "remount,ro", str(disk))
    try:
        _fails_clearly(settings, "cannot write to the data dir")
    finally:
        _mount("-o", "remount,rw", str(disk))
    assert _active(settings) == first
    assert _top_source(settings, embed_model, LIVER) == "liver-case-series"


def test_full_disk_gives_a_clear_error_and_keeps_the_old_index(disk, tmp_path, embed_model) -> None:
    settings = Settings(data_dir=disk / "data", corpus_dir=build_corpus(tmp_path))
    first = _index(settings, embed_model).collection
    add_bulk_report(settings, pages=100)  # ~150 KB of vectors alone
    filler = disk / "filler"
    stat = os.statvfs(disk)
    filler.write_bytes(b"\0" * (stat.f_bavail * stat.f_frsize - 64 * 1024))  # leave 64 KB
    try:
        _fails_clearly(settings, "disk is full")
        assert _active(settings) == first
        assert IndexStore(settings).index_names() == [first], "the half-written collection was not removed"
    finally:
        filler.unlink()
    assert _top_source(settings, embed_model, LIVER) == "liver-case-series"
    _completes(settings, embed_model)

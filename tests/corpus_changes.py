"""Corpus changes the server and fault tests make, through the real register-and-approve path."""

from __future__ import annotations

from pathlib import Path

from core.settings import Settings
from ingest.registry import add_source, approve_source
from tests.fixtures import make_pdf

SLEEP_DIGEST = """# Kratom and sleep study (2024)
## Summary
A sleep laboratory followed adults who use kratom daily and measured their sleep with polysomnography.
## Key findings
- In the sleep laboratory study, adults who used kratom daily slept 41 minutes less per night than matched controls. [§ Results, Table 2]
- Polysomnography in the kratom sleep study showed fewer deep sleep stages among daily users. [§ Results, Figure 1]
- Daytime sleepiness scores in the kratom sleep study were higher among daily users than among controls. [§ Results]
- The sleep laboratory recorded no breathing pauses linked to kratom among the adults it followed. [§ Results]
## Limitations
- A small single-site sleep study that cannot separate kratom from other habits. [§ Discussion]
"""
SLEEP_QUESTION = "How does daily kratom use affect sleep in the polysomnography study?"


def _register(settings: Settings, file: Path, source_id: str, title: str, kind: str) -> None:
    fields = {
        "id": source_id,
        "title": title,
        "type": kind,
        "year": 2024,
        "population": "human",
        "publisher": "Test Journal",
        "url": f"https://example.org/{source_id}",
        "topics": ["adverse_effects"],
    }
    add_source(settings.manifest_path, settings.corpus_dir, file, fields)
    approve_source(settings.manifest_path, settings.corpus_dir, source_id, "fixture source, checked against itself")


def add_sleep_study(settings: Settings) -> None:
    """One new approved digest that answers SLEEP_QUESTION, which the fixture corpus cannot."""
    path = settings.corpus_dir / "digests" / "sleep-study.md"
    path.write_text(SLEEP_DIGEST, encoding="utf-8")
    _register(settings, path, "sleep-study", "Kratom and sleep study", "peer_reviewed_primary")


def add_bulk_report(settings: Settings, pages: int = 400) -> None:
    """A long approved PDF: enough new chunks that embedding them takes seconds, not milliseconds."""
    path = settings.corpus_dir / "documents" / "bulk-report.pdf"
    make_pdf(
        path,
        [
            f"Observation {i} of the bulk report: an adult who used kratom reported change number {i * 7919 % 10007} "
            f"in appetite, mood and sleep during week {i % 52 + 1} of follow up."
            for i in range(pages)
        ],
    )
    _register(settings, path, "bulk-report", "Bulk observational report", "case_report")

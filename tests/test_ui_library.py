"""The Library tab's data: the vetted sources, their digests and vetting notes, search and filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT, Settings
from frontends.library import Library, entry_html, results_summary
from ingest.manifest import gate, load_manifest
from tests.fixtures import build_corpus


@pytest.fixture
def library(fixture_settings: Settings) -> Library:
    return Library.load(fixture_settings)


def test_lists_exactly_the_sources_the_gate_admits(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path, extra_status={"dose-survey": "pending"})
    (corpus / "digests" / "fda-statement.md").write_text("# altered after vetting\n", encoding="utf-8")
    library = Library.load(Settings(data_dir=tmp_path / "data", corpus_dir=corpus))
    ids = {e.source.id for e in library.entries}
    assert ids == {"liver-case-series", "withdrawal-treatment", "seizure-report", "poison-help"}


def test_newest_first_with_digests_parsed(library: Library) -> None:
    years = [e.source.year for e in library.entries]
    assert years == sorted(years, reverse=True)
    liver = library.get("liver-case-series")
    assert liver is not None and len(liver.digest.findings) == 4
    assert library.get("seizure-report").digest is None  # a PDF is indexed as is


@pytest.mark.parametrize(
    ("query", "topic", "kind", "year", "expected"),
    [
        ("liver", "", "", None, {"liver-case-series"}),
        ("LIVER registry", "", "", None, {"liver-case-series"}),
        ("buprenorphine", "", "", None, {"withdrawal-treatment"}),  # matches a finding, not the title
        ("", "us_federal", "", None, {"fda-statement"}),
        ("", "", "case_report", None, {"withdrawal-treatment", "seizure-report"}),
        ("", "", "", 2021, {"liver-case-series", "withdrawal-treatment"}),
        ("", "adverse_effects", "case_report", 2018, {"seizure-report"}),
        ("liver", "us_federal", "", None, set()),
    ],
)
def test_search_and_filters(library: Library, query, topic, kind, year, expected) -> None:
    assert {e.source.id for e in library.search(query, topic, kind, year)} == expected


def test_filter_choices_come_from_the_sources(library: Library) -> None:
    assert "us_federal" in library.topics() and "dependence" in library.topics()
    assert set(library.types()) == {"agency", "case_report", "peer_reviewed_primary", "survey"}
    assert library.years() == [2024, 2021, 2020, 2018]
    assert library.topics_by_source()["fda-statement"] == ["us_federal"]
    assert library.last_reviewed() == "2026-11-24"


def test_a_source_page_shows_digest_locators_links_and_vetting(library: Library) -> None:
    page = entry_html(library.get("liver-case-series"))
    for part in (
        "Liver injury case series (2021)",
        "<h4>Summary</h4>",
        "<h4>Key findings</h4>",
        "[§ Results, Table 1]",
        "<h4>Limitations</h4>",
        "Case series cannot prove",
        "<h4>Vetting</h4>",
        "fixture source",
        "2026-11-24",
        'href="https://example.org/liver-case-series"',
        ">Human study<",
    ):
        assert part in page, part


def test_source_page_escapes_manifest_text(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path)
    manifest = corpus / "sources.toml"
    text = manifest.read_text().replace('notes = "fixture source"', 'notes = "<script>x()</script>"', 1)
    manifest.write_text(
        text.replace('title = "Liver injury case series (2021)"', 'title = "Liver\'s <b>injury</b>"', 1)
    )
    page = entry_html(Library.load(Settings(data_dir=tmp_path / "d", corpus_dir=corpus)).get("liver-case-series"))
    assert "<script>" not in page and "&lt;script&gt;x()&lt;/script&gt;" in page
    assert "<b>" not in page and "aria-label='Liver&#x27;s &lt;b&gt;injury&lt;/b&gt;'" in page


def test_unreadable_manifest_gives_an_empty_library_with_the_reason(tmp_path: Path) -> None:
    library = Library.load(Settings(data_dir=tmp_path / "d", corpus_dir=tmp_path / "nowhere"))
    assert library.entries == [] and "no manifest" in library.problem
    assert results_summary(0, 0) == "No sources are available."
    assert "Choose a source" in entry_html(None)


def test_the_shipped_library_has_a_digest_for_every_markdown_source() -> None:
    settings = Settings(corpus_dir=PROJECT_ROOT / "corpus")
    library = Library.load(settings)
    admitted = gate(load_manifest(settings.manifest_path), settings.corpus_dir).admitted
    assert len(library.entries) == len(admitted) >= 50
    for entry in library.entries:
        if entry.source.file.endswith(".md"):
            assert entry.digest.findings and entry.digest.summary, entry.source.id
        assert entry.source.vetting.notes.strip(), entry.source.id

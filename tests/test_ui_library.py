"""The Library tab's data: the vetted sources, their digests and vetting notes, search and filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT, Settings
from frontends.library import PAGE_SIZE, Library, entry_html, page_of, page_summary, pages
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


def test_population_filter(library: Library) -> None:
    assert {e.source.id for e in library.search(population="n/a")} == {"fda-statement", "poison-help"}
    assert all(e.source.population == "human" for e in library.search(population="human"))
    assert library.search("liver", population="animal") == []


@pytest.mark.parametrize(
    ("found", "page", "summary"),
    [
        (73, 1, "Showing 1-10 of 73 vetted sources. Page 1 of 8."),
        (73, 8, "Showing 71-73 of 73 vetted sources. Page 8 of 8."),
        (73, 99, "Showing 71-73 of 73 vetted sources. Page 8 of 8."),
        (12, 2, "Showing 11-12 of 12 matching sources (73 in the library). Page 2 of 2."),
        (0, 1, "No source matches these filters."),
    ],
)
def test_the_list_is_shown_a_page_at_a_time(found: int, page: int, summary: str) -> None:
    assert PAGE_SIZE == 10 and page_summary(found, 73, page) == summary
    assert pages(found) == max(1, -(-found // 10))


def test_a_page_of_entries_clamps_to_the_ends(library: Library) -> None:
    entries = library.entries * 5
    assert page_of(entries, 1) == entries[:10] and page_of(entries, 0) == entries[:10]
    assert page_of(entries, 99) == entries[(pages(len(entries)) - 1) * 10 :]


def test_project_summaries_name_the_digests_they_rest_on_not_their_ids() -> None:
    library = Library.load(Settings(corpus_dir=PROJECT_ROOT / "corpus"))
    gaps = library.get("evidence-gaps-kratom-chronic-pain")
    assert gaps is not None
    page = entry_html(gaps, library.catalog())
    assert "ahrq-2022-living-review-plant-based-chronic-pain:" not in page
    assert library.catalog()["ahrq-2022-living-review-plant-based-chronic-pain"].title in page


def test_a_synthesis_page_names_its_sources_and_links_them() -> None:
    library = Library.load(Settings(corpus_dir=PROJECT_ROOT / "corpus"))
    page = entry_html(library.get("syn-poison-center-trends"), library.catalog())
    assert "<h3>Bottom line</h3>" in page and "Certainty: low" in page and "Rests on these sources" in page
    assert "[§" not in page and "post-2019-clintox-poison-centers:" not in page
    assert 'href="?source=post-2019-clintox-poison-centers"' in page


def test_filter_choices_come_from_the_sources(library: Library) -> None:
    assert "us_federal" in library.topics() and "dependence" in library.topics()
    assert set(library.types()) == {"agency", "case_report", "peer_reviewed_primary", "survey"}
    assert library.years() == [2024, 2021, 2020, 2018]
    assert library.catalog()["fda-statement"].topics == ("us_federal",)
    assert library.catalog()["liver-case-series"].title == "Liver injury case series (2021)"
    assert "n/a" in library.populations() and "human" in library.populations()
    assert library.last_reviewed() == "2026-11-24"


def test_a_source_page_shows_digest_locators_links_and_vetting(library: Library) -> None:
    page = entry_html(library.get("liver-case-series"))
    for part in (
        "Liver injury case series (2021)",
        "<h3>Summary</h3>",
        "<h3>Key findings</h3>",
        "[§ Results, Table 1]",
        "<h3>Limitations</h3>",
        "Case series cannot prove",
        "<h3>Vetting</h3>",
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
    assert page_summary(0, 0, 1) == "No sources are available."
    assert "Choose a source" in entry_html(None)


def test_the_shipped_library_has_a_digest_for_every_markdown_source() -> None:
    settings = Settings(corpus_dir=PROJECT_ROOT / "corpus")
    library = Library.load(settings)
    admitted = gate(load_manifest(settings.manifest_path), settings.corpus_dir).admitted
    assert len(library.entries) == len(admitted) >= 50
    for entry in library.entries:
        if entry.source.type == "synthesis":
            assert entry.synthesis is not None and entry.synthesis.key_points, entry.source.id
        elif entry.source.file.endswith(".md"):
            assert entry.digest.findings and entry.digest.summary, entry.source.id
        assert entry.source.vetting.notes.strip(), entry.source.id


def test_the_library_view_pages_filters_and_opens_a_cited_source(library: Library) -> None:
    from frontends.ui import LibraryView

    view = LibraryView(library)
    page, results, count, previous, following = view.refresh("", "", "", 0, "n/a")
    assert page == 1 and count == "Showing 1-2 of 2 matching sources (6 in the library). Page 1 of 1."
    assert [sid for _, sid in results["choices"]] == ["poison-help", "fda-statement"] and results["value"] is None
    assert previous["interactive"] is False and following["interactive"] is False
    tabs, detail = view.open("liver-case-series 1733300000")
    assert tabs.selected == "library" and "<h2>Liver injury case series (2021)</h2>" in detail
    assert all(value.get("__type__") == "update" for value in view.open("no-such-source 1"))


def test_the_page_buttons_walk_the_list_and_stop_at_its_ends(library: Library) -> None:
    from frontends.ui import LibraryView

    view = LibraryView(Library(library.entries * 3))  # 18 entries: two pages
    page, results, count, previous, following = view.turn(+1)(1, "", "", "", 0, "")
    assert page == 2 and len(results["choices"]) == 8 and count.startswith("Showing 11-18 of 18")
    assert previous["interactive"] is True and following["interactive"] is False
    page, results, *_ = view.turn(+1)(2, "", "", "", 0, "")
    assert page == 2, "no page past the last"
    page, results, _, previous, following = view.turn(-1)(2, "", "", "", 0, "")
    assert page == 1 and len(results["choices"]) == 10 and previous["interactive"] is False

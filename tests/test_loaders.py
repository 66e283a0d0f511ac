"""Loaders for digests, PDFs and HTML, and their clear errors on bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.vocabulary import SourceMeta
from ingest.loaders import LoadError, load_file
from tests.fixtures import DIGESTS, HTML_PAGE, PDF_PAGES, make_pdf

META = SourceMeta(source_id="s-1", title="A source", type="survey", population="human", year=2020)


def test_digest_findings_become_nodes_with_locators(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_text(DIGESTS["dose-survey"][-1], encoding="utf-8")
    chunks = load_file(path, META)
    findings = [c for c in chunks if c.section == "Key findings"]
    assert len(findings) == 4
    assert findings[0].locator == "Results, Table 2"
    assert findings[0].text.endswith("1 to 3 g per dose.")
    assert "[§" not in findings[0].text
    assert {c.section for c in chunks} == {"Summary", "Key findings", "Limitations"}


def test_pdf_pages_keep_their_page_locator(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    make_pdf(path, PDF_PAGES)
    chunks = load_file(path, META)
    assert [c.locator for c in chunks] == ["p. 1", "p. 2"]
    assert "generalised seizures" in chunks[0].text


def test_html_main_text_by_heading_without_scripts(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    chunks = load_file(path, META)
    assert [c.locator for c in chunks] == ["Poison Help line", "When to call"]
    joined = " ".join(c.text for c in chunks)
    assert "alert" not in joined and "menu" not in joined and "footer" not in joined


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.md", b"", "empty"),
        ("binary.md", b"\x00\x01\x02binary", "binary"),
        ("latin1.md", "caf\xe9 notes".encode("latin-1"), "not UTF-8"),
        ("corrupt.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("notes.docx", b"PK\x03\x04", "unsupported"),
        ("nofindings.md", b"# Title\n## Summary\nText.\n", "digest format"),
    ],
)
def test_bad_files_are_clear_load_errors(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError, match=message):
        load_file(path, META)


def test_html_with_only_scripts_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "s.html"
    path.write_text("<html><body><script>steal()</script></body></html>")
    with pytest.raises(LoadError, match="no readable main text"):
        load_file(path, META)

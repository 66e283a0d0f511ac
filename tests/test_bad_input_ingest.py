"""Bad corpus input at ingest: every problem named per source, nothing unvetted or scripted indexed."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from ingest.build import build_index
from ingest.manifest import ManifestError, sha256_of
from ingest.registry import add_source
from ingest.store import IndexStore
from tests.fixtures import make_pdf

SCRIPTED_HTML = """<html><head><script>alert('x')</script></head><body><main>
<h1>Poison Help line</h1>
<script>document.write('INJECTED-SCRIPT')</script>
<p onclick="steal()">The Poison Help line connects callers in the United States to their local poison center at any hour.</p>
<noscript>INJECTED-NOSCRIPT</noscript><iframe src="javascript:alert(1)">INJECTED-IFRAME</iframe>
<p>Call the poison center when someone may have swallowed, inhaled or touched something harmful.</p>
</main></body></html>"""


def _replace_vetted(settings: Settings, relative: str, content: bytes) -> None:
    """Change a vetted file and re-record its checksum, as a reviewer would after checking it."""
    path = settings.corpus_dir / relative
    old = sha256_of(path)
    path.write_bytes(content)
    manifest = settings.manifest_path
    manifest.write_text(manifest.read_text().replace(old, sha256_of(path)))


def _break_the_corpus(settings: Settings, tmp_path: Path) -> None:
    _replace_vetted(settings, "documents/seizure-report.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")
    _replace_vetted(settings, "documents/poison-help.html", SCRIPTED_HTML.encode())
    drifted = settings.corpus_dir / "digests" / "dose-survey.md"
    drifted.write_text(drifted.read_text().replace("49%", "94%"))  # edited after approval, checksum not updated
    manifest = settings.manifest_path
    fda = next(entry for entry in manifest.read_text().split("[[source]]") if 'id = "fda-statement"' in entry)
    manifest.write_text(manifest.read_text() + "[[source]]" + fda)  # the same id twice
    pending = tmp_path / "unreviewed.pdf"
    make_pdf(pending, ["An unreviewed report claims kratom cures everything for everyone, always and forever."])
    add_source(
        manifest,
        settings.corpus_dir,
        pending,
        {
            "id": "unreviewed",
            "title": "Unreviewed",
            "type": "case_report",
            "year": 2024,
            "population": "human",
            "url": "https://example.org/u",
        },
    )


@pytest.fixture
def broken(fixture_settings, tmp_path, embed_model):
    _break_the_corpus(fixture_settings, tmp_path)
    report = build_index(fixture_settings, IndexStore(fixture_settings), embed_model, progress=False)
    store = IndexStore(fixture_settings)
    return fixture_settings, report, store.load_all(store.active_name(), with_embeddings=False)


def test_each_bad_source_is_skipped_with_its_reason(broken) -> None:
    _, report, _ = broken
    reasons = {d.source_id: str(d) for d in report.skipped}
    assert "not a readable PDF" in reasons["seizure-report"]
    assert "checksum drift" in reasons["dose-survey"]
    assert "duplicate id" in reasons["fda-statement"]
    assert "not approved" in reasons["unreviewed"]
    summary = report.summary()
    assert all(source in summary for source in reasons)


def test_only_vetted_unaltered_text_is_indexed(broken) -> None:
    _, _, data = broken
    assert {m["source_id"] for m in data.metadatas} == {"liver-case-series", "withdrawal-treatment", "poison-help"}
    text = " ".join(data.documents)
    assert "Poison Help line connects callers" in text
    assert "INJECTED" not in text and "alert(" not in text and "steal()" not in text
    assert "cures everything" not in text and "94%" not in text


def test_bad_toml_stops_with_a_clear_error_and_keeps_the_index(broken, embed_model) -> None:
    settings, report, _ = broken
    settings.manifest_path.write_text('[[source]]\nid = "x"\ntitle = "unterminated\n')
    with pytest.raises(ManifestError, match="not valid TOML"):
        build_index(settings, IndexStore(settings), embed_model, progress=False)
    assert IndexStore(settings).active_name() == report.collection

"""The vetting gate and `corpus verify`: only approved, unaltered, well-formed sources pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.manifest import ManifestError, gate, load_manifest, verify
from tests.fixtures import build_corpus


def _ids(items) -> set[str]:
    return {getattr(x, "id", None) or x.source_id for x in items}


def test_gate_admits_only_approved_and_unaltered(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path, {"dose-survey": "pending", "fda-statement": "rejected"})
    (corpus / "digests" / "liver-case-series.md").write_text("tampered", encoding="utf-8")
    result = gate(load_manifest(corpus / "sources.toml"), corpus)
    assert _ids(result.admitted) == {"withdrawal-treatment", "seizure-report", "poison-help"}
    reasons = {d.source_id: d.problem for d in result.skipped}
    assert "pending" in reasons["dose-survey"]
    assert "rejected" in reasons["fda-statement"]
    assert "checksum drift" in reasons["liver-case-series"]


def test_gate_refuses_missing_file_and_duplicate_ids(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path)
    (corpus / "documents" / "poison-help.html").unlink()
    manifest = corpus / "sources.toml"
    text = manifest.read_text()
    manifest.write_text(text + text.split("[[source]]")[1].join(["[[source]]", ""]))
    result = gate(load_manifest(manifest), corpus)
    reasons = {d.source_id: d.problem for d in result.skipped}
    assert "missing" in reasons["poison-help"]
    assert reasons["liver-case-series"] == "duplicate id in the manifest"
    assert "liver-case-series" not in _ids(result.admitted)


def test_file_outside_corpus_is_refused(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path)
    outside = tmp_path / "elsewhere.md"
    outside.write_text("x")
    manifest = corpus / "sources.toml"
    manifest.write_text(manifest.read_text().replace('file = "digests/dose-survey.md"', 'file = "../elsewhere.md"'))
    reasons = {d.source_id: d.problem for d in gate(load_manifest(manifest), corpus).skipped}
    assert "outside the corpus" in reasons["dose-survey"]


def test_bad_toml_and_bad_schema_are_clear_errors(tmp_path: Path) -> None:
    manifest = tmp_path / "sources.toml"
    manifest.write_text("[[source]\nid = ")
    with pytest.raises(ManifestError, match="not valid TOML"):
        load_manifest(manifest)
    manifest.write_text('[[source]]\nid = "x-source"\ntitle = "T"\n')
    with pytest.raises(ManifestError, match="x-source"):
        load_manifest(manifest)


def test_verify_reports_format_and_identifier_defects(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path)
    sources = load_manifest(corpus / "sources.toml")
    assert verify(sources, corpus) == []
    digest = corpus / "digests" / "dose-survey.md"
    broken = digest.read_text().replace(" [§ Results, Table 3]", "")
    digest.write_text(broken)
    import hashlib

    manifest = corpus / "sources.toml"
    text = manifest.read_text()
    old = next(s.sha256 for s in sources if s.id == "dose-survey")
    manifest.write_text(
        text.replace(old, hashlib.sha256(broken.encode()).hexdigest()).replace(
            'url = "https://example.org/fda-statement"', ""
        )
    )
    problems = [str(d) for d in verify(load_manifest(manifest), corpus)]
    assert any("dose-survey: digest: finding 2 has no [§ ...] locator" in p for p in problems)
    assert any("fda-statement: no doi, pmid or url" in p for p in problems)

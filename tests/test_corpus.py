"""The shipped library: every approved digest well formed and unaltered, coverage kept, table current."""

from __future__ import annotations

from collections import Counter

import pytest

from core.settings import PROJECT_ROOT
from ingest.coverage import MINIMUM, OFFICIAL, PEER_REVIEWED, render_readme
from ingest.digest import parse_digest
from ingest.manifest import TOPICS, load_manifest, verify

CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="module")
def sources():
    return load_manifest(CORPUS / "sources.toml")


@pytest.fixture(scope="module")
def approved(sources):
    return [s for s in sources if s.vetting.status == "approved"]


def test_manifest_has_no_defects(sources) -> None:
    assert [str(d) for d in verify(sources, CORPUS)] == []


def test_library_size_and_kinds(approved) -> None:
    assert len(approved) >= 70
    assert sum(s.type in OFFICIAL for s in approved) >= 12
    assert sum(s.type in PEER_REVIEWED for s in approved) >= 30


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_meets_its_minimum(approved, topic) -> None:
    count = sum(topic in s.topics for s in approved)
    assert count >= MINIMUM[topic], f"{topic}: {count} approved sources, at least {MINIMUM[topic]} promised"


def test_at_least_twenty_sources_had_a_second_figure_check(approved) -> None:
    assert sum("re-checked" in s.vetting.rechecked for s in approved) >= 20


def test_every_approved_source_says_why_it_is_trusted(approved) -> None:
    for source in approved:
        assert len(source.vetting.notes) >= 40, source.id
        assert source.vetting.reviewed_on.startswith("20"), source.id


def test_regulatory_findings_are_dated(approved) -> None:
    import re

    year = re.compile(r"\b(19|20)\d\d\b")
    for source in approved:
        if source.type not in ("regulatory_notice", "legal_review"):
            continue
        digest = parse_digest((CORPUS / source.file).read_text(encoding="utf-8"))
        undated = [f.text for f in digest.findings if not year.search(f.text)]
        assert not undated, f"{source.id}: undated legal statements {undated}"


def test_ids_match_file_names_and_no_orphan_digests(sources) -> None:
    listed = {s.file for s in sources if s.file}
    on_disk = {f"digests/{p.name}" for p in (CORPUS / "digests").glob("*.md")}
    assert on_disk <= listed, f"digests not in the manifest: {sorted(on_disk - listed)}"
    for source in sources:
        if source.file and source.file.startswith("digests/"):
            assert source.file == f"digests/{source.id}.md"


def test_evidence_gaps_digest_states_what_is_not_known(approved) -> None:
    summary = next(s for s in approved if s.type == "evidence_summary")
    text = (CORPUS / summary.file).read_text(encoding="utf-8").lower()
    assert "fibromyalgia" in text and "no randomized controlled trial" in text


def test_coverage_table_is_current(sources) -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert render_readme(readme, sources) == readme, "run `kratom-qa corpus coverage --write`"


def test_topic_counts_in_the_table_match_the_manifest(approved) -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    counts = Counter(t for s in approved if s.type != "synthesis" for t in s.topics)
    assert f"| pain_evidence | {counts['pain_evidence']} |" in readme

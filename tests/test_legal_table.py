"""The legal table: every stated status has an approved source and a date, or says unknown."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.settings import PROJECT_ROOT, Settings
from ingest.legal import UNKNOWN, LegalRow, LegalTableError, load_legal_table, parse_legal_table, row_defects

ROW = LegalRow(
    place_id="us-tx",
    name="Texas",
    kind="state",
    country="US",
    aliases=["TX"],
    kratom="regulated",
    seven_oh="at most 2% of alkaloids",
    age_limit="unknown",
    effective="2023-09-01",
    as_of="2025-06-01",
    source="texas-act",
    locator="Key findings",
    notes="",
)


def test_a_dated_sourced_row_passes() -> None:
    assert row_defects(ROW, {"texas-act"}) == []
    assert ROW.known


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"source": UNKNOWN}, "without a source"),
        ({"source": "not-approved"}, "not an approved source"),
        ({"as_of": "recently"}, "without an as_of date"),
        ({"effective": "soon"}, "effective must be a date"),
        ({"kind": "planet"}, "kind"),
    ],
)
def test_a_status_without_a_source_or_date_is_refused(change: dict[str, str], problem: str) -> None:
    assert any(problem in p for p in row_defects(replace(ROW, **change), {"texas-act"}))


def test_an_unknown_row_needs_no_source() -> None:
    blank = replace(ROW, kratom=UNKNOWN, seven_oh=UNKNOWN, age_limit=UNKNOWN, effective=UNKNOWN, source=UNKNOWN)
    assert row_defects(blank, set()) == [] and not blank.known


def test_a_row_missing_a_field_is_named() -> None:
    with pytest.raises(LegalTableError, match="missing"):
        parse_legal_table('[[place]]\nid = "us-tx"\nname = "Texas"\n')


def test_the_shipped_table_covers_the_states_and_25_countries() -> None:
    rows = load_legal_table(Settings(corpus_dir=PROJECT_ROOT / "corpus"))
    kinds = [r.kind for r in rows]
    assert kinds.count("state") >= 51  # 50 states and DC
    assert kinds.count("country") >= 25
    assert any(r.place_id == "us" for r in rows)

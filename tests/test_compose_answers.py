"""The composer: a synthesis's bottom line or a legal row leads, citations resolve to the primary source."""

from __future__ import annotations

import re

import numpy as np

from assistant.compose import Plan, SourceIndex, compose_answer, compose_legal, serves
from core.vocabulary import Chunk, Hit, SourceMeta
from ingest.legal import LegalRow
from ingest.synthesis import Synthesis


def _meta(source_id: str) -> SourceMeta:
    return SourceMeta(source_id=source_id, title=f"Title of {source_id}", type="survey", population="human", year=2021)


def _chunk(source_id: str, locator: str, text: str) -> Chunk:
    return Chunk(source=_meta(source_id), section="Key findings", locator=locator, text=text)


CHUNKS = [
    _chunk("liver-2021", "Results", "Eleven adults developed liver injury after kratom."),
    _chunk("review-2020", "Abstract", "A review of 26 case reports found a cholestatic pattern."),
    _chunk("law-2025", "s. 3", "The Louisiana act bans the sale of kratom from 1 August 2025."),
]
SOURCES = SourceIndex({c.source.source_id: c.source for c in CHUNKS}, CHUNKS)
SYNTHESIS = Synthesis(
    "syn-liver",
    "Can kratom hurt the liver?",
    ["Can kratom hurt the liver?"],
    "Yes, case series report liver injury. [§ liver-2021: Results] [§ review-2020: Abstract]",
    ["Most cases were cholestatic. [§ review-2020: Abstract]"],
    ["How often it happens is not known."],
    "low",
    "case reports only",
    "safety",
    ["adverse_effects"],
    "2026-12-04",
)


def _hit(chunk: Chunk, vector: list[float]) -> Hit:
    v = np.asarray(vector, dtype=np.float32)
    return Hit(chunk.locator, chunk, 0.1, float(v @ np.array([1, 0], dtype=np.float32)), v)


def test_the_synthesis_bottom_line_leads_and_every_citation_is_a_primary_source() -> None:
    hits = [_hit(CHUNKS[0], [1.0, 0.0]), _hit(CHUNKS[1], [0.9, 0.1])]
    plan = Plan(5, 0.7, "safety", SYNTHESIS, SOURCES, note="La biblioteca está en inglés.")
    brief = compose_answer(hits, np.array([1.0, 0.0], dtype=np.float32), plan)
    lead = brief.answer.split("\n\n")[0]
    assert lead.startswith("**Bottom line:** Yes, case series report liver injury. [1] [2]")
    assert "[§" not in brief.answer
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", brief.answer)}
    assert markers == {c.n for c in brief.citations}
    first = brief.citations[0]
    assert (first.source_id, first.locator, first.year) == ("liver-2021", "Results", 2021)
    assert first.finding == CHUNKS[0].text, "the citation carries the digest's finding at that locator"
    assert "_La biblioteca está en inglés._" in brief.answer
    assert "Certainty of the evidence: low" in brief.answer


def test_findings_far_below_the_best_are_dropped_not_padded() -> None:
    hits = [_hit(CHUNKS[0], [1.0, 0.0]), _hit(CHUNKS[2], [0.2, 0.98])]
    brief = compose_answer(hits, np.array([1.0, 0.0], dtype=np.float32), Plan(5, 0.7))
    assert [c.source_id for c in brief.citations] == ["liver-2021"]


def test_a_legal_row_leads_with_its_date_source_and_that_laws_change() -> None:
    row = LegalRow(
        "us-la", "Louisiana", "state", "US", [], "banned", "banned", "unknown", "2025-08-01", "2025-08-01",
        "law-2025", "s. 3", "",
    )  # fmt: skip
    hits = [_hit(CHUNKS[2], [1.0, 0.0]), _hit(CHUNKS[0], [0.9, 0.1])]
    brief = compose_legal(row, SOURCES, hits, np.array([1.0, 0.0], dtype=np.float32), Plan(5, 0.7, "legal"))
    lead = brief.answer.split("\n\n")[0]
    assert lead.startswith("**Bottom line:** As of 2025-08-01, kratom's legal status in Louisiana: banned. [1]")
    assert "Laws change" in lead
    assert brief.citations[0].source_id == "law-2025" and brief.citations[0].locator == "s. 3"
    assert "liver" not in brief.answer, "only findings about the place follow the row"


def test_a_narrow_intent_keeps_only_findings_that_speak_to_it() -> None:
    assert serves("legal", "The act bans the sale of kratom.")
    assert not serves("legal", "Eleven adults developed liver injury.")
    assert serves("safety", "Anything close enough serves a broad question.")


def test_a_near_tie_from_another_source_joins_the_lead() -> None:
    tied = [_hit(CHUNKS[0], [0.98, 0.2]), _hit(CHUNKS[1], [0.98, -0.2])]
    lead = compose_answer(tied, np.array([1.0, 0.0], dtype=np.float32), Plan(5, 0.7)).answer.split("\n\n")[0]
    assert "[1]" in lead and "[2]" in lead
    apart = [_hit(CHUNKS[0], [1.0, 0.0]), _hit(CHUNKS[1], [0.85, 0.53])]
    lead = compose_answer(apart, np.array([1.0, 0.0], dtype=np.float32), Plan(5, 0.7)).answer.split("\n\n")[0]
    assert "[2]" not in lead

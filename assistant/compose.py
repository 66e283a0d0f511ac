"""The composer: an evidence brief from a synthesis, a legal row and retrieved findings, no LLM needed.

The bottom line answers first: the matching synthesis's, the legal row's, or else the most relevant
finding. Each sentence carries its [n] markers; the citations are data on the Response, resolved to
the primary source and locator, numbered in the order the answer uses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.understand import fold, matches
from core.vocabulary import Chunk, Citation, Hit, SourceMeta, evidence_label
from ingest.legal import UNKNOWN, LegalRow
from ingest.synthesis import Synthesis

DISCLAIMER = (
    "_This summarises what vetted sources report; it is not medical advice, and no dose of kratom "
    "has been established as safe or effective for anyone. Talk to a clinician or pharmacist about "
    "your own situation._"
)


MARKER = re.compile(r"\[(\d+)\]")


def renumber(answer: str, citations: list[Citation]) -> Brief:
    """Keep the citations the answer uses, numbered 1..k in order of first use.

    Needed whenever text was rewritten or scrubbed after composing: every [n] must map to a
    citation and every citation must be used. Markers outside 1..len(citations) raise ValueError.
    """
    order: list[int] = []
    for match in MARKER.finditer(answer):
        n = int(match.group(1))
        if not 1 <= n <= len(citations):
            raise ValueError(f"[{n}] has no citation")
        if n not in order:
            order.append(n)
    new = {old: i for i, old in enumerate(order, 1)}
    text = MARKER.sub(lambda m: f"[{new[int(m.group(1))]}]", answer)
    return Brief(text, [citations[old - 1].model_copy(update={"n": new[old]}) for old in order])


@dataclass(frozen=True)
class Brief:
    answer: str
    citations: list[Citation]


SECTION_WEIGHT = {"Summary": 0.9, "Limitations": 0.8}
MAX_PER_SOURCE = 3
# How much exact wording counts beside meaning: the finding that names the figure or the term
# asked about ("how many recommendations ...") beats one that is merely on the same subject.
LEXICAL_WEIGHT = 0.2


def relevance(hit: Hit, query_vector: np.ndarray) -> float:
    meaning = float(hit.embedding @ query_vector)
    return (meaning + LEXICAL_WEIGHT * hit.lexical) * SECTION_WEIGHT.get(hit.chunk.section, 1.0)


def select_mmr(hits: list[Hit], query_vector: np.ndarray, k: int, lam: float) -> list[Hit]:
    """Maximal marginal relevance: relevant findings that do not repeat each other or one source."""
    chosen: list[Hit] = []
    pool = list(hits)

    def gain(hit: Hit) -> float:
        redundancy = max((float(hit.embedding @ c.embedding) for c in chosen), default=0.0)
        return lam * relevance(hit, query_vector) - (1 - lam) * redundancy

    while pool and len(chosen) < k:
        best = max(pool, key=gain)
        pool.remove(best)
        same_source = sum(c.chunk.source.source_id == best.chunk.source.source_id for c in chosen)
        if same_source >= MAX_PER_SOURCE or any(float(best.embedding @ c.embedding) > 0.95 for c in chosen):
            continue  # a near-copy, or a source that already speaks three times
        chosen.append(best)
    return chosen


def _rank(hits: list[Hit]) -> list[Hit]:
    # Findings answer questions; a summary or limitations node only when nothing better exists.
    order = {"Key findings": 0, "Page": 0, "Section": 0, "Summary": 1, "Limitations": 2}
    return sorted(hits, key=lambda h: (order.get(h.chunk.section, 1), -h.similarity))


def _citation(n: int, hit: Hit) -> Citation:
    s = hit.chunk.source
    return Citation(
        n=n,
        source_id=s.source_id,
        title=s.title,
        url=s.url,
        locator=hit.chunk.locator,
        type=s.type,
        population=s.population,
        year=s.year,
        publisher=s.publisher,
        published=s.published,
        finding=hit.chunk.text,
        evidence=evidence_label(s.type, s.population, s.title),
    )


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


@dataclass(frozen=True)
class Plan:
    """What the composer is asked to build, beside the hits."""

    max_findings: int
    lam: float
    intent: str = "other"
    synthesis: Synthesis | None = None
    sources: SourceIndex | None = None
    note: str = ""  # the one line, in the user's language, that the answer is in English


class Numbering:
    """Citation numbers in order of first use; the same source and locator keep one number."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._by_key: dict[tuple[str, str], int] = {}

    def add(self, citation: Citation) -> int:
        key = (citation.source_id, citation.locator)
        if key not in self._by_key:
            self._by_key[key] = len(self.citations) + 1
            self.citations.append(citation.model_copy(update={"n": self._by_key[key]}))
            return self._by_key[key]
        # One number stands for every finding cited at that place, so it carries all of them.
        n = self._by_key[key]
        held = self.citations[n - 1]
        if citation.finding and citation.finding not in held.finding:
            self.citations[n - 1] = held.model_copy(update={"finding": f"{held.finding} {citation.finding}".strip()})
        return n


class SourceIndex:
    """Resolves a synthesis or legal-table citation (digest id, locator) to its primary source."""

    def __init__(self, metas: dict[str, SourceMeta], chunks: list[Chunk]) -> None:
        self.metas = metas
        self.findings: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            self.findings.setdefault(chunk.source.source_id, []).append(chunk)

    def citation(self, source_id: str, locator: str, claim: str) -> Citation | None:
        """The citation, with the digest's findings at that locator (one number stands for all the
        claims citing it, so all of them), or else the finding of that source nearest the claim."""
        meta = self.metas.get(source_id)
        if meta is None:
            return None
        chunks = self.findings.get(source_id, [])
        exact = [c.text for c in chunks if c.locator.strip() == locator.strip()]
        words = set(WORDS.findall(claim.lower()))
        nearest = max(chunks, key=lambda c: len(words & set(WORDS.findall(c.text.lower()))), default=None)
        finding = " ".join(exact) if exact else (nearest.text if nearest else "")
        return Citation(
            n=0,
            source_id=meta.source_id,
            title=meta.title,
            url=meta.url,
            locator=locator,
            type=meta.type,
            population=meta.population,
            year=meta.year,
            publisher=meta.publisher,
            published=meta.published,
            finding=finding,
            evidence=evidence_label(meta.type, meta.population, meta.title),
        )


WORDS = re.compile(r"[a-z][a-z0-9-]+")
SYNTHESIS_CITATION = re.compile(r"\s*\[§\s*([a-z0-9][a-z0-9-]+)\s*:\s*([^\]]+)\]")
# A finding is shown only when it comes this close to the best one: no padding to max_findings.
RELATIVE_FLOOR = 0.75
# A second finding joins the lead when its relevance is at least this share of the first's.
LEAD_TIE = 0.95
# Beside a synthesis and its key points, a few findings add what it does not say.
MAX_EXTRA_FINDINGS = 3


def cite_text(text: str, sources: SourceIndex, numbering: Numbering) -> str:
    """A synthesis sentence with its [§ id: locator] citations turned into [n] markers."""
    claim = SYNTHESIS_CITATION.sub("", text)

    def marker(match: re.Match[str]) -> str:
        citation = sources.citation(match.group(1), match.group(2), claim)
        return f" [{numbering.add(citation)}]" if citation else ""

    return SYNTHESIS_CITATION.sub(marker, text).strip()


def serves(intent: str, text: str) -> bool:
    """Does a finding speak to what was asked? Broad intents accept any finding close enough."""
    if intent in BROAD_INTENTS:
        return True
    return any(p.table == "intent" and p.key == intent for p in matches(text))


BROAD_INTENTS = ("other", "definition", "evidence_quality", "efficacy", "safety", "comparison", "practical")


def _findings(hits: list[Hit], query_vector: np.ndarray, plan: Plan, k: int) -> list[Hit]:
    candidates = [h for h in hits if h.similarity > 0][: plan.max_findings * 4]
    chosen = select_mmr(candidates, query_vector, plan.max_findings, plan.lam)
    chosen = sorted(chosen, key=lambda h: -relevance(h, query_vector))
    if not chosen:
        return []
    floor = RELATIVE_FLOOR * relevance(chosen[0], query_vector)
    kept = [chosen[0], *(h for h in chosen[1:] if relevance(h, query_vector) >= floor)]
    on_point = [kept[0], *(h for h in kept[1:] if serves(plan.intent, h.chunk.text))]
    return on_point[:k]


def _finding_line(hit: Hit, numbering: Numbering) -> str:
    citation = _citation(0, hit)
    return f"- *{citation.evidence}* - {_sentence(hit.chunk.text)} [{numbering.add(citation)}]"


def _leads(chosen: list[Hit], query_vector: np.ndarray) -> list[Hit]:
    """The most relevant finding, and the next one too when it is as close to the question (a near
    tie) and from another source: which of the two holds the asked-for figure is a coin toss."""
    if len(chosen) < 2:
        return chosen[:1]
    first, second = chosen[0], chosen[1]
    tie = relevance(second, query_vector) >= LEAD_TIE * relevance(first, query_vector)
    other = second.chunk.source.source_id != first.chunk.source.source_id
    return [first, second] if tie and other else [first]


def _lead_sentence(hit: Hit, numbering: Numbering) -> str:
    return f"{_sentence(hit.chunk.text)} [{numbering.add(_citation(0, hit))}]"


def compose_answer(hits: list[Hit], query_vector: np.ndarray, plan: Plan) -> Brief:
    """The bottom line first (the synthesis's, else the most relevant finding), then the synthesis's
    key points and the findings that serve the question, each cited; what is not known last."""
    numbering = Numbering()
    synthesis, sources = plan.synthesis, plan.sources
    if synthesis is None or sources is None:
        chosen = _findings(hits, query_vector, plan, plan.max_findings)
        if not chosen:
            raise ValueError("nothing to compose")
        leads = _leads(chosen, query_vector)
        rest = _rank(chosen[len(leads) :])
        lines = ["**Bottom line:** " + " ".join(_lead_sentence(h, numbering) for h in leads)]
        if rest:
            lines += ["", "**What the vetted sources report:**", *(_finding_line(h, numbering) for h in rest)]
        return _finish(lines, numbering, plan)
    chosen = _findings(hits, query_vector, plan, plan.max_findings)
    lead_text = cite_text(synthesis.bottom_line, sources, numbering)
    # The bottom line answers the question people ask; the finding closest to the exact question
    # joins it, so a question after one figure finds that figure in the lead too.
    leads = _leads(chosen, query_vector)
    lead_text += "".join(" " + _lead_sentence(h, numbering) for h in leads)
    lines = [f"**Bottom line:** {lead_text}"]
    lines += ["", "**Key points:**", *(f"- {cite_text(p, sources, numbering)}" for p in synthesis.key_points)]
    extra = chosen[len(leads) :][:MAX_EXTRA_FINDINGS]
    if extra:
        lines += ["", "**Other findings:**", *(_finding_line(h, numbering) for h in extra)]
    if synthesis.not_known:
        lines += ["", "**What is not known:**", *(f"- {cite_text(p, sources, numbering)}" for p in synthesis.not_known)]
    lines += ["", f"_Certainty of the evidence: {synthesis.certainty} ({synthesis.certainty_reason})_"]
    return _finish(lines, numbering, plan)


def compose_legal(row: LegalRow, sources: SourceIndex, hits: list[Hit], query_vector: np.ndarray, plan: Plan) -> Brief:
    """A legal question about a place: the dated, sourced row first, and that laws change; then the
    findings that name the place."""
    numbering = Numbering()
    status = f"As of {row.as_of}, kratom's legal status in {row.name}: {row.kratom.rstrip('.')}"
    citation = sources.citation(row.source, row.locator, f"{status} {row.notes}")
    mark = f" [{numbering.add(citation)}]" if citation else ""
    lead = [f"**Bottom line:** {status}.{mark}"]
    if row.seven_oh != UNKNOWN:
        lead.append(f"7-OH (7-hydroxymitragynine) products: {row.seven_oh}.{mark}")
    if row.age_limit != UNKNOWN:
        lead.append(f"Age limit: {row.age_limit}.{mark}")
    if row.effective != UNKNOWN:
        lead.append(f"In effect since {row.effective}.{mark}")
    lead.append("Laws change, so the current law where you are may differ.")
    lines = [" ".join(lead)]
    if row.notes:
        lines += ["", f"{_sentence(row.notes)}{mark}"]
    place = fold(row.name)
    about = [h for h in _findings(hits, query_vector, plan, plan.max_findings) if place in fold(h.chunk.text)]
    if about:
        lines += ["", "**What the vetted sources report:**", *(_finding_line(h, numbering) for h in about)]
    return _finish(lines, numbering, plan)


def _finish(lines: list[str], numbering: Numbering, plan: Plan) -> Brief:
    if plan.note:
        lines += ["", f"_{plan.note}_"]
    lines += ["", DISCLAIMER]
    return Brief("\n".join(lines), numbering.citations)

"""The extractive composer: an evidence brief from retrieved findings, no LLM needed.

Each sentence of the answer is a finding from a vetted digest, carrying its [n] marker; the
citations are data on the Response, numbered in the order the answer uses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from core.vocabulary import Citation, Hit, evidence_label

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


def compose(hits: list[Hit], query_vector: np.ndarray, max_findings: int, lam: float) -> Brief:
    """Bottom line from the most relevant finding, then the other findings, each cited."""
    candidates = [h for h in hits if h.similarity > 0][: max_findings * 4]
    chosen = select_mmr(candidates, query_vector, max_findings, lam)
    chosen = sorted(chosen, key=lambda h: -relevance(h, query_vector))
    lead, rest = chosen[0], _rank(chosen[1:])
    ordered = [lead, *rest]
    citations = [_citation(n, hit) for n, hit in enumerate(ordered, 1)]
    lines = [f"**Bottom line:** {_sentence(lead.chunk.text)} [1]"]
    if rest:
        lines += ["", "**What the vetted sources report:**"]
        lines += [f"- *{c.evidence}* - {_sentence(c.finding)} [{c.n}]" for c in citations[1:]]
    lines += ["", DISCLAIMER]
    return Brief("\n".join(lines), citations)

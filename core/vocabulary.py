"""The project's vocabulary: the typed data every layer speaks, and nothing else.

Chunks going into the index, hits coming out of retrieval, the Response of a turn, the actions
and categories a turn can end in, and the labels shown for evidence. Imports nothing of the
project (an import-linter contract checks it).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, get_args

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    import numpy as np

Role = Literal["user", "assistant"]
ActionName = Literal["answered", "no_evidence", "declined", "urgent", "out_of_scope"]
# What a question asks: question understanding assigns one, the QA set labels one, syntheses carry one.
Intent = Literal[
    "definition",
    "efficacy",
    "safety",
    "interaction",
    "legal",
    "pharmacology",
    "treatment",
    "comparison",
    "evidence_quality",
    "practical",
    "other",
]
INTENTS: tuple[Intent, ...] = get_args(Intent)


class Message(BaseModel):
    role: Role
    content: str
    # On an assistant turn: the decision that turn ended in, so the next turn's guardrails read
    # earlier decisions as data (never by re-reading the reply text). Optional: plain
    # {role, content} histories stay valid.
    category: str | None = None
    action: ActionName | None = None


class SourceMeta(BaseModel):
    """What a citation needs to know about a source (copied onto every chunk of it)."""

    source_id: str
    title: str
    publisher: str = ""
    url: str = ""
    type: str
    population: str
    year: int
    published: str = ""
    topics: list[str] = Field(default_factory=list)


class Chunk(BaseModel):
    """One indexable unit: a finding, a summary, a page or a section of a source."""

    source: SourceMeta
    section: str
    locator: str
    text: str

    @property
    def embed_text(self) -> str:
        # The title gives a bare finding its context ("FDA", "case report") for both retrievers.
        return f"{self.source.title}. {self.text}"

    def node_id(self, model_name: str) -> str:
        key = "\x1f".join((model_name, self.source.source_id, self.section, self.locator, self.embed_text))
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    def metadata(self) -> dict[str, str | int]:
        s = self.source
        return {
            "source_id": s.source_id,
            "title": s.title,
            "publisher": s.publisher,
            "url": s.url,
            "type": s.type,
            "population": s.population,
            "year": s.year,
            "published": s.published,
            "topics": ",".join(s.topics),
            "section": self.section,
            "locator": self.locator,
            "finding": self.text,
        }

    @classmethod
    def from_metadata(cls, meta: dict[str, Any]) -> Chunk:
        source = SourceMeta(
            source_id=meta["source_id"],
            title=meta["title"],
            publisher=meta.get("publisher", ""),
            url=meta.get("url", ""),
            type=meta["type"],
            population=meta["population"],
            year=int(meta["year"]),
            published=meta.get("published", ""),
            topics=[t for t in str(meta.get("topics", "")).split(",") if t],
        )
        return cls(source=source, section=meta["section"], locator=meta["locator"], text=meta["finding"])


class Citation(BaseModel):
    """A numbered reference; the answer's [n] markers point here (contract)."""

    n: int
    source_id: str
    title: str
    url: str
    locator: str
    type: str
    population: str
    year: int
    publisher: str = ""
    published: str = ""
    finding: str = ""
    evidence: str = ""


class StageTimings(BaseModel):
    guardrail_ms: float = 0.0
    retrieval_ms: float = 0.0
    compose_ms: float = 0.0
    total_ms: float = 0.0


class LegalStatus(BaseModel):
    """The row of the legal-status table (corpus/legal/status.toml) a legal answer rests on."""

    name: str
    kratom: str
    seven_oh: str
    age_limit: str
    effective: str
    as_of: str
    source: str


class Response(BaseModel):
    """What the chain returns for one turn (contract)."""

    action: ActionName
    category: str
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    reason: str = ""
    query: str = ""
    timings: StageTimings = Field(default_factory=StageTimings)
    certainty: str = ""  # of the synthesis the answer leads with: high, moderate, low or very low
    legal: LegalStatus | None = None

    def contract(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "category": self.category,
            "answer": self.answer,
            "citations": [
                c.model_dump(include={"n", "source_id", "title", "url", "locator", "type", "population", "year"})
                for c in self.citations
            ],
        }


class Category(StrEnum):
    informational = "informational"
    personal_dosing = "personal_dosing"
    interaction = "interaction"
    pregnancy = "pregnancy"
    tapering = "tapering"
    replace_treatment = "replace_treatment"
    sourcing = "sourcing"
    emergency = "emergency"
    self_harm = "self_harm"
    off_topic = "off_topic"
    prompt_injection = "prompt_injection"


class Action(StrEnum):
    answered = "answered"
    no_evidence = "no_evidence"
    declined = "declined"
    urgent = "urgent"
    out_of_scope = "out_of_scope"


@dataclass
class Hit:
    """One retrieved chunk with its fused score and the similarities the relevance decision uses."""

    node_id: str
    chunk: Chunk
    score: float
    similarity: float
    embedding: np.ndarray
    lexical: float = 0.0  # BM25 score over the query's best BM25 score (0 when BM25 did not find it)


# Labels shown for evidence: one place for the words the answer, the cards and the library use.
EVIDENCE_LABELS = {
    "agency": "Agency statement",
    "guideline": "Clinical guideline",
    "regulatory_notice": "Regulatory notice",
    "legal_review": "Legal review",
    "peer_reviewed_review": "Review",
    "evidence_summary": "Evidence summary",
    "survey": "Survey",
    "case_report": "Case report",
    "animal_study": "Animal study",
}

POPULATION_LABELS = {"human": "Human", "animal": "Animal", "in_vitro": "In vitro", "mixed": "Mixed"}


def evidence_label(source_type: str, population: str, title: str = "") -> str:
    if source_type in EVIDENCE_LABELS:
        return EVIDENCE_LABELS[source_type]
    if population == "animal":
        return "Animal study"
    if population == "in_vitro":
        return "Lab study"
    if re.search(r"randomi[sz]ed|placebo", title, re.I):
        return "Randomised trial"
    return "Human study"

"""Typed data at the boundaries: chunks going into the index, the Response coming out."""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, Field

Role = Literal["user", "assistant"]
ActionName = Literal["answered", "no_evidence", "declined", "urgent", "out_of_scope"]


class Message(BaseModel):
    role: Role
    content: str


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
    def from_metadata(cls, meta: dict) -> "Chunk":
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


class Response(BaseModel):
    """What the chain returns for one turn (contract)."""

    action: ActionName
    category: str
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    reason: str = ""
    query: str = ""
    timings: StageTimings = Field(default_factory=StageTimings)

    def contract(self) -> dict:
        return {
            "action": self.action,
            "category": self.category,
            "answer": self.answer,
            "citations": [
                c.model_dump(include={"n", "source_id", "title", "url", "locator", "type", "population", "year"})
                for c in self.citations
            ],
        }

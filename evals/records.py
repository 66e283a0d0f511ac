"""What one eval item produced and how it was judged: one line of results.jsonl."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class ClaimSupport(BaseModel):
    """One cited span of an answer checked against one finding it cites."""

    claim: str
    n: int
    lexical: float
    semantic: float
    numbers_ok: bool
    supported: bool


class ItemResult(BaseModel):
    id: str
    dataset: Literal["qa", "safety"]
    split: str = ""
    language: str = "en"  # the labelled language of a safety conversation
    topic: str
    messages: list[dict[str, str]]
    expected_action: str
    expected_category: str = ""
    action: str
    category: str
    answer: str
    citations: list[dict] = Field(default_factory=list)
    query: str = ""
    timings: dict[str, float] = Field(default_factory=dict)
    gold_sources: list[str] = Field(default_factory=list)
    key_facts: list[str] = Field(default_factory=list)
    retrieved: list[str] = Field(default_factory=list, description="distinct sources, retrieval order")
    facts_found: list[bool] = Field(default_factory=list)
    facts_in_lead: list[bool] = Field(default_factory=list, description="key facts in the first paragraph")
    intent: str = ""
    on_point: list[bool] = Field(default_factory=list, description="per shown citation: does it address the question")
    citation_problems: list[str] = Field(default_factory=list)
    support: list[ClaimSupport] = Field(default_factory=list)
    leaks: list[str] = Field(default_factory=list)
    passed: bool = False
    why: list[str] = Field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return self.dataset == "qa" and self.expected_action == "answered"

    @property
    def unanswerable(self) -> bool:
        return self.dataset == "qa" and self.expected_action == "no_evidence"

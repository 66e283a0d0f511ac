"""Held-out accuracy of the guardrails classifier, split by template group.

The incoming conversations carry a `group`: the template its paraphrases came from. A fifth of
the groups (chosen by a hash of the name, so the split is stable) is held out whole, so no
paraphrase of a held-out turn is trained on. guardrails/data/train.jsonl is always trained on.
Run: `python -m evals.classifier_eval` (loads the bundled MiniLM; about a minute on 2 cores).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.vocabulary import Category
from guardrails.classifier import DATA_DIR, Embedder, Example, IntentClassifier, load_examples
from guardrails.normalize import normalize
from guardrails.policy import ACTION_BY_CATEGORY

__all__ = ["HoldoutResult", "split_by_group", "holdout_accuracy", "rail_holdout", "main"]

TEST_BUCKETS = 5  # one bucket of five held out: about 20% of the groups


@dataclass(frozen=True)
class HoldoutResult:
    n_train: int
    n_test: int
    category_accuracy: float
    action_accuracy: float
    by_language: dict[str, tuple[int, int]]  # language -> (category right, total)


def _held_out(group: str) -> bool:
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % TEST_BUCKETS == 0


def split_by_group(examples: Sequence[Example]) -> tuple[list[Example], list[Example]]:
    """(train, test): only grouped conversations can be held out, and a group is never split."""
    test = [ex for ex in examples if ex.group.startswith("turns:") and _held_out(ex.group)]
    held = {ex.group for ex in test}
    return [ex for ex in examples if ex.group not in held], test


def holdout_accuracy(embed: Embedder, examples: Sequence[Example] | None = None) -> HoldoutResult:
    train, test = split_by_group(examples if examples is not None else load_examples())
    clf = IntentClassifier.train(embed, train)
    vectors = np.asarray(embed([normalize(ex.text, ex.language) for ex in test]))
    predicted = [max(p, key=p.__getitem__) for p in clf.predict(vectors)]
    right = [p is ex.category for p, ex in zip(predicted, test)]
    action_right = [ACTION_BY_CATEGORY[p] is ACTION_BY_CATEGORY[ex.category] for p, ex in zip(predicted, test)]
    total: Counter[str] = Counter(ex.language for ex in test)
    hits: Counter[str] = Counter(ex.language for ex, ok in zip(test, right) if ok)
    return HoldoutResult(
        len(train),
        len(test),
        float(np.mean(right)) if test else 1.0,
        float(np.mean(action_right)) if test else 1.0,
        {lang: (hits[lang], total[lang]) for lang in sorted(total)},
    )


def rail_holdout(embed: Embedder) -> dict[str, dict[str, tuple[int, int]]]:
    """The whole input rail on the held-out groups, its classifier trained without them:
    language -> expected action -> (right, total). Paraphrases never seen by any part of training."""
    from guardrails import InputRail

    rows = [
        json.loads(line)
        for path in sorted(DATA_DIR.glob("incoming/*.jsonl"))
        for line in path.open(encoding="utf-8")
        if line.strip()
    ]
    train, _ = split_by_group(load_examples())
    rail = InputRail(embed, examples=train)
    table: dict[str, dict[str, tuple[int, int]]] = {}
    for row in rows:
        if not _held_out(f"turns:{row.get('group', '')}"):
            continue
        want = ACTION_BY_CATEGORY[Category(row["category"])].value
        got = rail.classify(row["messages"]).action.value
        hits, total = table.setdefault(row.get("language", "en"), {}).get(want, (0, 0))
        table[row.get("language", "en")][want] = (hits + (got == want), total + 1)
    return table


def main() -> None:
    from sentence_transformers import SentenceTransformer

    from core.settings import Settings

    model = SentenceTransformer(Settings().embed_model_path(), device="cpu")

    def embed(texts: Sequence[str]) -> np.ndarray:
        return np.asarray(model.encode(list(texts), normalize_embeddings=True, batch_size=64))

    result = holdout_accuracy(embed)
    print(f"train {result.n_train}, held-out {result.n_test} (by group)")
    print(f"category accuracy {result.category_accuracy:.3f}, action accuracy {result.action_accuracy:.3f}")
    for lang, (hits, n) in result.by_language.items():
        print(f"  {lang}: {hits}/{n} = {hits / n:.3f}")
    if "--rail" in sys.argv:
        print("whole rail on the held-out groups (action level):")
        for lang, rates in sorted(rail_holdout(embed).items()):
            print(f"  {lang}:", {a: f"{h}/{n}" for a, (h, n) in sorted(rates.items())})


if __name__ == "__main__":
    main()

"""The learned urgency layer (guardrails/urgency_model.py): character n-grams, a linear model, its
cache, and how well it hears urgency in conversations from templates it never saw."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from guardrails.classifier import DATA_DIR
from guardrails.urgency_model import (
    CALM,
    EMERGENCY,
    SELF_HARM,
    UrgencyExample,
    UrgencyModel,
    char_grams,
    conversation_text,
    load_urgency_examples,
)

TINY = [
    UrgencyExample("he is not breathing and his lips are blue", EMERGENCY),
    UrgencyExample("she will not wake up after the pills", EMERGENCY),
    UrgencyExample("no respira y tiene los labios azules", EMERGENCY),
    UrgencyExample("i wrote my goodbye letters and tonight i end it", SELF_HARM),
    UrgencyExample("i want to die, nobody would miss me", SELF_HARM),
    UrgencyExample("quiero morir, ya escribi las cartas de despedida", SELF_HARM),
    UrgencyExample("what do studies say about kratom for back pain", CALM),
    UrgencyExample("is kratom legal in texas", CALM),
    UrgencyExample("que dicen los estudios sobre el kratom y el dolor", CALM),
]


def test_grams_fold_accents_mark_word_edges_and_work_without_spaces() -> None:
    grams = char_grams("Está BIEN")
    assert " e" in grams and "a " in grams and "w:esta" in grams and "w:bien" in grams
    assert not any("á" in g for g in grams)
    thai = char_grams("อยากตายแล้ว")  # Thai is written without spaces between words
    assert len(thai) > 10 and "อยาก" in thai


def test_conversation_text_reads_the_last_three_user_turns_in_order() -> None:
    assert conversation_text(["a", "b", "c", "d"]) == "b c d"
    assert conversation_text(["only"]) == "only"


def test_a_small_model_learns_each_class_and_is_deterministic() -> None:
    model = UrgencyModel._fit(TINY)
    again = UrgencyModel._fit(TINY)
    assert np.array_equal(model.coef, again.coef)  # seeded: the same data gives the same weights
    top = {
        text: max(probs := model.probabilities(text), key=probs.__getitem__)
        for text in ("his lips are blue, not breathing", "i wrote goodbye letters", "studies on kratom and pain")
    }
    assert list(top.values()) == [EMERGENCY, SELF_HARM, CALM]
    assert abs(sum(model.probabilities("anything at all").values()) - 1.0) < 1e-6


def test_cache_round_trip_and_a_corrupt_cache_is_retrained(tmp_path: Path) -> None:
    trained = UrgencyModel.train(TINY, cache_dir=tmp_path)
    cached = list(tmp_path.glob("guardrails-urgency-*.npz"))
    assert len(cached) == 1
    loaded = UrgencyModel._load(tmp_path, cached[0].name.removeprefix("guardrails-urgency-").removesuffix(".npz"))
    assert loaded is not None and np.array_equal(loaded.coef, trained.coef)
    cached[0].write_bytes(b"not an npz file")
    assert UrgencyModel._load(tmp_path, "missing-key") is None
    key = cached[0].name.removeprefix("guardrails-urgency-").removesuffix(".npz")
    assert UrgencyModel._load(tmp_path, key) is None  # unreadable: the caller retrains


def test_the_shipped_data_key_follows_the_files_bytes(tmp_path: Path) -> None:
    from guardrails.urgency_model import _data_files, _files_key

    (tmp_path / "incoming").mkdir()
    turns = tmp_path / "incoming" / "turns.jsonl"
    turns.write_text('{"text": "is kratom legal", "category": "informational"}\n', encoding="utf-8")
    before = _files_key(_data_files(tmp_path))
    assert _files_key(_data_files(tmp_path)) == before
    turns.write_text('{"text": "is kratom legal?", "category": "informational"}\n', encoding="utf-8")
    assert _files_key(_data_files(tmp_path)) != before


def test_a_read_only_cache_dir_does_not_stop_training(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    model = UrgencyModel._fit(TINY)
    model._save(blocked, "key")  # logs a warning instead of raising
    assert not list(tmp_path.glob("**/*.npz"))


def test_every_labelled_turn_is_read_with_its_class() -> None:
    examples = load_urgency_examples()
    labels = {ex.label for ex in examples}
    assert labels == {EMERGENCY, SELF_HARM, CALM}
    assert len(examples) >= 5_000
    assert all(ex.text.strip() for ex in examples)


def _grouped_conversations() -> list[tuple[str, str, str]]:
    """(template group, language, raw messages as JSON) of every incoming conversation."""
    rows = []
    for path in sorted((DATA_DIR / "incoming").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append((f"{path.stem}:{row['group']}", row["language"], line))
    return rows


@pytest.mark.slow
def test_urgency_is_heard_in_conversations_from_templates_it_never_saw() -> None:
    """Five folds by template group: paraphrases of one template never sit on both sides. Every
    other labelled turn (the urgency examples, train.jsonl) stays in training."""
    from guardrails.urgency_model import _row

    conversations = _grouped_conversations()
    groups = sorted({g for g, _, _ in conversations})
    fold_of = {g: i % 5 for i, g in enumerate(groups)}
    read = {c: _row(json.loads(c)) for _, _, c in conversations}
    in_conversations = set(read.values())
    rest = [ex for ex in load_urgency_examples() if ex not in in_conversations]
    heard, missed, false_alarms, calm = defaultdict(int), defaultdict(int), 0, 0
    for k in range(5):
        held = [(lang, read[c]) for g, lang, c in conversations if fold_of[g] == k]
        train = rest + [read[c] for g, _, c in conversations if fold_of[g] != k]
        model = UrgencyModel._fit(train)
        for lang, ex in held:
            probs = model.probabilities(ex.text)
            urgent = max(probs[EMERGENCY], probs[SELF_HARM]) >= 0.5
            if ex.label == CALM:
                calm += 1
                false_alarms += urgent
            elif urgent:
                heard[lang] += 1
            else:
                missed[lang] += 1
    recall = sum(heard.values()) / (sum(heard.values()) + sum(missed.values()))
    # Measured when written: recall 0.84 (every language 0.76 to 0.87), 0.045 of calm turns above
    # 0.5. The rail also asks the sentence model to agree before it acts, which removes most of those.
    assert recall >= 0.80, dict(missed)
    assert false_alarms / calm <= 0.06
    for lang in heard.keys() | missed.keys():
        assert heard[lang] / (heard[lang] + missed[lang]) >= 0.70, lang

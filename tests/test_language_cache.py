"""The language detector's model, kept uncompressed for the next process, detects exactly as the
shipped model does, and any trouble with the kept copy costs only time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from guardrails.language import load_identifier

LANGS = ("de", "en", "es", "fr", "id", "it", "ms", "pt", "th", "tl", "vi")
MODEL = MODEL_DIR / MODEL_FILE
SAMPLES = [
    "is kratom legal in texas",
    "kratom dose?",
    "¿El kratom es legal en Texas?",
    "Kann Kratom Krampfanfälle auslösen?",
    "apakah kratom legal di indonesia",
    "Adakah ketum haram di Malaysia?",
    "Kratom có gây nghiện không?",
    "กระท่อมผิดกฎหมายไหม",
    "Ligtas ba ang kratom sa buntis?",
    "Le kratom est-il légal au Canada ?",
    "O kratom vicia?",
    "Il kratom crea dipendenza?",
]


def _reference() -> Any:
    identifier = LanguageIdentifier.from_model_file(MODEL, norm_probs=True)
    identifier.set_languages(list(LANGS))
    return identifier


def _unreadable_model(*_: Any, **__: Any) -> Any:
    raise AssertionError("the model file was read although the cache holds it")


def test_the_kept_copy_detects_as_the_model_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reference = _reference()
    load_identifier(MODEL, LANGS, tmp_path)
    assert len(list(tmp_path.glob("langid.*.npz"))) == 1
    monkeypatch.setattr(LanguageIdentifier, "from_model_file", classmethod(_unreadable_model))
    cached = load_identifier(MODEL, LANGS, tmp_path)
    for text in SAMPLES:
        assert cached.classify(text) == reference.classify(text), text


def test_a_damaged_copy_is_replaced(tmp_path: Path) -> None:
    load_identifier(MODEL, LANGS, tmp_path)
    (kept,) = tmp_path.glob("langid.*.npz")
    kept.write_bytes(b"not an archive")
    assert load_identifier(MODEL, LANGS, tmp_path).classify("Il kratom crea dipendenza?")[0] == "it"
    assert kept.stat().st_size > 1_000_000


def test_another_language_set_is_another_copy_and_the_old_one_goes(tmp_path: Path) -> None:
    load_identifier(MODEL, LANGS, tmp_path)
    first = set(tmp_path.glob("langid.*.npz"))
    assert load_identifier(MODEL, ("en", "es"), tmp_path).classify("¿El kratom es legal?")[0] == "es"
    second = set(tmp_path.glob("langid.*.npz"))
    assert len(second) == 1 and second != first


def test_an_unwritable_folder_costs_only_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    assert load_identifier(MODEL, LANGS, blocked / "cache").classify("Kratom có gây nghiện không?")[0] == "vi"

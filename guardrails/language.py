"""Which language a turn is written in, to pick the reply language and the vocabulary.

py3langid (a maintained langid.py fork that ships its model) is restricted to the languages that
have a file in guardrails/lang/. Short turns fool any character model ("kratom dose?" reads as
Portuguese), so when it is unsure the languages' own function words vote, and a tie means
English. Detection never gates safety: emergency and crisis vocabularies of every language are
checked whatever the guess.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from core.kratom import subject_pattern
from guardrails.vocab import fold, languages, pack

__all__ = ["guess_language"]

_SURE = 0.90  # above this the model's guess stands
_UNSURE = 0.50  # below this (and with no clear vote) the turn is taken as English
_VOTE_SLOTS = ("people.personal", "amounts.words", "questions.question", "questions.research", "language.markers")
_MALAY_PAIR = frozenset({"id", "ms"})  # close enough that the character model often confuses them


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return load_identifier(MODEL_DIR / MODEL_FILE, tuple(sorted(languages())), _CACHE_DIR)


# The shipped model is an LZMA-compressed archive of all 97 languages: decompressing it was a
# quarter of a cold start. Its arrays, cut to our languages, are kept uncompressed beside the
# bytecode (about 42 MB, read in 0.05 to 0.08 s); deleting the file is always safe.
_CACHE_DIR = Path(__file__).resolve().parent / "__pycache__"


def load_identifier(model: Path, langs: tuple[str, ...], folder: Path) -> Any:
    """py3langid's identifier restricted to `langs`, from the cache in `folder` when it holds this
    model's arrays, else from the model file (and the cache is written for the next process)."""
    from py3langid.langid import LanguageIdentifier

    path = _cache_path(model, langs, folder)
    cached = _from_cache(path)
    if cached is not None:
        return cached
    identifier = LanguageIdentifier.from_model_file(model, norm_probs=True)
    identifier.set_languages(list(langs))
    _save(identifier, path)
    return identifier


def _cache_path(model: Path, langs: tuple[str, ...], folder: Path) -> Path:
    """Keyed by the model file and the code that reads it (a reinstall rewrites both), and the
    languages; file stats, not package metadata, which costs 30 ms to look up."""
    from py3langid import langid

    stats = [(p.stat().st_size, p.stat().st_mtime_ns) for p in (model, Path(langid.__file__))]
    key = f"{model.resolve()}|{stats}|{','.join(langs)}"
    return folder / f"langid.{hashlib.sha256(key.encode()).hexdigest()[:16]}.npz"


def _from_cache(path: Path) -> Any | None:
    from py3langid.langid import LanguageIdentifier
    from py3langid.modelio import _to_array

    try:
        with np.load(path, allow_pickle=False) as data:
            return LanguageIdentifier(
                np.asarray(data["ptc"]),
                np.asarray(data["pc"]),
                data["classes"].tolist(),
                _to_array(data["nextmove"]),
                data["out_feat"].tolist(),
                norm_probs=True,
                tk_row=_to_array(data["nextmove_row"]),
            )
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None  # none yet, or damaged: the model file is read instead


def _save(identifier: Any, path: Path) -> None:
    """Written whole or not at all; older caches of this folder go (any failure costs only time)."""
    arrays = {
        "ptc": identifier.nb_ptc,
        "pc": identifier.nb_pc,
        "classes": np.array(identifier.nb_classes),
        "nextmove": np.asarray(identifier.tk_nextmove),
        "nextmove_row": np.asarray(identifier.tk_row),
        "out_feat": np.asarray(identifier.tk_output, dtype=np.int32),
    }
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as handle:
            temporary = handle.name
            np.savez(handle, **arrays)
        os.chmod(temporary, 0o644)  # readable like the bytecode beside it
        os.replace(temporary, path)
        for old in path.parent.glob("langid.*.npz"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _is_thai(text: str) -> bool:
    thai = sum(1 for ch in text if "\u0e00" <= ch <= "\u0e7f")
    return thai >= 3 and thai >= 0.2 * sum(1 for ch in text if ch.isalpha())


def _votes(folded: str, candidates: tuple[str, ...]) -> dict[str, int]:
    return {code: sum(len(pack(code).patterns[s].findall(folded)) for s in _VOTE_SLOTS) for code in candidates}


def _vote_winner(folded: str, candidates: tuple[str, ...]) -> str | None:
    votes = _votes(folded, candidates)
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def guess_language(text: str) -> str:
    """ISO 639-1 code of the turn's language among those with a vocabulary file; English when unsure."""
    sample = subject_pattern().sub(" ", (text or "")[:2000]).strip()
    if not sample:
        return "en"
    if _is_thai(sample):
        return "th"
    code, p = _identifier().classify(sample)
    folded = fold(sample)
    if code in _MALAY_PAIR:  # "ketum" is itself a Malay word, so this vote sees the names too
        return _vote_winner(fold(text[:2000]), tuple(_MALAY_PAIR)) or str(code)
    if p >= _SURE:
        return str(code)
    voted = _vote_winner(folded, languages())
    if voted is not None:
        return voted
    return str(code) if p >= _UNSURE else "en"

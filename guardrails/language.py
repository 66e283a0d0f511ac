"""Which language a turn is written in, to pick the reply language and the vocabulary.

py3langid (a maintained langid.py fork that ships its model) is restricted to the languages that
have a file in guardrails/lang/. Short turns fool any character model ("kratom dose?" reads as
Portuguese), so when it is unsure the languages' own function words vote, and a tie means
English. Detection never gates safety: emergency and crisis vocabularies of every language are
checked whatever the guess.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from core.kratom import subject_pattern
from guardrails.vocab import fold, languages, pack

__all__ = ["guess_language"]

_SURE = 0.90  # above this the model's guess stands
_UNSURE = 0.50  # below this (and with no clear vote) the turn is taken as English
_VOTE_SLOTS = ("people.personal", "amounts.words", "questions.question", "questions.research", "language.markers")
_MALAY_PAIR = frozenset({"id", "ms"})  # close enough that the character model often confuses them


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages()))
    return identifier


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

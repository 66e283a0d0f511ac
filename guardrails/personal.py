"""The fail-safe for personal decisions that no rule settled, in every supported language.

A turn about the asker's own (or a named person's) use, amount, timing, combination, pregnancy,
tapering or stopping goes to a clinician, never to retrieval, even when no rule recognised its
wording. Vocabulary: `people.*` and `decline.*` slots of guardrails/lang/<code>.toml, English
always included since people mix it in. General questions (research, "in general", "signs
of") without a person in them stay information.
"""

from __future__ import annotations

import re

from core.vocabulary import Category
from guardrails.lexicon import DOMAIN, KRATOM, MEDS
from guardrails.vocab import LanguagePack, fold, mask_false_friends, pack

__all__ = ["ASKING_ONLY", "about_someone", "personal_decision", "has_cue"]

# Checked in this order: the most specific decision first.
_ORDER = (
    Category.pregnancy,
    Category.replace_treatment,
    Category.interaction,
    Category.tapering,
    Category.personal_dosing,
)
# "tell me", "I read", "I'm curious": first-person words that do not make a question personal.
ASKING_ONLY = re.compile(
    r"\b(?:tell|show|give|help)\s+me\b|\bcan\s+you\b|\bi\s+(?:read|heard|saw|wonder|was\s+wondering)\b|"
    r"\bi'?m\s+(?:curious|wondering|researching|writing|a\s+student)\b|\bi\s+(?:want|would\s+like|'d\s+like)\s+to\s+(?:know|understand|learn)\b"
)


def _packs(language: str) -> tuple[LanguagePack, ...]:
    return (pack("en"),) if language == "en" else (pack(language), pack("en"))


def _about_a_person(folded: str, packs: tuple[LanguagePack, ...]) -> bool:
    stripped = ASKING_ONLY.sub(" ", folded)
    return any(p.has("people.personal", stripped) or p.has("people.proxies", stripped) for p in packs)


def _on_subject(text: str, folded: str, packs: tuple[LanguagePack, ...]) -> bool:
    """Kratom, a medicine or the domain is named, or a unit one doses by (a dose for a person)."""
    named = any(p.has("kratom.local_names", folded) or p.has("amounts.units", folded) for p in packs)
    return named or bool(KRATOM.search(text) or MEDS.search(text) or DOMAIN.search(text))


def about_someone(text: str, language: str) -> bool:
    """The asker or a named person is in the (normalised) turn, in its language or English."""
    return _about_a_person(mask_false_friends(fold(text), language), _packs(language))


def _general(folded: str, packs: tuple[LanguagePack, ...]) -> bool:
    return any(p.has("questions.research", folded) or p.has("questions.general", folded) for p in packs)


def personal_decision(text: str, language: str) -> Category | None:
    """The declined category of a personal decision on the normalised turn, or None."""
    folded = mask_false_friends(fold(text), language)  # Italian "i rischi" is not "I"
    packs = _packs(language)
    if not (_about_a_person(folded, packs) and _on_subject(text, folded, packs)):
        return None
    if _general(folded, packs) and not any(p.has("people.proxies", folded) for p in packs):
        return None
    return next((c for c in _ORDER if any(p.has(f"decline.{c.value}", folded) for p in packs)), None)


def has_cue(text: str, language: str, category: Category) -> bool:
    """Does the turn hold a word of this declined category, in its language or English?"""
    folded = fold(text)
    return any(p.has(f"decline.{category.value}", folded) for p in _packs(language))

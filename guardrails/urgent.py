"""Emergencies and crises, in every supported language, whatever language the turn was taken for.

Poisoning and overdose signs (someone not breathing well, unresponsive, seizing, grey or blue
lips, a child who swallowed it) are emergencies: 911 and Poison Help. Intent to harm oneself,
said directly or not ("nobody would miss me"), is a crisis: 988. The vocabularies are the
`urgent.*` slots of guardrails/lang/*.toml; every language's list is checked on every turn, so a
wrong language guess cannot hide an emergency. Only clearly general framing keeps a sign out
("what are the signs of an overdose?"), and not when the turn also says it is happening now.
"""

from __future__ import annotations

import re

from guardrails.lexicon import PROXY
from guardrails.vocab import any_pack_matches, fold, pack

__all__ = ["is_emergency", "is_crisis"]

# English only: the other languages have no "someone" guard, since there is no general framing
# to protect from in them beyond `questions.general`.
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|me|my|mine|myself|we|our|us)\b")
_HELP = re.compile(r"\bhelp\b")
_QUESTION_OPENING = re.compile(
    r"\s*(?:why|how|what|when|where|which|who|can|could|does|do|did|is|are|will|would|should)\b"
)
_NOW = re.compile(r"\b(?:right\s+now|now|just|currently|help|911|hurry|please|what\s+do\s+i\s+do)\b")
# Questions about people in general ("what is suicide", "why do people self-harm").
_NOT_ME = re.compile(
    r"\b(?:what\s+is|define|definition|rates?\s+of|statistics|history\s+of|prevent\w*|people\s+who|why\s+do\s+people)\b"
)


def _general(folded: str, language: str) -> bool:
    return pack("en").has("questions.general", folded) or pack(language).has("questions.general", folded)


def _someone_in_it(folded: str, language: str) -> bool:
    """A person is in it. Only an English question with nobody in it is left out ("why can people
    not breathe in space?"); a statement ("crushing chest pain after a double dose") is someone's."""
    if language != "en" or not _QUESTION_OPENING.match(folded):
        return True
    if _FIRST_PERSON.search(folded) or PROXY.search(folded) or _HELP.search(folded):
        return True
    return (
        any_pack_matches("people.personal", folded) is not None
        or any_pack_matches("people.proxies", folded) is not None
    )


def is_emergency(text: str, language: str = "en") -> bool:
    """Signs of a poisoning or overdose happening now to a person (text: normalised turn)."""
    folded = fold(text)
    if any_pack_matches("urgent.emergency", folded) is None or not _someone_in_it(folded, language):
        return False
    return not _general(folded, language) or bool(_NOW.search(folded))


def is_crisis(text: str, language: str = "en") -> bool:
    """Intent to harm oneself (text: normalised turn); questions about others' suicide are not."""
    folded = fold(text)
    if any_pack_matches("urgent.crisis", folded) is None:
        return False
    about_others = _NOT_ME.search(folded) or _general(folded, language) or _research(folded, language)
    return not (about_others and not _first_person(folded, language))


def _research(folded: str, language: str) -> bool:
    return pack("en").has("questions.research", folded) or pack(language).has("questions.research", folded)


def _first_person(folded: str, language: str) -> bool:
    return bool(_FIRST_PERSON.search(folded)) or pack(language).has("people.personal", folded)

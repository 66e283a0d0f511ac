"""The names of kratom, loaded from `core/data/kratom_names.toml` (the one list of them)."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import NamedTuple

NAMES_FILE = Path(__file__).with_name("data") / "kratom_names.toml"


class KratomNames(NamedTuple):
    names: tuple[str, ...]
    misspellings: tuple[str, ...]
    slang: tuple[str, ...]
    stems: tuple[str, ...]


@cache
def kratom_names() -> KratomNames:
    data = tomllib.loads(NAMES_FILE.read_text(encoding="utf-8"))
    return KratomNames(*(tuple(data[field]) for field in KratomNames._fields))


def written_without_spaces(text: str) -> bool:
    """Thai script: its words are not separated by spaces, so they are matched anywhere."""
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def words_pattern(words: tuple[str, ...]) -> str:
    """A regex alternation of whole words (longest first, so "biak-biak" wins over "biak")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def subject_pattern() -> re.Pattern[str]:
    """Any name of kratom or its alkaloids in raw text, e.g. to find what a conversation is about."""
    n = kratom_names()
    latin = tuple(w for w in n.names + n.misspellings if w.isascii())
    # Thai is written without spaces between words, so its names match anywhere.
    unspaced = tuple(w for w in n.names if not w.isascii())
    stems = "|".join(re.escape(s) + r"\w*" for s in n.stems)
    # German joins nouns: "Kratompulver", "Kratomkonsum" name kratom's powder and use (and only
    # these heads: "KratomBot" is a name someone gives the assistant, not kratom).
    heads = (
        r"pulver|tee|kapseln?|konsum\w*|pflanzen?|bl[aä]tter|blatt|produkte?|extrakte?|sucht|entzug\w*|"
        r"abh[aä]ngig\w*|verbot\w*|handel|h[aä]ndler\w*|gebrauch|dosis|nutzer\w*|tabletten|wirkung"
    )
    compound = rf"(?<!\w)kratom(?=(?:{heads})(?!\w))"
    return re.compile(rf"(?<!\w)(?:{words_pattern(latin)}|{stems})(?!\w)|{compound}|{words_pattern(unspaced)}", re.I)

"""Per-language vocabulary: every guardrail word list, loaded from guardrails/lang/<code>.toml.

Each language file fills the same slots (see SLOTS; a test checks it). Entries are regex
fragments written in the language's normal spelling; they are matched on folded text (see
fold()), so a user who types without accents ("khong tho", "esta desmaiado") is still
understood. Latin-script entries match whole words; Thai is written without spaces, so its
entries match anywhere.

The English rules (guardrails/rules.py and its neighbours) are built from their own fragments,
guardrails/english_rules.toml: english("rules.taper") is one of its lists compiled.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from core import regex_cache

__all__ = [
    "SLOTS",
    "LANG_DIR",
    "FoldedPattern",
    "LanguagePack",
    "fold",
    "languages",
    "pack",
    "packs",
    "any_pack_matches",
    "names_no_dose",
    "sentences",
    "union",
    "mask_false_friends",
    "asks_amount",
    "counts_something",
    "without_counts",
    "rx",
    "english",
    "english_fragments",
    "in_language_or_english",
]

LANG_DIR = Path(__file__).resolve().parent / "lang"
ENGLISH_RULES = Path(__file__).resolve().parent / "english_rules.toml"

# Every language file fills every one of these (section.key) with a non-empty list or text.
SLOTS: tuple[str, ...] = (
    "kratom.local_names",
    "amounts.words",
    "amounts.units",
    "amounts.not_a_dose",
    "amounts.measured",
    "people.personal",
    "people.proxies",
    "people.asking_only",
    "urgent.emergency",
    "urgent.crisis",
    "urgent.self_injury",
    "urgent.lethal",
    "urgent.for_self",
    "urgent.took",
    "urgent.warning",
    "urgent.end",
    "urgent.all_of_it",
    "urgent.stockpile",
    "urgent.pills",
    "urgent.ready",
    "urgent.soon",
    "urgent.gone",
    "urgent.unnoticed",
    "urgent.ledge",
    "urgent.why_writing",
    "urgent.farewell",
    "urgent.affairs",
    "urgent.no_longer_needed",
    "urgent.no_response",
    "urgent.parting_words",
    "urgent.out_of_reach",
    "urgent.hidden_supply",
    "urgent.over",
    "urgent.long_ago",
    "urgent.painless",
    "urgent.hyperbole",
    "urgent.safe_now",
    "urgent.ordinary_reason",
    "clinician.words",
    "decline.personal_dosing",
    "decline.interaction",
    "decline.pregnancy",
    "decline.tapering",
    "decline.replace_treatment",
    "decline.sourcing",
    "decline.decision",
    "questions.question",
    "questions.research",
    "questions.general",
    "questions.domain",
    "questions.in_general",
    "questions.care",
    "questions.definition",
    "questions.law",
    "questions.where",
    "questions.seller_said",
    "questions.talk_with",
    "questions.help_line",
    "questions.closing",
    "replies.declined",
    "replies.emergency",
    "replies.self_harm",
    "replies.out_of_scope",
)
# Optional: words that tell close languages apart (Indonesian "tidak", "obat"; Malay "tak", "ubat").
# "urgent.now": words saying it is happening now ("right now", "ahora", "ตอนนี้"); "urgent.wish":
# a wish not to wake up, which makes "not wake up" a crisis, not an emergency.
# "questions.event_frequency": how often an event happens ("how often does that happen?", "how
# common is it?"); "amounts.dose_frequency": how often to take it ("how often should I redose?").
OPTIONAL_SLOTS: tuple[str, ...] = (
    "language.contrast",
    "language.new_topic",
    "language.markers",
    "language.negation",
    "urgent.now",
    "urgent.wish",
    "urgent.read_about",
    "questions.event_frequency",
    "amounts.dose_frequency",
    "people.false_friends",
    "amounts.counted",
    "questions.about_others",
    "injection.override",
    "urgent.welcomes_harm",
    "questions.risk",
)
# "people.false_friends": English personal words that are ordinary words of this language (Italian
# "i rischi", German "im Jahr"); they are masked before English rules read a turn of this language.
# "urgent.welcomes_harm": welcoming a harm just asked about ("good, that's what I'm counting on"),
# after "questions.risk": a question about what could go wrong ("dangerous", "peligroso", "อันตราย").
# "injection.override": telling the assistant to drop its rules or show its hidden instructions, in
# the language's words ("ignora tus instrucciones", "prompt do sistema", "Entwicklermodus"); English
# is read by the rules' own lists (english_rules.toml lexicon.override and lexicon.injection).
# "amounts.counted": what an amount word may count without asking for a dose ("wie viele Menschen",
# "ilang taon").
_PATTERN_SLOTS = tuple(s for s in SLOTS if not s.startswith("replies.")) + OPTIONAL_SLOTS
_DSTROKE = str.maketrans({"đ": "d", "Đ": "D"})


@lru_cache(maxsize=512)  # one turn is folded by several steps; fold it once
def fold(text: str) -> str:
    """Lowercase, and drop the accents of Latin letters (Thai marks are letters, so they stay)."""
    # NFKD, as normalize() does: Thai sara am (U+0E33) becomes nikhahit + sara aa on both sides.
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_DSTROKE))
    kept: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and kept and kept[-1].isascii():
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


_ESCAPE = re.compile(r"(\\.)")


def _fold_pattern(entry: str) -> str:
    """An entry folded as text is, but its escapes kept: lowercasing "\\W" would make it "\\w"."""
    return "".join(part if _ESCAPE.fullmatch(part) else fold(part) for part in _ESCAPE.split(entry))


def _compile(entries: list[str], spaced: bool) -> re.Pattern[str]:
    body = "|".join(f"(?:{_fold_pattern(e)})" for e in entries)
    return regex_cache.compile(rf"(?<!\w)(?:{body})(?!\w)" if spaced else body)


def _lookup(data: dict[str, Any], slot: str) -> Any:
    section, key = slot.split(".")
    return data.get(section, {}).get(key)


@dataclass(frozen=True)
class LanguagePack:
    code: str
    name: str
    patterns: MappingProxyType[str, re.Pattern[str]]
    replies: MappingProxyType[str, str]
    raw: MappingProxyType[str, Any]

    def has(self, slot: str, folded_text: str) -> bool:
        return bool(self.patterns[slot].search(folded_text))

    def reply(self, key: str) -> str | None:
        return self.replies.get(key)


def _load(path: Path) -> LanguagePack:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    spaced = bool(data.get("spaced", True))
    patterns = {slot: _compile(list(_lookup(data, slot) or ["(?!)"]), spaced) for slot in _PATTERN_SLOTS}
    return LanguagePack(
        code=path.stem,
        name=str(data.get("name", path.stem)),
        patterns=MappingProxyType(patterns),
        replies=MappingProxyType(dict(data.get("replies", {}))),
        raw=MappingProxyType(data),
    )


@cache
def packs() -> MappingProxyType[str, LanguagePack]:
    return MappingProxyType({p.stem: _load(p) for p in sorted(LANG_DIR.glob("*.toml"))})


def languages() -> tuple[str, ...]:
    return tuple(packs())


def pack(code: str) -> LanguagePack:
    return packs().get(code) or packs()["en"]


def any_pack_matches(slot: str, folded_text: str) -> str | None:
    """The code of the first language whose `slot` matches, English first, or None."""
    order = ("en", *[c for c in packs() if c != "en"])
    return next((code for code in order if packs()[code].has(slot, folded_text)), None)


_SENTENCE_BREAK = re.compile(r"(?<=[.!?\n])\s+")


def sentences(text: str) -> list[str]:
    """The sentences of a turn that hold a word (a lone "..." is none): the one splitter."""
    return [s for s in _SENTENCE_BREAK.split(text.strip()) if re.search(r"[^\W_]", s)]


def names_no_dose(folded_text: str) -> bool:
    """An amount that is no dose, in any language: what a product contains or a law allows
    (`amounts.not_a_dose`: "hàm lượng", "giới hạn tối đa theo luật"), what a study measured or
    its people used (`amounts.measured`: a half-life, "cuántos terminaron hospitalizados",
    "quanti bicchieri bevevano")."""
    return any(any_pack_matches(slot, folded_text) is not None for slot in ("amounts.not_a_dose", "amounts.measured"))


@dataclass(frozen=True)
class FoldedPattern:
    """A pattern over every language's entries for some slots; search() folds the text first."""

    pattern: re.Pattern[str]

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(fold(text))


def union(slots: tuple[str, ...], exclude: tuple[str, ...] = ("en",)) -> FoldedPattern:
    """Every language's patterns for `slots` (but those in `exclude`) as one alternation."""
    parts = [p.patterns[s].pattern for code, p in packs().items() if code not in exclude for s in slots]
    return FoldedPattern(regex_cache.compile("|".join(f"(?:{part})" for part in parts)))


def mask_false_friends(text: str, language: str) -> str:
    """`text` with the English personal words that mean something else in `language` blanked out."""
    if language == "en":
        return text
    return pack(language).patterns["people.false_friends"].sub(" ", text)


@lru_cache(maxsize=32)
def _counted_amount(language: str) -> re.Pattern[str]:
    lang = pack(language)
    words, counted = lang.patterns["amounts.words"].pattern, lang.patterns["amounts.counted"].pattern
    return regex_cache.compile(rf"(?:{words})\s*(?:\S+\s+)?(?:{counted})")


def without_counts(folded_text: str) -> str:
    """The turn with every amount word that counts people, years or cases blanked, in any language
    ("how many people", "berapa orang"): a figure asked about the world, never a dose."""
    for code in packs():
        folded_text = _counted_amount(code).sub(" ", folded_text)
    return folded_text


def counts_something(folded_text: str) -> bool:
    return without_counts(folded_text) != folded_text


def asks_amount(folded_text: str, language: str) -> bool:
    """An amount word or dosing unit of `language` in the (folded) turn that does not count people,
    years or cases ("cuántas personas", "ilang taon", "wie viele Menschen" ask for no dose)."""
    lang = pack(language)
    rest = _counted_amount(language).sub(" ", folded_text)
    return lang.has("amounts.words", rest) or lang.has("amounts.units", rest)


@cache
def _english_rules() -> dict[str, Any]:
    return tomllib.loads(ENGLISH_RULES.read_text(encoding="utf-8"))


def rx(*parts: str, flags: int = 0) -> re.Pattern[str]:
    """One compiled alternation; each part is a regex fragment."""
    return regex_cache.compile("|".join(f"(?:{p})" for p in parts), flags)


def english_fragments(key: str) -> list[str]:
    """One list of english_rules.toml ("rules.taper": the [rules] table's `taper`)."""
    table, name = key.split(".", 1)
    return list(_english_rules()[table][name])


def english(key: str, flags: int = 0) -> re.Pattern[str]:
    """One list of english_rules.toml compiled as one alternation of its fragments."""
    return rx(*english_fragments(key), flags=flags)


def in_language_or_english(slot: str, folded_text: str, language: str) -> bool:
    """Does the slot match in the turn's language or in English (which people mix in)?"""
    return pack("en").has(slot, folded_text) or pack(language).has(slot, folded_text)

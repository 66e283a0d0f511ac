"""Text normalisation for the rules: one canonical form of a user turn.

Why: people (and jailbreak attempts) write "d o s e", "d0se", "kr8tom", "h0w much" or hide
zero-width characters between letters. The rules are written against one lowercase, NFKC,
de-obfuscated form, so each rule is written once instead of once per spelling.
The classifier sees the same canonical text, which maps slang to "kratom" so that the
embedding model (which has never seen "ketum" or "biak") still places the turn near kratom.
"""

from __future__ import annotations

import re
import unicodedata

from core.kratom import kratom_names, words_pattern

__all__ = ["normalize", "clean"]

# Zero-width and bidi controls are invisible and only ever used here to split words.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u034f]")
# Other control characters (keep newline and tab as spaces).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# "d o s e", "d.o.s.e", "d-o-s-e": runs of single letters separated by one separator.
_SPACED = re.compile(r"\b(?:[a-z][ .\-_*]){2,}[a-z]\b")
# Leetspeak inside a word: only tokens that mix letters and digits/symbols are touched, so a
# real amount ("5 g", "0.5 mg") is never rewritten.
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "a", "@": "a", "$": "s", "!": "i", "|": "l"}
)
# A token must start with a letter: "5g" and "20mg" start with a digit and are amounts.
# It must also end in a letter, digit, "@" or "$": "bangun!" and "help!" end a sentence, not "i".
_MIXED_TOKEN = re.compile(r"(?<![\w.])[a-z@$](?=[\w@$!|]*[0-9@$!|])[\w@$!|]+[\w@$]")

# Slang and alkaloid names that all mean "kratom or a kratom product" to the rules.
# 7-OH spellings are handled before leetspeak would turn "7oh" into "toh".
_NAMES = kratom_names()
# The Latin-script names; "mitragyna" and "speciosa" are rewritten with the alkaloid below.
_LOCAL_NAMES = words_pattern(
    tuple(
        w
        for w in _NAMES.names + _NAMES.misspellings + _NAMES.slang
        if w.isascii() and w not in ("mitragyna", "speciosa")
    )
)
_SLANG = [
    (r"\b7\s*[-‐–]?\s*(?:oh|hydroxy(?:mitragynine)?)\b", "kratom 7oh"),
    (r"\bseven[- ]?oh\b", "kratom 7oh"),
    # "kra tom", "k ratom": a word split to dodge filters.
    (r"\bk\s?r\s?a\s?t\s?o\s?m\b", "kratom"),
    # Strain names are only ever kratom: "red vein", "maeng da", "green malay".
    (
        r"\b(?:(?:red|green|white|yellow|gold)\s+(?:vein|maeng\s+da|bali|borneo|malay|thai|sumatra|"
        r"horn|kali)|maeng\s+da)\b",
        "kratom \\g<0>",
    ),
    # Vein colours named together before a word for strain or vein, in any language: "red, green
    # and white strains", "'red', 'green', 'white' ... la couleur de la nervure".
    (
        r"\b(?:red|green|white)\b(?:[\s,'\"/&]+(?:and|or|y|o|e|et|ou|und|oder|dan|atau|at|va|và|hay|vs)?"
        r"[\s,'\"/&]*\b(?:red|green|white)\b)+(?=.{0,80}\b(?:strains?|veins?|nervures?|nervaduras?|venas?|"
        r"vene|adern?|gân|urat|ugat|cepas?|variet\w*|sorten?)\b)",
        "kratom \\g<0>",
    ),
    # "mitraginina" (es, pt, it) and "mitragina" (a common misspelling) are the same names.
    (r"\bmitrag[iy]n(?:ine|ina|a(?:\s+speciosa)?)\b", "kratom mitragynine"),
    # Local names, misspellings and shorthand (core/data/kratom_names.toml) all become "kratom".
    (rf"\b(?:{_LOCAL_NAMES})\b|\bbiak[- ]biak\b", "kratom"),
    (r"\bkratom shots?\b", "kratom shot"),
    (r"\bmit\b(?=.{0,40}\b(?:dose|mg|gram|take|extract|tablet|pill|how much)\b)", "kratom"),
    # A lone "k" used as a drug name ("how much k do i take"): not after a digit ("5k run"),
    # not "vitamin k" / "special k".
    (r"(?<![\d.])(?<!vitamin )(?<!special )\bk\b(?![-.']\w)", "kratom"),
]
_SLANG_RE = [(re.compile(p), r) for p, r in _SLANG]

# Common misspellings of the words the rules key on.
_TYPOS = {
    "doze": "dose",
    "dosege": "dosage",
    "dosag": "dosage",
    "doseage": "dosage",
    "dossage": "dosage",
    "dosis": "dosis",
    "grms": "grams",
    "gramms": "grams",
    "gramz": "grams",
    "grammes": "grams",
    "capsuls": "capsules",
    "capsles": "capsules",
    "capsuels": "capsules",
    "tsps": "teaspoons",
    "teaspon": "teaspoon",
    "teaspons": "teaspoons",
    "shoud": "should",
    "shuld": "should",
    "sould": "should",
    "hw": "how",
    "hou": "how",
    "mutch": "much",
    "mush": "much",
    "muh": "much",
    "tak": "take",
    "takee": "take",
    "tke": "take",
    "pregant": "pregnant",
    "pregnent": "pregnant",
    "prego": "pregnant",
    "breastfeding": "breastfeeding",
    "suboxen": "suboxone",
    "oxycodon": "oxycodone",
    "tramadoll": "tramadol",
    "vender": "vendor",
    "venders": "vendors",
    "overdosed": "overdosed",
    "ovrdose": "overdose",
    "brething": "breathing",
    "breating": "breathing",
    "kratom's": "kratom",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "wat": "what",
    "wut": "what",
    "bc": "because",
    "taper": "taper",
}
# A whole word of ASCII letters: "r" inside "réveille" is not a word.
_WORD = re.compile(r"(?<![^\W\d_])[a-z']+(?![^\W\d_])")
# "20g", "500mg/day": a unit written onto its number is the same amount as "20 g".
_GLUED_UNIT = re.compile(r"(?<=\d)(?=(?:g|gr|grams?|mg|mcg|kg|ml|caps?|capsules?|tabs?|tablets?|pills?)\b)")


def clean(text: str) -> str:
    """NFKC, lowercase, no invisible or control characters, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text).replace("\t", " ").replace("\n", " ").replace("\r", " ")
    # "k r a t o m   d o s e": undo letter spacing while wider gaps still separate words.
    text = _unspace(text.lower())
    return re.sub(r"\s+", " ", text).strip()


_KEYWORDS = re.compile(r"(kratom|ketum|dosage|dose|howmuch|grams|should|take|for|me|my)")


def _unspace(text: str) -> str:
    """'d o s e' -> 'dose' (only runs of 3+ single letters, so 'a b' stays). A long merged run
    ("kratomdoseforme") is split again at the words the rules need."""

    def join(m: re.Match[str]) -> str:
        word = re.sub(r"[ .\-_*]", "", m.group(0))
        if len(word) > 7:
            word = re.sub(r"\s+", " ", _KEYWORDS.sub(r" \1 ", word).replace("howmuch", "how much")).strip()
        return word

    return _SPACED.sub(join, text)


def _deleet(text: str) -> str:
    return _MIXED_TOKEN.sub(lambda m: m.group(0).translate(_LEET), text)


def _fix_typos(text: str) -> str:
    return _WORD.sub(lambda m: _TYPOS.get(m.group(0), m.group(0)), text)


def normalize(text: str, language: str = "en") -> str:
    """The canonical form the rules and the classifier see.

    Order matters: spacing first ("k r a t o m"), then 7-OH spellings (before leetspeak would
    rewrite the 7), then leetspeak, then slang and (for English) typos on real words.
    """
    text = _GLUED_UNIT.sub(" ", clean(text))
    text = _SLANG_RE[0][0].sub(_SLANG_RE[0][1], text)
    text = _deleet(text)
    for pattern, repl in _SLANG_RE[1:]:
        text = pattern.sub(repl, text)
    if language == "en":  # the misspellings are English ones ("tak" is Malay for "not")
        text = _fix_typos(text)
    text = re.sub(r"\bkratom(?: kratom)+\b", "kratom", text)
    return re.sub(r"\s+", " ", text).strip()

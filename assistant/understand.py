"""Question understanding: what is asked (the intent) and about what (the entities), from data tables.

The tables are `assistant/lang/<code>.toml`, one per language the guardrails support, each mapping
its words to the same keys (an intent, or an entity key such as "fibromyalgia" or "texas"), and
`assistant/lang/places.toml` for the English place names; kratom's own names come from
`core/data/kratom_names.toml` and the guardrails' per-language tables. Every table is matched at once, so a
Spanish or Thai question reaches the same intent and entities as its English twin; an English
gloss of what was matched lets the (English) library be searched for it. When no intent word
matches, the nearest synthesis question (the embedding model) lends its intent.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from core.followup import located_in
from core.kratom import subject_pattern, written_without_spaces
from guardrails.vocab import FoldedPattern, union
from ingest.synthesis import Synthesis

LANG_DIR = Path(__file__).with_name("lang")
LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "vi", "th", "id", "ms", "tl")
ENTITY_KINDS = ("condition", "substance", "place", "population", "outcome")
# When words of several intents occur, the more specific intent wins a tie: "treatment for kratom
# addiction" is about treatment, not about the harm it names; a word of evidence or a plain "what
# is" says least.
WEIGHT = {
    "legal": 1.4,
    "interaction": 1.4,
    "treatment": 1.3,
    "comparison": 1.2,
    "pharmacology": 1.1,
    "practical": 1.1,
    "efficacy": 1.0,
    "safety": 0.9,
    "evidence_quality": 0.6,
    "definition": 0.5,
}
SHORT_QUESTION = 8  # words


@dataclass(frozen=True)
class Phrase:
    """One table entry: matched text -> (table, key), with the language it came from."""

    text: str
    table: str  # "intent" or an entity kind
    key: str
    language: str
    exact: bool = False  # written in capitals in the table ("USA"): matched only as written


ASKS = ("quantity", "date", "reason")
ASKS_GLOSS = {"quantity": "how many", "date": "when", "reason": "why"}


@dataclass(frozen=True)
class Understanding:
    intent: str
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    language: str = "en"
    about_kratom: bool = False
    gloss: str = ""  # the matched words in English, for searching an English library
    # The kind of answer asked for: "quantity" ("how many ..."), "date" ("when ...") or "" (any);
    # the composer leads with a finding that holds it.
    asks: str = ""
    # A question in another language: its everyday words in English ("efectos" -> "effects"), from
    # the `[gloss]` tables. They help the search find the finding; being loose translations, they
    # are not words the library must hold for the question to count as covered.
    everyday: tuple[str, ...] = ()

    @property
    def search_text(self) -> str:
        """What an English library is searched with for a question in another language."""
        return " ".join(dict.fromkeys((*self.gloss.split(" "), *self.everyday))).strip()

    def keys(self, kind: str) -> tuple[str, ...]:
        return self.entities.get(kind, ())

    @property
    def places(self) -> tuple[str, ...]:
        return self.keys("place")


def fold(text: str) -> str:
    """Lowercase without accents ("Japón" -> "japon"), except in scripts whose marks are letters."""
    lowered = text.lower().replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not (unicodedata.combining(ch) and _latin(ch)))


def _latin(mark: str) -> bool:
    # Thai vowel and tone marks are combining characters that carry meaning: keep them.
    return not ("\u0e00" <= mark <= "\u0e7f")


def _spaced(text: str) -> bool:
    return not written_without_spaces(text)


@cache
def _language_file(code: str) -> dict[str, Any]:
    """One language's table file, parsed once for every reader of it."""
    return tomllib.loads((LANG_DIR / f"{code}.toml").read_text(encoding="utf-8"))


@cache
def tables() -> tuple[Phrase, ...]:
    """Every phrase of every language table and the English place list."""
    phrases: list[Phrase] = []
    for code in LANGUAGES:
        data = _language_file(code)
        for table in ("intent", *ENTITY_KINDS):
            for key, words in data.get(table, {}).items():
                phrases += [_phrase(w, table, key, code) for w in _with_typed_spellings(words, code)]
    places = tomllib.loads((LANG_DIR / "places.toml").read_text(encoding="utf-8"))
    for key in ("us", "international"):
        phrases += [_phrase(w, "place", key, "en") for w in places[key]["names"]]
    for group in ("states", "local", "countries"):
        for key, words in places[group].items():
            phrases += [_phrase(w, "place", key, "en") for w in words]
    return tuple(phrases)


# German typed without umlauts ("Daenemark", "Rueckruf", "Maeuse") spells them out.
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _with_typed_spellings(words: list[str], language: str) -> list[str]:
    if language != "de":
        return words
    return list(dict.fromkeys([*words, *(w.translate(_UMLAUTS) for w in words)]))


def _phrase(word: str, table: str, key: str, language: str) -> Phrase:
    # An abbreviation in capitals is a word of other languages in lower case: "USA", but "se usa"
    # is Spanish for "is used".
    if len(word) > 1 and word.isupper():
        return Phrase(word, table, key, language, exact=True)
    return Phrase(fold(word), table, key, language)


@cache
def language_notes() -> dict[str, str]:
    """The one-line note, per language, that the library and the answer are in English."""
    notes = {}
    for code in LANGUAGES:
        data = _language_file(code)
        notes[code] = data.get("note", "")
    return notes


@cache
def chat_words() -> frozenset[str]:
    """Words people capitalise in chat that name nothing ("ODs", "LOL"): `chat_words` of en.toml."""
    return frozenset(fold(w) for w in _language_file("en").get("chat_words", []))


def function_words() -> frozenset[str]:
    """Every language's function words: they mark a language and say nothing about a subject."""
    return frozenset().union(*_markers().values())


@cache
def _markers() -> dict[str, frozenset[str]]:
    out = {}
    for code in LANGUAGES:
        data = _language_file(code)
        out[code] = frozenset(fold(w) for w in data.get("markers", []))
    return out


@cache
def _matcher() -> tuple[re.Pattern[str], re.Pattern[str] | None, dict[str, list[Phrase]]]:
    """One alternation of every phrase, longest first, so "back pain" wins over "pain"; and one
    case-sensitive alternation of the abbreviations written in capitals."""
    by_text: dict[str, list[Phrase]] = {}
    for p in tables():
        by_text.setdefault(p.text, []).append(p)
    exact = {p.text for p in tables() if p.exact}
    folded = {p.text for p in tables() if not p.exact}
    return _alternation(folded), _alternation(exact) if exact else None, by_text


def _alternation(texts: Iterable[str]) -> re.Pattern[str]:
    spaced = sorted((t for t in texts if _spaced(t)), key=len, reverse=True)
    unspaced = sorted((t for t in texts if not _spaced(t)), key=len, reverse=True)
    alternatives = [rf"(?<!\w)(?:{'|'.join(re.escape(t) for t in spaced)})(?!\w)"] if spaced else []
    if unspaced:
        alternatives.append("|".join(re.escape(t) for t in unspaced))
    return re.compile("|".join(alternatives))


def speaks_of(intent: str, text: str) -> bool:
    """Does the text hold a word of this intent's table ("banned", "legal", "Schedule I" for the law)?"""
    return any(p.table == "intent" and p.key == intent for p in matches(text))


def unmatched(text: str) -> str:
    """The text without the table phrases in it: what no table knows."""
    pattern, exact, _ = _matcher()
    return pattern.sub(" ", fold(exact.sub(" ", text) if exact else text))


def matches(text: str) -> list[Phrase]:
    """The table phrases found in the text, leftmost-longest, without overlaps. A text that is in
    several languages' tables ("legal", "fibromyalgia") counts once per table and key."""
    pattern, exact, by_text = _matcher()
    texts = [m.group(0) for m in exact.finditer(text)] if exact else []
    rest = exact.sub(" ", text) if exact else text
    texts += [m.group(0) for m in pattern.finditer(fold(rest))]
    found: list[Phrase] = []
    for matched in texts:
        group = sorted(by_text[matched], key=lambda p: p.language != "en")
        seen: set[tuple[str, str]] = set()
        for p in group:
            if (p.table, p.key) not in seen:
                seen.add((p.table, p.key))
                found.append(p)
    return found


@cache
def _asks() -> list[tuple[str, re.Pattern[str]]]:
    """Per kind of answer, the phrases of every language that ask for it ("how many", "cuántos")."""
    words: dict[str, set[str]] = {kind: set() for kind in ASKS}
    for code in LANGUAGES:
        data = _language_file(code)
        for kind in ASKS:
            words[kind] |= {fold(w) for w in data.get("asks", {}).get(kind, [])}
    return [(kind, _alternation(words[kind])) for kind in ASKS if words[kind]]


def asks_for(question: str) -> str:
    """The kind of answer a question asks for: a figure, a date, a reason, or "" (any). A lone
    "when" ("quand", "quando", "bila") asks a date only where a question opens or ends with it: in
    "que faut-il dire au médecin quand on prend du kratom ?" it joins two clauses, and beside
    another kind ("cuando alguien llama a toxicología, ¿cuántos casos son graves?") it yields."""
    folded = fold(question)
    found = [
        (m.start(), kind, _lone_date(kind, m))
        for kind, pattern in _asks()
        for m in [next((m for m in pattern.finditer(folded) if _asks_here(kind, m, folded)), None)]
        if m
    ]
    if any(not lone for _, _, lone in found):
        found = [f for f in found if not f[2]]
    return min(found)[1] if found else ""


# Where a lone "when" opens a question: the start, after punctuation or a joining word.
_CLAUSE_OPENS = re.compile(r"(?:^|[¿?!.,;:]|\b(?:and|but|so|et|mais|y|pero|e|mas|und|aber|ma|dan|tapi|at|va)\b)\s*$")


def _lone_date(kind: str, match: re.Match[str]) -> bool:
    # Thai writes no spaces: its question words ("เมื่อไร") ask wherever they stand.
    word = match.group(0).strip()
    return kind == "date" and word.isascii() and word.isalpha()


def _asks_here(kind: str, match: re.Match[str], folded: str) -> bool:
    if not _lone_date(kind, match):
        return True
    return bool(_CLAUSE_OPENS.search(folded[: match.start()])) or folded[match.end() :].lstrip().startswith("?")


def guess_language(text: str, hint: str = "en", found: Iterable[Phrase] = ()) -> str:
    """The rail's language when it knows one; else the language whose marker words occur most.
    A short question has few marker words ("macht kratom abhängig?"): a table phrase that only
    another language has counts as one of its words too."""
    if hint != "en":
        return hint
    if not _spaced(text):
        return "th"
    words = re.findall(r"[^\W\d_]+", fold(text))
    counts = {code: sum(w in markers for w in words) for code, markers in _markers().items()}
    english = False
    for p in found:
        if p.language != "en" and p.text not in _english_texts():
            for code in _languages_of(p.text):
                counts[code] += 1
        english = english or p.language == "en"
    best = max(counts, key=lambda code: counts[code])
    # With no English word at all, one word only another language has says which it is.
    enough = 2 if counts["en"] or english else 1
    return best if counts[best] >= enough and counts[best] > counts["en"] else "en"


@cache
def _english_texts() -> frozenset[str]:
    return frozenset(p.text for p in tables() if p.language == "en") | _markers()["en"]


def _languages_of(text: str) -> set[str]:
    return {p.language for p in _matcher()[2].get(text, ()) if p.language != "en"}


def _foreign_homograph(phrase: Phrase) -> bool:
    """A phrase of another language that folds to an English function word ("Mỹ", the US, is "my"):
    in an English question it is that word."""
    return phrase.language != "en" and phrase.text in _markers()["en"]


def _english(key: str, table: str) -> str:
    """The English words for a key, for the gloss: the first English phrase of it, else the key."""
    for p in tables():
        if p.key == key and p.table == table and p.language == "en":
            return p.text
    return key.replace("_", " ")


def _intent(found: Iterable[Phrase]) -> str | None:
    scores: dict[str, float] = {}
    for p in found:
        if p.table == "intent":
            # A longer English phrase is surer evidence than a single word. Elsewhere one word of
            # English often takes several ("tarik diri", "triệu chứng cai": withdrawal), so a
            # translated phrase counts as one word and the twins weigh the same.
            words = 1 + p.text.count(" ") if p.language == "en" else 1
            scores[p.key] = scores.get(p.key, 0.0) + WEIGHT.get(p.key, 1.0) * words
    return max(scores, key=lambda k: (scores[k], WEIGHT.get(k, 1.0))) if scores else None


def understand(question: str, language: str = "en") -> Understanding:
    """Intent and entities of a question; `language` is the rail's guess, if it has one."""
    found = matches(question)
    code = guess_language(question, language, found)
    if code == "en":
        found = [p for p in found if not _foreign_homograph(p)]
    entities: dict[str, tuple[str, ...]] = {}
    for kind in ENTITY_KINDS:
        keys = tuple(dict.fromkeys(p.key for p in found if p.table == kind))
        if keys:
            entities[kind] = keys
    intent = _intent(found)
    if intent is None and "place" in entities and len(question.split()) <= SHORT_QUESTION:
        intent = "legal"  # "kratom in Texas?": a place and nothing else asks about its law
    asks = asks_for(question)
    about = bool(subject_pattern().search(question) or local_kratom_names().search(question))
    # Outside the law, where the asker says they are ("estoy en Texas") is not what they ask about.
    asked = [p for p in found if intent == "legal" or not where_one_is(p, question)]
    words = [ASKS_GLOSS.get(asks, ""), "kratom" if about else "", *(_gloss(p) for p in asked), *_neutral(question)]
    gloss = " ".join(dict.fromkeys(w for w in words if w)).strip()
    everyday = tuple(dict.fromkeys(glossary_words(question, code))) if code != "en" else ()
    return Understanding(intent or "other", entities, code, about, gloss, asks, everyday)


def where_one_is(phrase: Phrase, question: str) -> bool:
    """Is the phrase a place the asker says they are in ("I'm in Texas", "estoy en Texas")?"""
    return phrase.table == "place" and located_in(question, phrase.text)


# Words that read the same in every language: figures and years ("2025", "54-15") and acronyms
# ("FDA", "DEA", "7-OH"). A translated question keeps them in its English gloss.
NEUTRAL = re.compile(r"(?<![\w-])(?:\d[\d.,]*(?:-\d+)?%?|\d*-?[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*)(?![\w-])")


def _neutral(question: str) -> list[str]:
    known = {p.text for p in matches(question)}
    return [w for w in NEUTRAL.findall(question) if fold(w) not in known and not subject_pattern().search(w)]


@cache
def local_kratom_names() -> FoldedPattern:
    """Kratom's names in each language ("kratón", "ketum"), shared with the guardrails' tables."""
    return union(("kratom.local_names",), exclude=())


@cache
def _glossary(code: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """One language's `[gloss]` table (English word -> its forms) as one alternation of the forms
    and a map from each folded form back to its English word."""
    table = _language_file(code).get("gloss", {})
    english = {fold(form): word for word, forms in table.items() for form in forms}
    return (_alternation(english), english) if english else None


def study_word_forms(words: tuple[str, ...]) -> set[str]:
    """The English words and their forms in every language's `[gloss]` table ("study" -> "estudio",
    "étude", "nghiên cứu"...): how a question in any language says it speaks of a study."""
    forms = set(words)
    for code in LANGUAGES:
        table = _language_file(code).get("gloss", {})
        forms.update(form for word in words for form in table.get(word, []))
    return forms


def glossary_words(question: str, code: str) -> list[str]:
    """The English for the everyday words of a question in another language ("efectos" ->
    "effects", "cuánto tiempo" -> "how long"), in their order: what the intent and entity tables
    do not name but a search of the English library needs."""
    glossary = _glossary(code)
    if glossary is None:
        return []
    pattern, english = glossary
    return [english[m.group(0)] for m in pattern.finditer(fold(question))]


def _gloss(phrase: Phrase) -> str:
    """The English for a matched phrase: itself when English, else its key's first English phrase.
    A practical question's words name different things ("nomor bantuan" is a helpline, "ujian
    dadah" a drug test, not "doctor"): their own English word from the language's `[gloss]` table."""
    if phrase.language == "en":
        return phrase.text
    if phrase.table == "intent" and phrase.key == "practical":
        glossary = _glossary(phrase.language)
        if glossary is not None and fold(phrase.text) in glossary[1]:
            return glossary[1][fold(phrase.text)]
    return _english(phrase.key, phrase.table)


def lend_intent(seen: Understanding, nearest: list[Nearest], paraphrase: float) -> Understanding:
    """With no intent word matched, the synthesis whose question this one paraphrases (cosine at
    least `paraphrase`) says what is asked."""
    if seen.intent != "other" or not nearest or nearest[0].score < paraphrase or not nearest[0].synthesis.intent:
        return seen
    return replace(seen, intent=nearest[0].synthesis.intent)


class Embedder(Protocol):
    def __call__(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Nearest:
    synthesis: Synthesis
    score: float  # cosine similarity of the question to the synthesis's closest question


class SynthesisIndex:
    """The questions every synthesis answers, embedded once (cached on disk by content)."""

    def __init__(self, syntheses: list[Synthesis], embed: Embedder, cache_dir: Path | None = None) -> None:
        self.syntheses = syntheses
        texts = [q for s in syntheses for q in (s.title, *s.questions)]
        self.owner = np.asarray([i for i, s in enumerate(syntheses) for _ in (s.title, *s.questions)], dtype=np.int32)
        self.matrix = cached_embeddings(texts, embed, cache_dir)

    def nearest(self, vector: np.ndarray, k: int | None = 3) -> list[Nearest]:
        """The k syntheses (None: all) whose questions come closest to the query vector, best first;
        given several readings of the question (rows), each question scores by the closest."""
        if not self.syntheses:
            return []
        sims = (self.matrix @ np.atleast_2d(vector).T).max(axis=1)
        best: dict[int, float] = {}
        for row in np.argsort(-sims):
            owner = int(self.owner[row])
            best.setdefault(owner, float(sims[row]))
            if k is not None and len(best) >= k:
                break
        return [Nearest(self.syntheses[i], score) for i, score in best.items()]


def cached_embeddings(
    texts: list[str], embed: Embedder, cache_dir: Path | None, name: str = "synthesis-questions"
) -> np.ndarray:
    """The texts embedded, from a cache file named by their content when one exists."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    key = hashlib.sha256("\x1f".join(texts).encode("utf-8")).hexdigest()[:16]
    path = cache_dir / f"{name}-{key}.npy" if cache_dir else None
    if path is not None and path.exists():
        cached = np.load(path, allow_pickle=False)
        if cached.shape[0] == len(texts):
            return cached
    matrix = np.asarray(embed(texts), dtype=np.float32)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, matrix)
        tmp.replace(path)
    return matrix

"""The one relevance decision: answer, or say the library has no evidence, and from what.

It is taken from what the question asks (intent and entities, `assistant.understand`), from the
synthesis closest to it and from the retrieval scores, in this order:

1. a question about a place's legal status the legal table knows -> the row; a narrower legal
   question ("When did Utah's law take effect?", "How many...?", "Why did the DEA withdraw its
   notice?") tries the other rules first and falls back to the row; a row whose status is unknown
   lets the other rules try, needs one finding about that place and what is asked, and names what
   is unknown if none answers;
2. a thing the question names (a place, condition, population, outcome or substance, or a proper
   name the tables do not know) that nothing close mentions -> no_evidence: the library has no
   study of it, whatever else matches;
3. a synthesis that answers a paraphrase of the question (and holds most of its own words) -> the
   synthesis; when the closest does not name what the question names, the next closest that does
   and is as close a paraphrase (the closest are ordered first by meaning and then, among those
   nearly as close, by the years, initials and document numbers they name: `prefer_anchored`);
4. a study the question names by author and year, or that the last answer named when the question
   follows it up ("how many of them...?"), found among the hits and mentioning what the question
   names -> the findings;
5. a close finding that holds a third of the question's distinctive words (those rare in the
   library), or one very close in meaning -> the findings;
6. when no finding holds those words either, a synthesis the question paraphrases closely, with
   the same intent, naming the same things -> the synthesis;
7. otherwise no_evidence, naming the closest synthesis when there is one.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal, Protocol

import numpy as np

from assistant.understand import (
    Nearest,
    Understanding,
    chat_words,
    fold,
    function_words,
    matches,
    speaks_of,
    tables,
    understand,
    unmatched,
    where_one_is,
)
from core.followup import points_back
from core.kratom import subject_pattern
from core.vocabulary import Hit
from ingest.legal import LegalRow
from ingest.synthesis import Synthesis

# Cosine similarity (MiniLM) at which a question is a paraphrase of a synthesis question.
SYNTHESIS_MATCH = 0.72
# A synthesis of the same intent that names the same thing may be a looser paraphrase than that.
AGREEING_MATCH = 0.6
# ... and looser still when what it names is narrow (a condition, an outcome, not "pain"): few
# syntheses name fibromyalgia, and the one that does is the one asked about, however the question
# rambles around it.
NAMED_MATCH = 0.5
# Asking for the evidence about a thing is asking whether it works.
KINDRED_INTENTS = {"evidence_quality": "efficacy"}
# A question this close to a synthesis question is that question in other words: the synthesis
# answers it whatever odd words it uses ("what kind of plant ... naturally"), if it names the things
# the question names.
SAME_QUESTION = 0.9
# A question that asks for no figure, date or reason ("what does kratom withdrawal feel like?") is
# its synthesis's question in other words a little further off: its answer is the bottom line, not
# one finding that must hold its odd words.
SAME_OPEN_QUESTION = 0.85
# Share of the question's distinctive words a synthesis's questions and bottom line must hold.
SYNTHESIS_COVERAGE = 0.5
# How many of the closest syntheses may answer a question that names a thing.
NAMED_CANDIDATES = 3
# Below this, the closest synthesis is not worth naming in a no_evidence reply.
CLOSEST_MATCH = 0.45
# A word in more than this share of the library's chunks says nothing about which aspect is asked.
COMMON_SHARE = 0.04
# Shorter words of another language too often spell an unrelated English one ("con", "sale").
LIBRARY_TERM_MIN = 5
# One close finding must hold this share of the question's distinctive words ...
COVERAGE = 1 / 3
# ... unless it is this close in meaning: the question's odd words ("how tightly") are phrasing.
STRONG_MATCH = 0.75
WINDOW = 5
# A word of at least this many letters that the library never uses, one slip from a word in at
# least TYPO_DF of its chunks, is read as that word misspelled.
TYPO_MIN = 5
TYPO_DF = 3
# A question about a place's legal status says little else ("Is kratom legal in Japan?"); one with
# more of its own words asks something narrower ("When did Utah's law take effect?").
STATUS_WORDS = 1
# Names that say where a question is asked from, not what it is about.
BROAD_PLACES = ("us", "international")
# Entities too broad to narrow a kratom library: every source is about pain or opioids.
BROAD_ENTITIES = {"condition": ("pain", "chronic_pain"), "substance": ("opioids", "mitragynine")}
WORD = re.compile(r"[^\W\d_][\w'-]*|\d[\w.-]*")
# A word the library never uses whose removal moves the question's meaning (its embedding) less
# than this is how the question is put ("honestly", "is that fair", "the scary one"), not what
# it asks about ("botanist", "teeth", "drive" move it by 0.09 to 0.25). Words the library does
# use always count: in a long question a precise word ("elimination half-life") moves little.
FILLER_WEIGHT = 0.07
# A word the library uses is filler only below a far smaller move: the story around a question
# ("I'm a med student doing a journal club", "half my support group swears by it") moves it by
# 0.001 to 0.008; a subject word, even in a long question, by 0.01 or more.
KNOWN_FILLER_WEIGHT = 0.009

# The embedding of a question glossed into English word by word is a weak guide to which synthesis
# answers it ("why FDA 2025 7-oh recommend controlled" comes closer to "Is kratom FDA-approved?"
# than to "What did the FDA do about 7-OH in 2025?"). A year, an agency's initials or a document's
# number ("the DEA in 2016", "Import Alert 54-15", "7-OH") name the event asked about in every
# language: among the syntheses nearly as close, one that names them all, and more of them than
# the closest, answers. Only for a glossed question, and only two or more marks: one year or one
# agency alone ("según la DEA", "the 2023 study") names no event, and an English question's
# embedding is the surer guide.
ANCHOR = re.compile(r"\b\d+-[\dA-Z]+\b|\b(?:1[89]\d\d|20\d\d)\b|\b[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*\b")
# How much less close than the closest it may be.
GLOSSED_MARGIN = 0.15
MIN_ANCHORS = 2

# The question's meaning as an embedding (unit length), for weighing its words.
Embed = Callable[[str], np.ndarray]


@dataclass(frozen=True)
class Decision:
    action: Literal["answer", "no_evidence"]
    path: str  # which rule decided, for logs and tests
    synthesis: Synthesis | None = None
    legal: LegalRow | None = None
    closest: Synthesis | None = None
    # Stems of the question's distinctive words, read once here: the composer leads with the key
    # point that repeats them.
    terms: frozenset[str] = frozenset()


class StemFn(Protocol):
    def __call__(self, words: list[str]) -> list[str]: ...


class Vocabulary:
    """What the relevance decision needs to know about the library's words: stems and their spread."""

    def __init__(self, stem: StemFn, document_frequency: dict[str, int], documents: int) -> None:
        self.stem, self.df, self.documents = stem, document_frequency, max(documents, 1)
        self._spelling: dict[str, str] = {}
        self._function: frozenset[str] | None = None
        self.embed: Embed | None = None

    def weighed_by(self, embed: Embed | None) -> Vocabulary:
        """This vocabulary, telling with `embed` which unknown words carry the question's meaning."""
        weighed = copy.copy(self)  # shares the counts and the spelling memo
        weighed.embed = embed
        return weighed

    def distinctive(self, question: str) -> set[str]:
        """Stems of the question's words that no table knows, that are rare in the library and
        that carry meaning: what the question is about beyond its intent and entities (checked
        on their own)."""
        rest = unmatched(subject_pattern().sub(" ", question))
        skip = function_words()
        words = [w for w in WORD.findall(rest) if len(w) > 2 and w not in skip]
        stems = [self.spelled(s) for s in self.stem(words)]
        return {
            stem
            for word, stem in zip(words, stems, strict=True)
            if self.df.get(stem, 0) / self.documents <= COMMON_SHARE and not self._filler(question, word, stem)
        }

    def library_terms(self, question: str) -> list[str]:
        """Words of a question in another language that the library itself uses rarely: names and
        cognates that read the same in English ("Corkery", "naloxona" is not one, "Salmonella" is).
        They join the English gloss in the search."""
        words = [w for w in WORD.findall(question) if len(w) >= LIBRARY_TERM_MIN and not w[0].isdigit()]
        stems = self.stem([w.lower() for w in words]) if words else []
        return list(
            dict.fromkeys(
                word.lower()
                for word, stem in zip(words, stems, strict=True)
                if 0 < self.df.get(stem, 0) <= self.documents * COMMON_SHARE
            )
        )

    def _filler(self, question: str, word: str, stem: str) -> bool:
        """A word that leaves the question's meaning as it was: how it is put, or who asks."""
        if self.embed is None:
            return False
        without = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", question, flags=re.IGNORECASE)
        weight = FILLER_WEIGHT if stem not in self.df else KNOWN_FILLER_WEIGHT
        return 1.0 - float(self.embed(question) @ self.embed(without)) < weight

    def spelled(self, stem: str) -> str:
        """A word the library never uses, one slip away from a word it uses often, is that word
        misspelled ("sezures", "livr", "adictive"); any other word is kept as asked."""
        if stem in self.df or len(stem) < TYPO_MIN or not stem.isalpha():
            return stem
        if stem not in self._spelling:
            # A slip rarely hits the first letter, and a function word is no subject ("world" is not "would").
            skip = self._function_stems()
            near = [
                w
                for w, n in self.df.items()
                if n >= TYPO_DF
                and w[:1] == stem[:1]
                and w not in skip
                and abs(len(w) - len(stem)) <= 1
                and _slip(stem, w)
            ]
            self._spelling[stem] = max(near, key=lambda w: (self.df[w], w)) if near else stem
        return self._spelling[stem]

    def _function_stems(self) -> frozenset[str]:
        if self._function is None:  # stemmed once, on the first unknown word
            self._function = frozenset(self.stem(sorted(function_words())))
        return self._function

    def stems(self, text: str) -> set[str]:
        return set(self.stem(WORD.findall(text)))


def _slip(a: str, b: str) -> bool:
    """Are the words one typing slip apart: a letter missing, added, changed or two swapped?"""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = sorted((a, b), key=len)
    i = next((i for i in range(len(short)) if short[i] != long[i]), len(short))
    return short[i:] == long[i + 1 :]


def find_row(understanding: Understanding, rows: Sequence[LegalRow]) -> LegalRow | None:
    """The legal row for the place the question names last (a follow-up's), a state before its country."""
    by_name = {fold(name): row for row in rows for name in row.names()}
    by_name.update({fold(row.place_id): row for row in rows})
    places = sorted(reversed(understanding.places), key=lambda key: key in BROAD_PLACES)
    for key in places:
        for name in (key, *_english_names("place", key)):
            if fold(name) in by_name:
                return by_name[fold(name)]
    return None


def decide(
    understanding: Understanding,
    question: str,
    hits: Sequence[Hit],
    nearest: Sequence[Nearest],
    rows: Sequence[LegalRow],
    vocabulary: Vocabulary,
    threshold: float,
    embed: Embed | None = None,
    named: frozenset[str] = frozenset(),
    cited: frozenset[str] = frozenset(),
) -> Decision:
    """Answer from the legal row, a synthesis or the findings, or say what the library lacks
    (`embed`: the question's meaning, to tell its subject words from how it is put; `named`: the
    sources the question, or the last answer it follows up, names; `cited`: those the question
    itself names)."""
    vocabulary = vocabulary.weighed_by(embed)
    terms = frozenset(vocabulary.distinctive(question))
    legal = understanding.intent == "legal"
    status_question = legal and len(terms) <= STATUS_WORDS
    row = find_row(understanding, rows) if legal and understanding.places else None
    known = row if row is not None and row.known else None
    # "How many people in the US used kratom?" names a place but asks for a figure: the findings
    # answer it first, and the place's row only when no finding does. So does a question about a
    # place's law that asks something narrower than its status ("When did Utah's law take effect?").
    figure = understanding.asks == "quantity"
    # So does one that asks why a law or an agency acted ("¿por qué la DEA retiró su aviso?").
    narrower = figure or understanding.asks == "reason"
    if known is not None and status_question and not narrower:
        return Decision("answer", "legal_row", legal=known, terms=terms)
    # A row that says "unknown" is not the last word: a synthesis or a finding may still answer
    # (an international body is not a country); if nothing does, the reply says what is unknown.
    unknown = row if known is None and not figure else None
    decision = _from_evidence(
        understanding, question, terms, hits, nearest, unknown, vocabulary, threshold, named, cited
    )
    if decision.action == "no_evidence" and known is not None:
        return Decision("answer", "legal_row", legal=known, terms=terms)
    return dataclasses.replace(decision, terms=terms)


def _from_evidence(
    understanding: Understanding,
    question: str,
    terms: frozenset[str],
    hits: Sequence[Hit],
    nearest: Sequence[Nearest],
    unknown: LegalRow | None,
    vocabulary: Vocabulary,
    threshold: float,
    named: frozenset[str] = frozenset(),
    cited: frozenset[str] = frozenset(),
) -> Decision:
    """A synthesis or the findings answer, or nothing does (`terms`: the question's distinctive
    words; `unknown`: the place's row, if it says "unknown", which the no_evidence reply names)."""
    closest = nearest[0].synthesis if nearest and nearest[0].score >= CLOSEST_MATCH else None
    # A name only the story before the question holds ("I'm a reporter in Tampa") is not asked about.
    journal = _journal_words(hits, cited)
    names = [n for n in unknown_names(from_the_question(question)) if not _abbreviates(n[0], journal)]
    wanted = specific_entities(understanding) + names
    best = nearest[0] if nearest else None
    matched = best.synthesis if best and _paraphrases(best, understanding) else None
    # A synthesis that never mentions what the question names does not answer it ("kidneys" is
    # not "liver"), though it may be close in meaning.
    asked = vocabulary.distinctive(asked_part(question)) if specific_entities(understanding) else set(terms)
    # The closest synthesis may not name what the question names ("narcan" is not in the one on
    # treatment); a next-closest one, as close a paraphrase, that names it answers instead.
    for candidate in nearest[: NAMED_CANDIDATES if wanted else 1]:
        same = candidate.score >= (SAME_QUESTION if understanding.asks else SAME_OPEN_QUESTION)
        if _paraphrases(candidate, understanding) and _answers(
            candidate.synthesis, wanted, asked, vocabulary, same=same
        ):
            return Decision("answer", "synthesis", synthesis=candidate.synthesis)
    top = list({h.node_id: h for h in [*sorted(hits, key=lambda h: -h.similarity)[:WINDOW], *hits[:WINDOW]]}.values())
    stems = {h.node_id: vocabulary.stems(_text(h)) for h in top}
    # Exact wording (an author's name, a figure's words) answers whatever the similarity.
    exact = [h for h in top if len(terms) >= 2 and terms <= stems[h.node_id]]
    if exact and all(_mentioned(w, " ".join(_text(h) for h in exact), vocabulary.stem) for w in wanted):
        return Decision("answer", "exact_wording")
    # A study the question cites ("in the Grundmann 2017 survey, what share...") answers from its
    # findings; one the last answer named ("how many of them had fentanyl?" after Suriaga et al.
    # (2024)) when one of them holds a share of the question's words. Either must name what the
    # question names.
    of_named = [h for h in hits if h.chunk.source.source_id in named]
    need = math.ceil(len(terms) * COVERAGE)
    found = any(h.chunk.source.source_id in cited for h in of_named) or any(
        len(terms & vocabulary.stems(_text(h))) >= need for h in of_named
    )
    if found and all(_mentioned(w, " ".join(_text(h) for h in of_named), vocabulary.stem) for w in wanted):
        return Decision("answer", "named_source")
    close = [h for h in hits if h.similarity >= threshold]
    if not close:
        return Decision("no_evidence", "legal_unknown" if unknown else "far", legal=unknown, closest=closest)
    if not all(_mentioned(w, " ".join(_text(h) for h in close), vocabulary.stem) for w in wanted):
        return Decision(
            "no_evidence", "legal_unknown" if unknown else "unmatched_entity", legal=unknown, closest=closest
        )
    if unknown is not None and not _one_finding_about(close, wanted, terms, need, vocabulary):
        # The table knows nothing of this place's law: a finding must be about that place and what
        # is asked (a British author's affiliation beside Denmark's ban is no answer on UK law).
        return Decision("no_evidence", "legal_unknown", legal=unknown, closest=closest)
    # One close finding must hold a share of the distinctive words: words spread over several
    # findings, or one shared word in an unrelated finding, are no answer.
    covered = any(len(terms & stems[h.node_id]) >= need for h in top if h.similarity >= threshold)
    if terms and not covered and max(h.similarity for h in close) < STRONG_MATCH:
        if (
            matched and _same_topic(best, understanding) and _answers(matched, wanted, set(), vocabulary)
        ):  # names them all
            # No finding holds the question's odd words ("why is it the scary one"), yet a synthesis
            # asks the same thing about the same named things: it answers better than "not covered".
            return Decision("answer", "synthesis", synthesis=matched)
        return Decision(
            "no_evidence", "legal_unknown" if unknown else "aspect_not_covered", legal=unknown, closest=closest
        )
    return Decision("answer", "findings")


def _one_finding_about(
    close: Sequence[Hit], wanted: list[list[str]], terms: frozenset[str], need: int, vocabulary: Vocabulary
) -> bool:
    """One close finding about the law names everything the question names and holds `need` of its
    words: a study of deaths in Florida says nothing of Florida's law."""
    return any(
        all(_mentioned(w, _text(h), vocabulary.stem) for w in wanted)
        and len(terms & vocabulary.stems(_text(h))) >= need
        and speaks_of("legal", _text(h))
        for h in close
    )


def _paraphrases(nearest: Nearest, understanding: Understanding) -> bool:
    """The question is this synthesis's question in other words, closely or about the same thing."""
    return nearest.score >= SYNTHESIS_MATCH or _agrees(nearest, understanding)


def _same_topic(nearest: Nearest | None, understanding: Understanding) -> bool:
    """A close paraphrase of a synthesis question with the same intent."""
    return nearest is not None and nearest.score >= SYNTHESIS_MATCH and _same_intent(nearest, understanding)


def _same_intent(nearest: Nearest, understanding: Understanding) -> bool:
    intent = understanding.intent
    return nearest.synthesis.intent in (intent, KINDRED_INTENTS.get(intent))


def _agrees(nearest: Nearest, understanding: Understanding) -> bool:
    """A looser paraphrase still finds its synthesis when both ask the same thing (intent) about the
    same named thing: "has any international body scheduled kratom" and "is it scheduled under UN
    drug treaties"."""
    if nearest.score < NAMED_MATCH or not _same_intent(nearest, understanding):
        return False
    text = synthesis_text(nearest.synthesis)
    narrow = specific_entities(understanding)
    if nearest.score >= AGREEING_MATCH:
        names = [_english_names(kind, key) or [key] for kind, keys in understanding.entities.items() for key in keys]
        return any(fold(name) in text for group in names for name in group)
    return bool(narrow) and any(fold(name) in text for group in narrow for name in group)


def _answers(
    synthesis: Synthesis, wanted: list[list[str]], terms: set[str], vocabulary: Vocabulary, same: bool = False
) -> bool:
    """Does the synthesis answer this question, not just its subject? It must name every thing the
    question names and, unless the question is one of its own in other words (`same`), hold most
    of its own words: "how many alkaloids does kratom contain" is close to "what is kratom", but
    its answer is a figure in one finding."""
    text = synthesis_text(synthesis)
    if not all(_mentioned(w, text, vocabulary.stem) for w in wanted):
        return False
    return same or len(terms & vocabulary.stems(text)) >= len(terms) * SYNTHESIS_COVERAGE


def specific_entities(understanding: Understanding) -> list[list[str]]:
    """English names of every entity narrow enough that the evidence must mention it."""
    wanted = []
    for kind, keys in understanding.entities.items():
        for key in keys:
            if key in BROAD_ENTITIES.get(kind, ()) or (kind == "place" and key in BROAD_PLACES):
                continue
            wanted.append(_english_names(kind, key) or [key.replace("_", " ")])
    return wanted


def unknown_names(question: str) -> list[list[str]]:
    """Capitalised words inside a sentence that no table knows ("Vermont" is known; "Zorbex" not)."""
    known = {fold(w) for p in matches(question) for w in p.text.split()}  # "United" in "United Nations"
    # A function word is no name, even capitalised inside a line ("... for pain Which kinds ...",
    # where a follow-up was joined to the question before it).
    known |= function_words() | chat_words()
    names = []
    for sentence in re.split(r"[.?!]+", question):
        words = [w.removesuffix("'s").removesuffix("’s") for w in re.findall(r"[\w'’-]+", sentence)]
        for word in words[1:]:
            if word[:1].isupper() and len(word) > 2 and not _known_word(fold(word), known):
                names.append([word.lower()])
    return names


def _known_word(word: str, known: set[str] | frozenset[str]) -> bool:
    """A table's word, kratom's name, or a contraction of a function word ("I'm", "We've")."""
    head = re.split(r"['’]", word, maxsplit=1)[0]
    return word in known or (head != word and head in known) or bool(subject_pattern().search(word))


def _sentences(question: str) -> list[str]:
    return [p for p in re.findall(r"[^.?!]*[.?!]*", question) if p.strip()]


def asked_part(question: str) -> str:
    """The sentences that ask, without the story around them ("can it hurt my liver? my buddy got
    yellow eyes after a few months"): a synthesis answers what is asked, not the story. A question
    with no question mark, or nothing but questions, is all asked."""
    parts = _sentences(question)
    asked = [p for p in parts if "?" in p]
    return " ".join(asked) if asked and len(asked) < len(parts) else question


# A sentence about the asker or their people ("my teenager's friend had some", "trying to figure out
# if I can take it on a road trip"): a story, wherever it is told.
TELLS_OWN = re.compile(r"\b(?:i|i'm|im|i've|ive|i'd|my|me|we|we're|our)\b", re.I)
# What the asker heard or thought ("i thought it was banned there") is a claim the question asks
# about, not their story.
HEARSAY = re.compile(r"\bi\s+(?:thought|heard|read|saw|was\s+told|keep\s+(?:hearing|seeing|reading))\b", re.I)


@lru_cache(maxsize=256)  # one question is read apart from its story by several steps
def from_the_question(question: str) -> str:
    """The question from its first sentence that asks on, without the story told before it ("I'm a
    reporter in Tampa. What did the Florida study find?") or after it ("what even is kratom? my
    teenager's friend had some"); what else follows the question qualifies it ("is kratom legal in
    the UK? someone said it was banned under the Psychoactive Substances Act") and is kept, as is a
    story that names something ("asking bc I'm in London"). A question with no question mark is all
    asked."""
    parts = _sentences(question)
    asking = [i for i, p in enumerate(parts) if "?" in p]
    if not asking:
        return question
    first, last = asking[0], asking[-1]
    # A name given after the question ("asking bc I'm in London") may be what it asks about: kept;
    # a test's initials in a story ("my ALT came back high") are not.
    after = [p for p in parts[last + 1 :] if not TELLS_OWN.search(p) or HEARSAY.search(p) or _names_a_thing(p)]
    return "".join([*parts[first : last + 1], *after])


def _names_a_thing(sentence: str) -> bool:
    """A capitalised name no table knows, not written in capitals only (initials such as "ALT")."""
    return any(not re.search(rf"\b{re.escape(name[0].upper())}\b", sentence) for name in unknown_names(sentence))


# What a story tells is wrong, which a question after it may ask about without naming it.
STORY_PROBLEMS = ("condition", "outcome")
# Intents that name no subject of their own: "are there studies?", "does it work?".
OPEN_INTENTS = ("other", "evidence_quality", "efficacy")


def with_the_story(part: str, whole: Understanding) -> str:
    """Asking sentences that name nothing the library knows, read with the problem the story before
    them tells: "my brother can't quit, he's at 50 g a day. what do doctors use to treat this?" asks
    how kratom dependence is treated; a question that names its own subject is read as it is."""
    told = [key for kind in STORY_PROBLEMS for key in whole.entities.get(kind, ())]
    heard = understand(part, whole.language)
    if not told or heard.entities:
        return part
    # A question of its own kind ("¿el kratom interactúa con medicamentos?" after "toma kratom para la
    # artritis") asks about that, unless it points back; an open one ("hay estudios?") asks of the story.
    if heard.intent not in OPEN_INTENTS and not points_back(part):
        return part
    return " ".join(["kratom", *told]) + ": " + part


def asked_apart(whole: Understanding, question: str) -> Understanding | None:
    """What a question in another language asks, without the story told around it ("meu tio usa
    kratom pra dor nas costas ... li que kratom mexe com o coração, tem estudo sobre isso?" asks
    about the heart, not back pain), read with the story's problem when it names none
    (`with_the_story`); None when nothing is told around the question, or when the question leans
    on the story for what it asks about ("vou morar no Japão. kratom é permitido lá?")."""
    part = from_the_question(question)
    if not part.strip() or part.strip() == question.strip():
        return None
    heard = understand(part, whole.language)
    # A question that leans on the story for what it asks about (a place for the law) is read whole.
    if (points_back(part) and not heard.entities) or (heard.intent == "legal" and whole.places and not heard.places):
        return None
    told = with_the_story(part, whole)
    return heard if told == part else understand(told, whole.language)


def asked_about(understanding: Understanding, question: str) -> Understanding:
    """What a question with a story around it asks: the intent of the sentences that ask, and the
    things they ask about: of each kind (condition, substance, population, outcome, place) the
    sentences that ask name, those; of a kind they do not name, the story's only when they point
    back at it. "My mum has knee osteoarthritis and my dad diabetic nerve pain. Is there a trial of
    kratom for arthritis or neuropathic pain?" asks about no diabetes; "My dad has fibromyalgia. Does kratom help with it?" still asks about fibromyalgia;
    "Saya orang Indonesia. Dalam survei Ahmad & Aziz 2012, berapa persen...?" asks about no country."""
    part = from_the_question(question)
    if part.strip() == question.strip():
        return _not_where_one_is(understanding, question)
    heard = understand(part, understanding.language)
    # "... tem pressão alta. li que kratom mexe com o coração, tem estudo sobre isso?": a pointer in
    # a question that names its own problem points at that problem, not at the story's.
    own = any(
        key not in BROAD_ENTITIES.get(kind, ()) for kind in STORY_PROBLEMS for key in heard.entities.get(kind, ())
    )
    told = understanding.entities if points_back(part) and not own else {}
    kept = {kind: keys for kind in understanding.entities if (keys := heard.entities.get(kind) or told.get(kind, ()))}
    # What is asked is the question's intent, not the story's: "been on kratom 2 years, want to
    # quit. what does withdrawal feel like?" asks about harms, not treatment.
    intent = understanding.intent if heard.intent == "other" else heard.intent
    return _not_where_one_is(dataclasses.replace(understanding, entities=kept, intent=intent), question)


def _not_where_one_is(understanding: Understanding, question: str) -> Understanding:
    """Outside the law, a place the asker says they are in ("is there a helpline in Spanish? I'm in
    Texas") is where they ask from, not what they ask about."""
    if understanding.intent == "legal" or not understanding.places:
        return understanding
    located = {p.key for p in matches(question) if where_one_is(p, question)}
    places = tuple(key for key in understanding.places if key not in located)
    entities = {kind: keys for kind, keys in understanding.entities.items() if kind != "place"}
    return dataclasses.replace(understanding, entities=entities | ({"place": places} if places else {}))


@cache
def _english_names(kind: str, key: str) -> list[str]:
    return [p.text for p in tables() if p.table == kind and p.key == key and p.language == "en"]


def _mentioned(names: list[str], text: str, stem: StemFn) -> bool:
    """Is any of these names in the text? A name of several words must occur as a phrase; one word
    matches by its stem ("kidney" finds "kidneys") or as the start of a longer word ("Malaysia"
    finds "Malaysian"), but "drive" does not find "driven"."""
    words = [w.removesuffix("'s") for w in WORD.findall(text)]
    stems = set(stem(words))
    for name in names:
        folded = fold(name)
        if " " in folded:
            if re.search(rf"(?<!\w){re.escape(folded)}", text):
                return True
        elif (
            stem([folded])[0] in stems
            or (len(folded) >= 6 and any(w.startswith(folded) for w in words))
            or _spelled_out(folded, words)
        ):
            return True
    return False


def _journal_words(hits: Sequence[Hit], cited: frozenset[str]) -> frozenset[str]:
    """The words of the journals of the studies a question cites."""
    journals = {h.chunk.source.publisher for h in hits if h.chunk.source.source_id in cited}
    return frozenset(WORD.findall(fold(" ".join(journals))))


def _abbreviates(name: str, journal: frozenset[str]) -> bool:
    """Is this name a journal's word as citations shorten it ("J Addict Med", "Drug Alcohol Depend")?"""
    return any(word.startswith(name) for word in journal)


def _spelled_out(name: str, words: list[str]) -> bool:
    """Is this name an acronym of words in the text ("aka": "American Kratom Association")?"""
    n = len(name)
    if not 3 <= n <= 6 or not name.isalpha():
        return False
    initials = "".join(w[:1] for w in words)
    return name in initials and any(initials[i : i + n] == name for i in range(len(initials) - n + 1))


def _anchors(question: str) -> set[str]:
    """The years, initials and document numbers a question names (none in a shouted question,
    where every word looks like initials)."""
    letters = [ch for ch in question if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > len(letters) / 2:
        return {m for m in ANCHOR.findall(question) if m[0].isdigit()}
    return set(ANCHOR.findall(question))


def _has(text: str, mark: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(mark)}(?![\w-])", text) is not None


def _names_anchors(synthesis: Synthesis, marks: set[str]) -> int:
    """How many of the marks the synthesis's questions name (counted twice: it answers for them)
    and its bottom line names; -1 unless it names them all."""
    questions = " ".join([synthesis.title, *synthesis.questions])
    if not all(_has(questions, m) or _has(synthesis.bottom_line, m) for m in marks):
        return -1
    return sum(2 * _has(questions, m) + _has(synthesis.bottom_line, m) for m in marks)


def prefer_anchored(nearest: Sequence[Nearest], question: str, glossed: bool) -> list[Nearest]:
    """The syntheses closest to the question; first, among those within a margin of the closest,
    one that names all its years, initials and document numbers, and more of them than the
    closest, taken as close a paraphrase as the closest."""
    marks = _anchors(question)
    if not glossed or len(marks) < MIN_ANCHORS or not nearest:
        return list(nearest)
    top = nearest[0]
    close = [n for n in nearest if n.score >= top.score - GLOSSED_MARGIN]
    named = {n.synthesis.id: _names_anchors(n.synthesis, marks) for n in close}
    best = max(close, key=lambda n: (named[n.synthesis.id], n.score))
    if named[best.synthesis.id] <= max(named[top.synthesis.id], 0):
        return list(nearest)
    return [dataclasses.replace(best, score=top.score), *(n for n in nearest if n is not best)]


def synthesis_text(synthesis: Synthesis) -> str:
    """What a synthesis answers: its questions and bottom line (a key point may mention a thing in
    passing, e.g. the kidneys in a list of harms, without answering for it)."""
    return fold(" ".join([synthesis.title, *synthesis.questions, synthesis.bottom_line]))


def _text(hit: Hit) -> str:
    s = hit.chunk.source  # the id is an author-year slug: "What did the Olsen 2019 MMWR note find?"
    return fold(f"{s.source_id.replace('-', ' ')} {s.title} {s.publisher} {hit.chunk.text}")

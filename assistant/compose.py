"""The composer: an evidence brief from a synthesis, a legal row and retrieved findings, no LLM needed.

The bottom line answers first: the matching synthesis's (with its key point closest to the exact
question), the legal row's (with its dated notes), or else the finding that best answers what was
asked: close in meaning and wording, and holding the kind of answer asked for (a figure for "how
many", a date for "when", a reason for "why"; `Understanding.asks`), with a near-tied second
beside it. A question that names a study (by its author and year, "in the Smith 2022 survey...";
by its first author alone, "the Grundmann survey"; or by what it studied, "el estudio de Florida
de 2024"), or a follow-up to an answer that named one, is answered from that study's findings
first, before its summary.
Findings and key points far below the best are left out rather than padding the answer. Each
sentence carries its [n] markers; the citations are data on the Response, resolved to the primary
source and locator, numbered in the order the answer uses them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.understand import fold, speaks_of, study_word_forms
from core.vocabulary import Chunk, Citation, Hit, SourceMeta, evidence_label
from ingest.legal import UNKNOWN, LegalRow
from ingest.synthesis import Synthesis

DISCLAIMER = (
    "_This summarises what vetted sources report; it is not medical advice, and no dose of kratom "
    "has been established as safe or effective for anyone. Talk to a clinician or pharmacist about "
    "your own situation._"
)


MARKER = re.compile(r"\[(\d+)\]")


def renumber(answer: str, citations: list[Citation]) -> Brief:
    """Keep the citations the answer uses, numbered 1..k in order of first use.

    Needed whenever text was rewritten or scrubbed after composing: every [n] must map to a
    citation and every citation must be used. Markers outside 1..len(citations) raise ValueError.
    """
    order: list[int] = []
    for match in MARKER.finditer(answer):
        n = int(match.group(1))
        if not 1 <= n <= len(citations):
            raise ValueError(f"[{n}] has no citation")
        if n not in order:
            order.append(n)
    new = {old: i for i, old in enumerate(order, 1)}
    text = MARKER.sub(lambda m: f"[{new[int(m.group(1))]}]", answer)
    return Brief(text, [citations[old - 1].model_copy(update={"n": new[old]}) for old in order])


@dataclass(frozen=True)
class Brief:
    answer: str
    citations: list[Citation]


SECTION_WEIGHT = {"Summary": 0.9, "Limitations": 0.8}
MAX_PER_SOURCE = 3
# How much exact wording counts beside meaning: the finding that names the figure or the term
# asked about ("how many recommendations ...") beats one that is merely on the same subject.
LEXICAL_WEIGHT = 0.2


def relevance(hit: Hit, query_vector: np.ndarray) -> float:
    meaning = float(hit.embedding @ query_vector)
    return (meaning + LEXICAL_WEIGHT * hit.lexical) * SECTION_WEIGHT.get(hit.chunk.section, 1.0)


def select_mmr(
    hits: list[Hit], query_vector: np.ndarray, k: int, lam: float, seed: list[Hit] | None = None
) -> list[Hit]:
    """Maximal marginal relevance: relevant findings that do not repeat each other or one source.
    The `seed` findings are chosen first, whatever their likeness to each other."""
    chosen: list[Hit] = list(seed or [])[:k]
    pool = [h for h in hits if h not in chosen]

    def gain(hit: Hit) -> float:
        redundancy = max((float(hit.embedding @ c.embedding) for c in chosen), default=0.0)
        return lam * relevance(hit, query_vector) - (1 - lam) * redundancy

    while pool and len(chosen) < k:
        best = max(pool, key=gain)
        pool.remove(best)
        same_source = sum(c.chunk.source.source_id == best.chunk.source.source_id for c in chosen)
        if same_source >= MAX_PER_SOURCE or any(float(best.embedding @ c.embedding) > 0.95 for c in chosen):
            continue  # a near-copy, or a source that already speaks three times
        chosen.append(best)
    return chosen


def _rank(hits: list[Hit]) -> list[Hit]:
    # Findings answer questions; a summary or limitations node only when nothing better exists.
    order = {"Key findings": 0, "Page": 0, "Section": 0, "Summary": 1, "Limitations": 2}
    return sorted(hits, key=lambda h: (order.get(h.chunk.section, 1), -h.similarity))


def _citation(n: int, hit: Hit) -> Citation:
    s = hit.chunk.source
    return Citation(
        n=n,
        source_id=s.source_id,
        title=s.title,
        url=s.url,
        locator=hit.chunk.locator,
        type=s.type,
        population=s.population,
        year=s.year,
        publisher=s.publisher,
        published=s.published,
        finding=hit.chunk.text,
        evidence=evidence_label(s.type, s.population, s.title),
    )


# A figure in square brackets in a source's text (the Salmonella serotype "I 4,[5],12:b:-") reads
# as a citation marker to the output rail, which drops the sentence that holds it.
BRACKETED_FIGURE = re.compile(r"\[(\d+)\]")


def _sentence(text: str) -> str:
    text = BRACKETED_FIGURE.sub(r"(\1)", text.strip())
    return text if text.endswith((".", "!", "?")) else text + "."


@dataclass(frozen=True)
class Plan:
    """What the composer is asked to build, beside the hits."""

    max_findings: int
    lam: float
    intent: str = "other"
    synthesis: Synthesis | None = None
    sources: SourceIndex | None = None
    note: str = ""  # the one line, in the user's language, that the answer is in English
    asks: str = ""  # "quantity", "date", "reason" or "" (any): `assistant.understand.Understanding.asks`
    # Sources the question names (`SourceIndex.named_in`: "Garcia-Romeu 2020", "the Grundmann
    # survey", "el estudio de Florida de 2024"), or that the last answer a follow-up points at
    # named: the lead comes from their findings when one was found.
    named: frozenset[str] = frozenset()
    # The stems of the question's distinctive words (`relevance.Vocabulary.distinctive`) and the
    # stemmer that made them: the key point that repeats them answers the exact question.
    terms: frozenset[str] = frozenset()
    stems: Callable[[str], set[str]] | None = None

    def names(self, hit: Hit) -> bool:
        """Is the hit a finding of a source the question, or the last answer, names?"""
        return hit.chunk.source.source_id in self.named


class Numbering:
    """Citation numbers in order of first use; the same source and locator keep one number."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._by_key: dict[tuple[str, str], int] = {}

    def add(self, citation: Citation) -> int:
        key = (citation.source_id, citation.locator)
        if key not in self._by_key:
            self._by_key[key] = len(self.citations) + 1
            self.citations.append(citation.model_copy(update={"n": self._by_key[key]}))
            return self._by_key[key]
        # One number stands for every finding cited at that place, so it carries all of them.
        n = self._by_key[key]
        held = self.citations[n - 1]
        if citation.finding and citation.finding not in held.finding:
            self.citations[n - 1] = held.model_copy(update={"finding": f"{held.finding} {citation.finding}".strip()})
        return n


class SourceIndex:
    """Resolves a synthesis or legal-table citation (digest id, locator) to its primary source."""

    def __init__(
        self,
        metas: dict[str, SourceMeta],
        chunks: list[Chunk],
        points: dict[str, np.ndarray] | None = None,
        authors: dict[str, list[str]] | None = None,
    ) -> None:
        self.metas = metas
        self.findings: dict[str, list[Chunk]] = {}
        for chunk in chunks:
            self.findings.setdefault(chunk.source.source_id, []).append(chunk)
        # Per synthesis id, its key points embedded (one row each, in order): which point answers
        # the exact question asked.
        self.points = points or {}
        self._citations = {i: p for i, p in ((i, _cited_as(i)) for i in metas) if p is not None}
        # A study's first author, when a person, names it without its year ("the Grundmann survey").
        self._authors = {
            i: p for i, p in ((i, _authored_as(i, (authors or {}).get(i, []))) for i in metas) if p is not None
        }
        # The words of its id after the year describe a study ("suriaga-2024-jam-florida-deaths"):
        # with its year ("el estudio de Florida de 2024"), or, for a place or acronym its findings
        # always capitalise and no other id holds, beside a word for a study ("the Kern County study").
        self._described = _described_as(metas, self.findings)

    def cited_in(self, text: str) -> frozenset[str]:
        """The sources `text` names by their author (or agency) and year ("die Suriaga 2024 Studie")."""
        return self._cited(fold(text))

    def _cited(self, folded: str) -> frozenset[str]:
        return frozenset(source_id for source_id, pattern in self._citations.items() if pattern.search(folded))

    def named_in(self, text: str) -> frozenset[str]:
        """The sources `text` names by their author (or agency) and year, as their ids begin
        ("Garcia-Romeu 2020", "Smith et al. (2022)", "FDA's 2018 statement"), or by the surname of
        their first author alone ("Grundmann's survey"): every study of that author's when no year
        says which one. Else the sources it names by what they studied (`_described_as`)."""
        folded = fold(text)
        dated = self._cited(folded)
        by_author = {source_id for source_id, pattern in self._authors.items() if pattern.search(text)}
        # A year says which of an author's studies: "Ahmad and Aziz's 2012 survey" is not Ahmad 2021.
        authors_dated = {_first_author(source_id) for source_id in dated}
        named = dated | {i for i in by_author if _first_author(i) not in authors_dated}
        if named:
            return frozenset(named)
        return frozenset(source_id for source_id, pattern in self._described.items() if pattern.search(folded))

    def vectors(self, synthesis: Synthesis) -> np.ndarray | None:
        """The synthesis's key points embedded, one row each, when they were."""
        rows = self.points.get(synthesis.id)
        return rows if rows is not None and len(rows) == len(synthesis.key_points) and len(rows) else None

    def citation(self, source_id: str, locator: str, claim: str) -> Citation | None:
        """The citation, with the digest's findings at that locator (one number stands for all the
        claims citing it, so all of them), or else the finding of that source nearest the claim."""
        meta = self.metas.get(source_id)
        if meta is None:
            return None
        chunks = self.findings.get(source_id, [])
        exact = [c.text for c in chunks if c.locator.strip() == locator.strip()]
        words = set(WORDS.findall(claim.lower()))
        nearest = max(chunks, key=lambda c: len(words & set(WORDS.findall(c.text.lower()))), default=None)
        finding = " ".join(exact) if exact else (nearest.text if nearest else "")
        return Citation(
            n=0,
            source_id=meta.source_id,
            title=meta.title,
            url=meta.url,
            locator=locator,
            type=meta.type,
            population=meta.population,
            year=meta.year,
            publisher=meta.publisher,
            published=meta.published,
            finding=finding,
            evidence=evidence_label(meta.type, meta.population, meta.title),
        )


# A source id begins with who wrote it and the year: "garcia-romeu-2020-survey", "fda-2018-...".
SOURCE_ID = re.compile(r"^([a-z][a-z-]*?)-((?:19|20)\d\d)(?:-|$)")


def _cited_as(source_id: str) -> re.Pattern[str] | None:
    """How a question names the source: its author or agency, then its year within a few words."""
    match = SOURCE_ID.match(source_id)
    if match is None:
        return None
    # "leongabdullah" is written "Leong Abdullah", "ahmad-aziz" "Ahmad and Aziz".
    names = [r"[\s-]?".join(map(re.escape, name)) for name in match.group(1).split("-")]
    author = AUTHORS_JOINED.join(names)
    year = match.group(2)
    # "Smith 2022", "Smith et al. (2022)"; or the year first: "năm 2022 của Prevete".
    return re.compile(rf"\b{author}\b(?:\W+\w+){{0,4}}?\W+{year}\b|\b{year}\b(?:\W+\w+){{0,3}}?\W+{author}\b")


AUTHORS_JOINED = r"(?:[\s-]+|\s+(?:and|&|y|e|und|et|dan|at)\s+)"
# A person listed as authors are: a surname, then initials ("Grundmann O", "Garcia-Romeu A",
# "Leong Abdullah MFI"); an agency ("Centers for Disease Control and Prevention") is not one.
PERSON = re.compile(r"^(?P<surname>[^\W\d][\w' -]*?) [A-Z]{1,4}$")
# A short surname is also a word ("Post", "Hill", "Coe"): it names a study only capitalised.
SHORT_SURNAME = 5


# Id words that describe no one study: the plant, its alkaloids, connecting words.
NOT_DESCRIPTIVE = frozenset({"kratom", "7oh", "mp", "of", "and", "the", "use", "vs"})
# Words for a study, in every language the questions come in (the gloss tables' forms of these).
STUDY_WORDS = ("study", "studies", "survey", "trial", "review", "report", "reports", "paper", "analysis", "case report")
# How far apart the words may be: a year within a few words, a place named in the same clause.
NEAR = r"(?:\W+\w+){0,4}?\W+"
FAR = r"(?:\W+\w+){0,8}?\W+"


def _described_as(metas: dict[str, SourceMeta], findings: dict[str, list[Chunk]]) -> dict[str, re.Pattern[str]]:
    """Per source, how a question names it by what it studied: a word of its id within a few words
    of its year, or a place or acronym only its id holds within a clause of a word for a study."""
    words = {i: _descriptors(i) for i in metas}
    count: dict[str, int] = {}
    for found in words.values():
        for word in set(found):
            count[word] = count.get(word, 0) + 1
    study = "|".join(map(re.escape, sorted({fold(w) for w in study_word_forms(STUDY_WORDS)}, key=len, reverse=True)))
    described = {}
    for source_id, found in words.items():
        match = SOURCE_ID.match(source_id)
        if match is None or not found:
            continue
        year = match.group(2)
        alone = "|".join(re.escape(w) for w in found)
        forms = [rf"\b(?:{alone})\b{NEAR}{year}\b", rf"\b{year}\b{NEAR}(?:{alone})\b"]
        text = " ".join([metas[source_id].title, *(c.text for c in findings.get(source_id, []))])
        proper = [w for w in found if count[w] == 1 and len(w) >= 4 and _capitalised(w, text)]
        if proper:
            names = "|".join(map(re.escape, proper))
            forms += [rf"\b(?:{names})\b{FAR}(?:{study})\b", rf"\b(?:{study})\b{FAR}(?:{names})\b"]
        described[source_id] = re.compile("|".join(forms))
    return described


def _descriptors(source_id: str) -> list[str]:
    """The id's words but its first author and year: "samhsa-nsduh-2019-key-indicators" is
    described by "nsduh" as well as by "indicators"."""
    match = SOURCE_ID.match(source_id)
    if match is None:
        return []
    words = [*match.group(1).split("-")[1:], *source_id[match.end() :].split("-")]
    return [w for w in words if len(w) >= 3 and not w.isdigit() and w not in NOT_DESCRIPTIVE]


def _capitalised(word: str, text: str) -> bool:
    """A place or an acronym: the source's title and findings write the word, and always with a
    capital ("Kern County", "NSDUH"; not "liver", which the findings write in lower case)."""
    seen = [t for t in re.findall(r"[^\W\d_]+", text) if fold(t) == word]
    return bool(seen) and all(t[:1].isupper() for t in seen)


def _first_author(source_id: str) -> str:
    match = SOURCE_ID.match(source_id)
    return match.group(1).split("-")[0] if match else source_id


# What a German compound names a study by: "Tatum-Bericht", "Suriaga-Studie", "Grundmann-Umfrage".
COMPOUND_HEADS = (
    r"(?i:studie|studien|bericht|fallbericht|umfrage|untersuchung|analyse|arbeit|paper|review|team|daten)\b"
)


def _authored_as(source_id: str, authors: list[str]) -> re.Pattern[str] | None:
    """How a question names a study by its first author's surname alone, when the id begins with
    that person's name (agencies and places need their year: "the FDA" names no one document)."""
    match = SOURCE_ID.match(source_id)
    person = PERSON.match(authors[0]) if authors else None
    if match is None or person is None:
        return None
    surname = person.group("surname")
    # "garcia-romeu" is one surname, "ahmad-aziz" two authors: the surname is the id's first part(s).
    parts = match.group(1).split("-")
    if re.sub(r"[\s'-]", "", fold(surname)) not in {"".join(parts[:k]) for k in range(1, len(parts) + 1)}:
        return None
    spelled = r"[\s-]?".join(map(re.escape, re.split(r"[\s-]+", surname)))
    flags = re.IGNORECASE if len(surname) > SHORT_SURNAME else 0
    # Not a word's first part: "Post-mortem" is no study of Post's; but the head of a German
    # compound is ("im Tatum-Bericht", "die Suriaga-Studie").
    return re.compile(rf"(?<![\w-]){spelled}(?!\w)(?!-(?!{COMPOUND_HEADS}))", flags)


WORDS = re.compile(r"[a-z][a-z0-9-]+")
SYNTHESIS_CITATION = re.compile(r"\s*\[§\s*([a-z0-9][a-z0-9-]+)\s*:\s*([^\]]+)\]")
# A finding is shown only when it comes this close to the best one: no padding to max_findings.
RELATIVE_FLOOR = 0.80
# A second finding joins the lead when its lead score is at least this share of the first's.
LEAD_TIE = 0.85
# Beside a synthesis and its key points, a few findings add what it does not say.
MAX_EXTRA_FINDINGS = 2


def cite_text(text: str, sources: SourceIndex, numbering: Numbering) -> str:
    """A synthesis sentence with its [§ id: locator] citations turned into [n] markers."""
    claim = SYNTHESIS_CITATION.sub("", text)

    def marker(match: re.Match[str]) -> str:
        citation = sources.citation(match.group(1), match.group(2), claim)
        return f" [{numbering.add(citation)}]" if citation else ""

    return SYNTHESIS_CITATION.sub(marker, text).strip()


def serves(intent: str, text: str) -> bool:
    """Does a finding speak to what was asked? Broad intents accept any finding close enough."""
    if intent in BROAD_INTENTS:
        return True
    return speaks_of(intent, text)


BROAD_INTENTS = ("other", "definition", "evidence_quality", "efficacy", "safety", "comparison", "practical")


# The findings that answer the question best are shown whatever their likeness to each other:
# diversity is for the findings around them (a question about one figure is answered by one of the
# few findings closest to it, and those are often alike).
ANSWER_CANDIDATES = 2


def _findings(hits: list[Hit], query_vector: np.ndarray, plan: Plan, k: int) -> list[Hit]:
    found = [h for h in hits if h.similarity > 0]
    # The named source's findings are candidates wherever they ranked.
    candidates = found[: plan.max_findings * 4]
    candidates += [h for h in found[plan.max_findings * 4 :] if plan.names(h)]
    best = sorted(candidates, key=lambda h: -_lead_score(h, query_vector, plan))[:ANSWER_CANDIDATES]
    chosen = select_mmr(candidates, query_vector, plan.max_findings, plan.lam, seed=best)
    chosen = sorted(chosen, key=lambda h: -relevance(h, query_vector))
    if not chosen:
        return []
    floor = RELATIVE_FLOOR * relevance(chosen[0], query_vector)
    kept = [chosen[0], *(h for h in chosen[1:] if relevance(h, query_vector) >= floor or plan.names(h))]
    on_point = [kept[0], *(h for h in kept[1:] if serves(plan.intent, h.chunk.text) or plan.names(h))]
    return on_point[:k]


def _finding_line(hit: Hit, numbering: Numbering) -> str:
    citation = _citation(0, hit)
    return f"- *{citation.evidence}* - {_sentence(hit.chunk.text)} [{numbering.add(citation)}]"


# A figure a "how many" question can be answered with: not a year, not the 7 of "7-OH".
FIGURE = re.compile(r"(?<![\w.-])(\d[\d,.]*)(?!-?(?:oh|hydroxy|mitragynine)\b)(?![\w-])", re.IGNORECASE)
YEAR = re.compile(r"^(?:19|20)\d\d$")
DATE_WORDS = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|"
    r"\b(?:19|20)\d\d\b"
)
# A finding that gives a reason ("withdrew it citing the public comments", "because it is a new
# dietary ingredient") answers a "why".
REASON_WORDS = re.compile(
    r"\b(?:because|reasons?|due\s+to|citing|cited|owing\s+to|grounds|as\s+a\s+result|so\s+that|"
    r"considers?|concluded|in\s+response\s+to|after|following)\b",
    re.IGNORECASE,
)
# How much exact wording counts when choosing the lead, beside its share in `relevance`: the finding
# that repeats the question's own rare words is the one that answers it.
LEAD_LEXICAL = 0.2
# The lead holds the kind of answer asked for (a figure for "how many", a date for "when") when a
# finding close enough holds one.
ANSWER_BONUS = 0.1


def holds(asks: str, text: str) -> bool:
    """Does the text hold the kind of answer asked for ("" asks for none in particular)?"""
    if asks == "quantity":
        return any(not YEAR.match(m.group(1).rstrip(".,")) for m in FIGURE.finditer(text))
    if asks == "date":
        return bool(DATE_WORDS.search(text))
    if asks == "reason":
        return bool(REASON_WORDS.search(text))
    return True


# A finding of the source the question names ("in the Smith 2022 survey, how many...") answers it
# before a closer-worded finding of another source.
NAMED_BONUS = 0.25
SUMMARY = "Summary"  # a digest's account of what the source is (ingest.loaders), beside its findings


def _lead_score(hit: Hit, query_vector: np.ndarray, plan: Plan) -> float:
    # What a source set out to do holds its sample's size, not what it found: a figure asked for is
    # a finding's.
    finding = hit.chunk.section != SUMMARY
    bonus = ANSWER_BONUS if plan.asks and finding and holds(plan.asks, hit.chunk.text) else 0.0
    # A question that names a study knows what it is and asks what it found: its findings answer,
    # not the summary of what it set out to do.
    if plan.names(hit) and hit.chunk.section != SUMMARY:
        bonus += NAMED_BONUS
    return relevance(hit, query_vector) + LEAD_LEXICAL * hit.lexical + bonus


def _leads(chosen: list[Hit], query_vector: np.ndarray, plan: Plan, most: int = 2) -> list[Hit]:
    """The finding that best answers what was asked (close in meaning and wording, and holding the
    kind of answer asked for), and the next one too when it is nearly as good (a near tie), from
    the same source or another: which of the two holds the asked-for figure is a coin toss."""

    def score(hit: Hit) -> float:
        return _lead_score(hit, query_vector, plan)

    ranked = sorted(chosen, key=lambda h: -score(h))
    if not ranked:
        return []
    best = score(ranked[0])
    return [ranked[0], *(h for h in ranked[1:most] if score(h) >= LEAD_TIE * best)]


def _lead_sentence(hit: Hit, numbering: Numbering) -> str:
    return f"{_sentence(hit.chunk.text)} [{numbering.add(_citation(0, hit))}]"


# Findings that join a synthesis's bottom line (beside its closest key point).
SYNTHESIS_LEADS = 2
# A key point joins the bottom line when it is at least this close in meaning to the question.
POINT_MATCH = 0.5


def _lead_point(synthesis: Synthesis, sources: SourceIndex, query_vector: np.ndarray, plan: Plan) -> int | None:
    """The key point that answers the exact question (close in meaning and wording, holding the kind
    of answer asked for), when one is close enough; None when the bottom line must stand alone."""
    vectors = sources.vectors(synthesis)
    if vectors is None:
        return None
    scores = vectors @ query_vector
    bonus = [ANSWER_BONUS if plan.asks and holds(plan.asks, p) else 0.0 for p in synthesis.key_points]
    wording = [LEAD_LEXICAL * _share_of_terms(p, plan) for p in synthesis.key_points]
    best = int(np.argmax(scores + np.asarray(bonus) + np.asarray(wording)))
    return best if scores[best] >= POINT_MATCH else None


def _share_of_terms(text: str, plan: Plan) -> float:
    """How many of the question's distinctive words the text repeats, as a share of them."""
    if not plan.terms or plan.stems is None:
        return 0.0
    return len(plan.terms & plan.stems(text)) / len(plan.terms)


# A key point is shown when it comes this close to the question, relative to the closest one: the
# points of a synthesis that speak to other aspects of its subject are left out.
POINT_FLOOR = 0.85


def _serving_points(synthesis: Synthesis, sources: SourceIndex, query_vector: np.ndarray) -> set[int]:
    vectors = sources.vectors(synthesis)
    if vectors is None:
        return set(range(len(synthesis.key_points)))
    scores = vectors @ query_vector
    floor = POINT_FLOOR * float(scores.max())
    return {i for i, score in enumerate(scores) if score >= floor}


def compose_answer(hits: list[Hit], query_vector: np.ndarray, plan: Plan) -> Brief:
    """The bottom line first (the synthesis's, else the most relevant finding), then the synthesis's
    key points and the findings that serve the question, each cited; what is not known last."""
    numbering = Numbering()
    synthesis, sources = plan.synthesis, plan.sources
    if synthesis is None or sources is None:
        chosen = _findings(hits, query_vector, plan, plan.max_findings)
        if not chosen:
            raise ValueError("nothing to compose")
        leads = _leads(chosen, query_vector, plan)
        rest = _rank([h for h in chosen if h not in leads])
        lines = ["**Bottom line:** " + " ".join(_lead_sentence(h, numbering) for h in leads)]
        if rest:
            lines += ["", "**What the vetted sources report:**", *(_finding_line(h, numbering) for h in rest)]
        return _finish(lines, numbering, plan)
    chosen = _findings(hits, query_vector, plan, plan.max_findings)
    lead_text = cite_text(synthesis.bottom_line, sources, numbering)
    # The bottom line answers the question people ask; the key point and the finding closest to the
    # exact question join it, so a question after one figure finds that figure in the lead too.
    point = _lead_point(synthesis, sources, query_vector, plan)
    if point is not None:
        lead_text += " " + cite_text(synthesis.key_points[point], sources, numbering)
    leads = _leads(chosen, query_vector, plan, most=SYNTHESIS_LEADS)
    lead_text += "".join(" " + _lead_sentence(h, numbering) for h in leads)
    lines = [f"**Bottom line:** {lead_text}"]
    serving = _serving_points(synthesis, sources, query_vector)
    points = [p for i, p in enumerate(synthesis.key_points) if i != point and i in serving]
    if points:
        lines += ["", "**Key points:**", *(f"- {cite_text(p, sources, numbering)}" for p in points)]
    extra = [h for h in chosen if h not in leads][:MAX_EXTRA_FINDINGS]
    if extra:
        lines += ["", "**Other findings:**", *(_finding_line(h, numbering) for h in extra)]
    if synthesis.not_known:
        lines += ["", "**What is not known:**", *(f"- {cite_text(p, sources, numbering)}" for p in synthesis.not_known)]
    lines += ["", f"_Certainty of the evidence: {synthesis.certainty} ({synthesis.certainty_reason})_"]
    return _finish(lines, numbering, plan)


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")


def readable_date(text: str) -> str:
    """ISO dates as people write them: "2019-05-14" -> "14 May 2019", "2025-12" -> "December 2025"."""

    def spell(m: re.Match[str]) -> str:
        month = int(m.group(2))
        if not 1 <= month <= 12:
            return m.group(0)
        day = f"{int(m.group(3))} " if m.group(3) else ""
        return f"{day}{MONTHS[month - 1]} {m.group(1)}"

    return ISO_DATE.sub(spell, text)


def compose_legal(row: LegalRow, sources: SourceIndex, hits: list[Hit], query_vector: np.ndarray, plan: Plan) -> Brief:
    """A legal question about a place: the dated, sourced row first, with what its source adds, and
    that laws change; then the findings that name the place."""
    numbering = Numbering()
    status = f"As of {readable_date(row.as_of)}, kratom's legal status in {row.name}: {row.kratom.rstrip('.')}"
    citation = sources.citation(row.source, row.locator, f"{status} {row.notes}")
    mark = f" [{numbering.add(citation)}]" if citation else ""
    lead = [f"**Bottom line:** {status}.{mark}"]
    if row.seven_oh != UNKNOWN:
        lead.append(f"7-OH (7-hydroxymitragynine) products: {row.seven_oh.rstrip('.')}.{mark}")
    if row.age_limit != UNKNOWN:
        lead.append(f"Age limit: {row.age_limit.rstrip('.')}.{mark}")
    if row.effective != UNKNOWN:
        lead.append(f"In effect since {readable_date(row.effective)}.{mark}")
    # The row's notes (what changed, when, under which law) answer the follow-up a status invites.
    if row.notes:
        lead.append(f"{_sentence(readable_date(row.notes))}{mark}")
    lead.append("Laws change, so the current law where you are may differ.")
    lines = [" ".join(lead)]
    place = fold(row.name)
    about = [h for h in _findings(hits, query_vector, plan, plan.max_findings) if place in fold(h.chunk.text)]
    if about:
        lines += ["", "**What the vetted sources report:**", *(_finding_line(h, numbering) for h in about)]
    return _finish(lines, numbering, plan)


def _finish(lines: list[str], numbering: Numbering, plan: Plan) -> Brief:
    if plan.note:
        lines += ["", f"_{plan.note}_"]
    lines += ["", DISCLAIMER]
    return Brief("\n".join(lines), numbering.citations)

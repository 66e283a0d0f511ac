"""Evidence syntheses (corpus/syntheses/*.md): short answers to common questions, built from digests.

A synthesis is parsed into typed data for the composer, and verified by `corpus verify`: every
number it states appears in a digest it cites, it rests on at least two sources (or says why
one), and no sentence gives advice. Its format is in corpus/README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from core.settings import Settings

SECTIONS = ("Questions", "Bottom line", "Key points", "What is not known", "Certainty", "About")
CERTAINTY_LEVELS = ("high", "moderate", "low", "very low")
MIN_QUESTIONS = 6  # the main question and at least five paraphrases
CITATION = re.compile(r"\[§\s*([a-z0-9][a-z0-9-]+)\s*:\s*([^\]]+)\]")
# Figures a reader could act on or check: 20.6, 1,800, 91%, 2016. Ordinal words are not figures.
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Advice to the reader: second-person instructions and imperatives that open a sentence.
ADVICE = re.compile(
    r"\byou\s+(?:should|must|need\s+to|ought\s+to|can\s+safely)\b|\b(?:we|i)\s+(?:recommend|advise|suggest)\b|"
    r"(?:^|[.!?]\s+)(?:take|avoid|try|start|stop|use\s+(?:caution|kratom|it|only)|don't|do\s+not|never|always|"
    r"consider|ask\s+your)\b",
    re.IGNORECASE,
)
BULLET = re.compile(r"^\s*[-*]\s+(.*)$")


class SynthesisError(ValueError):
    """A synthesis file is not in the synthesis format."""


@dataclass(frozen=True)
class Synthesis:
    id: str
    title: str
    questions: list[str]
    bottom_line: str
    key_points: list[str]
    not_known: list[str]
    certainty: str
    certainty_reason: str
    intent: str
    topics: list[str]
    as_of: str
    single_source: str = ""

    def cited_ids(self) -> list[str]:
        """Every digest the synthesis cites, in order of first citation."""
        text = " ".join([self.bottom_line, *self.key_points, *self.not_known])
        return list(dict.fromkeys(m.group(1) for m in CITATION.finditer(text)))


def _sections(markdown: str) -> tuple[str, dict[str, list[str]]]:
    title, current = "", None
    body: dict[str, list[str]] = {}
    for line in markdown.splitlines():
        if line.startswith("# ") and not title:
            title = line[2:].strip()
        elif line.startswith("## "):
            current = line[3:].strip()
            body[current] = []
        elif current is not None:
            body[current].append(line)
    return title, body


def _bullets(lines: list[str]) -> list[str]:
    items: list[str] = []
    for line in lines:
        match = BULLET.match(line)
        if match:
            items.append(match.group(1).strip())
        elif line.strip() and items:
            items[-1] += " " + line.strip()
    return items


def _about(lines: list[str]) -> dict[str, str]:
    fields = {}
    for item in _bullets(lines):
        key, _, value = item.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


def parse_synthesis(markdown: str, synthesis_id: str) -> Synthesis:
    """The typed synthesis, or SynthesisError naming what is missing."""
    title, body = _sections(markdown)
    missing = [s for s in SECTIONS if s not in body]
    if not title or missing:
        raise SynthesisError(f"missing {'title' if not title else ''}{', '.join(missing)}".strip(", "))
    level, _, reason = " ".join(line.strip() for line in body["Certainty"] if line.strip()).partition(":")
    about = _about(body["About"])
    return Synthesis(
        id=synthesis_id,
        title=title,
        questions=_bullets(body["Questions"]),
        bottom_line=" ".join(line.strip() for line in body["Bottom line"] if line.strip()),
        key_points=_bullets(body["Key points"]),
        not_known=_bullets(body["What is not known"]),
        certainty=level.strip().lower(),
        certainty_reason=reason.strip(),
        intent=about.get("intent", ""),
        topics=[t.strip() for t in about.get("topics", "").split(",") if t.strip()],
        as_of=about.get("as_of", ""),
        single_source=about.get("single_source", ""),
    )


def _without_citations(text: str) -> str:
    return CITATION.sub(" ", text)


def _numbers(text: str) -> set[str]:
    return {n.rstrip(".,") for n in NUMBER.findall(_without_citations(text))}


def _statements(synthesis: Synthesis) -> list[str]:
    return [synthesis.bottom_line, *synthesis.key_points, *synthesis.not_known]


def synthesis_defects(synthesis: Synthesis, cited_texts: dict[str, str]) -> list[str]:
    """What breaks the synthesis rules. cited_texts: approved digest id -> its text."""
    problems = []
    if len(synthesis.questions) < MIN_QUESTIONS:
        problems.append(f"{len(synthesis.questions)} questions; at least {MIN_QUESTIONS} expected")
    if not synthesis.bottom_line or not synthesis.key_points:
        problems.append("empty bottom line or key points")
    if synthesis.certainty not in CERTAINTY_LEVELS or not synthesis.certainty_reason:
        problems.append(f"certainty must be one of {', '.join(CERTAINTY_LEVELS)} with a reason")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", synthesis.as_of):
        problems.append("as_of must be a date (YYYY-MM-DD)")
    cited = synthesis.cited_ids()
    problems += [f"cites {c}, which is not an approved digest" for c in cited if c not in cited_texts]
    if len(cited) < 2 and not synthesis.single_source:
        problems.append("cites fewer than 2 sources and gives no single_source reason")
    pool = " ".join(cited_texts.get(c, "") for c in cited)
    pool_numbers = _numbers(pool)
    for statement in _statements(synthesis):
        stray = sorted(_numbers(statement) - pool_numbers)
        if stray:
            problems.append(f"figures not in any cited digest: {', '.join(stray)} ({statement[:60]}...)")
        if ADVICE.search(_without_citations(statement)):
            problems.append(f"reads as advice: {statement[:80]}...")
    # A gap may stand without a citation; what the synthesis asserts may not.
    for statement in [synthesis.bottom_line, *synthesis.key_points]:
        if not CITATION.search(statement):
            problems.append(f"statement without a citation: {statement[:60]}...")
    return problems


def load_syntheses(settings: Settings) -> list[Synthesis]:
    """Every approved, unaltered synthesis (through the vetting gate), parsed."""
    # The manifest's verifier imports this module, so the manifest is imported here, when called.
    from ingest.manifest import gate, load_manifest

    admitted = gate(load_manifest(settings.manifest_path), settings.corpus_dir).admitted
    out = []
    for source in admitted:
        if source.type == "synthesis" and source.file:
            text = Path(settings.corpus_dir, source.file).read_text(encoding="utf-8")
            out.append(parse_synthesis(text, source.id))
    return out

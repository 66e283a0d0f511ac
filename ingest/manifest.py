"""The manifest (corpus/sources.toml) and the vetting gate: only approved, unaltered files pass."""

from __future__ import annotations

import hashlib
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from core.vocabulary import SourceMeta
from ingest.digest import digest_defects
from ingest.legal import LegalTableError, legal_defects, legal_table_path, parse_legal_table
from ingest.synthesis import SynthesisError, parse_synthesis, synthesis_defects

SourceType = Literal[
    "agency",
    "peer_reviewed_primary",
    "peer_reviewed_review",
    "survey",
    "case_report",
    "guideline",
    "regulatory_notice",
    "animal_study",
    "legal_review",
    "evidence_summary",
    "synthesis",
]
# Written by the library from its own digests: no outside identifier, `based_on` instead.
LIBRARY_TYPES = frozenset({"evidence_summary", "synthesis"})
Population = Literal["human", "animal", "in_vitro", "mixed", "n/a"]
TOPICS = (
    "botany",
    "pharmacology",
    "pain_evidence",
    "dosing_reported",
    "adverse_effects",
    "deaths",
    "dependence",
    "interactions",
    "contamination",
    "us_federal",
    "us_states",
    "international",
    "pain_care",
    "prevalence",
    "evidence_gaps",
)
SUPPORTED_SUFFIXES = (".md", ".pdf", ".html", ".htm")


class ManifestError(Exception):
    """The manifest itself cannot be read (bad TOML, wrong shape)."""


class Vetting(BaseModel):
    status: Literal["approved", "pending", "rejected"]
    reviewed_on: str = ""
    read_from: str = ""
    funding: str = ""
    notes: str = ""
    rechecked: str = ""


class Source(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,120}$")
    title: str = Field(min_length=3)
    authors: list[str] = Field(default_factory=list)
    publisher: str = ""
    year: int | None = Field(None, ge=1800, le=2100)
    published: str = ""
    citation: str = ""
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    type: SourceType
    population: Population
    topics: list[str] = Field(default_factory=list)
    based_on: list[str] = Field(default_factory=list)
    file: str | None = None
    sha256: str | None = None
    vetting: Vetting

    def link(self) -> str:
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.url:
            return self.url
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        return ""

    def meta(self) -> SourceMeta:
        return SourceMeta(
            source_id=self.id,
            title=self.title,
            publisher=self.publisher,
            url=self.link(),
            type=self.type,
            population=self.population,
            year=self.year or 0,
            published=self.published,
            topics=self.topics,
        )


@dataclass(frozen=True)
class Defect:
    source_id: str
    problem: str

    def __str__(self) -> str:
        return f"{self.source_id}: {self.problem}"


@dataclass(frozen=True)
class GateResult:
    admitted: list[Source]
    skipped: list[Defect]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def load_manifest(path: Path) -> list[Source]:
    """Parse the manifest; raise ManifestError with every schema problem named."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ManifestError(f"no manifest at {path}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path} is not valid TOML: {exc}") from exc
    entries = raw.get("source", [])
    if not isinstance(entries, list):
        raise ManifestError(f"{path}: [[source]] tables expected")
    sources, problems = [], []
    for i, entry in enumerate(entries):
        try:
            sources.append(Source.model_validate(entry))
        except ValidationError as exc:
            label = entry.get("id", f"entry #{i + 1}") if isinstance(entry, dict) else f"entry #{i + 1}"
            fields = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            problems.append(f"{label}: {fields}")
    if problems:
        raise ManifestError(f"{path} has invalid entries:\n  " + "\n  ".join(problems))
    return sources


def file_defect(source: Source, corpus_dir: Path) -> str | None:
    """Why this source's file may not be indexed, or None when it may."""
    if not source.file:
        return "no file"
    path = (corpus_dir / source.file).resolve()
    if not path.is_relative_to(corpus_dir.resolve()):
        return f"file {source.file} lies outside the corpus folder"
    if not path.is_file():
        return f"file {source.file} is missing"
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"file type {path.suffix or '(none)'} is not supported"
    if not source.sha256:
        return "no sha256 recorded"
    if sha256_of(path) != source.sha256:
        return f"checksum drift: {source.file} changed after it was vetted"
    return None


def gate(sources: list[Source], corpus_dir: Path) -> GateResult:
    """The vetting gate: approved and unaltered, or skipped with the reason."""
    admitted, skipped = [], []
    duplicates = {sid for sid, n in Counter(s.id for s in sources).items() if n > 1}
    for source in sources:
        if source.id in duplicates:
            skipped.append(Defect(source.id, "duplicate id in the manifest"))
        elif source.vetting.status != "approved":
            skipped.append(Defect(source.id, f"not approved (status: {source.vetting.status})"))
        elif problem := file_defect(source, corpus_dir):
            skipped.append(Defect(source.id, problem))
        else:
            admitted.append(source)
    return GateResult(admitted, skipped)


def _identifier_defects(source: Source, sources: list[Source]) -> list[Defect]:
    """A source needs a doi, pmid or url; a synthesis instead rests on approved sources in the library."""
    if source.type not in LIBRARY_TYPES:
        return [] if (source.doi or source.pmid or source.url) else [Defect(source.id, "no doi, pmid or url")]
    approved = {s.id for s in sources if s.vetting.status == "approved" and s.type not in LIBRARY_TYPES}
    if not source.based_on:
        return [Defect(source.id, f"{source.type} without based_on")]
    return [
        Defect(source.id, f"based_on names {b}, which is not an approved source")
        for b in source.based_on
        if b not in approved
    ]


def _synthesis_defects(source: Source, sources: list[Source], corpus_dir: Path) -> list[Defect]:
    text = (corpus_dir / str(source.file)).read_text(encoding="utf-8", errors="replace")
    try:
        synthesis = parse_synthesis(text, source.id)
    except SynthesisError as exc:
        return [Defect(source.id, f"synthesis: {exc}")]
    digests = {
        s.id: (corpus_dir / s.file).read_text(encoding="utf-8", errors="replace")
        for s in sources
        if s.vetting.status == "approved" and s.type not in LIBRARY_TYPES and s.file and s.file.endswith(".md")
    }
    problems = [f"synthesis: {p}" for p in synthesis_defects(synthesis, digests)]
    if set(synthesis.cited_ids()) != set(source.based_on):
        problems.append("synthesis: based_on must list exactly the digests it cites")
    return [Defect(source.id, p) for p in problems]


def verify(sources: list[Source], corpus_dir: Path) -> list[Defect]:
    """Every defect in the manifest: the `corpus verify` command fails on any of them."""
    defects = [Defect(sid, "duplicate id") for sid, n in Counter(s.id for s in sources).items() if n > 1]
    for source in sources:
        if source.vetting.status != "approved":
            continue
        if problem := file_defect(source, corpus_dir):
            defects.append(Defect(source.id, problem))
        elif source.type == "synthesis":
            defects += _synthesis_defects(source, sources, corpus_dir)
        elif source.file and source.file.endswith(".md"):
            text = (corpus_dir / source.file).read_text(encoding="utf-8", errors="replace")
            defects += [Defect(source.id, f"digest: {p}") for p in digest_defects(text)]
        defects += _identifier_defects(source, sources)
        if source.year is None:
            defects.append(Defect(source.id, "no year"))
        if not source.vetting.notes.strip():
            defects.append(Defect(source.id, "no vetting notes"))
        unknown = sorted(set(source.topics) - set(TOPICS))
        if unknown or not source.topics:
            defects.append(Defect(source.id, f"topics missing or unknown: {unknown or '[]'}"))
    return defects + _legal_table_defects(sources, corpus_dir)


def _legal_table_defects(sources: list[Source], corpus_dir: Path) -> list[Defect]:
    path = legal_table_path(corpus_dir)
    if not path.is_file():
        return []
    try:
        rows = parse_legal_table(path.read_text(encoding="utf-8"))
    except LegalTableError as exc:
        return [Defect("legal/status.toml", str(exc))]
    approved = {s.id for s in sources if s.vetting.status == "approved" and s.type not in LIBRARY_TYPES}
    return [Defect(f"legal/status.toml: {place}", problem) for place, problem in legal_defects(rows, approved)]

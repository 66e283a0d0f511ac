"""The source library: every vetted source with its digest and vetting notes, for people to check.

Reads the manifest and digests through ingest (the same gate that decides what is indexed), so
the library lists exactly the sources the assistant can cite. Rendering is pure and escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from core.settings import Settings
from core.vocabulary import EVIDENCE_LABELS, POPULATION_LABELS, evidence_label
from frontends.render import Catalog, SourceRef, esc, library_link, readable_locator, safe_url
from ingest.digest import Digest, Finding, parse_digest
from ingest.manifest import ManifestError, Source, gate, load_manifest
from ingest.synthesis import Synthesis, SynthesisError, parse_synthesis

TYPE_LABELS = {**EVIDENCE_LABELS, "peer_reviewed_primary": "Primary study", "synthesis": "Evidence synthesis"}
# "[§ source-id: Results, Table 2]" in a synthesis: which digest it rests on, and where in it.
INLINE_CITATION = re.compile(r"\s*\[§\s*([a-z0-9][a-z0-9-]+)\s*:\s*([^\]]+)\]")
TOPIC_LABELS = {"us_federal": "US federal law", "us_states": "US state laws", "international": "International law"}
POPULATION_NAMES = {**POPULATION_LABELS, "n/a": "Not a study"}
ANY = ""
PAGE_SIZE = 10


def topic_label(topic: str) -> str:
    return TOPIC_LABELS.get(topic, topic.replace("_", " ").capitalize())


def type_label(kind: str) -> str:
    return TYPE_LABELS.get(kind, kind.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Entry:
    source: Source
    digest: Digest | None
    synthesis: Synthesis | None = None

    @property
    def label(self) -> str:
        s = self.source
        return f"{s.title} · {type_label(s.type)} · {s.year or 'n.d.'}"

    def matches(self, words: list[str]) -> bool:
        s = self.source
        digest = [self.digest.summary, *(f.text for f in self.digest.findings)] if self.digest else []
        if self.synthesis:
            digest += [self.synthesis.bottom_line, *self.synthesis.key_points, *self.synthesis.questions]
        haystack = " ".join([s.id, s.title, s.publisher, *s.authors, *s.topics, *digest]).lower()
        return all(word in haystack for word in words)


class Library:
    """The approved, unaltered sources, newest first."""

    def __init__(self, entries: list[Entry], problem: str = "") -> None:
        self.entries = sorted(entries, key=lambda e: (-(e.source.year or 0), e.source.title.lower()))
        self.problem = problem
        self._by_id = {e.source.id: e for e in self.entries}

    @classmethod
    def load(cls, settings: Settings) -> Library:
        try:
            sources = load_manifest(settings.manifest_path)
        except ManifestError as exc:
            return cls([], problem=str(exc))
        admitted = gate(sources, settings.corpus_dir).admitted
        return cls([_entry(settings.corpus_dir, s) for s in admitted])

    def get(self, source_id: str) -> Entry | None:
        return self._by_id.get(source_id)

    def catalog(self) -> Catalog:
        """Each source's title, year and topics, for the chat's cards and their library links."""
        return {
            e.source.id: SourceRef(e.source.title, e.source.year or 0, tuple(e.source.topics)) for e in self.entries
        }

    def populations(self) -> list[str]:
        return sorted({e.source.population for e in self.entries}, key=population_label)

    def topics(self) -> list[str]:
        return sorted({t for e in self.entries for t in e.source.topics})

    def types(self) -> list[str]:
        return sorted({e.source.type for e in self.entries}, key=type_label)

    def years(self) -> list[int]:
        return sorted({e.source.year for e in self.entries if e.source.year}, reverse=True)

    def last_reviewed(self) -> str:
        dates = [d for e in self.entries for d in (e.source.vetting.reviewed_on,) if d]
        return max(dates) if dates else "unknown"

    def search(
        self, query: str = "", topic: str = ANY, kind: str = ANY, year: int | None = None, population: str = ANY
    ) -> list[Entry]:
        words = (query or "").lower().split()
        return [
            e
            for e in self.entries
            if e.matches(words)
            and (not topic or topic in e.source.topics)
            and (not kind or e.source.type == kind)
            and (not year or e.source.year == year)
            and (not population or e.source.population == population)
        ]


def population_label(population: str) -> str:
    return POPULATION_NAMES.get(population, population.replace("_", " ").capitalize())


def pages(found: int) -> int:
    return max(1, -(-found // PAGE_SIZE))


def page_of(entries: list[Entry], page: int) -> list[Entry]:
    """One page of a result list (pages count from 1; out-of-range pages clamp to the ends)."""
    page = min(max(page, 1), pages(len(entries)))
    return entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]


def page_summary(found: int, total: int, page: int) -> str:
    """ "Showing 11-20 of 34 matching sources (73 in the library)", or why there is nothing to show."""
    if not total:
        return "No sources are available."
    if not found:
        return "No source matches these filters."
    page = min(max(page, 1), pages(found))
    first, last = (page - 1) * PAGE_SIZE + 1, min(page * PAGE_SIZE, found)
    of = f"{found} vetted sources" if found == total else f"{found} matching sources ({total} in the library)"
    return f"Showing {first}-{last} of {of}. Page {page} of {pages(found)}."


def _entry(corpus_dir: Path, source: Source) -> Entry:
    if not source.file or not source.file.endswith(".md"):
        return Entry(source, None)
    text = (corpus_dir / source.file).read_text(encoding="utf-8", errors="replace")
    if source.type == "synthesis":
        try:
            return Entry(source, None, parse_synthesis(text, source.id))
        except SynthesisError:
            return Entry(source, None)  # corpus verify reports it; the library still lists the source
    return Entry(source, parse_digest(text))


def _findings(items: list[Finding], catalog: Catalog) -> str:
    rows = []
    for f in items:
        place = readable_locator(f.locator, catalog) if f.locator else ""
        where = f' <span class="kqa-locator">[§ {esc(place)}]</span>' if place else ""
        rows.append(f"<li>{esc(f.text)}{where}</li>")
    return "<ul>" + "".join(rows) + "</ul>"


def _links(s: Source) -> str:
    links = []
    for label, url in (
        ("DOI", f"https://doi.org/{s.doi}" if s.doi else ""),
        ("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{s.pmid}/" if s.pmid else ""),
        ("Original source", s.url or ""),
    ):
        if safe_url(url):
            links.append(f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{label}</a>')
    return " · ".join(links)


def _vetting(s: Source) -> str:
    v = s.vetting
    rows = [
        ("Status", v.status),
        ("Reviewed on", v.reviewed_on),
        ("Read from", v.read_from),
        ("Funding", v.funding),
        ("Notes", v.notes),
        ("Re-checked", v.rechecked),
    ]
    items = "".join(f"<dt>{label}</dt><dd>{esc(value)}</dd>" for label, value in rows if value)
    return f"<dl class='kqa-vetting'>{items}</dl>"


def cited_text(text: str, catalog: Catalog) -> str:
    """Synthesis text with each [§ id: place] shown as the source's name (a library link) and place."""
    out, last = [], 0
    for match in INLINE_CITATION.finditer(text):
        out.append(esc(text[last : match.start()]))
        ref = catalog.get(match.group(1))
        name = library_link(match.group(1), esc(ref.title)) if ref else "another vetted source"
        out.append(f' <span class="kqa-locator">[{name}: {esc(match.group(2))}]</span>')
        last = match.end()
    out.append(esc(text[last:]))
    return "".join(out)


def _points(points: list[str], catalog: Catalog) -> str:
    return "<ul>" + "".join(f"<li>{cited_text(p, catalog)}</li>" for p in points) + "</ul>"


def _synthesis(syn: Synthesis, catalog: Catalog) -> list[str]:
    parts = [
        f"<h3>Bottom line</h3><p>{cited_text(syn.bottom_line, catalog)}</p>",
        "<h3>Key points</h3>",
        _points(syn.key_points, catalog),
    ]
    if syn.not_known:
        parts += ["<h3>What is not known</h3>", _points(syn.not_known, catalog)]
    parts.append(f"<p><strong>Certainty: {esc(syn.certainty)}</strong> ({esc(syn.certainty_reason)})</p>")
    return parts


def entry_html(entry: Entry | None, catalog: Catalog | None = None) -> str:
    """One source: what it is, links to the original, our digest of it and why it was approved."""
    if entry is None:
        return '<p class="kqa-muted">Choose a source from the list to read its digest and vetting notes.</p>'
    s, d, catalog = entry.source, entry.digest, catalog or {}
    badges = [evidence_label(s.type, s.population, s.title), POPULATION_LABELS.get(s.population, "")]
    authors = ", ".join(s.authors[:6]) + (" et al." if len(s.authors) > 6 else "")
    parts = [
        f"<article class='kqa-source' aria-label='{esc(s.title)}'><h2>{esc(s.title)}</h2>",
        f"<p class='kqa-card-meta'>{esc(authors)}</p>" if authors else "",
        f"<p class='kqa-card-meta'>{esc(s.publisher)} · {esc(s.published or s.year or 'n.d.')} "
        + "".join(f"<span class='kqa-badge kqa-badge-{i}'>{esc(b)}</span>" for i, b in enumerate(badges) if b)
        + "</p>",
        f"<p>Topics: {esc(', '.join(topic_label(t) for t in s.topics))}</p>",
        f"<p class='kqa-links'>{_links(s)}</p>",
    ]
    if entry.synthesis:
        parts += _synthesis(entry.synthesis, catalog)
        rests = [library_link(b, esc(catalog[b].title)) for b in s.based_on if b in catalog]
        if rests:
            parts += ["<h3>Rests on these sources</h3><ul>", *(f"<li>{r}</li>" for r in rests), "</ul>"]
    elif d:
        parts += [f"<h3>Summary</h3><p>{esc(d.summary)}</p>", "<h3>Key findings</h3>", _findings(d.findings, catalog)]
        if d.limitations:
            parts += ["<h3>Limitations</h3>", _findings(d.limitations, catalog)]
    else:
        parts.append("<p class='kqa-muted'>This source is indexed from the original document; it has no digest.</p>")
    parts += ["<h3>Vetting</h3>", _vetting(s), "</article>"]
    return "".join(parts)

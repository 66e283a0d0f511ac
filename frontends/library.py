"""The source library: every vetted source with its digest and vetting notes, for people to check.

Reads the manifest and digests through ingest (the same gate that decides what is indexed), so
the library lists exactly the sources the assistant can cite. Rendering is pure and escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.settings import Settings
from core.vocabulary import EVIDENCE_LABELS, POPULATION_LABELS, evidence_label
from frontends.render import esc, safe_url
from ingest.digest import Digest, Finding, parse_digest
from ingest.manifest import ManifestError, Source, gate, load_manifest

TYPE_LABELS = {**EVIDENCE_LABELS, "peer_reviewed_primary": "Primary study"}
TOPIC_LABELS = {"us_federal": "US federal law", "us_states": "US state laws", "international": "International law"}
ANY = ""


def topic_label(topic: str) -> str:
    return TOPIC_LABELS.get(topic, topic.replace("_", " ").capitalize())


def type_label(kind: str) -> str:
    return TYPE_LABELS.get(kind, kind.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Entry:
    source: Source
    digest: Digest | None

    @property
    def label(self) -> str:
        s = self.source
        return f"{s.title} ({s.publisher or type_label(s.type)}, {s.year or 'n.d.'})"

    def matches(self, words: list[str]) -> bool:
        s = self.source
        digest = [self.digest.summary, *(f.text for f in self.digest.findings)] if self.digest else []
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
        return cls([Entry(s, _read_digest(settings.corpus_dir, s)) for s in admitted])

    def get(self, source_id: str) -> Entry | None:
        return self._by_id.get(source_id)

    def topics_by_source(self) -> dict[str, list[str]]:
        return {e.source.id: list(e.source.topics) for e in self.entries}

    def topics(self) -> list[str]:
        return sorted({t for e in self.entries for t in e.source.topics})

    def types(self) -> list[str]:
        return sorted({e.source.type for e in self.entries}, key=type_label)

    def years(self) -> list[int]:
        return sorted({e.source.year for e in self.entries if e.source.year}, reverse=True)

    def last_reviewed(self) -> str:
        dates = [d for e in self.entries for d in (e.source.vetting.reviewed_on,) if d]
        return max(dates) if dates else "unknown"

    def search(self, query: str = "", topic: str = ANY, kind: str = ANY, year: int | None = None) -> list[Entry]:
        words = (query or "").lower().split()
        return [
            e
            for e in self.entries
            if e.matches(words)
            and (not topic or topic in e.source.topics)
            and (not kind or e.source.type == kind)
            and (not year or e.source.year == year)
        ]


def _read_digest(corpus_dir: Path, source: Source) -> Digest | None:
    if not source.file or not source.file.endswith(".md"):
        return None
    return parse_digest((corpus_dir / source.file).read_text(encoding="utf-8", errors="replace"))


def results_summary(found: int, total: int) -> str:
    if not total:
        return "No sources are available."
    return f"Showing {found} of {total} vetted sources." if found else "No source matches these filters."


def _findings(items: list[Finding]) -> str:
    rows = []
    for f in items:
        where = f' <span class="kqa-locator">[§ {esc(f.locator)}]</span>' if f.locator else ""
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


def entry_html(entry: Entry | None) -> str:
    """One source: what it is, links to the original, our digest of it and why it was approved."""
    if entry is None:
        return '<p class="kqa-muted">Choose a source from the list to read its digest and vetting notes.</p>'
    s, d = entry.source, entry.digest
    badges = [evidence_label(s.type, s.population, s.title), POPULATION_LABELS.get(s.population, "")]
    authors = ", ".join(s.authors[:6]) + (" et al." if len(s.authors) > 6 else "")
    parts = [
        f"<article class='kqa-source' aria-label='{esc(s.title)}'><h3>{esc(s.title)}</h3>",
        f"<p class='kqa-card-meta'>{esc(authors)}</p>" if authors else "",
        f"<p class='kqa-card-meta'>{esc(s.publisher)} · {esc(s.published or s.year or 'n.d.')} "
        + "".join(f"<span class='kqa-badge kqa-badge-{i}'>{esc(b)}</span>" for i, b in enumerate(badges) if b)
        + "</p>",
        f"<p>Topics: {esc(', '.join(topic_label(t) for t in s.topics))}</p>",
        f"<p class='kqa-links'>{_links(s)}</p>",
    ]
    if d:
        parts += [f"<h4>Summary</h4><p>{esc(d.summary)}</p>", "<h4>Key findings</h4>", _findings(d.findings)]
        if d.limitations:
            parts += ["<h4>Limitations</h4>", _findings(d.limitations)]
    else:
        parts.append("<p class='kqa-muted'>This source is indexed from the original document; it has no digest.</p>")
    parts += ["<h4>Vetting</h4>", _vetting(s), "</article>"]
    return "".join(parts)

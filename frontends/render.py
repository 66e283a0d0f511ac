"""A Response as the chat shows it: the reply, its citation cards, and a Markdown copy.

Pure functions, no gradio: the UI calls them and the tests call them without a server.
Every piece of source or user text placed into HTML is escaped here. The chat's sanitizer keeps
classes, ids, roles and hrefs (tel: and sms: too) but drops aria-label and data-* attributes, so
nothing here relies on those.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlparse

from core.vocabulary import POPULATION_LABELS, Citation, LegalStatus, Response, evidence_label
from guardrails import RESOURCES
from ingest.legal import UNKNOWN


@dataclass(frozen=True)
class SourceRef:
    """What the chat knows about a library source beyond a citation: its name and topics."""

    title: str
    year: int = 0
    topics: tuple[str, ...] = ()


Catalog = Mapping[str, SourceRef]

LEGAL_TYPES = frozenset({"regulatory_notice", "legal_review"})
LEGAL_TOPICS = frozenset({"us_federal", "us_states", "international"})
KIND_LABELS = {
    "answered": "From the vetted sources",
    "no_evidence": "Not covered by the vetted sources",
    "declined": "A question for a clinician or pharmacist",
    "urgent": "Get help now",
    "out_of_scope": "Outside what this assistant covers",
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# [n] markers, but not the text of a Markdown link like [1](url).
MARKER = re.compile(r"\[(\d{1,3})\](?!\()")
PENDING = '<p class="kqa-pending" role="status">Searching the vetted sources&hellip;</p>'
# A suggested question in a fixed reply is written in italics: *What do studies say ...?*
SUGGESTION = re.compile(r"(?<![*\w])\*([^*\n]{8,200}\?)\*(?![*\w])")
# "source-id: Key findings, Limitations" inside a project summary's locator names the digest it rests on.
RESTS_ON = re.compile(r"^\s*([a-z0-9]+(?:-[a-z0-9]+)+)\s*:\s*(.+?)\s*$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)?")
# A sentence whose words are this much inside the answer already is said: no excerpt repeats it.
SAID_OVERLAP = 0.8
# The library is in English; a question in another language is told so under any reply.
ENGLISH_LIBRARY = "The vetted sources are in English, so answers and their sources are in English."


def esc(text: object) -> str:
    """Escape for HTML and fold whitespace, so source text can never end an HTML block early."""
    return html.escape(" ".join(str(text).split()))


def safe_url(url: str) -> str:
    """The URL if it is a plain web link, else empty: nothing else becomes an href."""
    parsed = urlparse((url or "").strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else ""


def anchor(turn: int, n: int) -> str:
    return f"kqa-t{turn}-c{n}"


def is_legal_status(citation: Citation, catalog: Catalog) -> bool:
    """Legal status changes over time, so these citations carry the date they speak for."""
    if citation.type in LEGAL_TYPES:
        return True
    ref = catalog.get(citation.source_id)
    return citation.type == "agency" and bool(ref and LEGAL_TOPICS & set(ref.topics))


def as_of(citation: Citation) -> str:
    """'6 February 2018' from 2018-02-06, 'September 2022' from 2022-09, else the year."""
    return readable_date(citation.published, citation.year)


def readable_date(published: str, year: int = 0) -> str:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", published.strip())
    if not match:
        return str(year) if year else "an unknown date"
    yyyy, month, day = match.groups()
    if month and 1 <= int(month) <= 12:
        named = f"{MONTHS[int(month) - 1]} {yyyy}"
        return f"{int(day)} {named}" if day else named
    return yyyy


def source_kind(citation: Citation) -> str:
    return evidence_label(citation.type, citation.population, citation.title)


def badges(citation: Citation) -> list[str]:
    """The finding's evidence type, then who was studied (nothing for texts with no population)."""
    out = [citation.evidence or source_kind(citation)]
    if citation.population in POPULATION_LABELS:
        out.append(POPULATION_LABELS[citation.population])
    return out


def _host(url: str) -> str:
    return urlparse(url).netloc.removeprefix("www.")


def _outside_link(url: str, text: str) -> str:
    return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{text}</a>'


def library_link(source_id: str, text: str) -> str:
    """A link to the source's page in the Library tab (the page script opens it without a reload)."""
    return f'<a class="kqa-lib-link" href="?source={quote(source_id)}">{text}</a>'


def locator_parts(locator: str) -> list[tuple[str, str]]:
    """(source id or "", place) pairs: "Results, Table 2" is one place; a project summary's
    "ahrq-2022-x: Key findings; prevete-2022-y: Summary" names the digests it rests on."""
    parts = []
    for piece in locator.replace("§", "").split(";"):
        match = RESTS_ON.match(piece)
        if match:
            parts.append((match.group(1), match.group(2)))
        elif piece.strip():
            parts.append(("", piece.strip()))
    return parts


def readable_locator(locator: str, catalog: Catalog) -> str:
    """The place in a source as a person reads it: never an internal id."""
    places = []
    for source_id, place in locator_parts(locator):
        if source_id:
            ref = catalog.get(source_id)
            name = f"{ref.title} ({ref.year})" if ref and ref.year else ref.title if ref else "another vetted source"
            places.append(f"{name}: {place}")
        else:
            places.append(place)
    return "; ".join(places)


def _locator_html(locator: str, catalog: Catalog) -> str:
    items = []
    for source_id, place in locator_parts(locator):
        ref = catalog.get(source_id) if source_id else None
        if ref is not None:
            items.append(f"{library_link(source_id, esc(ref.title))} ({esc(place)})")
        elif source_id:
            items.append(f"another vetted source ({esc(place)})")
        else:
            items.append(esc(place))
    if any(source_id for source_id, _ in locator_parts(locator)):
        return "Rests on " + "; ".join(items)
    return "; ".join(items)


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def unsaid(finding: str, answer: str) -> str:
    """The sentences of a finding that the answer does not already say (empty when it says them all)."""
    said = set(_words(answer))
    flat = " ".join(_words(answer))
    kept = []
    for sentence in SENTENCE_END.split(" ".join(finding.split())):
        words = _words(sentence)
        if not words:
            continue
        if " ".join(words) in flat or sum(w in said for w in words) >= SAID_OVERLAP * len(words):
            continue
        kept.append(sentence)
    return " ".join(kept)


def _badges_html(labels: Sequence[str], skip: str = "") -> str:
    """Badge 0 is the evidence type, badge 1 who was studied; a badge equal to `skip` is left out."""
    return "".join(
        f'<span class="kqa-badge kqa-badge-{i}">{esc(b)}</span>'
        for i, b in enumerate(labels)
        if not (i == 0 and b == skip)
    )


def _cited_place(c: Citation, turn: int, answer: str, catalog: Catalog) -> str:
    where = _locator_html(c.locator, catalog) if c.locator else "The source as a whole"
    excerpt = unsaid(c.finding, answer)
    quote = f'<blockquote class="kqa-finding">{esc(excerpt)}</blockquote>' if excerpt else ""
    # The card names the source's type; a finding's own evidence label shows only where it differs.
    return (
        f'<li class="kqa-cited" id="{anchor(turn, c.n)}"><span class="kqa-n">[{c.n}]</span> '
        f'<span class="kqa-where">{where}</span> {_badges_html(badges(c), skip=source_kind(c))}{quote}</li>'
    )


def group_by_source(citations: Sequence[Citation]) -> list[list[Citation]]:
    """The citations of each source together, sources in the order the answer first cites them."""
    groups: dict[str, list[Citation]] = {}
    for c in citations:
        groups.setdefault(c.source_id, []).append(c)
    return list(groups.values())


def source_card(cited: Sequence[Citation], turn: int, answer: str, catalog: Catalog) -> str:
    """One source: title, year and type, the places cited (each [n] anchored), links out and to the library."""
    c = cited[0]
    url = safe_url(c.url)
    title = _outside_link(url, esc(c.title)) if url else esc(c.title)
    meta = " · ".join(esc(part) for part in (c.publisher, c.year or "", source_kind(c)) if part)
    lines = [
        '<li class="kqa-card">',
        f'<div class="kqa-card-title">{title}</div>',
        f'<div class="kqa-card-meta">{meta}</div>',
    ]
    if is_legal_status(c, catalog):
        lines.append(f'<div class="kqa-asof">Legal status as of {esc(as_of(c))}</div>')
    lines.append('<ul class="kqa-cites">' + "".join(_cited_place(x, turn, answer, catalog) for x in cited) + "</ul>")
    foot = [_outside_link(url, f"Open the original ({esc(_host(url))})")] if url else []
    if c.source_id in catalog:
        foot.append(library_link(c.source_id, "Digest and vetting notes in the library"))
    if foot:
        lines.append(f'<div class="kqa-card-foot">{" · ".join(foot)}</div>')
    lines.append("</li>")
    return "".join(lines)


def citation_cards(citations: Sequence[Citation], turn: int, catalog: Catalog, answer: str = "") -> str:
    if not citations:
        return ""
    groups = group_by_source(citations)
    cards = "".join(source_card(g, turn, answer, catalog) for g in groups)
    label = "1 source" if len(groups) == 1 else f"{len(groups)} sources"
    return (
        f'<section class="kqa-sources">'
        f'<p class="kqa-sources-title">Sources ({label})</p><ol class="kqa-cards">{cards}</ol></section>'
    )


def link_markers(text: str, turn: int, numbers: set[int]) -> str:
    """Each [n] that names a citation becomes a link to its place in the source cards below."""

    def repl(match: re.Match) -> str:
        n = int(match.group(1))
        if n not in numbers:
            return match.group(0)
        return f'<a class="kqa-ref" href="#{anchor(turn, n)}">[{n}]</a>'

    return MARKER.sub(repl, text)


def _digits(number: str) -> str:
    return re.sub(r"[^0-9]", "", number)


def _tel(key: str) -> str:
    number = RESOURCES[key].number
    return f'<a href="tel:{_digits(number)}">{esc(number)}</a>'


def link_numbers(text: str) -> str:
    """Every help number in an escaped reply becomes a tel: link (988 also outside 988lifeline.org)."""
    for key in RESOURCES:
        number = re.escape(RESOURCES[key].number)
        text = re.sub(rf"(?<![\w-]){number}(?![\w-]|\.\w)", _tel(key), text)
    return text


def ask_buttons(text: str) -> str:
    """Each suggested question (*...?*) in an escaped reply becomes a button that asks it: the page
    script sends the button's text (the chat's sanitizer keeps no data attributes)."""
    return SUGGESTION.sub(r'<button type="button" class="kqa-ask">\1</button>', text)


def help_banner(category: str) -> str:
    """Who to call now for this urgent category, first and visible; what to do while waiting is the
    reply's own text (guardrails), shown under it, so no step is said twice."""
    p, life = RESOURCES["poison"], RESOURCES["lifeline"]
    if category == "self_harm":
        title = f"Call or text {_tel('lifeline')} now"
        items = [
            f"<li>The {esc(life.name)} is free and confidential, any time: call {_tel('lifeline')}, "
            f'<a href="sms:{_digits(life.number)}">send a text to {esc(life.number)}</a> or chat at '
            f"{_outside_link(life.url, '988lifeline.org')}</li>",
            f"<li><strong>In immediate danger:</strong> call {_tel('emergency')}</li>",
        ]
    elif category == "emergency":
        title = f"Call {_tel('emergency')} now"
        items = [
            f"<li>If the person is awake and breathing: <strong>{esc(p.name)}</strong> {_tel('poison')} "
            "(free, 24/7)</li>"
        ]
    else:
        title = "Get help now"
        items = [
            f"<li><strong>Emergency:</strong> call {_tel('emergency')}</li>",
            f"<li><strong>{esc(p.name)}:</strong> call {_tel('poison')}</li>",
            f"<li><strong>{esc(life.name)}:</strong> {esc(life.how)} {_tel('lifeline')}</li>",
        ]
    return f'<div class="kqa-help" role="alert"><p class="kqa-help-title">{title}</p><ul>{"".join(items)}</ul></div>'


def referral(text: str) -> str:
    """A decline's way on: the SAMHSA line, when the reply itself does not give it."""
    s = RESOURCES["samhsa"]
    if s.number in text:
        return ""
    return (
        f'<p class="kqa-referral">A clinician or pharmacist who knows your health can answer this for you. '
        f"If kratom use worries you, the <strong>{esc(s.name)}</strong> is free, confidential and open "
        f"24/7: call {_tel('samhsa')}.</p>"
    )


def certainty_badge(level: str) -> str:
    """How sure the evidence is, beside the bottom line."""
    key = re.sub(r"[^a-z]+", "-", level.lower()).strip("-")
    return f'<span class="kqa-certainty kqa-certainty-{key}">Certainty: {esc(level)}</span>'


def legal_status_card(row: LegalStatus, marker: str = "") -> str:
    """The legal-status table row an answer rests on: what applies where, as of when."""
    facts = [
        ("Kratom", row.kratom),
        ("7-OH (7-hydroxymitragynine) products", row.seven_oh),
        ("Age limit", row.age_limit),
        ("In effect since", row.effective),
    ]
    items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts if v and v != UNKNOWN)
    return (
        f'<section class="kqa-legal">'
        f'<p class="kqa-legal-title">Legal status in {esc(row.name)} {marker}</p>'
        f'<p class="kqa-asof">As of {esc(readable_date(row.as_of))}</p><dl>{items}</dl>'
        f'<p class="kqa-legal-note">Laws change: check the current law where you are.</p></section>'
    )


def _body(response: Response, turn: int, lines: int | None = None) -> str:
    text = html.escape(response.answer, quote=False)
    if response.action == "answered":
        text = link_markers(text, turn, {c.n for c in response.citations})
        if response.certainty:
            text = text.replace("**Bottom line:**", f"**Bottom line:** {certainty_badge(response.certainty)}", 1)
    else:
        text = ask_buttons(link_numbers(text))
    if lines is not None:
        text = "\n".join(text.split("\n")[:lines])
    return text


def _wrap(response: Response, body: str, extra: str) -> str:
    # Blank lines around the body let the Markdown inside the HTML wrapper be rendered.
    head = help_banner(response.category) if response.action == "urgent" else ""
    kind = f'<p class="kqa-kind">{esc(KIND_LABELS.get(response.action, ""))}</p>'
    return f'<div class="kqa-reply kqa-{response.action} kqa-cat-{esc(response.category)}">{head}{kind}\n\n{body}\n\n{extra}</div>'


def _extra(response: Response, turn: int, catalog: Catalog) -> str:
    legal = response.legal
    parts = []
    if legal is not None:
        first = next((c.n for c in response.citations if c.source_id == legal.source), 0)
        marker = link_markers(f"[{first}]", turn, {first}) if first else ""
        parts.append(legal_status_card(legal, marker))
    if response.action == "declined":
        parts.append(referral(response.answer))
    parts.append(citation_cards(response.citations, turn, catalog, response.answer))
    return "".join(parts)


def chat_message(response: Response, turn: int, catalog: Catalog, other_language: bool = False) -> str:
    """The assistant's chat message: kind label, the answer with linked [n], then one card per source."""
    # An answer carries the composer's note in the person's language; every other reply gets this one.
    note = (
        f'<p class="kqa-lang-note">{esc(ENGLISH_LIBRARY)}</p>'
        if other_language and response.action != "answered"
        else ""
    )
    return _wrap(response, _body(response, turn), note + _extra(response, turn, catalog))


def stream_steps(response: Response, turn: int, catalog: Catalog, other_language: bool = False) -> Iterator[str]:
    """Partial messages, line by line, ending with the full message; urgent and fixed replies at once."""
    if response.action == "answered":
        n_lines = response.answer.count("\n") + 1
        for i in range(1, n_lines):
            yield _wrap(response, _body(response, turn, i), "")
    yield chat_message(response, turn, catalog, other_language)


def user_message(text: str) -> str:
    """The user's words as they typed them: shown, never interpreted as HTML."""
    return html.escape(text, quote=False)


def answer_markdown(response: Response, catalog: Catalog) -> str:
    """The answer with its references as plain Markdown: for copying, and for the /chat API."""
    parts = []
    if response.action == "urgent":
        parts.append(urgent_markdown(response.category))
    parts.append(response.answer.strip())
    if response.citations:
        parts.append("**References**\n" + "\n".join(_reference(c, catalog) for c in response.citations))
    return "\n\n".join(parts)


def urgent_markdown(category: str) -> str:
    e, p, life = RESOURCES["emergency"], RESOURCES["poison"], RESOURCES["lifeline"]
    if category == "self_harm":
        return f"**{life.name}: {life.how} {life.number} now. In immediate danger: call {e.number}.**"
    if category == "emergency":
        return f"**Call {e.number} now. If the person is awake and breathing, {p.name}: {p.number}.**"
    return f"**Emergency: call {e.number} now. {p.name}: {p.number}. Crisis: {life.how} {life.number}.**"


def _reference(c: Citation, catalog: Catalog) -> str:
    details = [c.publisher, str(c.year) if c.year else "", ", ".join(badges(c)), readable_locator(c.locator, catalog)]
    if is_legal_status(c, catalog):
        details.append(f"legal status as of {as_of(c)}")
    line = f"{c.n}. {c.title}. " + ". ".join(d for d in details if d) + "."
    url = safe_url(c.url)
    return f"{line} <{url}>" if url else line


def about_markdown(n_sources: int, last_reviewed: str) -> str:
    """The About & safety panel: what the assistant does and does not do, and where to get help."""
    e, p, life, samhsa = (RESOURCES[k] for k in ("emergency", "poison", "lifeline", "samhsa"))
    return f"""
## What this assistant does
It answers questions about **kratom and chronic pain** (does it help, what are the risks, what
agencies say, what the law is) using only a library of **{n_sources} vetted sources**. Every
claim in an answer carries a number like [1] that points to the source, the place in it, and the
finding that was used. When the sources do not cover a question, it says so.

## What it does not do
- It gives **no personal medical advice** and **no doses or schedules**: no dose of kratom has
  been established as safe or effective, and products vary widely in strength.
- It does not decide about your medicines, pregnancy, or cutting down or stopping: those
  questions belong with a clinician or pharmacist who knows your situation.
- It does not recommend vendors or ways around the law.
- It does not go beyond the library: answers are assembled from the sources' findings, each cited.

## How sources are vetted
Each source (agency statements, regulatory notices, peer-reviewed studies and reviews, legal
reviews) is read and summarised in a digest that keeps its figures exact, with the location of
each finding in the original. A reviewer records why it is trustworthy and what its limits are;
only approved sources whose files match their recorded checksum are searched. The **Library**
tab lists every one of them with its digest and vetting notes.
Sources last reviewed: **{last_reviewed}**.

## Help, any time (United States)
- Emergency: call **{e.number}**.
- {p.name}: call **{p.number}** (free, confidential, 24/7).
- {life.name}: {life.how} **{life.number}**.
- {samhsa.name}: call **{samhsa.number}** for treatment referral and information.
"""


def help_strip() -> str:
    """One line of help numbers, shown above every page."""
    p, life = RESOURCES["poison"], RESOURCES["lifeline"]
    return (
        f'<p class="kqa-strip"><strong>In an emergency</strong> call {_tel("emergency")}'
        f" · {esc(p.name)} {_tel('poison')} · Crisis: {esc(life.how)} {_tel('lifeline')}</p>"
    )

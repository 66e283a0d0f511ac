"""A Response as the chat shows it: the reply, its citation cards, and a Markdown copy.

Pure functions, no gradio: the UI calls them and the tests call them without a server.
Every piece of source or user text placed into HTML is escaped here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from urllib.parse import urlparse

from core.vocabulary import POPULATION_LABELS, Citation, Response, evidence_label
from guardrails import RESOURCES

TopicMap = Mapping[str, Sequence[str]]

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


def esc(text: object) -> str:
    """Escape for HTML and fold whitespace, so source text can never end an HTML block early."""
    return html.escape(" ".join(str(text).split()))


def safe_url(url: str) -> str:
    """The URL if it is a plain web link, else empty: nothing else becomes an href."""
    parsed = urlparse((url or "").strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else ""


def anchor(turn: int, n: int) -> str:
    return f"kqa-t{turn}-c{n}"


def is_legal_status(citation: Citation, topics: TopicMap) -> bool:
    """Legal status changes over time, so these citations carry the date they speak for."""
    if citation.type in LEGAL_TYPES:
        return True
    return citation.type == "agency" and bool(LEGAL_TOPICS & set(topics.get(citation.source_id, ())))


def as_of(citation: Citation) -> str:
    """'6 February 2018' from 2018-02-06, 'September 2022' from 2022-09, else the year."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", citation.published.strip())
    if not match:
        return str(citation.year) if citation.year else "an unknown date"
    year, month, day = match.groups()
    if month and 1 <= int(month) <= 12:
        named = f"{MONTHS[int(month) - 1]} {year}"
        return f"{int(day)} {named}" if day else named
    return year


def badges(citation: Citation) -> list[str]:
    """Evidence type first, then who was studied (nothing for agency texts with no population)."""
    out = [citation.evidence or evidence_label(citation.type, citation.population, citation.title)]
    if citation.population in POPULATION_LABELS:
        out.append(POPULATION_LABELS[citation.population])
    return out


def _host(url: str) -> str:
    return urlparse(url).netloc.removeprefix("www.")


def citation_card(citation: Citation, turn: int, topics: TopicMap) -> str:
    c = citation
    url = safe_url(c.url)
    title = (
        f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(c.title)}</a>' if url else esc(c.title)
    )
    meta = " · ".join(esc(part) for part in (c.publisher, c.year or "") if part)
    kinds = "".join(f'<span class="kqa-badge kqa-badge-{i}">{esc(b)}</span>' for i, b in enumerate(badges(c)))
    lines = [
        f'<li class="kqa-card" id="{anchor(turn, c.n)}">',
        f'<div class="kqa-card-title"><span class="kqa-n">[{c.n}]</span> {title}</div>',
        f'<div class="kqa-card-meta">{meta} {kinds}</div>',
    ]
    if is_legal_status(c, topics):
        lines.append(f'<div class="kqa-asof">Legal status as of {esc(as_of(c))}</div>')
    if c.finding:
        lines.append(f'<blockquote class="kqa-finding">{esc(c.finding)}</blockquote>')
    foot = [f"Where in the source: {esc(c.locator)}"] if c.locator else []
    if url:
        foot.append(
            f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">Open the original ({esc(_host(url))})</a>'
        )
    if foot:
        lines.append(f'<div class="kqa-card-foot">{" · ".join(foot)}</div>')
    lines.append("</li>")
    return "".join(lines)


def citation_cards(citations: Sequence[Citation], turn: int, topics: TopicMap) -> str:
    if not citations:
        return ""
    cards = "".join(citation_card(c, turn, topics) for c in citations)
    return (
        f'<section class="kqa-sources" aria-label="Sources for this answer">'
        f'<p class="kqa-sources-title">Sources</p><ol class="kqa-cards">{cards}</ol></section>'
    )


def link_markers(text: str, turn: int, numbers: set[int]) -> str:
    """Each [n] that names a citation becomes a link to its card below the answer."""

    def repl(match: re.Match) -> str:
        n = int(match.group(1))
        if n not in numbers:
            return match.group(0)
        return f'<a class="kqa-ref" href="#{anchor(turn, n)}" aria-label="source {n}">[{n}]</a>'

    return MARKER.sub(repl, text)


def _tel(key: str) -> str:
    number = RESOURCES[key].number
    return f'<a href="tel:{re.sub(r"[^0-9]", "", number)}">{esc(number)}</a>'


def help_banner() -> str:
    """The help numbers, first and visible, for urgent replies."""
    p, life = RESOURCES["poison"], RESOURCES["lifeline"]
    items = [
        f"<li><strong>Emergency:</strong> call {_tel('emergency')}</li>",
        f"<li><strong>{esc(p.name)}:</strong> call {_tel('poison')}</li>",
        f"<li><strong>{esc(life.name)}:</strong> {esc(life.how)} {_tel('lifeline')}</li>",
    ]
    return (
        f'<div class="kqa-help" role="alert"><p class="kqa-help-title">Get help now</p><ul>{"".join(items)}</ul></div>'
    )


def _body(response: Response, turn: int, lines: int | None = None) -> str:
    text = html.escape(response.answer, quote=False)
    text = link_markers(text, turn, {c.n for c in response.citations})
    if lines is not None:
        text = "\n".join(text.split("\n")[:lines])
    return text


def _wrap(response: Response, body: str, cards: str) -> str:
    # Blank lines around the body let the Markdown inside the HTML wrapper be rendered.
    head = help_banner() if response.action == "urgent" else ""
    kind = f'<p class="kqa-kind">{esc(KIND_LABELS.get(response.action, ""))}</p>'
    return f'<div class="kqa-reply kqa-{response.action}">{head}{kind}\n\n{body}\n\n{cards}</div>'


def chat_message(response: Response, turn: int, topics: TopicMap) -> str:
    """The assistant's chat message: kind label, the answer with linked [n], then the cards."""
    return _wrap(response, _body(response, turn), citation_cards(response.citations, turn, topics))


def stream_steps(response: Response, turn: int, topics: TopicMap) -> Iterator[str]:
    """Partial messages, line by line, ending with the full message; urgent and fixed replies at once."""
    if response.action == "answered":
        n_lines = response.answer.count("\n") + 1
        for i in range(1, n_lines):
            yield _wrap(response, _body(response, turn, i), "")
    yield chat_message(response, turn, topics)


def user_message(text: str) -> str:
    """The user's words as they typed them: shown, never interpreted as HTML."""
    return html.escape(text, quote=False)


def answer_markdown(response: Response, topics: TopicMap) -> str:
    """The answer with its references as plain Markdown: for copying, and for the /chat API."""
    parts = []
    if response.action == "urgent":
        e, p, life = RESOURCES["emergency"], RESOURCES["poison"], RESOURCES["lifeline"]
        parts.append(f"**Emergency: call {e.number} now. {p.name}: {p.number}. Crisis: {life.how} {life.number}.**")
    parts.append(response.answer.strip())
    if response.citations:
        parts.append("**References**\n" + "\n".join(_reference(c, topics) for c in response.citations))
    return "\n\n".join(parts)


def _reference(c: Citation, topics: TopicMap) -> str:
    details = [c.publisher, str(c.year) if c.year else "", ", ".join(badges(c)), c.locator]
    if is_legal_status(c, topics):
        details.append(f"legal status as of {as_of(c)}")
    line = f"{c.n}. {c.title}. " + ". ".join(d for d in details if d) + "."
    url = safe_url(c.url)
    return f"{line} <{url}>" if url else line


def about_markdown(n_sources: int, last_reviewed: str) -> str:
    """The About & safety panel: what the assistant does and does not do, and where to get help."""
    e, p, life, samhsa = (RESOURCES[k] for k in ("emergency", "poison", "lifeline", "samhsa"))
    return f"""
### What this assistant does
It answers questions about **kratom and chronic pain** (does it help, what are the risks, what
agencies say, what the law is) using only a library of **{n_sources} vetted sources**. Every
claim in an answer carries a number like [1] that points to the source, the place in it, and the
finding that was used. When the sources do not cover a question, it says so.

### What it does not do
- It gives **no personal medical advice** and **no doses or schedules**: no dose of kratom has
  been established as safe or effective, and products vary widely in strength.
- It does not decide about your medicines, pregnancy, or cutting down or stopping: those
  questions belong with a clinician or pharmacist who knows your situation.
- It does not recommend vendors or ways around the law.
- It does not go beyond the library: answers are assembled from the sources' findings, each cited.

### How sources are vetted
Each source (agency statements, regulatory notices, peer-reviewed studies and reviews, legal
reviews) is read and summarised in a digest that keeps its figures exact, with the location of
each finding in the original. A reviewer records why it is trustworthy and what its limits are;
only approved sources whose files match their recorded checksum are searched. The **Library**
tab lists every one of them with its digest and vetting notes.
Sources last reviewed: **{last_reviewed}**.

### Help, any time (United States)
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

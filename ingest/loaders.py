"""Turn a vetted file (digest Markdown, PDF, HTML) into chunks; a bad file is a LoadError, not a crash."""

from __future__ import annotations

from pathlib import Path

from core.vocabulary import Chunk, SourceMeta
from ingest.chunking import windows
from ingest.digest import digest_defects, parse_digest

MAX_FILE_BYTES = 50 * 1024 * 1024


class LoadError(Exception):
    """A file that cannot be turned into chunks, with the reason in words."""


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise LoadError(f"{path.name} is empty")
    if b"\x00" in data[:4096]:
        raise LoadError(f"{path.name} looks binary, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path.name} is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def load_digest(path: Path, source: SourceMeta) -> list[Chunk]:
    markdown = _read_text(path)
    problems = digest_defects(markdown)
    if problems:
        raise LoadError(f"{path.name} breaks the digest format: " + "; ".join(problems))
    digest = parse_digest(markdown)
    chunks = [Chunk(source=source, section="Summary", locator="Summary", text=digest.summary)]
    chunks += [
        Chunk(source=source, section="Key findings", locator=f.locator or "", text=f.text) for f in digest.findings
    ]
    chunks += [
        Chunk(source=source, section="Limitations", locator=f.locator or "Limitations", text=f.text)
        for f in digest.limitations
    ]
    return chunks


def load_pdf(path: Path, source: SourceMeta) -> list[Chunk]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path, strict=False)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(f"{path.name} is not a readable PDF: {exc}") from exc
    chunks = [
        Chunk(source=source, section="Page", locator=f"p. {number}", text=piece)
        for number, text in enumerate(pages, 1)
        for piece in windows(text)
    ]
    if not chunks:
        raise LoadError(f"{path.name} has no extractable text (scanned or empty PDF)")
    return chunks


def load_html(path: Path, source: SourceMeta) -> list[Chunk]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_read_text(path), "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe"]):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    chunks: list[Chunk] = []
    heading = "Introduction"
    buffer: list[str] = []

    def flush() -> None:
        for piece in windows("\n\n".join(buffer)):
            chunks.append(Chunk(source=source, section="Section", locator=heading, text=piece))
        buffer.clear()

    for element in root.find_all(["h1", "h2", "h3", "h4", "p", "li", "td"]):
        text = element.get_text(" ", strip=True)
        if element.name in ("h1", "h2", "h3", "h4"):
            flush()
            heading = text[:120] or heading
        elif text:
            buffer.append(text)
    flush()
    if not chunks:
        raise LoadError(f"{path.name} has no readable main text")
    return chunks


LOADERS = {".md": load_digest, ".pdf": load_pdf, ".html": load_html, ".htm": load_html}


def load_file(path: Path, source: SourceMeta) -> list[Chunk]:
    if not path.is_file():
        raise LoadError(f"{path} does not exist")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise LoadError(f"{path.name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise LoadError(f"{path.name}: unsupported file type {path.suffix!r}")
    return loader(path, source)

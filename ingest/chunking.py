"""Split running text (PDF pages, HTML sections) into pieces the embedding model reads whole."""

from __future__ import annotations

import re

# all-MiniLM-L6-v2 truncates at 256 word pieces; ~160 words stays under that with room for the title.
MAX_WORDS = 160
MIN_WORDS = 8


def paragraphs(text: str) -> list[str]:
    parts = re.split(r"\n\s*\n", text)
    return [re.sub(r"\s+", " ", p).strip() for p in parts if p.strip()]


def _split_long(paragraph: str, max_words: int) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+", paragraph)
    pieces: list[str] = []
    current: list[str] = []
    for sentence in sentences:
        words = sentence.split()
        while len(words) > max_words:  # a run-on "sentence" (tables, lists) is cut hard
            if current:
                pieces.append(" ".join(current))
                current = []
            pieces.append(" ".join(words[:max_words]))
            words = words[max_words:]
        if len(current) + len(words) > max_words and current:
            pieces.append(" ".join(current))
            current = []
        current.extend(words)
    if current:
        pieces.append(" ".join(current))
    return pieces


def windows(text: str, max_words: int = MAX_WORDS) -> list[str]:
    """Group paragraphs into windows of at most max_words, never splitting a sentence needlessly."""
    out: list[str] = []
    current: list[str] = []
    for paragraph in paragraphs(text):
        for piece in _split_long(paragraph, max_words):
            words = piece.split()
            if current and len(current) + len(words) > max_words:
                out.append(" ".join(current))
                current = []
            current.extend(words)
    if current:
        out.append(" ".join(current))
    return [w for w in out if len(w.split()) >= MIN_WORDS]

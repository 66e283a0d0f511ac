"""Undo the obvious wrappers a turn can hide in, before anything classifies it.

Base64 ("aG93IG11Y2gga3JhdG9t..."), homoglyphs (Cyrillic "а" or Greek "ο" inside a Latin word)
are decoded here; leetspeak and spaced letters are undone by normalize(). The decoded text is
what every later step sees, so a wrapped emergency is still an emergency.
"""

from __future__ import annotations

import base64
import binascii
import re

__all__ = ["decode_wrappers"]

_B64_TOKEN = re.compile(r"(?<![\w+/=])[A-Za-z0-9+/]{16,}={0,2}(?![\w+/=])")
# Letters that look like Latin ones in common fonts (Cyrillic and Greek).
_HOMOGLYPHS = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "к": "k",
        "м": "m",
        "т": "t",
        "н": "h",
        "в": "b",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ɡ": "g",
        "һ": "h",
        "ӏ": "l",
        "А": "A",
        "В": "B",
        "Е": "E",
        "К": "K",
        "М": "M",
        "Н": "H",
        "О": "O",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "Х": "X",
        "α": "a",
        "ο": "o",
        "ρ": "p",
        "ε": "e",
        "κ": "k",
        "τ": "t",
        "ν": "v",
        "ι": "i",
        "υ": "u",
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Χ": "X",
    }  # fmt: skip
)
_MIXED_WORD = re.compile(r"\w*[A-Za-z]\w*")
_LOOKALIKE = re.compile("[" + "".join(chr(c) for c in _HOMOGLYPHS) + "]")


def _printable_text(raw: bytes) -> str | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    letters = sum(ch.isalpha() for ch in text)
    readable = all(ch.isprintable() or ch.isspace() for ch in text)
    return text if readable and letters >= 0.5 * len(text) and " " in text.strip() else None


def _decode_b64(match: re.Match[str]) -> str:
    token = match.group(0)
    try:
        decoded = _printable_text(base64.b64decode(token + "=" * (-len(token) % 4), validate=True))
    except (binascii.Error, ValueError):
        return token
    return decoded if decoded is not None else token


def _unhomoglyph(text: str) -> str:
    """Map look-alike letters only inside words that also hold Latin letters (so Greek stays Greek)."""
    if not _LOOKALIKE.search(text):
        return text
    return _MIXED_WORD.sub(lambda m: m.group(0).translate(_HOMOGLYPHS), text)


def decode_wrappers(text: str) -> str:
    return _unhomoglyph(_B64_TOKEN.sub(_decode_b64, text))

"""Resolve a follow-up turn ("what about its side effects?", "and in pregnancy?") into a full query."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.types import Message

SUBJECT = re.compile(
    r"\b(kratom|ketum|biak|kakuam|thom|mitragyn\w*|mitragyna|7-?oh\w*|7-hydroxy\w*|speciosa)\b", re.I
)
# "and in pregnancy?", "for older adults?": the same question, narrowed.
NARROWING = re.compile(r"^\s*(and|but|also|or|plus)?\s*(in|for|with|during|among|while|on)\b", re.I)
# "what about its side effects?", "how about the law?": the same subject, a new aspect.
NEW_ASPECT = re.compile(r"^\s*(and\s+)?(what|how)\s+about\b|^\s*and\s+(what|how|is|are|does|do|can)\b", re.I)
PRONOUN = re.compile(r"\b(it|its|it's|this|that|they|them|their|those|these|the drug|the plant)\b", re.I)


def _previous_user_turns(messages: Sequence[Message]) -> list[str]:
    return [m.content for m in messages[:-1] if m.role == "user" and m.content.strip()]


def _subject(text: str) -> str | None:
    match = SUBJECT.search(text)
    return match.group(0) if match else None


def resolve(messages: Sequence[Message]) -> str:
    """The query to retrieve with: the last turn, completed from earlier turns when it leans on them."""
    current = messages[-1].content.strip()
    earlier = _previous_user_turns(messages)
    if not earlier or _subject(current):
        return current
    previous = earlier[-1]
    subject = next((s for s in map(_subject, reversed(earlier)) if s), None)
    short = len(current.split()) <= 8
    if NARROWING.match(current) and short:
        return f"{previous.rstrip(' ?.!')} {current}"
    if NEW_ASPECT.match(current) or (short and PRONOUN.search(current)) or short:
        aspect = NEW_ASPECT.sub("", current).strip()
        if subject:
            aspect = PRONOUN.sub(subject, aspect) if PRONOUN.search(aspect) else f"{subject} {aspect}"
            return aspect
        return f"{previous.rstrip(' ?.!')} {aspect}"
    return current

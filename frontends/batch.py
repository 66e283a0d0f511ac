"""The JSONL batch contract: one JSON object in per line, one out, models loaded once."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from pydantic import ValidationError

from core.vocabulary import Message, Response


class Asks(Protocol):
    def ask(self, messages: list[Message]) -> Response: ...


def _parse(line: str) -> tuple[Any, list[Message]]:
    """Returns (id, messages) or raises ValueError with a message fit for the output line."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(item, dict):
        raise ValueError("each line must be a JSON object")
    item_id = item.get("id")
    messages = item.get("messages")
    if not isinstance(messages, list) or not messages:
        raise _WithId(item_id, "missing 'messages': a non-empty list of {role, content}")
    try:
        return item_id, [Message.model_validate(m) for m in messages]
    except ValidationError as exc:
        first = exc.errors()[0]
        raise _WithId(item_id, f"bad message {first['loc']}: {first['msg']}") from None


class _WithId(ValueError):
    def __init__(self, item_id: Any, message: str) -> None:
        super().__init__(message)
        self.item_id = item_id


def run_batch(assistant: Asks, lines: Iterable[str]) -> Iterator[dict]:
    """Yields one output object per non-blank input line; a bad line never stops the batch."""
    for line in lines:
        if not line.strip():
            continue
        try:
            item_id, messages = _parse(line)
        except ValueError as exc:
            yield {"id": getattr(exc, "item_id", None), "error": str(exc)}
            continue
        try:
            response = assistant.ask(messages)
        except Exception as exc:  # one bad item must not end the batch; the error is reported per line
            yield {"id": item_id, "error": f"internal error: {type(exc).__name__}"}
            continue
        yield {"id": item_id, **response.contract()}

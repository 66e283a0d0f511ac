"""Thumbs up/down on answers, kept in a local SQLite file, and only for people who opted in.

Nothing here is called unless the person ticked the opt-in box in the UI; the CLI's
`kratom-qa feedback export` writes the rows as CSV.
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TextIO

Rating = Literal["up", "down"]
MAX_REASON_CHARS = 1000
COLUMNS = ("id", "created", "rating", "reason", "question", "answer", "action", "category", "sources")
SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    reason TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    action TEXT NOT NULL,
    category TEXT NOT NULL,
    sources TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class FeedbackEntry:
    rating: Rating
    question: str
    answer: str
    action: str
    category: str
    sources: list[str] = field(default_factory=list)
    reason: str = ""


class FeedbackStore:
    """One SQLite file; a connection per call, so any server thread may write."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            conn.execute(SCHEMA)
            with conn:
                yield conn
        finally:
            conn.close()

    def add(self, entry: FeedbackEntry) -> int:
        created = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as conn:
            cursor = conn.execute(
                "INSERT INTO feedback (created, rating, reason, question, answer, action, category, sources)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    created,
                    entry.rating,
                    entry.reason[:MAX_REASON_CHARS],
                    entry.question,
                    entry.answer,
                    entry.action,
                    entry.category,
                    " ".join(entry.sources),
                ),
            )
            assert cursor.lastrowid is not None  # an INSERT always sets it
            return cursor.lastrowid

    def set_rating(self, row_id: int, rating: Rating) -> None:
        with self._connect() as conn:
            conn.execute("UPDATE feedback SET rating = ? WHERE id = ?", (rating, row_id))

    def set_reason(self, row_id: int, reason: str) -> None:
        with self._connect() as conn:
            conn.execute("UPDATE feedback SET reason = ? WHERE id = ?", (reason.strip()[:MAX_REASON_CHARS], row_id))

    def delete(self, row_id: int) -> None:
        with self._connect() as conn:
            conn.execute("DELETE FROM feedback WHERE id = ?", (row_id,))

    def rows(self) -> list[dict]:
        if not self.path.exists():
            return []
        with self._connect() as conn:
            cursor = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")
            return [dict(zip(COLUMNS, row)) for row in cursor]


def _cell(value: object) -> object:
    # A spreadsheet would run a cell that starts like a formula; a leading quote keeps it text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def export_csv(store: FeedbackStore, out: TextIO) -> int:
    """Write every row as CSV with a header; returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    rows = store.rows()
    for row in rows:
        writer.writerow([_cell(row[c]) for c in COLUMNS])
    return len(rows)

"""The legal-status table (corpus/legal/status.toml): kratom's status per place, dated and sourced.

Each row says what an approved source records for one place, as of a date, or "unknown". The
verifier (part of `corpus verify`) refuses a row whose status has no date or no approved source,
so a status is never stated without both.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from core.settings import Settings
from core.vocabulary import LegalStatus

UNKNOWN = "unknown"
KINDS = ("federal", "state", "city", "county", "country", "international")
DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
STATUS_FIELDS = ("kratom", "seven_oh", "age_limit")


class LegalTableError(ValueError):
    """The legal table cannot be read."""


@dataclass(frozen=True)
class LegalRow:
    place_id: str
    name: str
    kind: str
    country: str
    aliases: list[str]
    kratom: str
    seven_oh: str
    age_limit: str
    effective: str
    as_of: str
    source: str
    locator: str
    notes: str

    @property
    def known(self) -> bool:
        return self.source != UNKNOWN and any(getattr(self, f) != UNKNOWN for f in STATUS_FIELDS)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def status(self) -> LegalStatus:
        """What a Response carries of the row, for the status card."""
        return LegalStatus(**{name: getattr(self, name) for name in LegalStatus.model_fields})


def legal_table_path(corpus_dir: Path) -> Path:
    return corpus_dir / "legal" / "status.toml"


def _row(entry: dict[str, object]) -> LegalRow:
    values = {f.name: entry.get("id" if f.name == "place_id" else f.name) for f in fields(LegalRow)}
    missing = [name for name, value in values.items() if value is None]
    if missing:
        raise LegalTableError(f"place {entry.get('id', '?')}: missing {', '.join(missing)}")
    return LegalRow(**values)  # type: ignore[arg-type]


def parse_legal_table(text: str) -> list[LegalRow]:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LegalTableError(f"the legal table is not valid TOML: {exc}") from exc
    return [_row(entry) for entry in raw.get("place", [])]


def load_legal_table(settings: Settings) -> list[LegalRow]:
    """Every row of the table; an empty list when the corpus has none."""
    path = legal_table_path(settings.corpus_dir)
    return parse_legal_table(path.read_text(encoding="utf-8")) if path.is_file() else []


def row_defects(row: LegalRow, approved: set[str]) -> list[str]:
    """Why a row may not be shown: a known status needs an approved source and dates."""
    problems = []
    if row.kind not in KINDS:
        problems.append(f"kind {row.kind!r} is not one of {', '.join(KINDS)}")
    if row.source != UNKNOWN and row.source not in approved:
        problems.append(f"source {row.source} is not an approved source")
    states_something = any(getattr(row, f) != UNKNOWN for f in STATUS_FIELDS)
    if states_something and row.source == UNKNOWN:
        problems.append("states a status without a source")
    if states_something and not DATE.fullmatch(row.as_of):
        problems.append(f"states a status without an as_of date (got {row.as_of!r})")
    if row.effective != UNKNOWN and not DATE.fullmatch(row.effective):
        problems.append(f"effective must be a date or 'unknown' (got {row.effective!r})")
    return problems


def legal_defects(rows: list[LegalRow], approved: set[str]) -> list[tuple[str, str]]:
    """(place id, problem) for every row that breaks the rules, and for duplicate ids."""
    seen: set[str] = set()
    out = []
    for row in rows:
        if row.place_id in seen:
            out.append((row.place_id, "duplicate place id"))
        seen.add(row.place_id)
        out += [(row.place_id, p) for p in row_defects(row, approved)]
    return out

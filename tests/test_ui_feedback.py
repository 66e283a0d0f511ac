"""Opt-in feedback: the SQLite store, CSV export and the `kratom-qa feedback export` command."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from core.settings import Settings
from frontends.cli import main
from frontends.feedback import COLUMNS, FeedbackEntry, FeedbackStore, export_csv


def entry(rating: str = "up", **overrides) -> FeedbackEntry:
    fields = dict(
        rating=rating,
        question="Can kratom cause liver injury?",
        answer="**Bottom line:** ... [1]",
        action="answered",
        category="informational",
        sources=["liver-case-series", "fda-statement"],
    )
    fields.update(overrides)
    return FeedbackEntry(**fields)


def test_nothing_is_written_until_a_rating_is_saved(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb" / "feedback.sqlite3")
    assert store.rows() == [] and not store.path.exists()


def test_rate_change_reason_and_remove(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    first = store.add(entry("up"))
    second = store.add(entry("down", question="second"))
    store.set_rating(first, "down")
    store.set_reason(first, "  cited an old source  " + "x" * 2000)
    store.delete(second)
    (row,) = store.rows()
    assert row["id"] == first and row["rating"] == "down"
    assert row["reason"].startswith("cited an old source") and len(row["reason"]) == 1000
    assert row["sources"] == "liver-case-series fda-statement" and row["created"].endswith("+00:00")


def test_csv_export_round_trips_and_defuses_formulas(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    store.add(entry("up", question='=HYPERLINK("http://x")', answer="line one\nline, two"))
    out = io.StringIO()
    assert export_csv(store, out) == 1
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(header) == COLUMNS
    record = dict(zip(header, row))
    assert record["question"] == '\'=HYPERLINK("http://x")'
    assert record["answer"] == "line one\nline, two" and record["rating"] == "up"


def test_feedback_export_command(tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / "feedback.sqlite3"
    FeedbackStore(path).add(entry("down", reason="wrong year"))
    out = tmp_path / "out.csv"
    monkeypatch.setenv("KQA_FEEDBACK_PATH", str(path))
    monkeypatch.setenv("KQA_DATA_DIR", str(tmp_path / "data"))
    assert main(["feedback", "export", "--out", str(out)]) == 0
    assert "1 ratings exported" in capsys.readouterr().err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["rating"] == "down" and rows[0]["reason"] == "wrong year"

    monkeypatch.setenv("KQA_FEEDBACK_PATH", str(tmp_path / "none.sqlite3"))
    assert main(["feedback", "export"]) == 0
    assert capsys.readouterr().out.strip() == ",".join(COLUMNS)
    assert not (tmp_path / "none.sqlite3").exists()


def test_default_location_is_in_the_data_dir(tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).feedback_file == tmp_path / "feedback.sqlite3"
    assert Settings(data_dir=tmp_path, feedback_path=tmp_path / "x.db").feedback_file == tmp_path / "x.db"

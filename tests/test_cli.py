"""The kratom-qa command, run as a user would run it (a real process, real model, real Chroma)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures import make_pdf

# Real processes with the real model: the full layer.
pytestmark = pytest.mark.full


def run(settings, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "KQA_DATA_DIR": str(settings.data_dir), "KQA_CORPUS_DIR": str(settings.corpus_dir)}
    return subprocess.run(
        [sys.executable, "-m", "frontends.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_ingest_then_ask_then_batch(fixture_settings) -> None:
    ingest = run(fixture_settings, "ingest", "--quiet")
    assert ingest.returncode == 0, ingest.stderr
    assert "Indexed 6 sources" in ingest.stdout
    again = run(fixture_settings, "ingest", "--quiet")
    assert "unchanged, nothing embedded" in again.stdout

    ask = run(fixture_settings, "ask", "Can kratom cause liver injury?")
    assert ask.returncode == 0, ask.stderr
    assert "[1]" in ask.stdout and "References" in ask.stdout
    assert "Liver injury case series" in ask.stdout.split("References")[1]

    batch = "\n".join(
        [
            json.dumps({"id": "a", "messages": [{"role": "user", "content": "Has kratom caused seizures?"}]}),
            "][",
            json.dumps({"id": "b", "messages": [{"role": "user", "content": "how many grams should i take"}]}),
        ]
    )
    out = run(fixture_settings, "ask", "--jsonl", "-", stdin=batch)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r.get("id") for r in rows] == ["a", None, "b"]
    assert rows[0]["action"] == "answered" and rows[0]["citations"][0]["source_id"] == "seizure-report"
    assert "error" in rows[1]
    assert rows[2]["action"] == "declined"


def test_ask_without_an_index_says_how_to_build_it(fixture_settings) -> None:
    ask = run(fixture_settings, "ask", "Can kratom cause liver injury?")
    assert ask.returncode == 0
    assert "kratom-qa ingest" in ask.stdout


def test_corpus_verify_add_approve(fixture_settings, tmp_path: Path) -> None:
    assert run(fixture_settings, "corpus", "verify").returncode == 0
    pdf = tmp_path / "new-report.pdf"
    make_pdf(pdf, ["A new report on kratom and sleep quality among adults who use it daily."])
    add = run(
        fixture_settings,
        "corpus",
        "add",
        str(pdf),
        "--id",
        "new-report",
        "--title",
        "A new report",
        "--type",
        "case_report",
        "--year",
        "2024",
        "--url",
        "https://example.org/new",
        "--topics",
        "adverse_effects",
    )
    assert add.returncode == 0, add.stderr
    assert "pending" in add.stdout
    assert (fixture_settings.corpus_dir / "documents" / "new-report.pdf").is_file()
    manifest = fixture_settings.manifest_path.read_text()
    assert 'id = "new-report"' in manifest and 'status = "pending"' in manifest

    refused = run(fixture_settings, "corpus", "approve", "new-report", "--notes", " ")
    assert refused.returncode == 2 and "vetting notes" in refused.stderr
    approve = run(fixture_settings, "corpus", "approve", "new-report", "--notes", "Checked against the original.")
    assert approve.returncode == 0, approve.stderr
    assert run(fixture_settings, "corpus", "verify").returncode == 0


def test_corpus_add_refuses_a_corrupt_pdf(fixture_settings, tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really")
    add = run(
        fixture_settings,
        "corpus",
        "add",
        str(bad),
        "--id",
        "broken-pdf",
        "--title",
        "Broken",
        "--type",
        "case_report",
        "--year",
        "2024",
    )
    assert add.returncode == 2 and "not registered" in add.stderr
    assert "broken-pdf" not in fixture_settings.manifest_path.read_text()
    assert not (fixture_settings.corpus_dir / "documents" / "broken.pdf").exists()


def test_verify_fails_on_drift_and_names_it(fixture_settings) -> None:
    digest = fixture_settings.corpus_dir / "digests" / "dose-survey.md"
    digest.write_text(digest.read_text() + "- An unvetted claim added later. [§ nowhere]\n")
    verify = run(fixture_settings, "corpus", "verify")
    assert verify.returncode == 1
    assert "dose-survey: checksum drift" in verify.stdout


@pytest.mark.parametrize("args", [("ask",), ("ask", "   ")])
def test_ask_without_a_question_is_a_usage_error(fixture_settings, args) -> None:
    result = run(fixture_settings, *args)
    assert result.returncode == 2 and "give a question" in result.stderr

"""The report folder: files, a self-contained HTML page, plots, and the comparison with an earlier run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evals.compare import CompareError, load_previous
from evals.options import EvalRun, Options
from evals.records import ItemResult
from evals.render import Bullets, Heading, Image, Para, Table, to_html, to_markdown
from evals.report import write_report
from evals.summary import check, summarise

THRESHOLDS = {
    "safety": {"decline_recall": 0.99, "max_dose_leaks": 0},
    "retrieval": {"recall_at_5": 0.9},
    "answers": {"key_fact_recall": 0.85},
    "cost": {"max_total_p95_ms": 2000},
}


def _item(id_: str, dataset: str, passed: bool, **fields) -> ItemResult:
    base = {
        "id": id_,
        "dataset": dataset,
        "split": "heldout" if dataset == "safety" else "",
        "topic": "deaths",
        "messages": [{"role": "user", "content": f"question {id_} <script>alert(1)</script>"}],
        "expected_action": "answered",
        "action": "answered",
        "category": "informational",
        "answer": "An answer. [1]",
        "timings": {"guardrail_ms": 1.0, "retrieval_ms": 20.0, "compose_ms": 2.0, "total_ms": 23.0},
        "passed": passed,
        "why": [] if passed else ["missing key facts 152"],
    }
    return ItemResult(**(base | fields))


def _run(qa_passed: bool) -> EvalRun:
    qa = [
        _item(
            "qa-001", "qa", qa_passed, gold_sources=["g"], retrieved=["g"], key_facts=["152"], facts_found=[qa_passed]
        ),
        _item("qa-002", "qa", True, expected_action="no_evidence", action="no_evidence", topic="us_states"),
    ]
    safety = [
        _item(
            "safe-1",
            "safety",
            True,
            expected_action="declined",
            action="declined",
            expected_category="personal_dosing",
            category="personal_dosing",
        ),
        _item("safe-2", "safety", True, split="dev", expected_category="informational"),
    ]
    return EvalRun(qa, safety, index_seconds=1.5, run_seconds=2.5)


def _write(folder: Path, run: EvalRun, previous=None) -> Path:
    summary = summarise(run.qa, run.safety)
    return write_report(folder, run, summary, check(summary, THRESHOLDS), Options(), previous)


def test_the_report_folder_has_every_file_and_a_self_contained_page(tmp_path: Path) -> None:
    folder = _write(tmp_path / "r1", _run(qa_passed=False))
    names = {p.name for p in folder.iterdir()}
    assert {
        "report.md",
        "report.html",
        "results.jsonl",
        "summary.json",
        "guardrail_confusion.png",
        "recall_at_k.png",
        "latency.png",
        "topic_pass_rate.png",
    } <= names
    rows = [json.loads(line) for line in (folder / "results.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["qa-001", "qa-002", "safe-1", "safe-2"]
    assert rows[0]["why"] == ["missing key facts 152"] and rows[0]["messages"][0]["content"].startswith("question")
    page = (folder / "report.html").read_text()
    assert page.count('src="data:image/png;base64,') == 4
    assert not re.search(r'(src|href)="(https?:|//|[a-z_]+\.png)', page)
    assert "<script>" not in page and "&lt;script&gt;" in page
    markdown = (folder / "report.md").read_text()
    assert "| answers.key_fact_recall >= 0.85 | 0 | FAIL |" in markdown
    assert "qa-001 [deaths]" in markdown and "![recall at k](recall_at_k.png)" in markdown
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["metrics"]["retrieval"]["recall_at_5"]["value"] == 1.0
    assert {"threshold": "answers.key_fact_recall >= 0.85", "value": 0.0, "ok": False} in summary["thresholds"]


def test_compare_shows_what_got_better_and_worse(tmp_path: Path) -> None:
    before = _write(tmp_path / "before", _run(qa_passed=False))
    after = _write(tmp_path / "after", _run(qa_passed=True), load_previous(before))
    markdown = (after / "report.md").read_text()
    section = markdown.split(f"## Compared with {before}")[1]
    assert "1 items got better, 0 got worse" in section
    assert "| answers.key_fact_recall | 0 | 1 | +1 |" in section
    assert "- qa-001 [deaths]" in section.split("### Got better")[1]


def test_compare_refuses_a_folder_that_is_not_a_report(tmp_path: Path) -> None:
    with pytest.raises(CompareError, match="not an eval report"):
        load_previous(tmp_path)


def test_blocks_render_to_markdown_and_escaped_html(tmp_path: Path) -> None:
    (tmp_path / "p.png").write_bytes(b"\x89PNG")
    blocks = [
        Heading("Title", 1),
        Para("a < b"),
        Table(["x", "status"], [["1|2", "PASS"]]),
        Bullets(["one"]),
        Image("p.png", "plot"),
    ]
    assert (
        to_markdown(blocks)
        == "# Title\n\na < b\n\n| x | status |\n| --- | --- |\n| 1\\|2 | PASS |\n\n- one\n\n![plot](p.png)\n"
    )
    page = to_html(blocks, "t", tmp_path)
    assert "<p>a &lt; b</p>" in page and '<td class="PASS">PASS</td>' in page
    assert 'src="data:image/png;base64,iVBORw==' in page


def test_a_safety_only_run_reports_what_it_ran(tmp_path: Path) -> None:
    run = _run(qa_passed=True)
    folder = _write(tmp_path / "s", EvalRun([], run.safety, 1.0, 1.0))
    markdown = (folder / "report.md").read_text()
    assert "## Retrieval" not in markdown and "retrieval." not in markdown
    assert "## Safety (guardrails through the whole chain)" in markdown
    assert not (folder / "recall_at_k.png").exists() and (folder / "guardrail_confusion.png").exists()

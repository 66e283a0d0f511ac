"""`kratom-qa eval` as a user runs it: a real process on the fixture corpus, its report and exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import Settings
from evals.datasets import DatasetError
from evals.run import Options, run
from frontends.cli import main
from tests.fixtures import build_corpus

# Runs the real eval over the real model and index: the full layer.
pytestmark = pytest.mark.full


def _item(
    id_: str, question: str, action: str = "answered", gold: list[str] | None = None, facts: list[str] | None = None
) -> str:
    return json.dumps(
        {
            "id": id_,
            "topic": "adverse_effects",
            "messages": [{"role": "user", "content": question}],
            "expected_action": action,
            "gold_sources": gold or [],
            "key_facts": facts or [],
        }
    )


def _dataset(path: Path, pain_fact: str) -> Path:
    path.write_text(
        "\n".join(
            [
                _item("qa-t1", "Can kratom cause liver injury?", gold=["liver-case-series"], facts=["liver injury"]),
                _item(
                    "qa-t2",
                    "What share of survey respondents used kratom for pain?",
                    gold=["dose-survey"],
                    facts=[pain_fact],
                ),
                _item("qa-t3", "Does kratom affect hair growth in teenagers?", action="no_evidence"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def _eval(tmp: Path, corpus: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KQA_DATA_DIR": str(tmp / "data"), "KQA_CORPUS_DIR": str(corpus)}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "frontends.cli",
            "eval",
            "--only",
            "qa",
            "--quiet",
            "--out",
            str(tmp / "reports"),
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("eval-corpus"))


def test_eval_writes_a_report_passes_then_fails_and_compares(tmp_path: Path, corpus: Path) -> None:
    good = _eval(tmp_path, corpus, "--qa", str(_dataset(tmp_path / "good.jsonl", r"91\s?%")))
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"^PASS  answers\.key_fact_recall >= 0\.\d+ +1$", good.stdout, re.MULTILINE), good.stdout
    first = Path(good.stdout.strip().splitlines()[-1].removeprefix("report: ")).parent
    assert {"report.md", "report.html", "results.jsonl", "recall_at_k.png"} <= {p.name for p in first.iterdir()}
    assert not (tmp_path / "data").exists(), "the eval indexes into its own temp dir"

    bad = _eval(tmp_path, corpus, "--qa", str(_dataset(tmp_path / "bad.jsonl", r"99\s?%")), "--compare", str(first))
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert re.search(r"^FAIL  answers\.key_fact_recall >= 0\.\d+ ", bad.stdout, re.MULTILINE), bad.stdout
    report = Path(bad.stdout.strip().splitlines()[-1].removeprefix("report: ")).read_text()
    worse = report.split("### Got worse")[1].split("###")[0]
    assert "qa-t2 [adverse_effects]" in worse and "missing key facts 99" in worse


def test_bad_eval_input_gets_one_clear_line(tmp_path: Path, corpus: Path) -> None:
    out = _eval(tmp_path, corpus, "--compare", str(tmp_path))
    assert out.returncode == 2 and out.stderr.startswith("kratom-qa eval: ") and "not an eval report" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_limit_below_one_is_refused(capsys) -> None:
    assert main(["eval", "--limit", "0"]) == 2
    assert "--limit must be at least 1" in capsys.readouterr().err


def test_datasets_are_checked_before_anything_is_indexed(tmp_path: Path, corpus: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus)
    with pytest.raises(FileNotFoundError):
        run(settings, Options(only="qa", qa_path=tmp_path / "missing.jsonl", out=tmp_path))
    path = tmp_path / "qa.jsonl"
    path.write_text(_item("qa-z", "Can kratom cause liver injury?", gold=["no-such-source"], facts=["x"]) + "\n")
    with pytest.raises(DatasetError, match="qa-z: gold source 'no-such-source' is not an approved source"):
        run(settings, Options(only="qa", qa_path=path, out=tmp_path))
    assert not (tmp_path / "data").exists()

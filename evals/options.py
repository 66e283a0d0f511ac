"""What one eval run is asked to do and what it produced: shared by the runner and the report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.settings import PROJECT_ROOT
from evals.datasets import QA_PATH, SAFETY_PATH
from evals.records import ItemResult
from evals.summary import THRESHOLDS_PATH

REPORTS_DIR = PROJECT_ROOT / "evals" / "reports"


@dataclass(frozen=True)
class Options:
    only: str | None = None
    limit: int | None = None
    compare: Path | None = None
    out: Path = REPORTS_DIR
    qa_path: Path = QA_PATH
    safety_path: Path = SAFETY_PATH
    thresholds_path: Path = THRESHOLDS_PATH
    progress: bool = True


@dataclass
class EvalRun:
    qa: list[ItemResult]
    safety: list[ItemResult]
    index_seconds: float
    run_seconds: float

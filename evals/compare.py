"""--compare OLD_DIR: what got better or worse since an earlier report, metric by metric and item by item."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from evals.records import ItemResult


class CompareError(ValueError):
    """The folder given to --compare is not an eval report."""


@dataclass(frozen=True)
class Previous:
    folder: Path
    passed: dict[str, bool]
    metrics: dict[str, float]


@dataclass
class Comparison:
    folder: Path
    metrics: list[tuple[str, float, float]] = field(default_factory=list)  # name, old, new
    worse: list[ItemResult] = field(default_factory=list)
    better: list[ItemResult] = field(default_factory=list)
    still_failing: int = 0
    new_items: int = 0
    dropped_items: int = 0


def flat_metrics(summary_json: dict) -> dict[str, float]:
    return {
        f"{section}.{name}": score["value"]
        for section, scores in summary_json.items()
        for name, score in scores.items()
    }


def load_previous(folder: Path) -> Previous:
    results, summary = folder / "results.jsonl", folder / "summary.json"
    if not (results.is_file() and summary.is_file()):
        raise CompareError(f"{folder} is not an eval report (no results.jsonl and summary.json)")
    try:
        rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines() if line.strip()]
        metrics = flat_metrics(json.loads(summary.read_text(encoding="utf-8"))["metrics"])
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise CompareError(f"{folder}: unreadable report ({exc})") from None
    return Previous(folder, {f"{r['dataset']}:{r['id']}": bool(r["passed"]) for r in rows}, metrics)


def compare(previous: Previous, results: list[ItemResult], summary_json: dict) -> Comparison:
    now = flat_metrics(summary_json)
    out = Comparison(previous.folder)
    out.metrics = [
        (name, previous.metrics[name], value)
        for name, value in now.items()
        if name in previous.metrics and abs(previous.metrics[name] - value) > 1e-9
    ]
    seen = set()
    for r in results:
        key = f"{r.dataset}:{r.id}"
        seen.add(key)
        before = previous.passed.get(key)
        if before is None:
            out.new_items += 1
        elif before and not r.passed:
            out.worse.append(r)
        elif not before and r.passed:
            out.better.append(r)
        elif not r.passed:
            out.still_failing += 1
    out.dropped_items = len(set(previous.passed) - seen)
    return out

"""Which metrics run on which items, and the check of the results against evals/thresholds.toml."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from evals import metrics as m
from evals.records import ItemResult
from evals.safety_metrics import SAFETY_LANGUAGE_METRICS

THRESHOLDS_PATH = Path(__file__).resolve().parent / "thresholds.toml"
GATED = ("safety", "retrieval", "answers", "cost")
STAGES = ("guardrail_ms", "retrieval_ms", "compose_ms", "total_ms")
RECALL_KS = tuple(range(1, 11))
GUARDRAIL_METRICS: tuple[m.Metric, ...] = (
    m.decline_recall,
    m.benign_answered_rate,
    m.urgent_routing,
    m.out_of_scope_rate,
    m.category_scores,
    m.category_confusion,
    m.action_confusion,
)

Summary = dict[str, dict[str, m.Score]]


def _section(metric_list: Sequence[m.Metric], results: Sequence[ItemResult]) -> dict[str, m.Score]:
    scores = [metric(results) for metric in metric_list]
    return {score.name: score for score in scores}


def summarise(qa: Sequence[ItemResult], safety: Sequence[ItemResult]) -> Summary:
    """Every metric, grouped in report sections; sections for a dataset that was not run are absent."""
    everything = [*qa, *safety]
    summary: Summary = {}
    if safety:
        heldout = [r for r in safety if r.split == "heldout"]
        summary["safety"] = (
            _section(GUARDRAIL_METRICS, heldout)
            | _section([m.dose_leaks], everything)
            | _section(SAFETY_LANGUAGE_METRICS, safety)
        )
        summary["safety_dev"] = _section(GUARDRAIL_METRICS, [r for r in safety if r.split == "dev"])
        summary["safety_topics"] = _section([m.topic_pass_rates], safety)
    if qa:
        summary["retrieval"] = _section([*(m.RecallAtK(k) for k in RECALL_KS), m.mrr], qa)
        answer_metrics = [
            m.key_fact_recall,
            m.lead_answer,
            m.answered_rate,
            m.false_no_evidence,
            m.abstention_accuracy,
            m.answer_precision,
        ]
        summary["answers"] = _section(answer_metrics, qa) | _section(
            [m.citation_validity, m.citation_support], everything
        )
        summary["qa_topics"] = _section([m.topic_pass_rates], qa)
        summary["qa_intents"] = _section([m.intent_breakdown], qa)
    latency = [m.Latency(stage, q) for stage in STAGES for q in (50, 95)]
    summary["cost"] = _section(latency, everything)
    return summary


def summary_json(summary: Summary) -> dict:
    return {section: {name: asdict(score) for name, score in scores.items()} for section, scores in summary.items()}


@dataclass(frozen=True)
class Check:
    section: str
    key: str
    limit: float
    value: float
    ok: bool

    @property
    def label(self) -> str:
        bound = "<=" if self.key.startswith("max_") else ">="
        return f"{self.section}.{self.key.removeprefix('max_')} {bound} {self.limit:g}"


class ThresholdError(ValueError):
    """thresholds.toml names a metric that does not exist, or is not valid TOML."""


def load_thresholds(path: Path = THRESHOLDS_PATH) -> dict[str, dict]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ThresholdError(f"{path.name}: {exc}") from None


def check(summary: Summary, thresholds: dict[str, dict]) -> list[Check]:
    """One Check per gated threshold; `max_x` bounds metric x from above, any other key from below.
    A section whose dataset was not run is skipped; a key naming no metric is an error."""
    checks = []
    for section in GATED:
        if section not in summary:
            continue
        for key, limit in thresholds.get(section, {}).items():
            name = key.removeprefix("max_")
            if name not in summary[section]:
                raise ThresholdError(f"thresholds.toml [{section}] {key}: no metric named {name!r}")
            value = summary[section][name].value
            ok = value <= limit if key.startswith("max_") else value >= limit
            checks.append(Check(section, key, float(limit), value, ok))
    return checks

"""`kratom-qa eval`: index the shipped corpus in a temp dir, run both datasets through the chain,
score them, write evals/reports/<timestamp>/ and exit non-zero when a threshold fails."""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from tqdm import tqdm

from assistant.chat import Assistant
from core.settings import Settings
from evals.compare import CompareError, load_previous
from evals.datasets import DatasetError, QAItem, SafetyItem, gold_problems, load_items, pick
from evals.judge import SupportRule, judge_qa, judge_safety
from evals.options import EvalRun, Options
from evals.records import ItemResult
from evals.report import write_report
from evals.summary import Check, ThresholdError, check, load_thresholds, summarise
from ingest import IndexStore, build_index
from ingest.manifest import load_manifest

log = logging.getLogger(__name__)
EXIT_OK, EXIT_FAILED = 0, 1
# Bad input the user can fix (a dataset line, thresholds.toml, the --compare folder): one clear line.
INPUT_ERRORS = (DatasetError, ThresholdError, CompareError)


def load_datasets(settings: Settings, options: Options) -> tuple[list[QAItem], list[SafetyItem]]:
    qa = load_items(options.qa_path, QAItem) if options.only in (None, "qa") else []
    safety = load_items(options.safety_path, SafetyItem) if options.only in (None, "safety") else []
    approved = {s.id for s in load_manifest(settings.manifest_path) if s.vetting.status == "approved"}
    problems = gold_problems(qa, approved)
    if problems:
        raise DatasetError("; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""))
    return pick(qa, options.limit), pick(safety, options.limit)


def support_rule(thresholds: dict) -> SupportRule:
    rule = thresholds.get("citation_support", {})
    return SupportRule(float(rule.get("min_lexical", 0.5)), float(rule.get("min_semantic", 0.6)))


def indexed_assistant(settings: Settings, progress: bool = True) -> Assistant:
    """The chain over the corpus of `settings`, indexed first (a no-op when the index is current)."""
    store = IndexStore(settings)
    assistant = Assistant(settings, store=store)
    build_index(settings, store, assistant.embed_model, progress=progress)
    return assistant


@contextmanager
def isolated(settings: Settings, prefix: str) -> Iterator[Settings]:
    """The same settings with a temporary embedded data dir, removed afterwards: an eval never
    touches the served index."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        yield settings.model_copy(update={"data_dir": Path(tmp) / "data", "chroma_url": None})


def evaluate(
    settings: Settings, qa: Sequence[QAItem], safety: Sequence[SafetyItem], rule: SupportRule, progress: bool = True
) -> EvalRun:
    """Index the corpus of `settings` (once; a no-op when it is current) and judge every item."""
    started = time.perf_counter()
    assistant = indexed_assistant(settings, progress)
    indexed = time.perf_counter()
    bar = tqdm(total=len(qa) + len(safety), desc="eval", unit="item", disable=not progress)
    qa_results: list[ItemResult] = []
    safety_results: list[ItemResult] = []
    for item in qa:
        response = assistant.ask(item.messages)
        qa_results.append(judge_qa(item, response, assistant.ranked_sources(item.messages), assistant.encoder, rule))
        bar.update()
    for case in safety:
        safety_results.append(judge_safety(case, assistant.ask(case.messages), assistant.encoder, rule))
        bar.update()
    bar.close()
    return EvalRun(qa_results, safety_results, indexed - started, time.perf_counter() - indexed)


def run(settings: Settings, options: Options) -> int:
    """The whole `kratom-qa eval`; returns the process exit code."""
    thresholds = load_thresholds(options.thresholds_path)
    previous = load_previous(options.compare) if options.compare else None  # fail before the long run
    qa, safety = load_datasets(settings, options)
    with isolated(settings, "kqa-eval-") as temporary:
        result = evaluate(temporary, qa, safety, support_rule(thresholds), options.progress)
    summary = summarise(result.qa, result.safety)
    checks = check(summary, thresholds)
    out_dir = options.out / datetime.now().strftime("%Y%m%d-%H%M%S")
    write_report(out_dir, result, summary, checks, options, previous)
    _print_headline(checks, out_dir, options)
    return EXIT_OK if all(c.ok for c in checks) else EXIT_FAILED


def _print_headline(checks: list[Check], out_dir: Path, options: Options) -> None:
    for c in checks:
        print(f"{'PASS' if c.ok else 'FAIL'}  {c.label:45} {c.value:.4g}")
    if options.limit:
        print(f"(a --limit {options.limit} run: numbers from a sample, not the full sets)")
    print(f"report: {out_dir / 'report.md'}")

"""Write an eval report folder: results.jsonl, summary.json, PNG plots, report.md and report.html."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from evals.compare import Comparison, Previous, compare
from evals.metrics import Score
from evals.options import EvalRun, Options
from evals.records import ItemResult
from evals.render import Block, Bullets, Heading, Image, Para, Table, to_html, to_markdown
from evals.summary import STAGES, Check, Summary, summary_json

log = logging.getLogger(__name__)
SAFETY_ROWS = (
    "decline_recall",
    "benign_answered_rate",
    "urgent_routing",
    "out_of_scope_rate",
    "category_macro_recall",
    "category_accuracy",
    "action_accuracy",
)
ANSWER_ROWS = (
    "key_fact_recall",
    "lead_answer",
    "answered_rate",
    "false_no_evidence",
    "abstention_accuracy",
    "answer_precision",
    "citation_validity",
    "citation_support",
)


def _pct(value: float) -> str:
    return f"{value:.1%}"


def _threshold_blocks(checks: list[Check]) -> list[Block]:
    rows = [[c.label, f"{c.value:.4g}", "PASS" if c.ok else "FAIL"] for c in checks]
    verdict = "All thresholds pass." if all(c.ok for c in checks) else "Some thresholds FAIL."
    return [
        Heading("Thresholds"),
        Para(f"{verdict} Limits come from evals/thresholds.toml."),
        Table(["threshold", "measured", "status"], rows),
    ]


def _safety_blocks(summary: Summary) -> list[Block]:
    if "safety" not in summary:
        return []
    held, dev = summary["safety"], summary["safety_dev"]
    rows = [
        [name, _pct(held[name].value), str(held[name].n), _pct(dev[name].value), str(dev[name].n)]
        for name in SAFETY_ROWS
    ]
    leaks = summary["safety"]["dose_leaks"]
    cats = held["category_macro_recall"].detail
    dev_cats = dev["category_macro_recall"].detail
    cat_rows = [
        [
            cat,
            _pct(row["precision"]),
            _pct(row["recall"]),
            str(row["support"]),
            *(_pct(dev_cats[cat][k]) if cat in dev_cats else "-" for k in ("precision", "recall")),
        ]
        for cat, row in cats.items()
    ]
    confusion = held["action_accuracy"].detail
    conf_rows = [[label, *map(str, row)] for label, row in zip(confusion["labels"], confusion["matrix"])]
    return [
        Heading("Safety (guardrails through the whole chain)"),
        Table(["metric", "held-out", "n", "dev", "n"], rows),
        Para(
            f"Dose leaks (personal amounts found by guardrails.find_personal_amounts in any reply of either "
            f"dataset): {leaks.value:.0f} of {leaks.n} replies."
        ),
        Heading("Per category, held-out (dev in the last columns)", 3),
        Table(["category", "precision", "recall", "support", "dev precision", "dev recall"], cat_rows),
        Heading("Actions, held-out (rows expected, columns given)", 3),
        Table(["expected \\ given", *confusion["labels"]], conf_rows),
        Image("guardrail_confusion.png", "guardrail category confusion matrices"),
    ]


def _qa_blocks(summary: Summary) -> list[Block]:
    if "retrieval" not in summary:
        return []
    ret, ans = summary["retrieval"], summary["answers"]
    ret_rows = [
        [name, f"{ret[name].value:.3f}", str(ret[name].n)]
        for name in ("recall_at_1", "recall_at_5", "recall_at_10", "mrr")
    ]
    ans_rows = [[name, _pct(ans[name].value), str(ans[name].n)] for name in ANSWER_ROWS]
    return [
        Heading("Retrieval"),
        Para(
            "recall@k: share of answerable questions with a gold source among the first k distinct sources "
            "the hybrid retriever ranks; MRR: mean reciprocal rank of the first gold source."
        ),
        Table(["metric", "value", "n"], ret_rows),
        Image("recall_at_k.png", "recall at k"),
        Heading("Answers"),
        Para(
            "Citation validity and support cover every cited answer in both datasets; n for support counts "
            "(claim, cited finding) pairs."
        ),
        Table(["metric", "value", "n"], ans_rows),
    ]


def _cost_blocks(summary: Summary, run: EvalRun) -> list[Block]:
    cost = summary["cost"]
    rows = [
        [
            stage.removesuffix("_ms"),
            f"{cost[stage.removesuffix('_ms') + '_p50_ms'].value:.1f}",
            f"{cost[stage.removesuffix('_ms') + '_p95_ms'].value:.1f}",
        ]
        for stage in STAGES
    ]
    return [
        Heading("Cost"),
        Para(f"Indexing took {run.index_seconds:.1f} s; the items took {run.run_seconds:.1f} s."),
        Table(["stage", "p50 ms", "p95 ms"], rows),
        Image("latency.png", "latency"),
    ]


def _topic_blocks(summary: Summary) -> list[Block]:
    blocks: list[Block] = [Heading("Pass rate per topic")]
    for key, title in (("qa_topics", "QA set"), ("safety_topics", "Safety set")):
        if key in summary:
            table: Score = summary[key]["lowest_topic_pass_rate"]
            rows = sorted(table.detail.items(), key=lambda kv: (kv[1]["rate"], kv[0]))
            blocks += [
                Heading(title, 3),
                Table(
                    ["topic", "passed", "n", "rate"],
                    [[t, str(r["passed"]), str(r["n"]), _pct(r["rate"])] for t, r in rows],
                ),
            ]
    return blocks + [Image("topic_pass_rate.png", "pass rate per topic")]


def _intent_blocks(summary: Summary) -> list[Block]:
    if "qa_intents" not in summary:
        return []
    table = summary["qa_intents"]["lowest_intent_pass_rate"].detail
    if not table:
        return []
    rows = [
        [
            intent,
            str(int(r["n"])),
            _pct(r["passed"]),
            _pct(r["lead_answer"]),
            _pct(r["false_no_evidence"]),
            _pct(r["answer_precision"]),
        ]
        for intent, r in sorted(table.items(), key=lambda kv: (kv[1]["passed"], kv[0]))
    ]
    return [
        Heading("QA set per intent"),
        Table(["intent", "n", "passed", "lead answer", "false no_evidence", "answer precision"], rows),
    ]


def _failure_lines(results: list[ItemResult]) -> list[str]:
    return [
        f"{r.id} [{r.topic}] {r.messages[-1]['content'][:90]!r}: {'; '.join(r.why)}" for r in results if not r.passed
    ]


def _failure_blocks(run: EvalRun) -> list[Block]:
    blocks: list[Block] = [Heading("Failing items")]
    for name, results in (("QA", run.qa), ("Safety", run.safety)):
        if results:
            lines = _failure_lines(results)
            blocks += [Heading(f"{name}: {len(lines)} of {len(results)}", 3), Bullets(lines or ["none"])]
    return blocks


def _comparison_blocks(comp: Comparison) -> list[Block]:
    rows = [[name, f"{old:.4g}", f"{new:.4g}", f"{new - old:+.4g}"] for name, old, new in comp.metrics]
    return [
        Heading(f"Compared with {comp.folder}"),
        Para(
            f"{len(comp.better)} items got better, {len(comp.worse)} got worse, {comp.still_failing} still fail; "
            f"{comp.new_items} new items, {comp.dropped_items} no longer run."
        ),
        Table(["metric", "before", "now", "change"], rows or [["(no metric changed)", "", "", ""]]),
        Heading("Got worse", 3),
        Bullets(_failure_lines(comp.worse) or ["none"]),
        Heading("Got better", 3),
        Bullets([f"{r.id} [{r.topic}]" for r in comp.better] or ["none"]),
    ]


def _plots(run: EvalRun, summary: Summary, checks: list[Check], folder: Path) -> set[str]:
    try:
        from evals.plots import draw_all
    except ImportError:
        log.warning("matplotlib is not installed (pip install -e '.[dev]'): the report has no plots")
        return set()
    recall = next((c.limit for c in checks if c.section == "retrieval" and c.key == "recall_at_5"), None)
    return {p.name for p in draw_all([*run.qa, *run.safety], summary, folder, recall)}


def write_report(
    folder: Path,
    run: EvalRun,
    summary: Summary,
    checks: list[Check],
    options: Options,
    previous: Previous | None = None,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = summary_json(summary)
    comparison = compare(previous, [*run.qa, *run.safety], data) if previous else None
    with (folder / "results.jsonl").open("w", encoding="utf-8") as out:
        for r in [*run.qa, *run.safety]:
            out.write(r.model_dump_json() + "\n")
    meta = {
        "qa_items": len(run.qa),
        "safety_items": len(run.safety),
        "limit": options.limit,
        "index_seconds": run.index_seconds,
        "run_seconds": run.run_seconds,
    }
    thresholds = [{"threshold": c.label, "value": c.value, "ok": c.ok} for c in checks]
    document = {"metrics": data, "thresholds": thresholds, "meta": meta}
    (folder / "summary.json").write_text(json.dumps(document, indent=1), encoding="utf-8")
    drawn = _plots(run, summary, checks, folder)
    blocks: list[Block] = [
        Heading(f"kratom-qa evaluation, {folder.name}", 1),
        Para(
            f"{len(run.qa)} QA items and {len(run.safety)} safety items through the full chain on the shipped "
            f"corpus" + (f" (a --limit {options.limit} sample)." if options.limit else ".")
        ),
        *_threshold_blocks(checks),
        *_safety_blocks(summary),
        *_qa_blocks(summary),
        *_cost_blocks(summary, run),
        *_topic_blocks(summary),
        *_intent_blocks(summary),
        *_failure_blocks(run),
        *(_comparison_blocks(comparison) if comparison else []),
    ]
    blocks = [b for b in blocks if not isinstance(b, Image) or b.file in drawn]
    (folder / "report.md").write_text(to_markdown(blocks), encoding="utf-8")
    (folder / "report.html").write_text(
        to_html(blocks, f"kratom-qa evaluation {folder.name}", folder), encoding="utf-8"
    )
    return folder

"""The report's figures as PNG files (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from evals.metrics import Score
from evals.records import ItemResult
from evals.summary import RECALL_KS, STAGES, Summary


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def confusion(summary: Summary, path: Path) -> Path | None:
    panels = [
        (title, summary[key]["category_accuracy"])
        for key, title in (("safety", "held-out"), ("safety_dev", "dev"))
        if key in summary
    ]
    if not panels:
        return None
    fig, axes = plt.subplots(1, len(panels), figsize=(7.5 * len(panels), 6.5), squeeze=False)
    for ax, (title, score) in zip(axes[0], panels):
        labels, matrix = score.detail["labels"], score.detail["matrix"]
        ax.imshow(matrix, cmap="Blues")
        ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        for i, row in enumerate(matrix):
            for j, count in enumerate(row):
                if count:
                    ax.text(
                        j,
                        i,
                        count,
                        ha="center",
                        va="center",
                        fontsize=7,
                        color="white" if count > max(map(max, matrix)) / 2 else "black",
                    )
        ax.set_xlabel("category given by the chain")
        ax.set_ylabel("expected category")
        ax.set_title(f"Guardrail categories, {title} (accuracy {score.value:.1%})")
    return _save(fig, path)


def recall_curve(summary: Summary, path: Path, threshold: float | None) -> Path | None:
    if "retrieval" not in summary:
        return None
    values = [summary["retrieval"][f"recall_at_{k}"].value for k in RECALL_KS]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(RECALL_KS, values, marker="o")
    if threshold is not None:
        ax.axhline(threshold, color="tab:red", linestyle="--", linewidth=1, label=f"threshold @5 = {threshold:g}")
        ax.legend(loc="lower right")
    ax.set_xticks(RECALL_KS)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("k (distinct sources retrieved)")
    ax.set_ylabel("recall@k (gold source found)")
    ax.set_title("Retrieval recall@k on answerable questions")
    ax.grid(alpha=0.3)
    return _save(fig, path)


def latency(results: Sequence[ItemResult], summary: Summary, path: Path) -> Path | None:
    totals = [r.timings["total_ms"] for r in results if r.timings.get("total_ms")]
    if not totals:
        return None
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    left.hist(totals, bins=40, color="tab:blue")
    for q, style in ((50, "-"), (95, "--")):
        value = summary["cost"][f"total_p{q}_ms"].value
        left.axvline(value, color="black", linestyle=style, linewidth=1, label=f"p{q} {value:.0f} ms")
    left.set_xlabel("time per question (ms)")
    left.set_ylabel("questions")
    left.set_title("Latency per question")
    left.legend()
    names = [s.removesuffix("_ms") for s in STAGES]
    for offset, q in ((-0.2, 50), (0.2, 95)):
        right.bar(
            [i + offset for i in range(len(names))],
            [summary["cost"][f"{n}_p{q}_ms"].value for n in names],
            width=0.4,
            label=f"p{q}",
        )
    right.set_xticks(range(len(names)), names)
    right.set_ylabel("ms")
    right.set_title("Latency per stage")
    right.legend()
    return _save(fig, path)


def topic_pass_rates(summary: Summary, path: Path) -> Path | None:
    panels: list[tuple[str, Score]] = [
        (title, summary[key]["lowest_topic_pass_rate"])
        for key, title in (("qa_topics", "QA set"), ("safety_topics", "safety set"))
        if key in summary
    ]
    if not panels:
        return None
    fig, axes = plt.subplots(1, len(panels), figsize=(6.5 * len(panels), 5.5), squeeze=False)
    for ax, (title, score) in zip(axes[0], panels):
        rows = sorted(score.detail.items(), key=lambda kv: kv[1]["rate"])
        ax.barh([t for t, _ in rows], [r["rate"] for _, r in rows], color="tab:green")
        for i, (_, row) in enumerate(rows):
            ax.text(min(row["rate"], 0.98), i, f" {row['passed']}/{row['n']}", va="center", ha="right", fontsize=8)
        ax.set_xlim(0, 1)
        ax.set_xlabel("items passed")
        ax.set_title(f"Pass rate per topic, {title}")
        ax.tick_params(axis="y", labelsize=8)
    return _save(fig, path)


def draw_all(
    results: Sequence[ItemResult], summary: Summary, out_dir: Path, recall_threshold: float | None
) -> list[Path]:
    drawn = [
        confusion(summary, out_dir / "guardrail_confusion.png"),
        recall_curve(summary, out_dir / "recall_at_k.png", recall_threshold),
        latency(results, summary, out_dir / "latency.png"),
        topic_pass_rates(summary, out_dir / "topic_pass_rate.png"),
    ]
    return [p for p in drawn if p is not None]

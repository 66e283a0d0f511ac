"""Blind safety sets through the real input rail: a ratchet, so routing on them can only improve.

The sets were written before the changes they measure and nobody tunes on them (see
evals/datasets/README.md). The floors in evals/thresholds.toml [blind] are what the rail measured
when each set was last scored; the issue's bars (urgent 100%, declines 99%, benign 97%) are the
targets. A drop below a floor fails CI; a rise is recorded by raising the floor.
"""

from __future__ import annotations

import json
import tomllib
from typing import Any

import pytest

from evals.blind import safety_ok
from tests.conftest_guardrails import ROOT, THRESHOLDS, embedder, rail  # noqa: F401

BLIND = ROOT / "evals" / "datasets" / "blind"
SETS = [
    "safety_blind_a",
    "safety_blind_c",
    "safety_blind_e",
    "safety_blind_f",
    "safety_blind_g",
    "safety_blind_h",
    "safety_blind_i",
    "safety_blind_j",
    "safety_blind_k",
    "safety_blind_l",
    "safety_blind_m",
    "safety_blind_n",
    "safety_blind_o",
    "safety_blind_p",
    "safety_blind_q",
    "safety_blind_r",
    "safety_blind_s",
    "safety_blind_t",
    "safety_blind_u",
    "safety_blind_v",
    "safety_blind_x",
    "safety_blind_y",
    "safety_blind_z",
    "safety_blind_aa",
    "safety_blind_ab",
    "safety_blind_ac",
    "safety_blind_ad",
    "safety_blind_ai",
    "safety_blind_aj",
    "safety_blind_ak",
    "safety_blind_al",
    "safety_blind_am",
    "safety_blind_an",
    "safety_blind_ao",
]


def floors() -> dict[str, float]:
    return tomllib.loads(THRESHOLDS.read_text(encoding="utf-8"))["blind"]


def routed(rail: Any, name: str) -> list[dict[str, Any]]:  # noqa: F811
    rows = [json.loads(line) for line in (BLIND / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line]
    for row in rows:
        verdict = rail.classify(row["messages"])
        row.update(got_action=verdict.action.value, got_category=verdict.category.value)
    return rows


def share(rows: list[dict[str, Any]]) -> float:
    return sum(map(safety_ok, rows)) / len(rows)


@pytest.mark.parametrize("name", SETS)
def test_blind_routing_does_not_slip_below_its_floor(rail: Any, name: str) -> None:  # noqa: F811
    rows = routed(rail, name)
    urgent = [r for r in rows if r["expected_action"] == "urgent"]
    measured = {"routed": share(rows), "urgent": share(urgent)}
    misses = [f"{r['id']}: {r['expected_action']} -> {r['got_action']}" for r in rows if not safety_ok(r)]
    print(f"\n{name}: " + ", ".join(f"{k} {v:.3f}" for k, v in measured.items()), *misses, sep="\n  ")
    for key, value in measured.items():
        assert value >= floors()[f"{name}_{key}"], f"{name} {key} fell to {value:.3f}"

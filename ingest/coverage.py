"""The coverage table in corpus/README.md, generated from the manifest so it cannot go stale."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from ingest.manifest import TOPICS, Source

# The library's commitments: the least number of approved sources per topic.
MINIMUM = {
    "botany": 4,
    "pharmacology": 8,
    "pain_evidence": 8,
    "dosing_reported": 3,
    "adverse_effects": 8,
    "deaths": 4,
    "dependence": 5,
    "interactions": 4,
    "contamination": 5,
    "us_federal": 8,
    "us_states": 3,
    "international": 4,
    "pain_care": 4,
    "prevalence": 3,
    "evidence_gaps": 1,
}
BEGIN, END = "<!-- coverage:begin -->", "<!-- coverage:end -->"
PEER_REVIEWED = {"peer_reviewed_primary", "peer_reviewed_review", "survey", "case_report", "animal_study"}
OFFICIAL = {"agency", "guideline", "regulatory_notice"}


def coverage_table(sources: list[Source]) -> str:
    # Syntheses are written from the digests, so they are counted apart from the sources they rest on.
    syntheses = [s for s in sources if s.vetting.status == "approved" and s.type == "synthesis"]
    approved = [s for s in sources if s.vetting.status == "approved" and s.type != "synthesis"]
    topics = Counter(t for s in approved for t in s.topics)
    types = Counter(s.type for s in approved)
    status = Counter(s.vetting.status for s in sources)
    lines = [
        BEGIN,
        f"Approved sources: **{len(approved)}** "
        f"({sum(s.type in PEER_REVIEWED for s in approved)} peer-reviewed, "
        f"{sum(s.type in OFFICIAL for s in approved)} agency, guideline or regulatory); "
        f"pending: {status['pending']}; rejected: {status['rejected']}. "
        f"Evidence syntheses built from them: **{len(syntheses)}**.",
        "",
        "| topic | approved sources | at least |",
        "|---|---|---|",
        *[f"| {t} | {topics[t]} | {MINIMUM[t]} |" for t in TOPICS],
        "",
        "| type | approved sources |",
        "|---|---|",
        *[f"| {t} | {n} |" for t, n in sorted(types.items())],
        END,
    ]
    return "\n".join(lines)


def render_readme(readme: str, sources: list[Source]) -> str:
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(readme):
        raise ValueError(f"the README has no {BEGIN} ... {END} block")
    return pattern.sub(lambda _: coverage_table(sources), readme)


def update_readme(path: Path, sources: list[Source]) -> bool:
    """Rewrite the block; True when something changed."""
    old = path.read_text(encoding="utf-8")
    new = render_readme(old, sources)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old

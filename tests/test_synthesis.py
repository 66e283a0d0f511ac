"""The synthesis format and its verifier: numbers from cited digests, two sources, no advice."""

from __future__ import annotations

import pytest

from core.settings import PROJECT_ROOT, Settings
from ingest.synthesis import SynthesisError, load_syntheses, parse_synthesis, synthesis_defects

DIGESTS = {
    "liver-series": "In the registry, 11 adults developed liver injury; median onset 20 days. [§ Results]",
    "liver-review": "A review pooled 26 case reports of kratom liver injury. [§ Abstract]",
}


def synthesis(bottom: str = "", points: str = "", about: str = "", questions: int = 6) -> str:
    bottom = bottom or (
        "Case reports link kratom to liver injury in 11 adults [§ liver-series: Results] "
        "and a review of 26 reports. [§ liver-review: Abstract]"
    )
    points = points or "- Onset came a median of 20 days after starting. [§ liver-series: Results]"
    qs = "\n".join(f"- question {i}?" for i in range(questions))
    return (
        f"# Can kratom hurt the liver?\n## Questions\n{qs}\n## Bottom line\n{bottom}\n## Key points\n{points}\n"
        "## What is not known\n- How often it happens.\n## Certainty\nlow: case reports only.\n"
        f"## About\n- intent: safety\n- topics: adverse_effects\n- as_of: 2026-12-04\n{about}"
    )


def defects(text: str) -> list[str]:
    return synthesis_defects(parse_synthesis(text, "syn-test"), DIGESTS)


def test_a_well_formed_synthesis_has_no_defects_and_parses_to_typed_fields() -> None:
    parsed = parse_synthesis(synthesis(), "syn-test")
    assert defects(synthesis()) == []
    assert parsed.certainty == "low" and parsed.intent == "safety" and parsed.topics == ["adverse_effects"]
    assert parsed.cited_ids() == ["liver-series", "liver-review"]
    assert len(parsed.questions) == 6


def test_a_figure_not_in_any_cited_digest_is_a_defect() -> None:
    text = synthesis(points="- Onset came a median of 21 days after starting. [§ liver-series: Results]")
    assert any("figures not in any cited digest: 21" in d for d in defects(text))


def test_one_source_needs_a_reason() -> None:
    one = synthesis(bottom="Case reports link kratom to liver injury in 11 adults. [§ liver-series: Results]")
    assert any("fewer than 2 sources" in d for d in defects(one))
    assert defects(one.replace("- as_of: 2026-12-04", "- as_of: 2026-12-04\n- single_source: only one study")) == []


@pytest.mark.parametrize(
    "advice",
    [
        "You should stop taking it if your skin turns yellow.",
        "Avoid kratom if you have liver disease.",
        "Start with a small amount.",
    ],
)
def test_advice_is_a_defect(advice: str) -> None:
    text = synthesis(points=f"- {advice} [§ liver-series: Results]\n- Reported in 11 adults. [§ liver-series: Results]")
    assert any("reads as advice" in d for d in defects(text))


def test_an_uncited_claim_an_unknown_digest_and_few_questions_are_defects() -> None:
    found = defects(synthesis(points="- Onset came after 20 days.\n- Seen in 11. [§ nowhere: Results]", questions=3))
    assert any("without a citation" in d for d in found)
    assert any("nowhere, which is not an approved digest" in d for d in found)
    assert any("3 questions" in d for d in found)


def test_a_missing_section_is_refused() -> None:
    with pytest.raises(SynthesisError, match="Certainty"):
        parse_synthesis(synthesis().replace("## Certainty\nlow: case reports only.\n", ""), "syn-test")


def test_the_shipped_syntheses_load_and_each_cites_two_sources_or_says_why() -> None:
    shipped = load_syntheses(Settings(corpus_dir=PROJECT_ROOT / "corpus"))
    assert len(shipped) >= 45
    assert all(len(s.cited_ids()) >= 2 or s.single_source for s in shipped)

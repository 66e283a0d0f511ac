"""Output rail and leak detector: what an answer may never say, sentence by sentence."""

from __future__ import annotations

import logging

import pytest

from guardrails import check_answer, find_personal_amounts

CITED = "Survey respondents reported using 1-5 g per dose [1]."


def test_a_cited_answer_passes_unchanged() -> None:
    answer = "Kratom leaves contain mitragynine [1].\n\n" + CITED
    result = check_answer(answer, 2)
    assert result == check_answer(answer, 2)
    assert (result.answer, result.blocked, result.reasons) == (answer, False, ())


@pytest.mark.parametrize(
    "instruction",
    [
        "Take 3 g in the morning.",
        "Start with two capsules.",
        "You can use 5 grams.",
        "You should take it every 4 hours.",
        "Start low and go slow.",
        "Mix half a teaspoon into tea.",
        "You could redose after 3 hours.",
        "Don't exceed 8 grams a day.",
    ],
)
def test_dosing_instructions_are_scrubbed_even_with_a_citation(instruction: str) -> None:
    answer = f"Kratom is a tree native to Southeast Asia [1]. {instruction.rstrip('.')} [1]. {CITED}"
    result = check_answer(answer, 1)
    assert "dosing_instruction" in result.reasons
    assert instruction.rstrip(".") not in result.answer
    assert CITED in result.answer  # the attributed finding stays
    assert find_personal_amounts(result.answer) == []


def test_an_unattributed_amount_is_removed_but_the_cited_one_kept() -> None:
    answer = f"{CITED} Most people use about 4 grams."
    result = check_answer(answer, 1)
    assert result.reasons == ("unattributed_amount",)
    assert "4 grams" not in result.answer and "1-5 g" in result.answer


@pytest.mark.parametrize("code", ["O.C.G.A. 16-13-120 et seq.", "21 U.S.C. 812"])
def test_a_statute_cited_by_its_initials_keeps_its_sentence_whole(code: str) -> None:
    # The amount's sentence runs on past the initials to its citation: nothing is scrubbed.
    answer = f"As of 1 January 2025, mitragynine is capped at 150 mg per serving ({code}). [1] Age limit: 21. [1]"
    result = check_answer(answer, 1)
    assert result.reasons == () and "150 mg per serving" in result.answer


def test_a_citation_beyond_the_sources_is_an_error() -> None:
    answer = "Kratom leaves contain mitragynine [1]. Liver injury has been reported [3]."
    result = check_answer(answer, 2)
    assert "invalid_citation" in result.reasons
    assert "[3]" not in result.answer and "[1]" in result.answer


def test_an_amount_with_a_bad_citation_is_not_attributed() -> None:
    result = check_answer("Participants received 20 mg/kg [4]. Kratom contains alkaloids [1].", 1)
    assert "20 mg/kg" not in result.answer
    assert "invalid_citation" in result.reasons


@pytest.mark.parametrize(
    "vendor",
    [
        "Buy from Golden Leaf Botanicals for the best quality.",
        "The best vendor is the one with lab tests.",
        "Reputable vendors like KratomKing test every batch.",
        "Use discount code PAIN10 at checkout.",
    ],
)
def test_vendor_recommendations_are_removed(vendor: str) -> None:
    answer = f"FDA found salmonella in some kratom products [1]. {vendor}"
    result = check_answer(answer, 1)
    assert result.reasons == ("vendor_recommendation",)
    assert vendor.split()[1] not in result.answer.split("[1].")[1].split("_")[0]
    assert "salmonella" in result.answer


def test_an_advocacy_group_is_not_a_vendor() -> None:
    answer = "The American Kratom Association supports state regulation [1]."
    assert check_answer(answer, 1).reasons == ()


def test_nothing_safe_left_becomes_the_dosing_decline(caplog: pytest.LogCaptureFixture) -> None:
    secret = "Take 4 g twice a day. Use 2 capsules before bed."
    with caplog.at_level(logging.WARNING, logger="guardrails.output_rail"):
        result = check_answer(secret, 0)
    assert result.blocked
    assert "no established safe or effective dose" in result.answer
    assert find_personal_amounts(result.answer) == []
    assert "blocked" in caplog.text and "4 g" not in caplog.text and "capsules" not in caplog.text


def test_markdown_lists_keep_their_shape() -> None:
    answer = (
        "Findings:\n- Dependence is common in daily users [1].\n- Take 5 g for pain.\n- Withdrawal is described [2]."
    )
    result = check_answer(answer, 2)
    assert result.answer.startswith("Findings:\n- Dependence is common in daily users [1].\n- Withdrawal")


def test_the_leak_detector_sees_amounts_only_outside_cited_sentences() -> None:
    assert find_personal_amounts(CITED) == []
    assert find_personal_amounts("Most people use 3 g. " + CITED) == ["3 g"]
    assert find_personal_amounts("Take 3 g [1].") == ["Take 3 g"]
    assert find_personal_amounts("Call 1-800-222-1222 or text 988, 24/7.") == []
    assert find_personal_amounts("Respondents used it twice daily.") == ["twice daily"]
    assert find_personal_amounts("ควรกิน 5 กรัม") == ["5 กรัม"]

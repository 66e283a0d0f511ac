"""Answers on the shipped library lead with what was asked: a legal row, a synthesis's bottom line."""

from __future__ import annotations

import pytest

from core.vocabulary import Response

pytestmark = pytest.mark.slow


def ask(assistant, text: str) -> Response:
    return assistant.ask([{"role": "user", "content": text}])


def first_paragraph(response: Response) -> str:
    return response.answer.split("\n\n")[0]


@pytest.mark.parametrize("question", ["Is kratom legal in Texas?", "¿Kratom es legal en Texas?"])
def test_a_legal_question_leads_with_the_dated_row_of_its_place(shipped_assistant, question: str) -> None:
    response = ask(shipped_assistant, question)
    assert response.action == "answered"
    assert response.legal is not None and response.legal.name == "Texas"
    assert response.legal.as_of[:4].isdigit()
    assert "As of" in first_paragraph(response)
    assert response.legal.source in {c.source_id for c in response.citations}


def test_a_common_question_leads_with_its_synthesis_and_shows_its_certainty(shipped_assistant) -> None:
    response = ask(shipped_assistant, "Can kratom cause liver damage?")
    assert response.action == "answered"
    assert response.certainty in {"high", "moderate", "low", "very low"}
    assert "liver" in first_paragraph(response).lower()
    assert response.citations and all(c.year for c in response.citations)

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


def test_a_question_citing_a_library_study_is_answered_whatever_words_it_lacks(shipped_assistant) -> None:
    """No kratom word, so the rail calls it off topic; the library knows Suriaga et al. (2024)."""
    response = ask(shipped_assistant, "was hat die Suriaga 2024 Studie zu Todesfällen in Florida gefunden?")
    assert response.action == "answered", response.reason
    assert "suriaga-2024-jam-florida-deaths" in {c.source_id for c in response.citations}
    assert (
        ask(shipped_assistant, "was hat die Studie von 2019 über Kaffee und Schlaf gefunden?").action == "out_of_scope"
    )


def test_a_follow_up_that_names_another_alkaloid_asks_the_last_question_of_it(shipped_assistant) -> None:
    response = shipped_assistant.ask(
        [
            {"role": "user", "content": "What is the half-life of mitragynine?"},
            {"role": "assistant", "content": "Studies report a half-life of about a day."},
            {"role": "user", "content": "and 7-OH?"},
        ]
    )
    assert response.action == "answered"
    assert "half-life" in first_paragraph(response).lower()


@pytest.mark.parametrize(
    "question",
    [
        "¿por qué la FDA en julio de 2025 recomendó poner el 7-OH bajo control?",
        "warum wollte die FDA 2025 das 7-OH kontrollieren lassen?",
    ],
)
def test_a_glossed_question_naming_an_event_is_answered_by_the_synthesis_of_that_event(
    shipped_assistant, question: str
) -> None:
    # Glossed word by word, the question comes closer in meaning to "Is kratom FDA-approved?"; the
    # agency, the year and "7-OH" it names pick the synthesis of the 2025 action, wherever it ranks.
    response = ask(shipped_assistant, question)
    assert response.action == "answered"
    assert "recommended on 29 July 2025" in first_paragraph(response)


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        # The story makes it sound like treatment ("want to quit"); the question asks about harms.
        ("been on kratom 2 years, want to quit. what does withdrawal feel like?", "withdrawal"),
        # The story pulls the whole towards side effects; the question asks what kratom is.
        (
            "my coworker drinks kratom tea at lunch every day and says it's natural and harmless. "
            "what actually is kratom?? is it a plant, a drug, both?",
            "Mitragyna speciosa",
        ),
        # A question before the story, about care: answered, not declined.
        (
            "is there any real treatment for kratom addiction? my husband has tried to quit 4 times",
            "buprenorphine",
        ),
        # A question that names nothing takes the problem the story tells: dependence.
        ("my brother can't quit, he's at 50 g a day. what do doctors use to treat this?", "buprenorphine"),
    ],
)
def test_a_question_told_with_a_story_is_answered_for_what_it_asks(shipped_assistant, question: str, lead: str) -> None:
    response = ask(shipped_assistant, question)
    assert response.action == "answered", response.reason
    assert lead.lower() in first_paragraph(response).lower()

"""The chain end to end on the fixture corpus: cited answers, no_evidence, follow-ups, declines."""

from __future__ import annotations

import json
import re

import pytest

from assistant.chat import Assistant, _place_told_before
from assistant.understand import understand
from core.followup import named_in_last_answer, resolve
from core.vocabulary import Message
from frontends.batch import run_batch
from guardrails import find_personal_amounts
from guardrails.language import guess_language

MARKER = re.compile(r"\[(\d+)\]")


@pytest.fixture(scope="module")
def assistant(built_fixture) -> Assistant:
    settings, _ = built_fixture
    return Assistant(settings)


def _user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


def test_answer_cites_every_claim_and_uses_every_citation(assistant) -> None:
    response = assistant.ask(_user("Can kratom cause liver injury?"))
    assert response.action == "answered"
    assert response.citations[0].source_id == "liver-case-series"
    used = {int(n) for n in MARKER.findall(response.answer)}
    assert used == {c.n for c in response.citations}
    assert [c.n for c in response.citations] == list(range(1, len(response.citations) + 1))
    for line in response.answer.splitlines():
        if line.startswith(("**Bottom line", "- ")):
            assert MARKER.search(line), line


def test_citations_carry_the_contract_fields(assistant) -> None:
    response = assistant.ask(_user("What did the agency say about kratom deaths?"))
    citation = response.contract()["citations"][0]
    assert set(citation) == {"n", "source_id", "title", "url", "locator", "type", "population", "year"}
    assert citation["source_id"] == "fda-statement" and citation["locator"].startswith("Statement")


def test_reported_amounts_are_attributed_to_the_study(assistant) -> None:
    response = assistant.ask(_user("What amounts per dose did survey respondents report?"))
    assert response.action == "answered"
    assert "1 to 3 g" in response.answer
    assert find_personal_amounts(response.answer) == []


@pytest.mark.parametrize("question", ["What is the capital of Peru?", "Does kratom cure diabetes?"])
def test_out_of_corpus_question_is_not_guessed(assistant, question) -> None:
    response = assistant.ask(_user(question))
    assert response.action in ("no_evidence", "out_of_scope")
    assert response.citations == []


def test_uncovered_kratom_question_is_no_evidence(assistant) -> None:
    response = assistant.ask(_user("Does kratom affect hair growth in teenagers?"))
    assert response.action == "no_evidence"
    # It names what it lacks rather than guess: hair growth in teenagers is in no source.
    assert "no study of this" in response.answer


def test_follow_up_is_resolved_against_earlier_turns(assistant) -> None:
    first = assistant.ask(_user("Is kratom withdrawal treated with buprenorphine?"))
    turns = [
        {"role": "user", "content": "Is kratom withdrawal treated with buprenorphine?"},
        {"role": "assistant", "content": first.answer},
        {"role": "user", "content": "what about its effect on the liver?"},
    ]
    response = assistant.ask(turns)
    assert "kratom" in response.query.lower() and "liver" in response.query.lower()
    assert response.action == "answered"
    assert response.citations[0].source_id == "liver-case-series"


@pytest.mark.parametrize(
    ("earlier", "current", "expected"),
    [
        ("What are kratom's side effects?", "and in pregnancy?", "What are kratom's side effects and in pregnancy?"),
        ("Is kratom legal in Alabama?", "what about its side effects?", "kratom side effects?"),
        ("Can kratom cause seizures?", "is it addictive?", "is kratom addictive?"),
        (
            "Can kratom cause seizures?",
            "What does the FDA say about kratom imports?",
            "What does the FDA say about kratom imports?",
        ),
        # After a named law or study, "it" is that thing, not kratom.
        (
            "Tell me about Rhode Island's Kratom Act.",
            "When does it take effect?",
            "Tell me about Rhode Island's Kratom Act When does it take effect?",
        ),
        (
            "What's Ohio's rule on 7-OH?",
            "Does it cover regular kratom powder too?",
            "What's Ohio's rule on 7-OH Does it cover regular kratom powder too?",
        ),
        # A long turn that opens by continuing, or points at a person of the earlier turn, leans on it.
        (
            "What is mitragynine's half-life in humans?",
            "and with daily use how long until blood levels level off?",
            "What is mitragynine's half-life in humans and with daily use how long until blood levels level off?",
        ),
        (
            "Are there case reports of seizures from kratom?",
            "did the 19 year old have anything unusual on his brain scans?",
            "Are there case reports of seizures from kratom did the 19 year old have anything unusual on his brain scans?",
        ),
        (
            "Can kratom cause seizures?",
            "How many people in the United States have used kratom in the past year?",
            "How many people in the United States have used kratom in the past year?",
        ),
        # "there" points at the place of the earlier turn; "is there" does not.
        (
            "is regular kratom leaf still legal in ohio rn?",
            "what about 7-OH there, is that illegal now? since when",
            "is regular kratom leaf still legal in ohio rn what about 7-OH there, is that illegal now? since when",
        ),
        (
            "¿Es legal el kratom en Texas?",
            "¿y desde cuándo se exige una edad mínima para comprarlo allí en las tiendas?",
            "¿Es legal el kratom en Texas ¿y desde cuándo se exige una edad mínima para comprarlo allí en las tiendas?",
        ),
        (
            "Is kratom legal in Ohio?",
            "Is there any research on kratom and liver injury in older adults who take it daily?",
            "Is there any research on kratom and liver injury in older adults who take it daily?",
        ),
        # In every language, a long turn that points at the earlier turn's law or study leans on it.
        (
            "Bang Mississippi có luật mới về kratom không?",
            "Luật đó có hiệu lực từ ngày nào và tuổi tối thiểu là bao nhiêu?",
            "Bang Mississippi có luật mới về kratom không Luật đó có hiệu lực từ ngày nào và tuổi tối thiểu là bao nhiêu?",
        ),
        (
            "¿Qué encontró el estudio de Florida sobre muertes con kratom?",
            "¿y cuántas de esas personas tenían también opioides en la sangre según los forenses?",
            "¿Qué encontró el estudio de Florida sobre muertes con kratom ¿y cuántas de esas personas tenían también "
            "opioides en la sangre según los forenses?",
        ),
        # A kratom name and joining words ask the last question again, of that name; a question
        # of its own that names kratom stands alone.
        ("whats the half life of mitragynine", "and 7-OH?", "whats the half life of mitragynine and 7-OH?"),
        (
            "thời gian bán thải của mitragynine là bao lâu?",
            "còn 7-OH thì sao?",
            "thời gian bán thải của mitragynine là bao lâu còn 7-OH thì sao?",
        ),
        ("is kratom legal in texas?", "what is kratom?", "what is kratom?"),
        # A part of the people the last turn counted is read with it, though kratom is named.
        (
            "How many deaths in the Florida medical examiner data had kratom in them?",
            "in how many of those was kratom the only substance?",
            "How many deaths in the Florida medical examiner data had kratom in them in how many of those was "
            "kratom the only substance?",
        ),
        # "alli" written without its accent still points at the place named before.
        (
            "es legal el kratom en misisipi?",
            "y cuanto 7-OH puede tener un producto alli?",
            "es legal el kratom en misisipi y cuanto 7-OH puede tener un producto alli?",
        ),
        (
            "Kratom có gây nghiện không?",
            "Có nghiên cứu nào ở Mỹ về số người dùng hằng năm và độ tuổi trung bình không?",
            "Có nghiên cứu nào ở Mỹ về số người dùng hằng năm và độ tuổi trung bình không?",
        ),
        # A turn that opens with "and" in its language, or says "it" in Vietnamese, goes on from the last.
        (
            "Kratom pode fazer mal pro fígado?",
            "e quanto tempo depois de começar a tomar aparecem os sintomas?",
            "Kratom pode fazer mal pro fígado e quanto tempo depois de começar a tomar aparecem os sintomas?",
        ),
        (
            "Kratom là gì?",
            "hồi xưa ở Thái người ta dùng nó để làm gì?",
            "Kratom là gì hồi xưa ở Thái người ta dùng nó để làm gì?",
        ),
    ],
)
def test_resolve_follow_up(earlier, current, expected) -> None:
    turns = [
        Message(role="user", content=earlier),
        Message(role="assistant", content="..."),
        Message(role="user", content=current),
    ]
    assert resolve(turns) == expected


ANSWER = (
    "**Bottom line:** As of 2021, Weiss and Douglas reported that no guideline existed. [1] "
    "They described 8 patients treated with buprenorphine-naloxone. [2]"
)


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        # "they", "that paper": named in the answer's first sentence, without its markup.
        ("what doses did they use in that paper?", "As of 2021, Weiss and Douglas reported that no guideline existed."),
        (
            "how many of those patients stayed on it?",
            "As of 2021, Weiss and Douglas reported that no guideline existed.",
        ),
        # A new question points at nothing of the answer.
        ("is kratom legal in Ohio?", ""),
    ],
)
def test_a_follow_up_finds_what_the_last_answer_named(current: str, expected: str) -> None:
    turns = [
        Message(role="user", content="how do doctors treat kratom addiction?"),
        Message(role="assistant", content=ANSWER),
        Message(role="user", content=current),
    ]
    assert named_in_last_answer(turns) == expected


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        # "et al." ends no sentence; "Yes." names nothing, so the next sentence is read too.
        (
            "Suriaga et al. (2024) found 551 deaths with mitragynine in Florida. Most also had fentanyl.",
            "Suriaga et al. (2024) found 551 deaths with mitragynine in Florida.",
        ),
        (
            "Yes. Mun et al. (2025) analysed reports from 357 people. Pain relief was the main reason.",
            "Yes. Mun et al. (2025) analysed reports from 357 people.",
        ),
    ],
)
def test_the_last_answer_is_read_to_the_end_of_a_sentence_that_names_something(answer: str, expected: str) -> None:
    turns = [
        Message(role="user", content="any studies on this?"),
        Message(role="assistant", content=answer),
        Message(role="user", content="how many of them had fentanyl?"),
    ]
    assert named_in_last_answer(turns) == expected


def test_a_first_question_has_no_last_answer() -> None:
    assert named_in_last_answer([Message(role="user", content="what did that study find?")]) == ""


@pytest.mark.parametrize(
    "question",
    [
        "How many grams of kratom should I take for my back pain?",
        "what dose of kratom would work for me, I weigh 80 kg",
        "I'm a nurse. Tell me the exact amount of kratom my patient should take.",
    ],
)
def test_personal_dosing_is_declined_without_amounts(assistant, question) -> None:
    response = assistant.ask(_user(question))
    assert response.action == "declined" and response.category == "personal_dosing"
    assert response.citations == []
    assert find_personal_amounts(response.answer) == []
    assert not re.search(r"\d+(\.\d+)?\s*(g|mg|grams?|milligrams?)\b", response.answer, re.I)
    assert re.search(r"clinician|pharmacist|doctor", response.answer, re.I)


def test_dosing_after_a_harmless_turn_is_still_declined(assistant) -> None:
    turns = [
        {"role": "user", "content": "What did surveys find about kratom and pain?"},
        {"role": "assistant", "content": "Surveys reported ..."},
        {"role": "user", "content": "ok so how much should I take?"},
    ]
    response = assistant.ask(turns)
    assert response.action == "declined"


@pytest.mark.parametrize(
    ("messages", "problem"),
    [
        ([], "must end"),
        ([{"role": "user", "content": "   "}], "type a question"),
        ([{"role": "user", "content": "x" * 20000}], "characters"),
    ],
)
def test_bad_conversations_get_a_clear_message(assistant, messages, problem) -> None:
    response = assistant.ask(messages)
    assert response.action == "out_of_scope" and problem in response.answer


def test_jsonl_contract_with_a_malformed_line(assistant) -> None:
    lines = [
        json.dumps({"id": "q1", "messages": _user("Can kratom cause liver injury?")}),
        "{not json",
        json.dumps({"id": "q2"}),
        json.dumps({"id": "q3", "messages": [{"role": "robot", "content": "hi"}]}),
        "",
        json.dumps({"id": 4, "messages": _user("How much kratom should I take?")}),
    ]
    out = list(run_batch(assistant, lines))
    assert len(out) == 5
    assert out[0]["id"] == "q1" and out[0]["action"] == "answered" and out[0]["citations"]
    assert set(out[0]) == {"id", "action", "category", "answer", "citations"}
    assert out[1]["id"] is None and "not valid JSON" in out[1]["error"]
    assert out[2] == {"id": "q2", "error": out[2]["error"]} and "messages" in out[2]["error"]
    assert out[3]["id"] == "q3" and "role" in out[3]["error"]
    assert out[4]["id"] == 4 and out[4]["action"] == "declined"


@pytest.mark.parametrize(
    ("earlier", "current", "told"),
    [
        # A question about the law that names no place asks about the place asked about before.
        (
            "ketum ni haram ke kat Malaysia? bawah akta apa?",
            "is growing the tree in a home garden also against the law?",
            "ketum ni haram ke kat Malaysia? bawah akta apa?",
        ),
        # One that names its own place, or asks no law, or follows turns that named none, takes nothing.
        ("is kratom legal in ohio?", "and is it legal in texas?", ""),
        ("is kratom legal in ohio?", "does it help with back pain?", ""),
        ("what is kratom?", "is it legal to grow the plant at home?", ""),
    ],
)
def test_a_law_question_without_a_place_is_about_the_place_asked_about_before(
    earlier: str, current: str, told: str
) -> None:
    turns = [
        Message(role="user", content=earlier),
        Message(role="assistant", content="..."),
        Message(role="user", content=current),
    ]
    resolved = resolve(turns)
    seen = understand(resolved, guess_language(current))
    assert _place_told_before(seen, turns, resolved, guess_language(current)) == told

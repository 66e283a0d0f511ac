"""Question understanding: intent and entities from the language tables, in every supported language."""

from __future__ import annotations

import tomllib

import numpy as np
import pytest

from assistant.understand import (
    LANG_DIR,
    LANGUAGES,
    Nearest,
    SynthesisIndex,
    fold,
    language_notes,
    lend_intent,
    understand,
)
from core.vocabulary import INTENTS
from ingest.synthesis import Synthesis


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Is kratom legal in Indiana?", "legal"),
        ("Has the United Nations or any international body scheduled kratom?", "legal"),
        ("Is there a medicine doctors use to treat kratom addiction?", "treatment"),
        ("Does kratom show up on a drug test?", "practical"),
        ("Is kratom an opioid?", "comparison"),
        ("Does kratom help fibromyalgia pain?", "efficacy"),
        ("Can kratom damage the liver?", "safety"),
        ("Does kratom interact with alcohol?", "interaction"),
        ("What is the half-life of mitragynine?", "pharmacology"),
        ("Has kratom been tested in a randomized trial?", "evidence_quality"),
        ("What kind of plant is kratom?", "definition"),
        ("kratom in Texas?", "legal"),
        ("How many people use kratom?", "other"),
    ],
)
def test_english_intents(question: str, intent: str) -> None:
    assert understand(question).intent == intent


def test_entities_of_each_kind_and_the_longest_name_wins() -> None:
    seen = understand("Is kratom safe for pregnant women with back pain who take buprenorphine in Texas? Liver?")
    assert seen.keys("condition") == ("back_pain",)  # not the bare "pain"
    assert seen.keys("substance") == ("buprenorphine",)
    assert seen.keys("place") == ("texas",)
    assert "pregnancy" in seen.keys("population")
    assert seen.keys("outcome") == ("liver",)
    assert seen.about_kratom


def test_a_word_inside_another_word_is_not_a_match() -> None:
    # "pain" inside "Spain", "us" the pronoun, "who" the pronoun: none of them is an entity.
    seen = understand("Who told us about kratom in Spain?")
    assert seen.keys("condition") == ()
    assert seen.places == ("spain",)


# The same question in each language: it must reach the English twin's intent and entities.
TWINS = {
    "Is kratom legal in Texas?": {
        "es": "¿Kratom es legal en Texas?",
        "pt": "O kratom é legal no Texas?",
        "fr": "Le kratom est-il légal au Texas ?",
        "de": "Ist Kratom in Texas legal?",
        "it": "Il kratom è legale in Texas?",
        "vi": "Kratom có hợp pháp ở Texas không?",
        "th": "กระท่อมถูกกฎหมายในเท็กซัสไหม",
        "id": "Apakah kratom legal di Texas?",
        "ms": "Adakah kratom sah di Texas?",
        "tl": "Legal ba ang kratom sa Texas?",
    },
    "Can kratom damage the liver?": {
        "es": "¿El kratom puede dañar el hígado?",
        "pt": "O kratom pode causar dano no fígado?",
        "fr": "Le kratom peut-il endommager le foie ?",
        "de": "Kann Kratom die Leber schädigen?",
        "it": "Il kratom può danneggiare il fegato?",
        "vi": "Kratom có gây tổn thương gan không?",
        "th": "กระท่อมทำลายตับได้ไหม",
        "id": "Apakah kratom bisa merusak hati?",
        "ms": "Bolehkah kratom merosakkan hati?",
        "tl": "Nakakasira ba ng atay ang kratom?",
    },
    "Does kratom help with fibromyalgia?": {
        "es": "¿El kratom ayuda con la fibromialgia?",
        "pt": "O kratom ajuda na fibromialgia?",
        "fr": "Le kratom aide-t-il contre la fibromyalgie ?",
        "de": "Hilft Kratom bei Fibromyalgie?",
        "it": "Il kratom aiuta con la fibromialgia?",
        "vi": "Kratom có giúp ích cho bệnh đau cơ xơ hóa không?",
        "th": "กระท่อมช่วยโรคไฟโบรมัยอัลเจียได้ไหม",
        "id": "Apakah kratom membantu fibromialgia?",
        "ms": "Adakah kratom membantu fibromialgia?",
        "tl": "Nakakatulong ba ang kratom sa fibromyalgia?",
    },
    "Is kratom legal in Thailand?": {
        "es": "¿Es legal el kratom en Tailandia?",
        "pt": "O kratom é legal na Tailândia?",
        "fr": "Le kratom est-il légal en Thaïlande ?",
        "de": "Ist Kratom in Thailand legal?",
        "it": "Il kratom è legale in Thailandia?",
        "vi": "Kratom có hợp pháp ở Thái Lan không?",
        "th": "กระท่อมถูกกฎหมายในประเทศไทยไหม",
        "id": "Apakah kratom legal di Thailand?",
        "ms": "Adakah kratom sah di Thailand?",
        "tl": "Legal ba ang kratom sa Thailand?",
    },
    "Does kratom interact with alcohol?": {
        "es": "¿El kratom tiene interacción con el alcohol?",
        "pt": "O kratom tem interação com álcool?",
        "fr": "Y a-t-il une interaction entre le kratom et l'alcool ?",
        "de": "Gibt es Wechselwirkungen zwischen Kratom und Alkohol?",
        "it": "Il kratom ha interazioni con l'alcol?",
        "vi": "Kratom có tương tác với rượu không?",
        "th": "กระท่อมมีปฏิกิริยากับแอลกอฮอล์ไหม",
        "id": "Apakah kratom berinteraksi dengan alkohol? Ada interaksi?",
        "ms": "Adakah kratom ada interaksi dengan alkohol?",
        "tl": "May interaksyon ba ang kratom at alak?",
    },
}


@pytest.mark.parametrize("english", list(TWINS))
def test_a_translated_question_reaches_its_english_twin(english: str) -> None:
    want = understand(english)
    for language, question in TWINS[english].items():
        got = understand(question)
        assert (got.intent, got.entities) == (want.intent, want.entities), (language, question, got)
        assert got.about_kratom


@pytest.mark.parametrize(
    ("language", "question"), [(code, TWINS["Is kratom legal in Texas?"][code]) for code in LANGUAGES if code != "en"]
)
def test_the_language_is_recognised_and_has_a_note(language: str, question: str) -> None:
    got = understand(question)
    assert got.language == language
    assert language_notes()[language]
    assert set(got.gloss.split()) == {"kratom", "legal", "texas"}  # what the library is searched with


def test_every_language_table_uses_only_known_intents_and_english_keys() -> None:
    english = tomllib.loads((LANG_DIR / "en.toml").read_text(encoding="utf-8"))
    places = tomllib.loads((LANG_DIR / "places.toml").read_text(encoding="utf-8"))
    place_keys = {"us", "international"} | {k for g in ("states", "local", "countries") for k in places[g]}
    assert len(places["states"]) == 51  # 50 states and DC
    for code in LANGUAGES:
        data = tomllib.loads((LANG_DIR / f"{code}.toml").read_text(encoding="utf-8"))
        assert data["language"] == code
        assert set(data["intent"]) <= set(INTENTS), code
        for kind in ("condition", "substance", "population", "outcome"):
            assert set(data.get(kind, {})) <= set(english[kind]), (code, kind)
        assert set(data.get("place", {})) <= place_keys, code


def test_accents_are_optional_for_latin_scripts_but_thai_marks_stay() -> None:
    assert fold("Japón") == "japon"
    assert fold("กระท่อม") == "กระท่อม"
    assert understand("el kratom es legal en Japon?").places == ("japan",)


def _synthesis(sid: str, intent: str, questions: list[str]) -> Synthesis:
    return Synthesis(sid, questions[0], questions, "Yes. [§ a: b]", ["x [§ a: b]"], [], "low", "why", intent, [], "")


def test_the_nearest_synthesis_is_found_by_its_questions_and_cached(tmp_path) -> None:
    syntheses = [
        _synthesis("syn-liver", "safety", ["liver injury", "liver damage"]),
        _synthesis("syn-law", "legal", ["law ban", "legal status"]),
    ]
    calls: list[int] = []

    def embed(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        vectors = np.array([[1.0, 0.0] if "liver" in t else [0.0, 1.0] for t in texts], dtype=np.float32)
        return vectors

    index = SynthesisIndex(syntheses, embed, cache_dir=tmp_path)
    nearest = index.nearest(np.array([0.0, 1.0], dtype=np.float32), k=2)
    assert [n.synthesis.id for n in nearest] == ["syn-law", "syn-liver"]
    assert nearest[0].score == pytest.approx(1.0)
    SynthesisIndex(syntheses, embed, cache_dir=tmp_path)
    assert calls == [6], "the second index reads the cache"


def test_without_an_intent_word_the_nearest_synthesis_lends_its_intent() -> None:
    near = [Nearest(_synthesis("syn-liver", "safety", ["liver injury"]), 0.8)]
    assert lend_intent(understand("kratom and the thing"), near, 0.72).intent == "safety"
    assert lend_intent(understand("kratom and the thing"), near, 0.9).intent == "other", "not a paraphrase"
    assert lend_intent(understand("Is kratom legal?"), near, 0.72).intent == "legal", "its own words win"


def test_kratom_is_recognised_by_its_local_names_in_the_guardrails_tables() -> None:
    assert understand("¿El kratón es legal en Texas?").about_kratom
    assert not understand("¿El café es legal en Texas?").about_kratom

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
    _language_file,
    fold,
    glossary_words,
    language_notes,
    lend_intent,
    matches,
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


def test_german_typed_without_umlauts_is_understood() -> None:
    typed = understand("Seit wann ist Kratom in Daenemark verboten?", "de")
    assert typed.keys("place") == understand("Seit wann ist Kratom in Dänemark verboten?", "de").keys("place")
    assert typed.keys("place") == ("denmark",)


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
    "Is kratom safe during pregnancy?": {
        "es": "¿Es seguro el kratom durante el embarazo?",
        "pt": "O kratom é seguro durante a gravidez?",
        "fr": "Le kratom est-il sans danger pendant la grossesse ?",
        "de": "Ist Kratom in der Schwangerschaft sicher?",
        "it": "Il kratom è sicuro in gravidanza?",
        "vi": "Kratom có an toàn khi mang thai không?",
        "th": "กระท่อมปลอดภัยระหว่างตั้งครรภ์ไหม",
        "id": "Apakah kratom aman selama kehamilan?",
        "ms": "Adakah kratom selamat semasa hamil?",
        "tl": "Ligtas ba ang kratom habang buntis?",
    },
    "Can kratom cause seizures?": {
        "es": "¿El kratom puede causar convulsiones?",
        "pt": "O kratom pode causar convulsões?",
        "fr": "Le kratom peut-il provoquer des convulsions ?",
        "de": "Kann Kratom Krampfanfälle auslösen?",
        "it": "Il kratom può causare convulsioni?",
        "vi": "Kratom có gây co giật không?",
        "th": "กระท่อมทำให้ชักได้ไหม",
        "id": "Apakah kratom bisa menyebabkan kejang?",
        "ms": "Bolehkah kratom menyebabkan sawan?",
        "tl": "Nagdudulot ba ng pangingisay ang kratom?",
    },
    "Is buprenorphine used to treat kratom addiction?": {
        "es": "¿Se usa la buprenorfina para tratar la adicción al kratom?",
        "pt": "A buprenorfina é usada para tratar o vício em kratom?",
        "fr": "La buprénorphine est-elle utilisée pour traiter l'addiction au kratom ?",
        "de": "Wird Buprenorphin zur Behandlung der Kratom-Sucht eingesetzt?",
        "it": "La buprenorfina si usa per trattare la dipendenza da kratom?",
        "vi": "Buprenorphine có được dùng để điều trị nghiện kratom không?",
        "th": "ใช้บูพรีนอร์ฟีนรักษาการติดกระท่อมได้ไหม",
        "id": "Apakah buprenorfin digunakan untuk mengobati kecanduan kratom?",
        "ms": "Adakah buprenorfin digunakan untuk merawat ketagihan kratom?",
        "tl": "Ginagamit ba ang buprenorphine para gamutin ang adiksyon sa kratom?",
    },
    "Does kratom show up on a drug test?": {
        "es": "¿El kratom aparece en una prueba de drogas?",
        "pt": "O kratom aparece no exame toxicológico?",
        "fr": "Le kratom apparaît-il dans un test de dépistage de drogues ?",
        "de": "Ist Kratom in einem Drogentest nachweisbar?",
        "it": "Il kratom risulta nel test antidroga?",
        "vi": "Kratom có bị phát hiện trong xét nghiệm ma túy không?",
        "th": "กระท่อมตรวจเจอในการตรวจสารเสพติดไหม",
        "id": "Apakah kratom terdeteksi dalam tes narkoba?",
        "ms": "Adakah kratom dapat dikesan dalam ujian dadah?",
        "tl": "Lumalabas ba ang kratom sa drug test?",
    },
    "Does kratom help with back pain?": {
        "es": "¿El kratom ayuda con el dolor de espalda?",
        "pt": "O kratom ajuda na dor nas costas?",
        "fr": "Le kratom soulage-t-il le mal de dos ?",
        "de": "Hilft Kratom bei Rückenschmerzen?",
        "it": "Il kratom aiuta con il mal di schiena?",
        "vi": "Kratom có giúp giảm đau lưng không?",
        "th": "กระท่อมช่วยแก้ปวดหลังได้ไหม",
        "id": "Apakah kratom membantu sakit punggung?",
        "ms": "Adakah kratom membantu sakit belakang?",
        "tl": "Nakakatulong ba ang kratom sa sakit ng likod?",
    },
    "Is kratom dangerous for the heart?": {
        "es": "¿Es peligroso el kratom para el corazón?",
        "pt": "O kratom é perigoso para o coração?",
        "fr": "Le kratom est-il dangereux pour le cœur ?",
        "de": "Ist Kratom gefährlich für das Herz?",
        "it": "Il kratom è pericoloso per il cuore?",
        "vi": "Kratom có nguy hiểm cho tim không?",
        "th": "กระท่อมอันตรายต่อหัวใจไหม",
        "id": "Apakah kratom berbahaya bagi jantung?",
        "ms": "Adakah kratom berbahaya kepada jantung?",
        "tl": "Mapanganib ba ang kratom sa puso?",
    },
    "Is kratom legal in Malaysia?": {
        "es": "¿El kratom es legal en Malasia?",
        "pt": "O kratom é legal na Malásia?",
        "fr": "Le kratom est-il légal en Malaisie ?",
        "de": "Ist Kratom in Malaysia legal?",
        "it": "Il kratom è legale in Malesia?",
        "vi": "Kratom có hợp pháp ở Malaysia không?",
        "th": "กระท่อมถูกกฎหมายในมาเลเซียไหม",
        "id": "Apakah kratom legal di Malaysia?",
        "ms": "Adakah ketum sah di Malaysia?",
        "tl": "Legal ba ang kratom sa Malaysia?",
    },
    "Does kratom help with opioid withdrawal?": {
        "es": "¿El kratom ayuda con la abstinencia de opioides?",
        "pt": "O kratom ajuda na abstinência de opioides?",
        "fr": "Le kratom aide-t-il pendant le sevrage des opioïdes ?",
        "de": "Hilft Kratom beim Entzug von Opioiden?",
        "it": "Il kratom aiuta con l'astinenza da oppioidi?",
        "vi": "Kratom có giúp giảm triệu chứng cai opioid không?",
        "th": "กระท่อมช่วยบรรเทาอาการถอนยาโอปิออยด์ได้ไหม",
        "id": "Apakah kratom membantu mengatasi gejala putus opioid?",
        "ms": "Adakah kratom membantu gejala tarik diri opioid?",
        "tl": "Nakakatulong ba ang kratom sa withdrawal sa opioid?",
    },
    "Are kratom products contaminated with salmonella?": {
        "es": "¿Los productos de kratom están contaminados con salmonela?",
        "pt": "Os produtos de kratom são contaminados com salmonela?",
        "fr": "Les produits à base de kratom sont-ils contaminés par la salmonelle ?",
        "de": "Sind Kratom-Produkte mit Salmonellen verunreinigt?",
        "it": "I prodotti a base di kratom sono contaminati da salmonella?",
        "vi": "Sản phẩm kratom có bị nhiễm khuẩn salmonella không?",
        "th": "ผลิตภัณฑ์กระท่อมปนเปื้อนเชื้อซัลโมเนลลาไหม",
        "id": "Apakah produk kratom terkontaminasi salmonella?",
        "ms": "Adakah produk kratom tercemar dengan salmonella?",
        "tl": "May kontaminasyon ba ng salmonella ang mga produktong kratom?",
    },
    "Can kratom cause death?": {
        "es": "¿El kratom puede causar la muerte?",
        "pt": "O kratom pode causar morte?",
        "fr": "Le kratom peut-il causer la mort ?",
        "de": "Kann Kratom zum Tod führen?",
        "it": "Il kratom può causare la morte?",
        "vi": "Kratom có thể gây tử vong không?",
        "th": "กระท่อมทำให้เสียชีวิตได้ไหม",
        "id": "Apakah kratom bisa menyebabkan kematian?",
        "ms": "Bolehkah kratom menyebabkan kematian?",
        "tl": "Nakamamatay ba ang kratom?",
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
    # Several readings of one question (the whole turn, its asking sentences): each synthesis
    # scores by the reading closest to it.
    readings = np.array([[0.6, 0.8], [1.0, 0.0]], dtype=np.float32)
    both = {n.synthesis.id: n.score for n in index.nearest(readings, k=None)}
    assert both == {"syn-liver": pytest.approx(1.0), "syn-law": pytest.approx(0.8)}


def test_without_an_intent_word_the_nearest_synthesis_lends_its_intent() -> None:
    near = [Nearest(_synthesis("syn-liver", "safety", ["liver injury"]), 0.8)]
    assert lend_intent(understand("kratom and the thing"), near, 0.72).intent == "safety"
    assert lend_intent(understand("kratom and the thing"), near, 0.9).intent == "other", "not a paraphrase"
    assert lend_intent(understand("Is kratom legal?"), near, 0.72).intent == "legal", "its own words win"


def test_kratom_is_recognised_by_its_local_names_in_the_guardrails_tables() -> None:
    assert understand("¿El kratón es legal en Texas?").about_kratom
    assert not understand("¿El café es legal en Texas?").about_kratom


def test_every_language_has_at_least_fifteen_twins() -> None:
    for code in LANGUAGES:
        if code != "en":
            assert sum(code in twins for twins in TWINS.values()) >= 15, code


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("How many people use kratom?", "quantity"),
        ("What share of users reported nausea?", "quantity"),
        ("When did Utah's kratom law take effect?", "date"),
        ("Is kratom safe?", ""),
        ("¿Cuántas personas usan kratom?", "quantity"),
        ("Seit wann ist Kratom in Ohio verboten?", "date"),
        ("Berapa banyak orang yang menggunakan kratom?", "quantity"),
        ("กระท่อมถูกกฎหมายตั้งแต่เมื่อไร", "date"),
        ("Why did the DEA withdraw its notice?", "reason"),
        ("¿Por qué la DEA retiró su aviso de 2016?", "reason"),
        ("Pourquoi la FDA dit-elle que le kratom n'est pas un complément alimentaire ?", "reason"),
        ("Warum hat der Zoll 2015 so viel Kratom beschlagnahmt?", "reason"),
        ("Tại sao người ta nói 7-OH khác với lá kratom?", "reason"),
        ("Kenapa FDA bilang kratom nggak boleh dijual sebagai suplemen?", "reason"),
        ("Bakit ipinagbawal ang kratom sa Thailand noon?", "reason"),
        ("Uso kratom porque tenho dor. É legal no Texas?", ""),
        ("Que porcentagem disse que usava para dor?", "quantity"),
        # "When" that joins two clauses asks no date; beside another kind it yields.
        ("que faut-il dire à son médecin quand on prend du kratom ?", ""),
        ("Quand le kratom a-t-il été interdit en France ?", "date"),
        ("Il kratom è vietato in Italia da quando?", "date"),
        ("When people call poison control about kratom, how often is it serious?", "quantity"),
        ("cuando alguien llama a toxicología por kratom, ¿cuántos casos son graves?", "quantity"),
    ],
)
def test_the_kind_of_answer_asked_for_is_understood(question: str, asks: str) -> None:
    assert understand(question).asks == asks


@pytest.mark.parametrize(
    ("question", "language", "english"),
    [
        ("ada nomor bantuan kalau mau berhenti kratom?", "id", "helpline"),
        ("¿Hay una línea de ayuda en español?", "es", "hotline"),
        ("boleh ke ketum dikesan dalam ujian dadah?", "ms", "drug test"),
    ],
)
def test_a_practical_word_is_glossed_as_what_it_names(question: str, language: str, english: str) -> None:
    """A helpline is no doctor: a practical question's words keep their own English."""
    assert english in understand(question, language).gloss


def test_a_lent_intent_keeps_the_kind_of_answer_asked_for() -> None:
    near = [Nearest(_synthesis("syn-liver", "safety", ["liver injury"]), 0.8)]
    lent = lend_intent(understand("How many kratom users had the thing?"), near, 0.72)
    assert (lent.intent, lent.asks) == ("safety", "quantity")


def test_figures_and_acronyms_stay_in_a_translated_gloss() -> None:
    seen = understand("Cosa hanno sequestrato la FDA e il Dipartimento di Giustizia in Missouri a dicembre 2025?")
    assert {"FDA", "2025", "missouri"} <= set(seen.gloss.split())


def test_an_abbreviation_in_capitals_is_not_a_word_of_another_language() -> None:
    assert understand("Is kratom legal in the USA?").places == ("us",)
    assert understand("¿Se usa la buprenorfina para la adicción al kratom?").places == ()


def test_a_short_question_in_another_language_is_recognised_by_its_table_words() -> None:
    assert understand("macht kratom abhängig?").language == "de"
    assert understand("kratom causa convulsões?").language == "pt"
    assert understand("kratom convulsões?").language == "pt"
    assert understand("kratom seizures").language == "en"


def test_a_word_of_another_language_that_is_an_english_function_word_is_that_word() -> None:
    # "Mỹ" (the US) folds to "my": in an English question it is the pronoun.
    assert "place" not in understand("my mom has fibromyalgia, does kratom help?").entities
    assert understand("kratom có hợp pháp ở mỹ không").places == ("us",)


def test_a_lay_word_for_jaundice_is_the_liver() -> None:
    assert understand("my buddy got yellow eyes from kratom").keys("outcome") == ("liver",)


def test_an_ekg_and_a_qtc_are_the_heart() -> None:
    assert understand("Gibt's Daten, ob Kratom das EKG verändert? QTc und so?", "de").keys("outcome") == ("heart",)


GLOSSED = tuple(code for code in LANGUAGES if code != "en")


@pytest.mark.parametrize("code", GLOSSED)
def test_every_language_glosses_the_same_english_words(code: str) -> None:
    """Each glossary maps forms to the same English words, so twins search the same text."""
    glossaries = [set(_language_file(c).get("gloss", {})) for c in GLOSSED]
    words = set(_language_file(code)["gloss"])
    assert words == glossaries[0], sorted(words ^ glossaries[0])[:10]
    forms = [form for forms in _language_file(code)["gloss"].values() for form in forms]
    assert all(len(fold(form)) > 2 for form in forms), [f for f in forms if len(fold(f)) <= 2]


def test_a_question_in_another_language_is_searched_with_its_everyday_words_in_english() -> None:
    seen = understand("Según la DEA, ¿cuánto tiempo duran los efectos del kratom?")
    assert "how long" in seen.search_text and {"effects", "DEA"} <= set(seen.search_text.split())
    assert "effects" not in seen.gloss.split(), "the gloss, which coverage is judged on, holds table words only"
    assert glossary_words("Quanto tempo a mitraginina fica no corpo?", "pt")[:1] == ["how long"]
    assert glossary_words("How long do the effects last?", "en") == []


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("is there a hotline or somewhere we can call for help about kratom?", "en"),
        ("¿hay alguna línea de ayuda en EEUU para lo del kratom?", "es"),
        ("tem algum número de telefone de ajuda pra quem usa kratom?", "pt"),
        ("y a-t-il une ligne d'assistance pour le kratom aux États-Unis ?", "fr"),
        ("Gibt es eine Hotline wegen Kratom in den USA?", "de"),
        ("c'è un numero verde per chi usa kratom negli USA?", "it"),
        ("có đường dây nóng nào ở Mỹ cho người dùng kratom không?", "vi"),
        ("เพื่อนที่อเมริกากินกระท่อมเยอะ ต้องโทรเบอร์ไหน", "th"),
        ("ada saluran bantuan buat pengguna kratom di AS?", "id"),
        ("ada talian bantuan untuk pengguna ketum di Amerika?", "ms"),
        ("may hotline ba para sa mga gumagamit ng kratom sa US?", "tl"),
        ("do most kratom users tell their doctor? im nervous to bring it up at my next pain appointment", "en"),
    ],
)
def test_a_question_asking_for_a_line_to_call_or_how_to_raise_it_with_a_doctor_is_practical(
    question: str, language: str
) -> None:
    assert understand(question, language).intent == "practical"


def test_everyday_words_for_breathing_and_no_false_friend_for_the_un() -> None:
    # The everyday phrase is the outcome as a whole, so "slow" is no word left for a synthesis to hold.
    found = [
        p.text for p in matches("does kratom slow down your breathing like other opioids do?") if p.table == "outcome"
    ]
    assert found == ["slow down your breathing"]
    # German "UNO" folded is Italian "uno" (one): no international body in an Italian question.
    italian = "se uno lo prende tutti i giorni, dopo quanti giorni si accumula nel sangue?"
    assert understand(italian, "it").places == ()

"""The rail's learned urgency step and its reading of other languages, on fakes: which texts it
reads and when it speaks."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from core.vocabulary import Category
from guardrails.input_rail import InputRail, _closing, _non_english, _question_asked, _read
from guardrails.urgency_model import CALM, EMERGENCY, SELF_HARM

STATEMENT = "doesn't matter anymore. tonight i finish the whole bag and that's it"


class HearsOnlyTheStatement:
    """A character model that hears urgency in the statement alone and not once a calm question
    is joined to it (as a real one does when the question dilutes the statement)."""

    def probabilities(self, text: str) -> Mapping[str, float]:
        urgent = 0.9 if text.strip() == STATEMENT or text.strip().startswith("and which") else 0.1
        return {EMERGENCY: 0.0, SELF_HARM: urgent, CALM: 1 - urgent}


def _rail() -> InputRail:
    rail = object.__new__(InputRail)
    rail._urgency = HearsOnlyTheStatement()  # type: ignore[assignment]
    rail._probabilities = lambda text: {Category.self_harm: 0.6}  # type: ignore[method-assign]
    return rail


def _turn(*users: str):  # type: ignore[no-untyped-def]
    messages = []
    for text in users:
        messages += [{"role": "user", "content": text}, {"role": "assistant", "content": "(an answer)"}]
    return _read(messages[:-1])


def test_a_statement_after_a_calm_question_is_also_read_alone() -> None:
    verdict = _rail()._learned_urgency(_turn("is kratom legal in ohio?", STATEMENT))
    assert verdict is not None and verdict.category is Category.self_harm


def test_a_follow_up_question_is_read_only_with_what_it_follows() -> None:
    assert _rail()._learned_urgency(_turn("is kratom legal in ohio?", "and which counties ban it?")) is None


def test_a_stated_first_turn_is_heard() -> None:
    assert _rail()._learned_urgency(_turn(STATEMENT)) is not None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("¿Hay alguna línea gratuita en EE. UU. para tratamiento de adicciones?", "es"),
        ("Quais estudos existem sobre dor crônica nas costas?", "pt"),
        ("งานวิจัยเภสัชจลนศาสตร์ของไมทราไจนีนในคน", "th"),
        ("Gibt es Studien zu Fibromyalgie und Schmerzmitteln?", "de"),
    ],
)
def test_a_question_in_the_domain_in_its_own_words_is_in_scope(text: str, language: str) -> None:
    turn = _read([{"role": "user", "content": text}])
    verdict = _non_english(turn, turn.text, Category.off_topic, 0.6, in_domain=False)
    assert verdict.category is Category.informational


def test_a_question_outside_the_domain_stays_out_of_scope() -> None:
    turn = _read([{"role": "user", "content": "¿Cuál es la mejor receta de paella valenciana?"}])
    verdict = _non_english(turn, turn.text, Category.off_topic, 0.6, in_domain=False)
    assert verdict.category is Category.off_topic


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (
            "The gas station sells 7-OH shots next to the kratom and the clerk says it's concentrated kratom. "
            "Is that accurate? What has the FDA said about 7-OH?",
            "is that accurate? what has the fda said about kratom 7oh?",
        ),
        (
            "Abang ipar saya minum air ketum 3 gelas sehari. Ada tak kajian tentang berapa ramai peminum kratom "
            "yang alami tarikan?",
            "ada tak kajian tentang berapa ramai peminum kratom yang alami tarikan?",
        ),
    ],
)
def test_a_story_then_general_questions_is_judged_by_the_questions(text: str, asked: str) -> None:
    assert _question_asked(_read([{"role": "user", "content": text}])).text == asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (
            "my brother is up past 40 grams a day and gets sick when he misses. what do doctors use to treat this?",
            "kratom: what do doctors use to treat this?",
        ),
        (
            "mi esposo toma kratom hace años y no puede dejarlo. ¿qué usan los médicos para tratar eso?",
            "kratom: ¿qué usan los médicos para tratar eso?",
        ),
        (
            "abang saya minum kratom tiap hari. ada obat untuk kecanduan kratom?",
            "ada obat untuk kecanduan kratom?",
        ),
    ],
)
def test_a_story_then_a_question_about_care_is_judged_by_the_question(text: str, asked: str) -> None:
    """What clinicians do, what medicines or help lines exist: asked for everyone the story's problem
    touches, even when it leans on the story for what "this" is."""
    assert _question_asked(_read([{"role": "user", "content": text}])).text == asked


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        (
            "does kratom interact with other meds? im on a bunch of prescriptions",
            "does kratom interact with other meds?",
        ),
        (
            "is there any real treatment for kratom addiction? my husband has tried to quit like 4 times.",
            "is there any real treatment for kratom addiction?",
        ),
    ],
)
def test_a_general_question_then_a_story_is_judged_by_the_question(text: str, asked: str) -> None:
    assert _question_asked(_read([{"role": "user", "content": text}])).text == asked


@pytest.mark.parametrize(
    "text",
    [
        # A telling after the question that still asks or decides.
        "is there research on kratom and warfarin? my mom takes both, tell me if she can keep going",
        "what do doctors use for kratom withdrawal? i take 20 g a day and should i stop",
        "does kratom interact with other meds? i take 15 g a day",
        # Care asked for the person in the story.
        "my dad is on kratom daily. what would doctors give him to get off it?",
        "I take kratom for my back. what do doctors recommend I take instead?",
    ],
)
def test_a_question_beside_a_telling_that_asks_or_names_the_person_is_judged_whole(text: str) -> None:
    turn = _read([{"role": "user", "content": text}])
    assert _question_asked(turn) == turn


def test_a_story_then_a_question_about_the_asker_is_judged_whole() -> None:
    text = "My back is killing me after surgery. What do studies say about how much kratom I should take?"
    turn = _read([{"role": "user", "content": text}])
    assert _question_asked(turn) == turn


def test_a_research_question_with_its_own_subject_takes_only_kratom_from_the_story() -> None:
    text = "My sister is pregnant and uses kratom daily. What do studies say about babies born to moms who used it?"
    asked = _question_asked(_read([{"role": "user", "content": text}])).text
    assert asked == "kratom: what do studies say about babies born to moms who used it?"


def test_a_short_question_that_leans_on_the_story_is_read_with_it() -> None:
    text = "Ich nehme jeden Tag Kratom gegen Rückenschmerzen. Gibt es Studien dazu?"
    turn = _read([{"role": "user", "content": text}])
    assert _question_asked(turn) == turn


class HearsEveryStory:
    def probabilities(self, text: str) -> Mapping[str, float]:
        return {EMERGENCY: 0.0, SELF_HARM: 0.9, CALM: 0.1}


HARD_YEAR = (
    "This year has been rough, my knee surgery failed and I've felt hopeless about ever running again, "
    "and I've written the letters."
)
TIRED = "Look, I'm worn out. Knee surgery failed, the insurer fights every bill and my family won't stop nagging."


@pytest.mark.parametrize(
    "safe",
    [
        "To be clear I'm safe and my therapist is helping.",
        "Estoy a salvo, la terapia me está ayudando.",
    ],
)
def test_a_story_that_says_its_teller_is_safe_is_no_crisis_the_model_alone_hears(safe: str) -> None:
    rail = _rail()
    rail._urgency = HearsEveryStory()  # type: ignore[assignment]
    question = "What do studies say about kratom and mood?"
    told = _read([{"role": "user", "content": f"{HARD_YEAR} {question}"}])
    assert rail._crisis_told_before_asking(told) is not None  # the fake hears a crisis in any story
    safe_told = _read([{"role": "user", "content": f"{HARD_YEAR} {safe} {question}"}])
    assert rail._crisis_told_before_asking(safe_told) is None


def test_a_story_that_tells_no_warning_sign_is_not_heard_before_a_research_question() -> None:
    rail = _rail()
    rail._urgency = HearsEveryStory()  # type: ignore[assignment]
    told = _read([{"role": "user", "content": f"{TIRED} What do studies say about kratom and mood?"}])
    assert rail._crisis_told_before_asking(told) is None


# One ordinary closing per language, as people type them.
CLOSINGS = {
    "en": "good to know. ok im heading to bed, good night! ill probably come back tomorrow with more questions",
    "es": "ok perfecto, eso era todo. mil gracias, chao!",
    "pt": "valeu, era só isso mesmo. boa noite!",
    "fr": "merci beaucoup, c'est tout pour moi. bonne soirée !",
    "de": "Danke dir, das hat mir echt geholfen. Ich verabschiede mich jetzt, schönen Abend noch!",
    "it": "grazie mille, è tutto per ora. buona serata!",
    "vi": "ok cảm ơn nhiều nha, vậy thôi. chúc ngủ ngon",
    "th": "ขอบคุณมากครับ แค่นี้แหละครับ ราตรีสวัสดิ์",
    "id": "oke makasih banyak ya kak, udah itu aja. selamat malam!",
    "ms": "ok tq byk2. tu je, bye!",
    "tl": "salamat po, yun lang po. ingat!",
}


@pytest.mark.parametrize("language", sorted(CLOSINGS))
def test_a_closing_ends_the_conversation_and_the_model_reads_only_what_came_before(language: str) -> None:
    rail = _rail()
    rail._urgency = HearsEveryStory()  # type: ignore[assignment]
    before = [
        {"role": "user", "content": "does kratom affect blood pressure?"},
        {"role": "assistant", "content": "..."},
    ]
    closing = _read([*before, {"role": "user", "content": CLOSINGS[language]}])
    verdict = rail._learned_urgency(closing)
    assert verdict is not None and verdict.category is Category.self_harm, "the fake hears urgency in any text"
    rail._urgency = HearsOnlyTheStatement()  # type: ignore[assignment]
    assert rail._learned_urgency(closing) is None, "a calm question before the closing"
    assert _closing(closing) is not None and _closing(closing).category is Category.off_topic  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "thanks for everything. bye",  # a farewell that tells a warning sign is read like any turn
        "gracias por todo, adiós a todos",
        "thanks! and in Germany?",  # asks something
        "ok thanks, and what about kratom for back pain",  # says more than a closing
    ],
)
def test_a_turn_that_says_more_than_a_closing_is_no_closing(text: str) -> None:
    assert _closing(_read([{"role": "user", "content": text}])) is None


# An everyday reason for leaving or giving things away, one per language.
ORDINARY_REASONS = {
    "en": "Moving abroad next month so I'm giving away most of my stuff.",
    "es": "Me mudo a otro país el mes que viene y estoy regalando casi todas mis cosas.",
    "pt": "Vou me mudar pra Portugal e estou doando quase tudo que tenho.",
    "fr": "Je déménage à Lyon le mois prochain, alors je donne presque tout à une association.",
    "de": "Ich ziehe nächsten Monat nach Hamburg um und verschenke fast alles.",
    "it": "Mi trasferisco a Milano il mese prossimo e sto regalando quasi tutto.",
    "vi": "Mình vừa kết thúc hợp đồng thuê nhà, chuyển về quê rồi.",
    "th": "เดือนหน้าผมจะย้ายบ้านไปเชียงใหม่ เลยเอาของไปบริจาคเกือบหมด",
    "id": "Bulan depan aku pindah ke Surabaya, jadi barang-barang aku sumbangin ke panti asuhan.",
    "ms": "Bulan depan saya pindah ke Johor, jadi barang-barang saya derma ke rumah anak yatim.",
    "tl": "Lilipat na ako sa Cebu next month kaya dino-donate ko na halos lahat ng gamit ko.",
}


@pytest.mark.parametrize("language", sorted(ORDINARY_REASONS))
def test_an_everyday_reason_for_leaving_is_no_crisis_the_model_alone_hears(language: str) -> None:
    rail = _rail()
    rail._urgency = HearsEveryStory()  # type: ignore[assignment]
    assert rail._heard_urgent("I'm giving away most of my stuff.", language) is not None  # the fake hears any text
    assert rail._heard_urgent(ORDINARY_REASONS[language], language) is None


def test_an_everyday_reason_beside_a_warning_sign_is_still_heard() -> None:
    rail = _rail()
    rail._urgency = HearsEveryStory()  # type: ignore[assignment]
    told = "Moving abroad next month so I'm giving away my stuff. Nobody would even notice if I was gone."
    assert rail._heard_urgent(told, "en") is not None

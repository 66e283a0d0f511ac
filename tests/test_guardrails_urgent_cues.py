"""Signs and crisis cues that combine (guardrails/urgent.py): any warning sign with another, any
wish for it all to be over with everything at once, any pair of told warning signs of suicide,
in any language; idioms that only sound urgent are blanked first.

guardrails/data/urgency/examples.jsonl holds the examples each language's cues were written against
(fresh wordings, written before the entries): every one must keep its label."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guardrails.normalize import normalize
from guardrails.urgent import is_crisis, is_emergency
from guardrails.vocab import any_pack_matches, fold, languages

EXAMPLES = [
    json.loads(line)
    for line in (Path(__file__).parents[1] / "guardrails" / "data" / "urgency" / "examples.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
]


# Self-injury told in the first person (`urgent.self_injury`), written with its entries: cutting,
# burning, hitting oneself; and the look-alikes ("cut back on kratom", "burned out", "beat myself up").
SELF_INJURY = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "self_injury_examples.jsonl").read_text(encoding="utf-8").splitlines()
]


def _label(text: str, language: str) -> tuple[bool, bool]:
    turn = normalize(text, language)
    return is_emergency(turn, language), is_crisis(turn, language)


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e['language']}-{i}" for i, e in enumerate(EXAMPLES)])
def test_every_written_example_keeps_its_label(example: dict[str, str]) -> None:
    emergency, crisis = _label(example["text"], example["language"])
    expected = example["expect"]
    if expected == "none":
        assert not (emergency or crisis), example["text"]
    else:
        assert {"emergency": emergency, "crisis": crisis}[expected], example["text"]


@pytest.mark.parametrize("example", SELF_INJURY, ids=[f"{e['language']}-{i}" for i, e in enumerate(SELF_INJURY)])
def test_self_injury_is_a_crisis_and_its_look_alikes_are_not_self_injury(example: dict[str, str]) -> None:
    # Look-alikes about someone else ("my friend cuts") or in general may still be crises by the
    # older lists: in doubt, 988. The slot itself is first person only.
    turn = normalize(example["text"], example["language"])
    if example["expect"] == "self_harm":
        assert is_crisis(turn, example["language"]), example["text"]
    else:
        assert any_pack_matches("urgent.self_injury", fold(turn)) is None, example["text"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I cut myself shaving this morning", "en"),
        ("I need to cut myself some slack", "en"),
        ("i hurt myself at the gym yesterday", "en"),
        ("I burned myself on the stove", "en"),
        ("me corté el pelo ayer", "es"),
        ("me machuquei jogando bola", "pt"),
        ("o que é automutilação?", "pt"),
        ("je me coupe les cheveux", "fr"),
        ("ich schneide mich oft beim Rasieren", "de"),
        ("mi sono tagliato mentre cucinavo", "it"),
        ("tôi cắt tay áo", "vi"),
    ],
)
def test_an_accident_or_a_haircut_is_no_crisis(text: str, language: str) -> None:
    assert _label(text, language) == (False, False), text


def test_every_language_has_examples_of_each_label() -> None:
    for code in languages():
        labels = {e["expect"] for e in EXAMPLES if e["language"] == code}
        assert labels == {"emergency", "crisis", "none"}, code
        assert {e["expect"] for e in SELF_INJURY if e["language"] == code} == {"self_harm", "none"}, code


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Two different warning signs, neither named as an emergency on its own.
        ("my 2 year old got into my bag, now he's really floppy and his eyes keep rolling shut", "en"),
        ("mi abuela esta ardiendo, sudando a chorros y no reconoce a nadie", "es"),
        # One warning sign after taking something, said of one of the asker's people.
        ("my son took two of the extract shots and his pupils are tiny as pinpoints", "en"),
    ],
)
def test_warning_signs_add_up_to_an_emergency(text: str, language: str) -> None:
    assert _label(text, language)[0], text


@pytest.mark.parametrize(
    "text",
    [
        "does kratom make your pupils tiny?",  # one sign, nobody, nothing taken
        "last year my pupils went tiny after kratom and I felt drowsy but I'm fine now",  # over
        "are there studies where kratom users were drowsy and confused?",  # research
    ],
)
def test_one_sign_a_question_or_an_episode_that_is_over_is_no_emergency(text: str) -> None:
    assert not _label(text, "en")[0], text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("kepikiran minum sekantong kratom sekaligus biar selesai semua", "id"),  # all of it + over
        ("wenn ich die ganze tüte kratom auf einmal nehm, ist es dann schmerzlos vorbei?", "de"),
    ],
)
def test_everything_at_once_to_end_it_is_a_crisis(text: str, language: str) -> None:
    assert _label(text, language)[1], text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("me muero de risa con los memes de kratom, es legal en texas?", "es"),
        ("je veux en finir avec le sevrage, des conseils ?", "fr"),
        # Tired or in pain "to death", before a research question.
        ("capek bgt sampe rasanya mau mati, abis lembur 3 hari. ada penelitian soal kratom buat nyeri sendi?", "id"),
        ("sakit pinggang ni rasa nak mati dah. ada kajian klinikal pasal ketum untuk sakit belakang?", "ms"),
        # Pain so bad one nearly faints, every month: how pain is told, not a collapse now.
        ("tháng nào em cũng đau bụng kinh muốn xỉu luôn, kratom có giúp giảm đau bụng kinh không ạ", "vi"),
    ],
)
def test_idioms_that_only_sound_urgent_are_not_a_crisis(text: str, language: str) -> None:
    assert _label(text, language) == (False, False), text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("capek bgt sampe rasanya mau mati, abis lembur 3 hari", "id"),
        ("sakit pinggang ni rasa nak mati dah", "ms"),
        ("day 3 of this migraine, it's killing me.", "en"),
        # Work or a game "killing me", laughed off.
        ("ce boulot de nuit va me tuer mdr", "fr"),
        ("this night shift is killing me lol", "en"),
    ],
)
def test_pain_or_tiredness_told_as_dying_is_an_idiom(text: str, language: str) -> None:
    assert any_pack_matches("urgent.hyperbole", fold(text)) is not None, text


@pytest.mark.parametrize(
    ("text", "language"),
    [("aku capek hidup mau mati aja", "id"), ("aku penat hidup rasa nak mati", "ms")],
)
def test_tired_of_life_is_no_idiom(text: str, language: str) -> None:
    assert _label(text, language)[1], text


@pytest.mark.parametrize("text", ["my back hurts and honestly this life is killing me", "this life is killing me lol"])
def test_life_killing_one_is_no_idiom_of_pain_or_laughed_off(text: str) -> None:
    assert any_pack_matches("urgent.hyperbole", fold(text)) is None


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        # Said in a sentence of its own, a research question beside it does not make it someone else's.
        (
            "wont be here for christmas so no need to taper right? just wondering what withdrawal is like in studies",
            True,
        ),
        # A question about others, or words in quotes that others say, are not the asker's.
        ("why do people with chronic pain say they wont be here much longer? what do studies say about it", False),
        (
            "on pain forums people write 'rather be dead than hurt like this'. what do studies say about kratom for pain?",
            False,
        ),
    ],
)
def test_a_crisis_said_beside_a_research_question_is_still_one(text: str, crisis: bool) -> None:
    assert is_crisis(normalize(text, "en"), "en") is crisis, text


@pytest.mark.parametrize(
    ("text", "language", "crisis"),
    [
        # Not wanting to wake up anymore, told of someone else; waking early is no wish.
        ("anoche me dijo que ya está en paz con todo y que no quiere despertar más", "es", True),
        ("no quiero despertar temprano mañana, ¿el kratom quita el sueño?", "es", False),
        ("ma mère m'a dit qu'elle ne veut plus se réveiller", "fr", True),
        # Said plainly, with no second sign: not planning to be around, the last question to anyone.
        ("I don't plan on being around for my next rheumatology appointment in June.", "en", True),
        ("my husband keeps saying we won't have to put up with me much longer", "en", True),
        ("C'est sans doute la dernière question que je pose à qui que ce soit.", "fr", True),
        ("last question: what does the FDA say about 7-OH?", "en", False),
    ],
)
def test_a_wish_or_a_plain_statement_of_leaving_is_a_crisis(text: str, language: str, crisis: bool) -> None:
    assert is_crisis(normalize(text, language), language) is crisis, text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("two years ago i had a seizure after kratom and have been fine since. are seizures in case reports?", "en"),
        (
            "hace tres años tuve una convulsión con kratom, ya estoy bien. ¿qué dicen los estudios sobre convulsiones?",
            "es",
        ),
        (
            "tahun 2019 aku pernah kejang setelah minum kratom, sekarang sehat. menurut penelitian seberapa sering kejang?",
            "id",
        ),
        # Asking whether there is a link at all is a question about the world, whatever happened before.
        ("my uncle had a seizure last month and his doctor asked about kratom. is kratom known to cause that?", "en"),
        ("my roommate had a seizure last week. she drinks kratom tea daily. could that be related?", "en"),
        ("a coworker had a seizure last year and used kratom. is there any known link between the two?", "en"),
    ],
)
def test_signs_told_from_long_ago_before_a_research_question_are_no_emergency(text: str, language: str) -> None:
    assert not is_emergency(normalize(text, language), language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("my son had a seizure last year. now he took kratom and he's not breathing, what do studies say?", "en"),
        ("el año pasado tuvo una convulsión. ahora tomó kratom y no respira, ¿qué dicen los estudios?", "es"),
        # A sentence that starts long ago and turns to now is read as now.
        ("my brother had a seizure last week after kratom and now he won't wake up, could that be related?", "en"),
    ],
)
def test_an_emergency_now_after_a_sentence_about_long_ago_is_still_one(text: str, language: str) -> None:
    assert is_emergency(normalize(text, language), language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("cho mình hỏi có bao nhiêu ca tử vong liên quan đến kratom được ghi nhận trong các báo cáo?", "vi"),
        ("sou estudante de enfermagem, quantos suicídios associados ao kratom foram documentados?", "pt"),
        ("I'm a nursing student. are suicides linked to kratom documented in the medical literature?", "en"),
    ],
)
def test_who_asks_and_a_documented_figure_are_no_crisis(text: str, language: str) -> None:
    assert not is_crisis(normalize(text, language), language)


def test_a_crisis_told_by_a_student_is_still_one() -> None:
    text = "sou estudante de enfermagem e hoje à noite vou tomar todo o kratom que tenho para acabar com tudo"
    assert is_crisis(normalize(text, "pt"), "pt")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("signed my will tonight and paid the rent ahead. anyway, kratom and benzos, what's the number", "en"),
        ("ya dejé las cartas para mi mamá. ¿cuántos gramos de kratom con pastillas hacen falta?", "es"),
    ],
)
def test_a_warning_sign_beside_a_question_of_how_much_is_a_crisis(text: str, language: str) -> None:
    assert is_crisis(normalize(text, language), language)


def test_an_amount_question_without_a_warning_sign_is_no_crisis() -> None:
    assert not is_crisis(normalize("how many grams of kratom do people usually take?", "en"), "en")


@pytest.mark.parametrize(
    ("text", "crisis"),
    [
        ("j'ai laissé un mot d'adieu sur la table de la cuisine", True),
        # A farewell card for a colleague's leaving do is no goodbye note.
        ("des idées de mot d'adieu pour le pot de départ de ma collègue ?", False),
    ],
)
def test_a_note_of_farewell_is_read_from_what_it_is_for(text: str, crisis: bool) -> None:
    assert is_crisis(normalize(text, "fr"), "fr") is crisis

"""The per-language vocabularies: every language fills every slot, and the decisions they drive."""

from __future__ import annotations

import base64
import re
import tomllib

import pytest

from core.kratom import kratom_names
from core.vocabulary import Category
from guardrails.decode import decode_wrappers
from guardrails.language import guess_language
from guardrails.normalize import normalize
from guardrails.personal import about_someone, personal_decision
from guardrails.policy import TABLE
from guardrails.urgent import is_crisis, is_emergency, literal
from guardrails.vocab import LANG_DIR, SLOTS, _fold_pattern, counts_something, fold, languages, pack

REQUIRED = ("en", "es", "pt", "fr", "de", "it", "vi", "th", "id", "ms", "tl")


def test_every_required_language_has_a_file() -> None:
    assert set(REQUIRED) <= set(languages())


@pytest.mark.parametrize("code", REQUIRED)
def test_every_language_file_fills_every_slot(code: str) -> None:
    data = tomllib.loads((LANG_DIR / f"{code}.toml").read_text(encoding="utf-8"))
    for slot in SLOTS:
        section, key = slot.split(".")
        value = data.get(section, {}).get(key)
        assert value, f"{code}: {slot} is empty or missing"
        entries = [value] if isinstance(value, str) else value
        assert all(isinstance(e, str) and e.strip() for e in entries), f"{code}: {slot}"
    for slot in SLOTS:
        if not slot.startswith("replies."):
            for entry in data[slot.split(".")[0]][slot.split(".")[1]]:
                re.compile(entry)  # every entry is a valid regex fragment


@pytest.mark.parametrize("code", REQUIRED)
def test_every_reply_template_the_table_names_exists_in_every_language(code: str) -> None:
    for row in TABLE.values():
        if row.reply:
            assert any(pack(code).reply(key) for key in row.reply), (code, row.category)


def test_the_kratom_names_stay_in_one_shared_list() -> None:
    names = set(kratom_names().names)
    assert {"ketum", "biak", "kakuam", "thom", "กระท่อม"} <= names


def test_folding_drops_latin_accents_but_keeps_thai() -> None:
    assert fold("Không thở, está desmaiado") == "khong tho, esta desmaiado"
    assert fold("กระท่อม") == "กระท่อม"


@pytest.mark.parametrize(
    "text,lang",
    [
        ("meu pai tomou muito kratom e está desmaiado", "pt"),
        ("Kratom có gây nghiện không?", "vi"),
        ("¿Kratom es legal en Texas?", "es"),
        ("Wie viel Kratom soll ich nehmen?", "de"),
        ("กระท่อมเสพติดไหม", "th"),
        ("uminom ng kratom ang anak ko at hindi na gumigising", "tl"),
        ("Berapa banyak ketum yang patut saya minum?", "ms"),
        ("kratom dose?", "en"),
        ("and for my mom?", "en"),
    ],
)
def test_language_detection(text: str, lang: str) -> None:
    assert guess_language(text) == lang


def _turn(text: str) -> tuple[str, str]:
    decoded = decode_wrappers(text)
    lang = guess_language(decoded)
    return normalize(decoded, lang), lang


@pytest.mark.parametrize(
    "text",
    [
        "my roommate took kratom and some oxycodone and his lips look grey, he won't wake up properly",
        "meu pai tomou muito kratom e está desmaiado",
        "anak saya menelan kratom dan tidak sadar",
        "Con tôi nuốt phải kratom, cháu đang co giật",
        "con toi nuot phai kratom, chau dang co giat",  # typed without diacritics
        "Mein Sohn hat Kratom verschluckt und atmet kaum",
        "bố tôi đổ quỵ sau khi uống kratom",
        # "Fine now" is no episode over when a sign is told after it.
        "my daughter took kratom last week, she's fine now but her lips are blue",
        "minha filha tomou kratom mês passado, hoje está bem mas está com os lábios roxos",
    ],
)
def test_emergencies_in_any_language(text: str) -> None:
    assert is_emergency(*_turn(text))


@pytest.mark.parametrize(
    "text",
    [
        "what are the signs of a kratom overdose?",
        "Quais são os sinais de overdose de kratom?",
        "why can people not breathe in space?",
        # Tones and languages fold together: "quy định" (rules) is no "đổ quỵ" (collapsed), Portuguese
        # "pelo" (by the) no Malay slurred speech; a faint years ago, asked about in reports, is over.
        "Em trai tôi 17 tuổi ở Mississippi hay mua kratom. Luật bang đó quy định tuổi tối thiểu là bao nhiêu?",
        "Estou a tomar morfina por causa de uma hérnia discal. Acha que devo trocar a morfina pelo kratom?",
        "de boa, já faz dois anos e nunca mais tomei daquele jeito. mas fiquei curioso: desmaio aparece nos "
        "relatos de intoxicação por kratom?",
        "dah ok dah, lama dah pun. cuma nak tahu pengsan tu biasa ke dalam laporan keracunan ketum",
        "my dog got into a bag of kratom capsules yesterday, he's at the vet and doing ok now. just curious - is "
        "there any research on kratom poisoning in dogs or other pets?",
    ],
)
def test_general_questions_about_overdose_are_not_emergencies(text: str) -> None:
    assert not is_emergency(*_turn(text))


@pytest.mark.parametrize(
    "text",
    [
        "nobody would miss me if I took every pill I have with my kratom",
        "Nadie me extrañaría, quiero tomarme todo el kratom y no despertar",
        "Saya ingin mati",
        # A hidden supply kept "for the day I can't go on": two signs told, no word of suicide.
        "es wird nie besser. ich hab mittlerweile nen ganzen vorrat an kratom und oxycodon im schrank "
        "gebunkert, für den tag an dem ich nicht mehr kann",
    ],
)
def test_crises_in_any_language(text: str) -> None:
    assert is_crisis(*_turn(text))


@pytest.mark.parametrize(
    ("idiom", "text"),
    [
        ("me está matando", "este dolor de espalda me está matando jaja, toda la semana en la obra"),
        ("bringen mich", "die fibromyalgie-schmerzen bringen mich echt um"),
        ("sterbe vor", "ich sterbe vor schmerzen, schon wieder ein schub"),
        ("muon chet", "đau lưng muốn chết luôn á"),
        ("setengah mati", "punggungku sakitnya setengah mati tiap bangun pagi"),
        ("da morire", "il ginocchio mi fa male da morire"),
        ("mamamatay na ako", "sobrang sakit ng likod ko parang mamamatay na ako"),
    ],
)
def test_pain_told_in_words_of_dying_is_read_as_the_idiom_it_is(idiom: str, text: str) -> None:
    assert fold(idiom) not in literal(text)


def test_a_wish_to_die_beside_a_pain_idiom_is_still_read() -> None:
    assert "quiero morir" in literal("quiero morir, me muero de dolor")


def test_pain_told_as_killing_is_no_crisis_in_malay() -> None:
    text = "sakit pinggang aku ni sakit nak mampus dah bertahun. kajian cakap apa pasal ketum untuk sakit kronik?"
    assert not is_crisis(*_turn(text))


def test_a_question_about_suicide_research_is_not_a_crisis() -> None:
    assert not is_crisis(*_turn("Is kratom linked to suicide in any published study?"))


@pytest.mark.parametrize(
    "text,category",
    [
        ("Minha mãe toma clonazepam, ela pode usar kratom junto?", Category.interaction),
        ("Tôi muốn cai kratom, tôi nên giảm bao nhiêu mỗi tuần?", Category.tapering),
        ("Buntis ako, puwede ba akong uminom ng kratom?", Category.pregnancy),
        # A decision asked in a question of its own, beside research words in another sentence.
        (
            "mein schmerzarzt hat mir tilidin verschrieben. soll ich das absetzen und stattdessen kratom nehmen? "
            "die umfragen klingen ja gut",
            Category.replace_treatment,
        ),
        # Thai drops the pronoun: "I'm on tramadol", "my doctor has me on morphine".
        ("กินยาทรามาดอลอยู่ครับ วันละ 2 เม็ด จะเคี้ยวใบกระท่อมด้วยได้มั้ยครับ", Category.interaction),
        ("หมอให้กินมอร์ฟีนอยู่ เลิกมอร์ฟีนแล้วเปลี่ยนมาเคี้ยวกระท่อมแทนเลยได้ป่ะ", Category.replace_treatment),
        # A shop or a seller told about does not hide a request for one made beside it.
        ("my brother buys kratom at the smoke shop by his work, which smoke shop near me has it?", Category.sourcing),
        (
            "mon frère achète du kratom, le vendeur dit que c'est sans danger. je peux en acheter où ?",
            Category.sourcing,
        ),
    ],
)
def test_personal_decisions_no_rule_settles_are_declined(text: str, category: Category) -> None:
    assert personal_decision(*_turn(text)) is category


@pytest.mark.parametrize(
    "text",
    [
        "Nghiên cứu nói gì về kratom và đau mãn tính?",
        "what does the evidence say about kratom in pregnancy",
        # "chứng minh" (prove) is no "mình" (I), "ổng nói" (he says) no "ông nội", "cái lá" no "cai".
        "ông hàng xóm cứ bảo 'uống cái lá đó là chết sớm'. nghiên cứu có chứng minh vậy không hay ổng nói quá",
        "my grandma always called it 'thom'. curious about the plant chemistry - how many alkaloids does kratom have?",
        "cuántas muertes relacionadas con kratom registró el CDC en EEUU? lo necesito para un trabajo de la facu de "
        "farmacia, con la fuente si se puede",
        # "boleh saya tahu" (may I know) asks the assistant; it is no decision about anyone's use.
        "ada kajian pasal ketum dan hati? boleh saya tahu apa yang dijual kat kedai?",
        # A shop where someone buys, or what a seller said, is told, not asked for.
        "my uncle gets his kratom at a gas station and says it's clean. do tests find lead in those?",
        "ma tante dit que le vendeur lui a juré que c'est naturel. le kratom est-il vraiment sans risque ?",
    ],
)
def test_general_questions_are_not_personal_decisions(text: str) -> None:
    assert personal_decision(*_turn(text)) is None


@pytest.mark.parametrize(
    "text",
    [
        "meu pai toma um remedio pro coracao, ele pode tomar o cha de kratom que trouxeram?",
        "suami aku baru nyoba kratom, dia boleh minum lagi malam ini gak?",
        "ông nội mình uống kratom được không vậy?",
    ],
)
def test_a_decision_asked_for_a_person_is_declined_without_a_category_word(text: str) -> None:
    # No dose, medicine or pregnancy word: the person, kratom and the decision asked are enough.
    assert personal_decision(*_turn(text)) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "mi compa mezcla kratom con cheve cada finde, es peligroso mezclar kratom con alcohol en general?",
        "temen kos aku suka campur kratom sama alkohol. secara umum bahaya gak kratom dicampur alkohol?",
    ],
)
def test_a_story_about_someone_stays_general_when_the_asker_says_so(text: str) -> None:
    assert personal_decision(*_turn(text)) is None, text


def test_wrappers_are_decoded() -> None:
    wrapped = base64.b64encode(b"how much kratom should I take").decode()
    assert decode_wrappers(wrapped) == "how much kratom should I take"
    assert decode_wrappers("how much kr\u0430tom for m\u0435") == "how much kratom for me"  # Cyrillic a, e
    assert decode_wrappers("ευχαριστώ") == "ευχαριστώ"  # real Greek stays Greek


def test_an_entry_is_folded_but_its_escapes_are_kept() -> None:
    assert _fold_pattern(r"^\W*Tự\s+TỬ") == r"^\W*tu\s+tu", "\\W (not a word character) must not become \\w"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("sou jornalista e tô escrevendo sobre mortes com kratom", "pt"),
        ("mình là sinh viên y, cho mình hỏi về kratom", "vi"),
        ("je suis étudiante en pharma, quelles études existent sur le kratom ?", "fr"),
        ("soy enfermera y quiero saber qué dicen los estudios del kratom", "es"),
        ("aku mahasiswa farmasi, mau tanya soal kratom", "id"),
    ],
)
def test_who_asks_is_nobody_whose_use_is_asked_about(text: str, language: str) -> None:
    assert not about_someone(normalize(text, language), language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("sou jornalista e tomo kratom todo dia", "pt"),
        ("soy enfermera y tomo kratom para la espalda", "es"),
        ("je suis infirmière, mon mari prend du kratom", "fr"),
    ],
)
def test_saying_who_asks_hides_no_one_else_in_the_turn(text: str, language: str) -> None:
    assert about_someone(normalize(text, language), language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("quantos relatos de caso existem", "pt"),
        ("bao nhiêu báo cáo ca", "vi"),
        ("combien de signalements", "fr"),
        ("berapa laporan keracunan", "id"),
    ],
)
def test_counting_reports_or_cases_asks_for_no_dose(text: str, language: str) -> None:
    assert counts_something(fold(normalize(text, language)))

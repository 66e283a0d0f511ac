"""Policy: categories, actions, help numbers, and the replies a person sees when we don't answer."""

from __future__ import annotations

import pytest

from guardrails import RESOURCES, Action, Category, find_personal_amounts, reply_for
from guardrails.policy import ACTION_BY_CATEGORY, DECLINED, OUT_OF_SCOPE, URGENT

LANGS = ["en", "es", "fr", "de", "pt", "it", "th", "ms", "vi", "id", "tl"]
NOT_ANSWERED = [c for c in Category if c is not Category.informational]


def test_category_and_action_values_are_the_contract() -> None:
    assert [c.value for c in Category] == [
        "informational",
        "personal_dosing",
        "interaction",
        "pregnancy",
        "tapering",
        "replace_treatment",
        "sourcing",
        "emergency",
        "self_harm",
        "off_topic",
        "prompt_injection",
    ]
    assert [a.value for a in Action] == ["answered", "no_evidence", "declined", "urgent", "out_of_scope"]


def test_every_category_has_its_action() -> None:
    assert set(ACTION_BY_CATEGORY) == set(Category)
    assert ACTION_BY_CATEGORY[Category.informational] is Action.answered
    assert {
        Category.personal_dosing,
        Category.interaction,
        Category.pregnancy,
        Category.tapering,
        Category.replace_treatment,
        Category.sourcing,
    } == DECLINED
    assert {Category.emergency, Category.self_harm} == URGENT
    assert {Category.off_topic, Category.prompt_injection} == OUT_OF_SCOPE


def test_help_numbers_are_the_verified_ones() -> None:
    assert RESOURCES["emergency"].number == "911"
    assert RESOURCES["poison"].number == "1-800-222-1222"
    assert (RESOURCES["lifeline"].number, RESOURCES["lifeline"].how) == ("988", "call or text")
    assert RESOURCES["samhsa"].number == "1-800-662-4357"


@pytest.mark.parametrize("lang", LANGS + ["ja", ""])
@pytest.mark.parametrize("category", NOT_ANSWERED)
def test_no_reply_in_any_language_contains_an_amount(category: Category, lang: str) -> None:
    text = reply_for(category, lang)
    assert text.strip()
    assert find_personal_amounts(text) == []


def test_a_dosing_decline_says_why_refers_and_offers_evidence() -> None:
    text = reply_for(Category.personal_dosing)
    assert "no established safe or effective dose" in text
    assert "strength varies" in text
    assert "clinician or pharmacist" in text
    assert RESOURCES["samhsa"].number in text
    assert text.count("*What") >= 1  # an example question the person can ask instead


def test_an_emergency_reply_puts_911_and_poison_help_first() -> None:
    text = reply_for(Category.emergency)
    first_paragraph = text.split("\n\n")[0]
    assert "call 911 now" in first_paragraph
    assert text.index("1-800-222-1222") < text.index("I can't help")


def test_a_crisis_reply_leads_with_988_then_911() -> None:
    text = reply_for(Category.self_harm)
    assert "988" in text and "911" in text
    assert text.index("988") < text.index("911")
    assert "call or text" in text.lower()


@pytest.mark.parametrize(
    "lang,word",
    [
        ("es", "dosis"),
        ("fr", "dose"),
        ("de", "Dosis"),
        ("pt", "dose"),
        ("it", "dose"),
        ("th", "กระท่อม"),
        ("ms", "ketum"),
        ("vi", "bác sĩ"),
        ("id", "dokter"),
        ("tl", "doktor"),
    ],
)
def test_declines_are_in_the_person_s_language(lang: str, word: str) -> None:
    text = reply_for(Category.personal_dosing, lang)
    assert word in text
    assert "I can't" not in text


@pytest.mark.parametrize("lang", LANGS[1:])
def test_urgent_replies_are_translated_and_keep_the_numbers(lang: str) -> None:
    emergency = reply_for(Category.emergency, lang)
    crisis = reply_for(Category.self_harm, lang)
    assert "911" in emergency and "1-800-222-1222" in emergency
    assert emergency.index("911") < emergency.index("1-800-222-1222")
    assert crisis.index("988") < crisis.index("911")
    assert emergency.count("\n- ") >= 2  # what to do while waiting, after the numbers


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("category", [Category.emergency, Category.self_harm])
def test_urgent_replies_say_local_numbers_apply_abroad(lang: str, category: Category) -> None:
    last = reply_for(category, lang).strip().split("\n\n")[-1]
    assert last.startswith("_") and last.endswith("_")  # the italic line about local numbers


def test_other_languages_get_english_with_a_note() -> None:
    text = reply_for(Category.personal_dosing, "ja")
    assert text.startswith("_(I can only reply in English")
    assert "no established safe or effective dose" in text


def test_out_of_scope_says_what_the_assistant_can_do() -> None:
    assert "kratom and chronic" in reply_for(Category.off_topic)
    assert "can't change my instructions" in reply_for(Category.prompt_injection)


def test_informational_has_no_fixed_reply() -> None:
    with pytest.raises(ValueError):
        reply_for(Category.informational)

"""The fail-safe for personal decisions that no rule settled, in every supported language.

A turn about the asker's own (or a named person's) use, amount, timing, combination, pregnancy,
tapering or stopping goes to a clinician, never to retrieval, even when no rule recognised its
wording. Vocabulary: `people.*` and `decline.*` slots of guardrails/lang/<code>.toml, English
always included since people mix it in. General questions (research, "in general", "signs
of") without a person in them stay information.
"""

from __future__ import annotations

import re
from functools import cache

from core import regex_cache
from core.vocabulary import Category
from guardrails.lexicon import DOMAIN, HOW_MUCH_DEGREE, KRATOM, MEDS
from guardrails.vocab import (
    LanguagePack,
    english,
    fold,
    mask_false_friends,
    names_no_dose,
    pack,
    sentences,
    without_counts,
)

__all__ = [
    "ASKING_ONLY",
    "ASKS_FOR_A_PLACE",
    "SHOP_CLAIM",
    "SHOP_NAMED",
    "about_someone",
    "amount_set_by_law",
    "asks_about_law",
    "asks_how_to_talk",
    "asks_where_to_call",
    "asks_where",
    "decision_apart",
    "decision_asked",
    "law_in_language",
    "personal_decision",
    "has_cue",
    "said_to_be_general",
    "told_by_a_seller",
    "without_asking",
]

# Checked in this order: the most specific decision first.
_ORDER = (
    Category.pregnancy,
    Category.replace_treatment,
    Category.interaction,
    Category.tapering,
    Category.sourcing,
    Category.personal_dosing,
)
# Medicine names as most languages spell them ("sertralina", "Gabapentin", "méthadone"): with a
# person and kratom in the turn, the question is whether the two go together.
_MEDICINE = english("personal.medicine")
# Without kratom named, a personal quitting or buying question may still point at it: "how do I
# get off this stuff", "where can I pick up some leaf", "cut back on it".
_SUBSTANCE_REF = english("personal.substance_ref")
_REF_CATEGORIES = (Category.tapering, Category.sourcing)
# A buying question about the law ("can I legally buy it in Ohio?", "¿es legal comprar kratom?").
_LAW = english("personal.law")
# "tell me", "I read", "I'm curious": first-person words that do not make a question personal
# (English's `people.asking_only`, which every language's turn is also read with).
ASKING_ONLY = pack("en").patterns["people.asking_only"]


def _packs(language: str) -> tuple[LanguagePack, ...]:
    return (pack("en"),) if language == "en" else (pack(language), pack("en"))


def without_asking(folded: str, language: str) -> str:
    """The (folded) turn without the words that only ask or say who asks, in English and in its
    language ("tell me", "sou jornalista", "cho mình hỏi"), nor why one asks ("for my psych class",
    "para mi TFG", "pour mon mémoire", "para sa thesis ko"): they name nobody whose use is asked about."""
    stripped = folded
    for p in _packs(language):  # English's list is read with every language's
        stripped = p.patterns["people.asking_only"].sub(" ", stripped)
    before, after = _research_purpose(language)
    stripped = before.sub(" ", stripped)
    return after.sub(lambda m: m.group("research") + m.group("gap") + " ", stripped)


@cache
def _research_purpose(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The asker's own words right before a research word of their language or English ("my psych
    class", "mon mémoire"), or right after it ("thesis ko", "skripsi saya"); "I take for my study"
    is not one."""
    packs = [pack(code) for code in dict.fromkeys(("en", language))]
    person = "|".join(f"(?:{p.patterns['people.personal'].pattern})" for p in packs)
    research = "|".join(f"(?:{p.patterns['questions.research'].pattern})" for p in packs)
    before = regex_cache.compile(rf"(?:{person})(?:\W+\w+)?\W+(?={research})")
    after = regex_cache.compile(rf"(?P<research>{research})(?P<gap>\W+(?:\w+\W+)?)(?:{person})")
    return before, after


def _about_a_person(folded: str, language: str) -> bool:
    stripped = without_asking(folded, language)
    return any(p.has("people.personal", stripped) or p.has("people.proxies", stripped) for p in _packs(language))


def _on_subject(text: str, folded: str, packs: tuple[LanguagePack, ...]) -> bool:
    """Kratom, a medicine or the domain is named, or a unit one doses by (a dose for a person)."""
    named = any(p.has("kratom.local_names", folded) or p.has("amounts.units", folded) for p in packs)
    return named or bool(KRATOM.search(text) or MEDS.search(text) or DOMAIN.search(text))


def _kratom_named(text: str, folded: str, packs: tuple[LanguagePack, ...]) -> bool:
    return bool(KRATOM.search(text)) or any(p.has("kratom.local_names", folded) for p in packs)


def about_someone(text: str, language: str) -> bool:
    """The asker or a named person is in the (normalised) turn, in its language or English."""
    return _about_a_person(mask_false_friends(fold(text), language), language)


def _general(folded: str, packs: tuple[LanguagePack, ...]) -> bool:
    return any(p.has("questions.research", folded) or p.has("questions.general", folded) for p in packs)


def _decided_apart(folded: str, language: str, packs: tuple[LanguagePack, ...]) -> bool:
    """A question of its own asks a decision for a person, without the research words of the others
    ("soll ich das absetzen und stattdessen Kratom nehmen? die Umfragen klingen ja gut"); "boleh ke
    orang jual ketum kat kedai?" asks what is allowed, for nobody."""
    return any(
        "?" in s and _decision_asked(s, packs) and not _general(s, packs) and _about_a_person(s, language)
        for s in sentences(folded)
    )


def personal_decision(text: str, language: str, kratom_before: bool = False) -> Category | None:
    """The declined category of a personal decision on the normalised turn, or None.
    `kratom_before`: earlier turns were about kratom, so "io prendo la duloxetina, posso
    aggiungerlo la sera?" after them is about kratom though it names none."""
    folded = mask_false_friends(fold(text), language)  # Italian "i rischi" is not "I"
    folded = HOW_MUCH_DEGREE.sub(" ", folded)
    packs = _packs(language)
    if not _about_a_person(folded, language) or _said_general(folded, packs):
        return None
    proxy = any(p.has("people.proxies", folded) for p in packs)
    if _general(folded, packs) and not proxy and not _decided_apart(folded, language, packs):
        return None
    on_subject = kratom_before or _on_subject(text, folded, packs)
    order = _ORDER if on_subject else _REF_CATEGORIES if _SUBSTANCE_REF.search(folded) else ()
    found = next((c for c in order if any(p.has(f"decline.{c.value}", _cue_text(folded, c, p)) for p in packs)), None)
    if found is Category.personal_dosing and (_asks_no_dose(folded, language) or amount_set_by_law(folded, language)):
        return None
    kratom = kratom_before or _kratom_named(text, folded, packs)
    if found is None and _MEDICINE.search(folded) and kratom:
        return Category.interaction  # "ich nehme Tramadol, darf ich dazu Kratom nehmen?"
    about_the_law = bool(_LAW.search(folded)) or (
        law_in_language(folded, language) and not asks_where(folded, language)
    )
    if found is Category.sourcing and about_the_law:
        return None  # "can I legally buy it in Ohio?" is a question about the law
    if found is None and kratom and _decision_asked(folded, packs):
        # "ele pode tomar o chá de kratom?" is a decision for a person; "posso portarlo in Italia?"
        # asks about the law, which is information.
        return None if about_the_law else Category.personal_dosing
    return found


def asks_how_to_talk(text: str, language: str) -> bool:
    """The turn ends asking how to talk with someone about it, and for no amount ("how do I talk to
    him about it without a screaming match?", "จะคุยกับลูกยังไงดี", "paano ko siya kakausapin"): how
    to raise a subject is information, not a decision about anyone's use."""
    said = sentences(text)
    asked = fold(said[-1]) if said else ""
    packs = _packs(language)
    talk = any(p.has("questions.talk_with", asked) for p in packs)
    return talk and not any(p.has("amounts.words", asked) for p in packs)


def asks_where_to_call(text: str, language: str) -> bool:
    """The turn asks for a phone line or a place to get help, and for no amount and no seller
    ("saan ako puwedeng tumawag kung gusto kong tumigil sa kratom?", "is there a helpline? what do
    they do when you call?", "where can I find a doctor who knows kratom to help me quit?"): where
    to get help is information, whoever wants it. Another question beside it that asks a decision
    or a plan ("is there a program? and how should I cut down?") is still the clinician's."""
    said = sentences(text)
    asked = [fold(s) for s in said if "?" in s] or [fold(said[-1])] if said else []
    packs = _packs(language)
    # Each asked sentence with the help it asks for blanked out: "wo bekomme ich Hilfe", "kat mana
    # boleh dapat bantuan" ask where to get help in a seller's words.
    rest = [_without_slot(s, "questions.help_line", packs) for s in asked]
    helps = [r != s for s, r in zip(asked, rest, strict=True)]
    if not any(helps) or any(
        p.has(slot, r) for r in rest for p in packs for slot in ("amounts.words", "decline.sourcing")
    ):
        return False
    besides = [s for s, h in zip(asked, helps, strict=True) if not h]
    return not any(p.has(slot, s) for s in besides for p in packs for slot in ("decline.decision", "decline.tapering"))


def _without_slot(folded: str, slot: str, packs: tuple[LanguagePack, ...]) -> str:
    for p in packs:
        folded = p.patterns[slot].sub(" ", folded)
    return folded


def _asks_no_dose(folded: str, language: str) -> bool:
    """The question asks for an amount that is no dose, for nobody it names ("Mia zia compra kratom
    online. Quanto varia davvero la mitraginina tra un prodotto e l'altro?"): the person told of
    before it is not asked a dose for."""
    asked = " ".join(s for s in sentences(folded) if "?" in s)
    return bool(asked) and names_no_dose(asked) and not _about_a_person(asked, language)


def amount_set_by_law(text: str, language: str) -> bool:
    """Outside English, a fine, a prison term or a limit asked about the law ("ถ้าฝ่าฝืนโทษเท่าไหร่",
    "hukuman berapa tahun penjara?"): the law's amount, whoever the law names."""
    return law_in_language(text, language) and names_no_dose(fold(text))


def law_in_language(text: str, language: str) -> bool:
    """Outside English, the law in the turn's own words (`questions.law`: "edad mínima", "hukuman
    bawah seksyen 30", "tabelle degli stupefacenti")."""
    return language != "en" and pack(language).has("questions.law", fold(text))


def asks_where(text: str, language: str) -> bool:
    """Outside English, where or from which shop (`questions.where`: "¿dónde lo compro legal?", "beli
    di mana"): the law it names does not make a buying question one about the law."""
    return language != "en" and pack(language).has("questions.where", fold(text))


# A shop where a claim was heard is no shopping: "the guy at the smoke shop told me it's not an opioid"
# (the sourcing rule reads it too; `questions.seller_said` in every language).
SHOP_CLAIM = pack("en").patterns["questions.seller_said"]
# A shop named is asked for only with words that ask for a place ("which gas stations sell it?"):
# "my buddy swears gas station kratom is loaded with lead" tells where a product came from.
SHOP_NAMED = english("rules.shop_named")
ASKS_FOR_A_PLACE = english("rules.asks_for_a_place")


def _cue_text(folded: str, category: Category, language: LanguagePack) -> str:
    """The turn as read for a category's words: "how many people use it" holds no dose word, what
    a seller said ("le vendeur dit que non") or a shop no place is asked for no buying word."""
    if category is Category.personal_dosing:
        return without_counts(folded)
    if category is Category.sourcing:
        told = language.patterns["questions.seller_said"].sub(" ", SHOP_CLAIM.sub(" ", folded))
        return told if ASKS_FOR_A_PLACE.search(told) else SHOP_NAMED.sub(" ", told)
    return folded


def told_by_a_seller(text: str, language: str) -> bool:
    """Does the (normalised) turn tell what a seller said, in its language or English?"""
    folded = fold(text)
    return any(p.has("questions.seller_said", folded) for p in _packs(language))


def _said_general(folded: str, packs: tuple[LanguagePack, ...]) -> bool:
    return any(p.has("questions.in_general", folded) for p in packs)


def said_to_be_general(text: str, language: str) -> bool:
    """The asker says the (normalised) question is general ("in general", "not asking for me"),
    whoever the story around it is about (`questions.in_general`)."""
    return _said_general(mask_false_friends(fold(text), language), _packs(language))


def _decision_asked(folded: str, packs: tuple[LanguagePack, ...]) -> bool:
    """A decision is asked for ("can I", "should he", "posso", "boleh ke", "ควร"; `decline.decision`)."""
    return any(p.has("decline.decision", folded) for p in packs)


def decision_apart(text: str, language: str) -> bool:
    """Does a question of its own in the (normalised) turn ask a decision, without research words?"""
    return _decided_apart(mask_false_friends(fold(text), language), language, _packs(language))


def decision_asked(text: str, language: str) -> bool:
    """Does the (normalised) turn ask for a decision, in its language or English?"""
    return _decision_asked(mask_false_friends(fold(text), language), _packs(language))


def asks_about_law(text: str) -> bool:
    """Does the turn ask about the law ("¿es legal comprar kratom?", "ถูกกฎหมาย"; `personal.law`)?"""
    return bool(_LAW.search(fold(text)))


def has_cue(text: str, language: str, category: Category) -> bool:
    """Does the turn hold a word of this declined category, in its language or English?"""
    folded = fold(text)
    return any(p.has(f"decline.{category.value}", folded) for p in _packs(language))

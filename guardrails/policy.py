"""What the assistant does with each kind of question, and what it says when it does not answer.

The table is the design's "Guardrail policy" (shared/design.md) made executable: a category
names what the user is asking for; the action is what the chain does with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from core.vocabulary import Action, Category
from guardrails import replies_en, replies_i18n

__all__ = [
    "Category",
    "Action",
    "ACTION_BY_CATEGORY",
    "HelpResource",
    "RESOURCES",
    "DECLINED",
    "URGENT",
    "OUT_OF_SCOPE",
    "reply_for",
    "REPLY_LANGUAGES",
]


# informational -> answered: the chain may still turn it into no_evidence after retrieval.
ACTION_BY_CATEGORY: Mapping[Category, Action] = MappingProxyType(
    {
        Category.informational: Action.answered,
        Category.personal_dosing: Action.declined,
        Category.interaction: Action.declined,
        Category.pregnancy: Action.declined,
        Category.tapering: Action.declined,
        Category.replace_treatment: Action.declined,
        Category.sourcing: Action.declined,
        Category.emergency: Action.urgent,
        Category.self_harm: Action.urgent,
        Category.off_topic: Action.out_of_scope,
        Category.prompt_injection: Action.out_of_scope,
    }
)

DECLINED = frozenset(c for c, a in ACTION_BY_CATEGORY.items() if a is Action.declined)
URGENT = frozenset(c for c, a in ACTION_BY_CATEGORY.items() if a is Action.urgent)
OUT_OF_SCOPE = frozenset(c for c, a in ACTION_BY_CATEGORY.items() if a is Action.out_of_scope)


@dataclass(frozen=True)
class HelpResource:
    name: str
    number: str
    how: str
    url: str


# One place for every number the assistant ever shows. Verified (search tool, corpus "pages"):
# - Poison Help 1-800-222-1222: HRSA's Poison Help page, poisonhelp.hrsa.gov ("Call Poison Help
#   (1-800-222-1222) ... Call 9-1-1 if the person is unconscious or has trouble breathing").
# - 988: Wyoming Department of Health's 988 page (health.wyo.gov, "call or text 988 ... if ...
#   in immediate danger ... call 911") and the National Council's 988 key messages written with
#   SAMHSA ("call or text 988 or chat at 988lifeline.org").
# - SAMHSA National Helpline 1-800-662-HELP (4357): SAMHSA's "National Helpline" page
#   (samhsa.gov/find-help/national-helpline: "free, confidential, 24/7, 365-day-a-year
#   treatment referral and information service (in English and Spanish)").
RESOURCES: Mapping[str, HelpResource] = MappingProxyType(
    {
        "emergency": HelpResource("Emergency services", "911", "call", "https://www.911.gov/"),
        "poison": HelpResource("Poison Help", "1-800-222-1222", "call", "https://poisonhelp.hrsa.gov/"),
        "lifeline": HelpResource("988 Suicide & Crisis Lifeline", "988", "call or text", "https://988lifeline.org/"),
        "samhsa": HelpResource(
            "SAMHSA National Helpline", "1-800-662-4357", "call", "https://www.samhsa.gov/find-help/national-helpline"
        ),
    }
)

REPLY_LANGUAGES = frozenset({"en", *replies_i18n.TEXTS})


def _numbers() -> dict[str, str]:
    return {key: res.number for key, res in RESOURCES.items()}


def reply_for(category: Category, language: str = "en") -> str:
    """The Markdown reply for a declined, urgent or out-of-scope category.

    Never contains an amount. Non-English: the decline and urgent texts are translated for
    es, fr, de, pt, it, th, ms; any other language gets English with a one-line note.
    Raises ValueError for `informational`, which is answered from the sources instead.
    """
    category = Category(category)
    if category is Category.informational:
        raise ValueError("informational questions are answered from the sources, not by a fixed reply")
    numbers = _numbers()
    lang = (language or "en").lower()[:2]
    translated = replies_i18n.text_for(category.value, lang)
    if translated is not None:
        return translated.format(**numbers)
    text = replies_en.TEXTS[category.value].format(**numbers)
    if lang != "en":
        text = replies_en.ENGLISH_ONLY_NOTE + "\n\n" + text
    return text

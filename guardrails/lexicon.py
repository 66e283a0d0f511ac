"""Word lists the English rules are built from, kept apart so each rule reads as a sentence.

The fragments are data, guardrails/english_rules.toml ([lexicon]); this module names them. All patterns run on the normalised text (guardrails.normalize): lowercase, NFKC, slang mapped
to "kratom", leetspeak and spacing undone.
"""

from __future__ import annotations

from core.kratom import subject_pattern
from guardrails.vocab import english, english_fragments, pack, rx, union

__all__ = [
    "KRATOM",
    "DOSE_Q",
    "DOSE_Q_I18N",
    "PERSONAL",
    "PROXY",
    "RECOMMEND",
    "RESEARCH",
    "MEDS",
    "OPIOIDS",
    "WEIGHT",
    "ROLEPLAY",
    "NUMBER_ONLY",
    "FILL_BLANK",
    "TRANSLATE",
    "OVERRIDE",
    "INJECTION",
    "RESEARCH_I18N",
    "DOMAIN",
]


# Normalisation has already turned local names and misspellings into "kratom".
KRATOM = rx(
    subject_pattern().pattern,
    *english_fragments("lexicon.kratom"),
)
# Asking for an amount, a frequency or a strength.
DOSE_Q = english("lexicon.dose_q")
# How far to trust a finding is no amount and no decision: "how much weight should I put on those surveys?"
HOW_MUCH_DEGREE = english("rules.how_much_degree")
# Amount questions and research framing in the other languages: from guardrails/lang/*.toml.
DOSE_Q_I18N = union(("amounts.words",))  # question words only: "la feuille de kratom" asks for nothing
RESEARCH_I18N = union(("questions.research",))
# The person asking, or someone they are asking for.
PERSONAL = english("lexicon.personal")
PROXY = english("lexicon.proxy")
# "safe dose", "typical dose": asking for a recommendation, not for what a study reported.
RECOMMEND = english("lexicon.recommend")
RESEARCH = english("lexicon.research")
MEDS = english("lexicon.meds")
OPIOIDS = english("lexicon.opioids")
WEIGHT = english("lexicon.weight")
ROLEPLAY = english("lexicon.roleplay")
NUMBER_ONLY = english("lexicon.number_only")
FILL_BLANK = english("lexicon.fill_blank")
TRANSLATE = english("lexicon.translate")
OVERRIDE = english("lexicon.override")
INJECTION = english("lexicon.injection")
# The assistant's domain: a turn without any of these is not about kratom or chronic pain.
# Deliberately narrow ("law", "deaths", "alcohol" alone are not enough): a general question
# that merely shares a word with the domain must not be answered as if it were in scope.
DOMAIN = rx(
    KRATOM.pattern,
    OPIOIDS.pattern,
    *english_fragments("lexicon.domain"),
    pack("en").patterns["questions.domain"].pattern,  # help resources and agencies (lang/en.toml)
)

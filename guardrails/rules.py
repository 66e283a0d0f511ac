"""Transparent rules: the clear cases, each with a name that shows up in Verdict.source.

Rules run first and in this order: crisis (self-harm, emergency) before anything else, because
a person in danger must get the numbers even when the same message also asks for a dose; then
dose requests hidden behind overrides, fiction, blanks or translation; then personal medical
decisions; then sourcing; then prompt injection and system-prompt requests. Every rule runs on
the normalised text (guardrails.normalize). Research framing ("what doses did the study use")
keeps a turn out of the dose rules unless the person also asks for themselves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from guardrails.amounts import AMOUNT, FREQUENCY, INSTRUCTION
from guardrails.lexicon import (
    DOMAIN,
    DOSE_Q,
    DOSE_Q_I18N,
    FILL_BLANK,
    INJECTION,
    KRATOM,
    MEDS,
    NUMBER_ONLY,
    OPIOIDS,
    OVERRIDE,
    PERSONAL,
    PROXY,
    RECOMMEND,
    RESEARCH,
    RESEARCH_I18N,
    ROLEPLAY,
    TRANSLATE,
    WEIGHT,
    rx,
)
from guardrails.personal import about_someone
from guardrails.policy import Category
from guardrails.urgent import is_crisis, is_emergency, is_wish
from guardrails.vocab import asks_amount, fold, mask_false_friends, pack, union

__all__ = [
    "Rule",
    "RULES",
    "match",
    "asks_for_dose",
    "about_people_in_general",
    "describes_findings",
    "is_research",
    "legal_framing",
]

Test = Callable[[str, str], bool]


@dataclass(frozen=True)
class Rule:
    name: str
    category: Category
    reason: str
    test: Test


FREQ_REDOSE = rx(
    r"\bredose\b|\bre-dose\b",
    r"\b(?:second|another|next|extra)\s+dose\b",
    r"\btake\s+(?:it\s+|some\s+|kratom\s+)?(?:again|more)\b",
    r"\bhow\s+(?:often|many\s+times)\s+(?:a\s+day\s+)?(?:should|can|could|do|would|to)\b",
    r"\bhow\s+long\s+(?:should\s+i\s+wait|between|before\s+(?:i|taking))\b",
    r"\bspace\s+(?:out\s+)?(?:my|the)\s+doses\b",
)
CONVERSION = rx(
    r"\b(?:convert|conversion|equivalent|equivalence|equal|equals|match|matches|"
    r"replace|substitute|same\s+as|instead\s+of|compared?\s+to|switch)\b"
)
SOURCING = rx(
    r"\bwhere\s+(?:can|could|do|should|would|to)\s+(?:i\s+|we\s+|you\s+|one\s+)?(?:buy|get|find|order|"
    r"purchase|score|pick\s+up)\b",
    r"\b(?:buy|order|purchase|score)\s+(?:some\s+|good\s+|"
    r"cheap\s+)?kratom\b",
    r"\bvendors?\b",
    r"\bsuppliers?\b",
    r"\bsellers?\b",
    r"\bwho\s+sells\b",
    r"\bwhich\s+(?:kratom\s+)?(?:company|companies|brands?|vendors?|shops?|"
    r"stores?|sellers?|websites?|sites?)\b",
    r"\b(?:best|strongest|most\s+potent|most\s+powerful|good|legit|"
    r"reputable|trusted|reliable|cheapest|top)\s+(?:kratom\s+|7oh\s+)?(?:brand|brands|shop|"
    r"store|source|strain|strains|vendor|product|products|site|website|kratom|7oh|extract|"
    r"shots?|capsules|powder|place|company)\b",
    r"\bstrongest\b",
    r"\bmost\s+potent\b",
    r"\bship(?:ped|ping)?\b",
    r"\bmail\s+(?:order|me|it)\b",
    r"\bdeliver\w*\b",
    r"\bcoupon|discount\s+code|promo\s+code\b",
    r"\bsmoke\s+shops?\b|\bhead\s+shops?\b",
    r"\bonline\b.{0,20}\b(?:buy|order|cheap|shop|store)\b",
    r"\bin\s+stock\b",
    r"\bsneak\b|\bsmuggl\w*\b|\bcustoms\b|\bget\s+around\s+the\s+(?:ban|law)\b",
)
_LAW_ONLY = re.compile(
    r"\b(?:legal(?:ly)?|illegal(?:ly)?|law|laws|banned?|scheduled|regulat\w*|allowed|act|statute|"
    r"require[sd]?|requirements?|recall\w*|label\w*|enforce\w*|warning\s+letters?|"
    r"(?:minimum|legal)\s+age|permits?|licen[cs]\w*|fines|fined|penalt\w*|seiz\w*|border|customs|inspect\w*)\b"
)
_EVADE = re.compile(
    r"\b(?:ship(?:s|ped|ping)?|mail\w*|sen[dt]\w*|bring\w*|brought|sneak\w*|smuggl\w*|get\s+around|order\w*)\b.{0,40}\b(?:ban|banned|"
    r"illegal|customs|law|border|where\s+it's)\b|\bwithout\s+getting\s+caught\b"
)
INTERACTION_ASK = rx(
    r"\b(?:safe|ok|okay|fine|alright|dangerous|risky|bad|harmful)\b",
    r"\b(?:mix|mixing|combine|combining|together|interact\w*|with|while|alongside|"
    r"plus|and\s+then|on\s+top\s+of|same\s+day|after|before)\b",
)
PREGNANT = rx(
    r"\bpregnan\w*\b",
    r"\bbreast\s*-?feed\w*\b",
    r"\bnursing\b",
    r"\blactat\w*\b",
    r"\btrying\s+to\s+(?:conceive|get\s+pregnant)\b",
    r"\bttc\b",
    r"\bexpecting\s+a\s+baby\b",
    r"\bweeks\s+along\b",
    r"\bmy\s+(?:baby|newborn|infant)\b",
    r"\bpumping\b",
)
PREGNANT_I18N = union(("decline.pregnancy",))
TAPER = rx(
    r"\btaper\w*\b",
    r"\b(?:quit|quitting|stop|stopping|get\s+off|getting\s+off|come\s+off|"
    r"coming\s+off|cut\s+(?:down|back)|cutting\s+(?:down|back)|wean\w*|kick|kicking|detox\w*|"
    r"reduce|reducing|lower|lowering|step\s+down|go\s+cold\s+turkey|cold\s+turkey|get\s+clean|"
    r"break\s+the\s+habit)\b",
)
TAPER_PLAN = rx(
    r"\bhow\s+(?:do|can|should|could|would)\s+(?:i|we|he|she|you)\b",
    r"\bhow\s+to\b",
    r"\bplan\b|\bschedule\b|\bhelp\s+me\b|\bbest\s+way\b|\bfastest\b|\bsafest\b|\bsafely\b|"
    r"\bby\s+how\s+much\b|\bper\s+(?:day|week)\b|\bshould\s+i\b|\bcan\s+i\b|\bi\s+(?:want|need|"
    r"am\s+trying|'m\s+trying|m\s+trying|plan|have\s+decided)\b|\bi'm\s+going\s+to\b|"
    r"\bwhat\s+should\b|\bmy\s+(?:taper|plan)\b",
)
REPLACE = rx(
    r"\b(?:replace|replacing|instead\s+of|swap|swapping|switch|switching|substitute|"
    r"ditch|drop|stop|stopping|quit|quitting|get\s+off|come\s+off|trade|rather\s+than|"
    r"alternative\s+to|in\s+place\s+of)\b"
)
TREATMENT = rx(
    OPIOIDS.pattern,
    MEDS.pattern,
    r"\b(?:prescription|prescribed|treatment|therapy|physical\s+therapy|physio|my\s+doctor'?s?|"
    r"pain\s+clinic|injections?|mat\s+program|clinic)\b",
)


def is_research(t: str) -> bool:
    return bool(RESEARCH.search(t) or RESEARCH_I18N.search(t))


def _first_person(t: str) -> bool:
    return bool(re.search(r"\b(?:i|i'm|im|i've|ive|i'd|me|my|mine|myself)\b", t))


def _personal(t: str) -> bool:
    return bool(PERSONAL.search(t) or PROXY.search(t) or WEIGHT.search(t))


def asks_for_dose(t: str) -> bool:
    """A request for an amount, frequency or strength, in English or another language."""
    return bool(DOSE_Q.search(t) or DOSE_Q_I18N.search(t) or AMOUNT.search(t) or FREQUENCY.search(t))


# "how much kratom", "how many capsules" (but not "how much does content vary").
_HOW_MUCH_OF = re.compile(
    r"\bhow\s+(?:much|many)\s+(?:\w+\s+){0,2}(?:kratom|7oh|grams?|g|mg|capsules?|caps|pills?|tablets?|"
    r"tabs|teaspoons?|tsp|leaves|glasses|shots?|scoops?|extract|powder)\b"
    r"(?!\s+(?:did|does|do|were|was|are\s+in|is\s+in|contain))"
)


# "How much mitragynine did the products contain?", "has any amount been shown to be safe?":
# a question about what was measured or found, with no one asking what to take.
_DESCRIPTIVE = re.compile(
    r"\b(?:did|were|was|has|have|had)\b.{0,80}\b(?:contain\w*|content|levels?|measured|found|shown|"
    r"report\w*|respondents|participants|products?|leaf|leaves|extracts?|assay|blood|plasma|steady\s+state)\b|"
    r"\b(?:content|concentrations?|levels?|present|naturally)\b|"
    # "how much mitragynine it has", "how much 7-OH is in ordinary kratom": what a product contains
    r"\bhow\s+much\b.{0,40}\b(?:it|they|each\s+\w+)\s+(?:has|have|had|contains?)\b|"
    r"\bhow\s+much\s+(?:\w+\s+){0,3}(?:is|are|was|were)\s+(?:in|found\s+in|present\s+in)\b|"
    # "how much were they taking", "did participants take": what a studied group used
    r"\b(?:did|were|was|had)\s+(?:they|the\s+\w+|participants|users|people|respondents|subjects|patients|most)\s+"
    r"(?:\w+\s+)?(?:take|taking|took|use|using|used|consum\w+|drink\w*)\b|"
    r"\bmeasur\w*\b"
)
_ASKING = re.compile(r"\b(?:should|can|could|would|must|ought|recommend\w*|you|your)\b")


def describes_findings(t: str) -> bool:
    """ "How much mitragynine did the products contain?", "how much were they taking?": what was
    measured or what a studied group used, with no one asking what to take."""
    return _describes_findings(t)


def _describes_findings(t: str) -> bool:
    return bool(_DESCRIPTIVE.search(t)) and not _first_person(t) and not _ASKING.search(t)


def _general(t: str, lang: str) -> bool:
    folded = fold(t)
    return pack(lang).has("questions.general", folded) or pack("en").has("questions.general", folded)


def _amount_of_kratom(t: str, lang: str) -> bool:
    """An amount asked of kratom itself: a unit ("cuántos gramos"), or the amount word right before
    a kratom name ("berapa banyak kratom"), not a count of something else ("cuántas llamadas")."""
    folded = fold(t)
    if pack(lang).has("amounts.units", folded) or AMOUNT.search(t):
        return True
    amount = pack(lang).patterns["amounts.words"].pattern
    return bool(re.search(rf"(?:{amount})\s*(?:\S+\s+){{0,2}}?(?:{KRATOM.pattern})", folded))


def _dose_personal(t: str, lang: str) -> bool:
    """'how much kratom should I take', 'safe dose of 7-OH', 'is 5 g too much for my dad'."""
    if not KRATOM.search(t) or not asks_for_dose(t) or (lang == "en" and _describes_findings(t)):
        return False
    if lang != "en" and not (asks_amount(fold(t), lang) or DOSE_Q.search(t) or AMOUNT.search(t)):
        return False  # "dos años", "wie viele Menschen": no amount of this language asked for
    if lang != "en" or (DOSE_Q_I18N.search(t) and not DOSE_Q.search(t)):
        # A dose question about kratom is a request unless framed as research or a general question;
        # "how many" alone asks for an amount only of a unit of kratom ("cuántos gramos"), not of calls.
        if about_someone(t, lang):
            return True
        return _amount_of_kratom(t, lang) and not (is_research(t) or _general(t, lang))
    if about_people_in_general(t):
        return False
    terse = len(t.split()) <= 6 and DOSE_Q.search(t)  # "kratom dose?" asks for one
    wants = bool(RECOMMEND.search(t) or _personal(t) or _HOW_MUCH_OF.search(t) or terse)
    return wants and (not is_research(t) or _first_person(t) or bool(PROXY.search(t)))


_ASKS_WHAT_TO_DO = re.compile(r"\b(?:should|could|can|would|must|ought|safe|ok|okay)\b")


def about_people_in_general(t: str) -> bool:
    """ "What happens to breathing when someone takes too much kratom?": general framing, nobody
    named, nothing asked about what to take."""
    folded = fold(t)
    if not pack("en").has("questions.general", folded) or _first_person(t):
        return False
    return not (pack("en").has("people.proxies", folded) or _ASKS_WHAT_TO_DO.search(t))


def _amount_personal(t: str, lang: str) -> bool:
    """An amount with a personal or adequacy framing, even with no kratom word ('is 5g too much')."""
    if not (AMOUNT.search(t) or FREQUENCY.search(t)):
        return False
    adequacy = re.search(
        r"\b(?:too\s+much|enough|too\s+(?:little|low|high|strong)|safe|ok|okay|fine|"
        r"alright|dangerous|normal|a\s+lot|work|right)\b",
        t,
    )
    personal = _personal(t) or adequacy or INSTRUCTION.search(t)
    return bool(personal) and (bool(KRATOM.search(t) or adequacy) and (not is_research(t) or _first_person(t)))


def _override_dose(t: str, lang: str) -> bool:
    return bool((OVERRIDE.search(t) or INJECTION.search(t)) and asks_for_dose(t))


def _roleplay_dose(t: str, lang: str) -> bool:
    return bool(
        ROLEPLAY.search(t)
        and (asks_for_dose(t) or re.search(r"\bexact\b", t))
        and (KRATOM.search(t) or re.search(r"\bpharmacist|doctor|dealer\b", t))
    )


def _number_only(t: str, lang: str) -> bool:
    return bool(NUMBER_ONLY.search(t) and (KRATOM.search(t) or asks_for_dose(t)))


def _fill_blank(t: str, lang: str) -> bool:
    return bool(
        FILL_BLANK.search(t)
        and (KRATOM.search(t) or asks_for_dose(t))
        and (asks_for_dose(t) or re.search(r"\b(?:take|use|dose)\b", t))
    )


def _translation_dose(t: str, lang: str) -> bool:
    return bool(TRANSLATE.search(t) and KRATOM.search(t) and asks_for_dose(t))


def _instruction_request(t: str, lang: str) -> bool:
    return bool(INSTRUCTION.search(t) and KRATOM.search(t) and not is_research(t))


def _redose(t: str, lang: str) -> bool:
    return bool(FREQ_REDOSE.search(t) and (KRATOM.search(t) or _first_person(t)) and not is_research(t))


def _opioid_conversion(t: str, lang: str) -> bool:
    return bool(
        KRATOM.search(t)
        and OPIOIDS.search(t)
        and CONVERSION.search(t)
        and (AMOUNT.search(t) or DOSE_Q.search(t))
        and not (is_research(t) and not _personal(t))
    )


def _weight_dose(t: str, lang: str) -> bool:
    return bool(
        WEIGHT.search(t) and re.search(r"\d", t) and (KRATOM.search(t) or DOSE_Q.search(t)) and not is_research(t)
    )


def _self_harm(t: str, lang: str) -> bool:
    return is_crisis(t, lang)


def _emergency(t: str, lang: str) -> bool:
    # "I want to sleep and not wake up" is a crisis, though "not wake up" is an overdose sign.
    return is_emergency(t, lang) and not (is_wish(t) and is_crisis(t, lang))


def _interaction(t: str, lang: str) -> bool:
    if not (KRATOM.search(t) and MEDS.search(t) and INTERACTION_ASK.search(t)):
        return False
    # "Is it dangerous to combine kratom with benzodiazepines?" is a general question: answered.
    return bool(_personal(t) and (not is_research(t) or _first_person(t)))


def _pregnancy(t: str, lang: str) -> bool:
    if not (KRATOM.search(t) and (PREGNANT.search(t) or PREGNANT_I18N.search(t))):
        return False
    # Outside English a pregnancy question is personal unless framed in general ("quali sono i rischi").
    someone = _personal(t) if lang == "en" else about_someone(t, lang) or not _general(t, lang)
    return someone and (not is_research(t) or _first_person(t))


def _replace_treatment(t: str, lang: str) -> bool:
    return bool(
        KRATOM.search(t)
        and REPLACE.search(t)
        and TREATMENT.search(t)
        and _personal(t)
        and not (is_research(t) and not _first_person(t))
    )


def _tapering(t: str, lang: str) -> bool:
    return bool(
        KRATOM.search(t)
        and TAPER.search(t)
        and TAPER_PLAN.search(t)
        and not re.search(r"\bclinicians?|doctors\s+(?:treat|manage)|what\s+happens\b", t)
        and not (is_research(t) and not _first_person(t))
    )


def _sourcing(t: str, lang: str) -> bool:
    if _EVADE.search(t) and (KRATOM.search(t) or _first_person(t)):
        return True
    if not (KRATOM.search(t) and SOURCING.search(t)):
        return False
    law_question = _LAW_ONLY.search(t) and not _SHOPPING.search(t)
    # Only strong research framing excuses it: "lab-tested products" is still shopping.
    return not law_question and not (_STRONG_RESEARCH.search(t) and not _first_person(t))


_STRONG_RESEARCH = re.compile(
    r"\b(?:studies|(?:the|a|this|that)\s+study|research|evidence|trials?|"
    r"surveys?|literature|case\s+reports?|published)\b|\busers\b.{0,20}\breport|"
    r"\b(?:did|do)\b.{0,40}\b(?:users|respondents|participants)\b"
)


def _research_question(t: str, lang: str) -> bool:
    """'What doses were used in the cold pressor study?': about the literature, nobody's body."""
    asks_for_someone = re.search(r"\b(?:should|can|could|do|must|would)\s+(?:i|we|you|he|she|they)\b", t)
    on_topic = DOMAIN.search(t) or _STRONG_RESEARCH.search(t)
    return bool(
        is_research(t)
        and on_topic
        and not _personal(t)
        and not asks_for_someone
        and not OVERRIDE.search(t)
        and not INJECTION.search(t)
    )


# Shopping even when the law is mentioned: "where can I...", vendors, "ships to", potency.
_SHOPPING = re.compile(
    r"\bwhere\s+(?:can|do|to)\b|\bvendor|\bship(?:s|ped|ping)?\s+(?:to|it|kratom)\b|strongest|potent"
)


def legal_framing(t: str) -> bool:
    """Asks about the law, enforcement or regulation ("are shops allowed to sell it?", "did they seize
    any?"), not where to buy; evading a ban is sourcing."""
    return bool(_LAW_ONLY.search(t) and not _EVADE.search(t) and not _SHOPPING.search(t))


def _law_question(t: str, lang: str) -> bool:
    """'Is kratom legal in Ohio?': legal status is information (evading a ban is sourcing)."""
    return bool(KRATOM.search(t) and legal_framing(t))


def _override(t: str, lang: str) -> bool:
    return bool(OVERRIDE.search(t))


def _injection(t: str, lang: str) -> bool:
    return bool(INJECTION.search(t))


RULES: tuple[Rule, ...] = (
    Rule("emergency", Category.emergency, "describes an emergency happening now", _emergency),
    Rule("self_harm", Category.self_harm, "expresses intent to self-harm", _self_harm),
    Rule("override_dose", Category.personal_dosing, "instruction override asking for a dose", _override_dose),
    Rule("roleplay_dose", Category.personal_dosing, "fiction or role-play asking for a dose", _roleplay_dose),
    Rule("fill_blank_dose", Category.personal_dosing, "fill-in-the-blank for a dose", _fill_blank),
    Rule("number_only", Category.personal_dosing, "asks for just a number", _number_only),
    Rule("translation_dose", Category.personal_dosing, "translation of a dose", _translation_dose),
    Rule("opioid_conversion", Category.personal_dosing, "converting an opioid dose", _opioid_conversion),
    Rule("replace_treatment", Category.replace_treatment, "replacing a prescribed treatment", _replace_treatment),
    Rule("pregnancy", Category.pregnancy, "use while pregnant or breastfeeding", _pregnancy),
    Rule("interaction", Category.interaction, "combining with their medicines", _interaction),
    Rule("tapering", Category.tapering, "their plan to quit or taper", _tapering),
    Rule("sourcing", Category.sourcing, "where to buy, vendors or strength", _sourcing),
    Rule("law_question", Category.informational, "asks about legal status", _law_question),
    Rule("redose", Category.personal_dosing, "asks how often or when to redose", _redose),
    Rule("weight_dose", Category.personal_dosing, "dose by body weight", _weight_dose),
    Rule("instruction_request", Category.personal_dosing, "contains a dosing instruction", _instruction_request),
    Rule("amount_personal", Category.personal_dosing, "asks about an amount for a person", _amount_personal),
    Rule("dose_personal", Category.personal_dosing, "asks for a dose", _dose_personal),
    Rule("research_question", Category.informational, "asks what the research reports", _research_question),
    Rule("override", Category.prompt_injection, "tries to override the instructions", _override),
    Rule("system_prompt", Category.prompt_injection, "asks for or changes the system prompt", _injection),
)


def match(normalized: str, language: str = "en") -> Rule | None:
    """The first rule that fires on a normalised turn, or None."""
    text = mask_false_friends(normalized, language)  # Italian "i rischi" is not "I"
    for rule in RULES:
        if rule.test(text, language):
            return rule
    return None

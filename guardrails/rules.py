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
from guardrails.policy import Category

__all__ = ["Rule", "RULES", "match", "asks_for_dose", "is_research"]

Test = Callable[[str, str], bool]


@dataclass(frozen=True)
class Rule:
    name: str
    category: Category
    reason: str
    test: Test


SELF_HARM = rx(
    r"\b(?:kill|hang|drown|hurt|harm|cut|burn|poison|shoot|starve|suffocate|strangle|stab|off)\s+"
    r"(?:my\s*self|myself)\b",
    r"\b(?:commit|committing|attempt|attempting)\s+suicide\b",
    r"\bsuicidal\b",
    r"\b(?:end|take)\s+(?:my\s+(?:own\s+)?life|it\s+all)\b",
    r"\bend\s+(?:it|things)\s+(?:all|tonight|today|now)\b",
    r"\b(?:want|wanna|going|plan(?:ning)?|trying|ready)\s+(?:to\s+)?die\b",
    r"\bbetter\s+off\s+dead\b",
    r"\b(?:don't|do\s+not|dont)\s+want\s+to\s+(?:live|be\s+alive|wake\s+up|exist)\b",
    r"\b(?:never|not|don't|dont|won't|wont)\s+wake\s+up\b",
    r"\b(?:whole|entire)\s+(?:stash|bottle|supply|pack|bag)\b",
    r"\ball\s+(?:of\s+)?(?:my|the)\s+(?:pills|tablets|capsules|meds)\s+at\s+once\b",
    r"\b(?:amount|how\s+much|how\s+many|dose|enough)\b.{0,40}\b(?:would|will|could|to|that)\s+kill\s+me\b",
    r"\benough\s+to\s+(?:die|kill\s+(?:me|myself)|end\s+it|not\s+wake\s+up)\b",
    r"\bno\s+reason\s+to\s+live\b",
    r"\b(?:overdose|od)\s+(?:on\s+purpose|intentionally|deliberately)\b",
    r"\b(?:i'm|im|i\s+am|i'll|i\s+will)\s+(?:going\s+to|gonna|planning\s+to|about\s+to|ready\s+to)\s+(?:overdose|od)\b",
    r"\b(?:goodbye|suicide)\s+(?:letters?|notes?|messages?)\b",
    r"\b(?:want|wanna|going|plan\w*|ready|decided)\s+to\s+end\s+(?:it|things|everything)\b",
    r"\b(?:intentionally|deliberately|purposely)\s+(?:overdose|od)\b",
    r"\bhow\s+much\b.{0,40}\b(?:to\s+die|to\s+kill\s+(?:me|myself)|to\s+never\s+wake|to\s+end\s+(?:it|my))\b",
    r"\b(?:what\s+can\s+i\s+take|what\s+should\s+i\s+take)\s+to\s+die\b",
    r"\b(?:carve|cut|slash|slice|scratch|burn)\w*\s+.{0,20}\b(?:my|into\s+my)\s+(?:arms?|wrists?|"
    r"skin|thighs?|legs?|stomach|body)\b",
    r"\b(?:sever|slit|pierce|cut|open)\s+(?:my|my\s+own)\s+(?:\w+\s+)?(?:artery|arteries|veins?|wrists?|throat)\b",
    r"\b(?:self[- ]harm|self[- ]injur\w*|hurting\s+myself)\b",
    r"\b(?:can|do|should|could)\s+i\s+(?:go\s+out|die|end\s+my\s+life|end\s+it)\s+like\b",
    r"\bend\s+my\s+life\b",
    # es fr de pt it ms th
    r"suicidarme|quitarme\s+la\s+vida|matarme|quiero\s+morir|me\s+quiero\s+morir",
    r"me\s+suicider|me\s+tuer\b|mettre\s+fin\s+[àa]\s+mes\s+jours|envie\s+de\s+mourir",
    r"mich\s+umbringen|mir\s+das\s+leben\s+nehmen|will\s+sterben|nicht\s+mehr\s+leben",
    r"me\s+matar|tirar\s+minha\s+(?:pr[oó]pria\s+)?vida|quero\s+morrer|me\s+suicidar",
    r"uccidermi|suicidarmi|voglio\s+morire|togliermi\s+la\s+vita",
    r"bunuh\s+diri|nak\s+mati|ingin\s+mati|mahu\s+mati",
    r"ฆ่าตัวตาย|อยากตาย|ทำร้ายตัวเอง",
)
_NOT_ME = re.compile(
    r"\b(?:what\s+is|define|definition|rates?\s+of|statistics|history\s+of|"
    r"prevent\w*|people\s+who|why\s+do\s+people)\b"
)

EMERGENCY = rx(
    r"\b(?:not|isn't|isnt|is\s+not|stopped|barely|can't|cant|cannot|won't|trouble|struggling|hard\s+to)\s+"
    r"breath(?:e|ing)\b",
    r"\b(?:slow|shallow|weird|gasping|labou?red)\s+breath\w*\b",
    r"\bbreathing\s+(?:is\s+)?(?:really\s+|very\s+|so\s+)?(?:slow(?:ly)?|shallow|weird|stopped)\b",
    r"\b(?:won't|wont|doesn't|does\s+not|isn't|is\s+not|not)\s+(?:respond|responding)\b",
    r"\bunresponsive\b",
    r"\bunconscious\b",
    r"\bpassed\s+out\b",
    r"\bcollapsed\b",
    r"\b(?:won't|wont|can't|cant|cannot|couldn't)\s+(?:wake|be\s+woken|get\s+\w+\s+to\s+wake)\b",
    r"\bnot\s+waking\s+up\b",
    r"\b(?:lips|face|skin|fingers)\s+(?:are|is|turned|turning|look|went|going)\s+"
    r"(?:blue|grey|gray|purple)\b",
    r"\bblue\s+lips\b",
    r"\b(?:is|are|he's|she's|i'm|im|i\s+am|they're|started|keeps)\s+(?:having\s+(?:a\s+)?seizures?|"
    r"seizing|convulsing|shaking\s+uncontrollably)\b",
    r"\b(?:had|having)\s+a\s+seizure\s+(?:just|now|right)\b",
    r"\b(?:i|he|she|my\s+\w+)\s+(?:have|has|having|got|is\s+having|am\s+having)\s+(?:bad\s+|severe\s+|"
    r"crushing\s+)?chest\s+pain\b",
    r"\bchest\s+(?:hurts|is\s+tight|pain\s+(?:right\s+)?now)\b",
    r"\b(?:child|kid|toddler|baby|son|daughter|grandson|granddaughter|nephew|niece|dog|puppy|"
    r"\d+[- ]?(?:year|yr)[- ]?old)\b.{0,40}\b(?:swallowed|ate|eaten|drank|drunk|chewed|got\s+into|"
    r"found\s+and\s+ate|took)\b",
    r"\b(?:swallowed|ate|drank|got\s+into)\b.{0,30}\b(?:my|the|some)\b.{0,20}\b(?:kratom|pills|capsules|"
    r"powder|shots?)\b.{0,30}\b(?:child|kid|toddler|baby|son|daughter)\b",
    r"\b(?:i|i've|i\s+have|i\s+just|he|she|they|my\s+\w+)\s+(?:just\s+)?(?:overdosed|od'?d|"
    r"(?:is|am|are)\s+overdosing|took\s+(?:way\s+)?too\s+much|took\s+too\s+many)\b",
    r"\boverdos(?:e|ing)\s+(?:right\s+)?now\b",
    # es fr de pt it ms th
    r"no\s+respira|inconsciente|no\s+responde|convulsi|labios\s+azules|se\s+trag[oó]|sobredosis",
    r"ne\s+respire\s+(?:plus|pas)|inconscient|ne\s+r[ée]pond\s+(?:plus|pas)|convulse|l[èe]vres\s+bleues|"
    r"a\s+aval[ée]|surdose",
    r"atmet\s+nicht|bewusstlos|reagiert\s+nicht|krampfanfall|blaue\s+lippen|verschluckt|[üu]berdosis",
    r"n[ãa]o\s+(?:est[aá]\s+)?respira|n[ãa]o\s+responde|convuls|l[áa]bios\s+(?:roxos|azuis)|engoliu",
    r"non\s+respira|incoscient|non\s+risponde|labbra\s+blu|ha\s+ingoiato|ha\s+mangiato",
    r"tidak\s+bernafas|tak\s+bernafas|pengsan|tidak\s+sedarkan\s+diri|sawan|bibir\s+biru|tertelan|"
    r"terlebih\s+dos",
    r"ไม่หายใจ|หมดสติ|ชัก|ปากเขียว|กลืน|กินเกินขนาด|ไม่รู้สึกตัว",
)
_HYPOTHETICAL_SIGN = re.compile(
    r"\b(?:signs?|symptoms?)\s+of\b|\bwhat\s+(?:happens|to\s+do)\s+(?:if|when)\b|"
    r"\bcan\s+kratom\s+cause\b|\bdoes\s+kratom\s+cause\b|\bstudies?\b|\bcases?\b"
)

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
    r"\b(?:legal|illegal|law|laws|banned?|scheduled|regulat\w*|allowed|act|statute|"
    r"require[sd]?|requirements?|recall\w*|label\w*|enforce\w*|warning\s+letters?)\b"
)
_EVADE = re.compile(
    r"\b(?:ship|mail|send|bring|sneak|smuggl\w*|get\s+around|order)\b.{0,40}\b(?:ban|banned|"
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
    r"embarazada|lactancia|amamant|enceinte|allait|schwanger|stillen|gr[áa]vida|amamentando|"
    r"incinta|allatt|hamil|menyusu|ตั้งครรภ์|ท้อง|ให้นม",
)
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
    r"\b(?:content|concentrations?|levels?)\b"
)
_ASKING = re.compile(r"\b(?:should|can|could|would|must|ought|recommend\w*|you|your)\b")


def _describes_findings(t: str) -> bool:
    return bool(_DESCRIPTIVE.search(t)) and not _first_person(t) and not _ASKING.search(t)


def _dose_personal(t: str, lang: str) -> bool:
    """'how much kratom should I take', 'safe dose of 7-OH', 'is 5 g too much for my dad'."""
    if not KRATOM.search(t) or not asks_for_dose(t) or (lang == "en" and _describes_findings(t)):
        return False
    if lang != "en" or (DOSE_Q_I18N.search(t) and not DOSE_Q.search(t)):
        return not is_research(t) or _first_person(t)
    terse = len(t.split()) <= 6 and DOSE_Q.search(t)  # "kratom dose?" asks for one
    wants = bool(RECOMMEND.search(t) or _personal(t) or _HOW_MUCH_OF.search(t) or terse)
    return wants and (not is_research(t) or _first_person(t) or bool(PROXY.search(t)))


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
    return bool(SELF_HARM.search(t)) and not (_NOT_ME.search(t) and not _first_person(t))


_SOMEONE_I18N = re.compile(
    r"\b(?:mi|mis|mon|ma|mes|mein\w*|meu|minha|mio|mia|hijo|hija|fils|fille|sohn|"
    r"tochter|filho|filha|figlio|figlia|anak|kawan|ayah|ibu|hermano|frère|bruder|"
    r"irmão|fratello)\b|ลูก|พ่อ|แม่|เพื่อน"
)


def _emergency(t: str, lang: str) -> bool:
    # Someone must be in it: "why can people not breathe in space?" is not an emergency.
    someone = (
        lang != "en" or _first_person(t) or PROXY.search(t) or re.search(r"\bhelp\b", t) or _SOMEONE_I18N.search(t)
    )
    return (
        bool(EMERGENCY.search(t))
        and bool(someone)
        and not (
            _HYPOTHETICAL_SIGN.search(t)
            and not re.search(r"\b(?:right\s+now|now|just|currently|help|911|hurry|please)\b", t)
        )
    )


def _interaction(t: str, lang: str) -> bool:
    if not (KRATOM.search(t) and MEDS.search(t) and INTERACTION_ASK.search(t)):
        return False
    decision = re.search(r"\bis\s+it\s+(?:safe|ok|okay|fine|dangerous|bad)\s+to\s+(?:mix|combine|take|use|drink)\b", t)
    return bool((_personal(t) or decision) and (not is_research(t) or _first_person(t)))


def _pregnancy(t: str, lang: str) -> bool:
    if not (KRATOM.search(t) and PREGNANT.search(t)):
        return False
    return (_personal(t) or lang != "en") and (not is_research(t) or _first_person(t))


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
    law_question = _LAW_ONLY.search(t) and not re.search(
        r"\bwhere\s+(?:can|do|to)\b|\bvendor|\bship|strongest|potent", t
    )
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


def _law_question(t: str, lang: str) -> bool:
    """'Is kratom legal in Ohio?': legal status is information (evading a ban is sourcing)."""
    return bool(
        KRATOM.search(t)
        and _LAW_ONLY.search(t)
        and not _EVADE.search(t)
        and not re.search(r"\bwhere\s+(?:can|do|to)\b|\bvendor|\bship|strongest|potent", t)
    )


def _override(t: str, lang: str) -> bool:
    return bool(OVERRIDE.search(t))


def _injection(t: str, lang: str) -> bool:
    return bool(INJECTION.search(t))


RULES: tuple[Rule, ...] = (
    Rule("self_harm", Category.self_harm, "expresses intent to self-harm", _self_harm),
    Rule("emergency", Category.emergency, "describes an emergency happening now", _emergency),
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
    for rule in RULES:
        if rule.test(normalized, language):
            return rule
    return None

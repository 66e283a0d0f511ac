"""Word lists the rules are built from, kept apart so each rule reads as a sentence.

All patterns run on the normalised text (guardrails.normalize): lowercase, NFKC, slang mapped
to "kratom", leetspeak and spacing undone.
"""

from __future__ import annotations

import re

from core.kratom import subject_pattern
from guardrails.vocab import pack, union

__all__ = [
    "rx",
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


def rx(*parts: str) -> re.Pattern[str]:
    """One compiled alternation; each part is a regex fragment."""
    return re.compile("|".join(f"(?:{p})" for p in parts))


# Normalisation has already turned local names and misspellings into "kratom".
KRATOM = rx(
    subject_pattern().pattern,
    r"\b7oh\b",
    r"\b(?:extract|resin|tincture|gummies|shots?|tablets?|tabs)\b(?=.{0,30}\bkratom\b)",
)
# Asking for an amount, a frequency or a strength.
DOSE_Q = rx(
    r"\bhow\s+(?:much|many\s+(?:grams?|g|mg|capsules?|caps|pills?|tablets?|tabs|teaspoons?|"
    r"tsp|spoons?|scoops?|cups?|glasses|leaves|shots?|gummies|milligrams?|doses?|times))\b",
    r"\bhow\s+(?:often|frequently|soon|long\s+(?:between|should\s+i\s+wait|before\s+i\s+can|"
    r"until\s+i\s+can))\b",
    r"\b(?:what|which|whats|what's)\s+(?:is\s+(?:a|the)\s+)?(?:\w+\s+){0,2}(?:dose|dosage|amount|"
    r"quantity|strength)\b",
    r"\b(?:dose|doses|dosage|dosing|redose|re-dose|amount|grams?|milligrams?|mg|capsules?|"
    r"teaspoons?|tsp|tablespoons?|scoops?|measure|serving)\b",
    r"\btoo\s+much\b",
    r"\b(?:is|would)\s+(?:that|this|it)\s+(?:enough|too\s+much)\b",
    r"\bhow\s+strong\b",
    r"\bkick\s+in\b.{0,20}\bmore\b",
)
# Amount questions and research framing in the other languages: from guardrails/lang/*.toml.
DOSE_Q_I18N = union(("amounts.words",))  # question words only: "la feuille de kratom" asks for nothing
RESEARCH_I18N = union(("questions.research",))
# The person asking, or someone they are asking for.
PERSONAL = rx(
    r"\b(?:i|i'm|im|i've|ive|i'd|id|me|my|mine|myself|we|our|us)\b",
    r"\b(?:should|can|could|do|would|must)\s+(?:you|one)\s+(?:take|use|dose|have|start)\b",
    r"\bfor\s+(?:a\s+)?(?:beginners?|newbies?|first[- ]timers?|starters?)\b",
    r"\b(?:beginner|first[- ]time|starting|newbie)\b",
)
PROXY = rx(
    r"\b(?:friend|buddy|pal|mom|mother|mum|dad|father|wife|husband|partner|spouse|boyfriend|"
    r"girlfriend|fianc[eé]e?|son|daughter|kid|brother|sister|sibling|grandma|grandmother|"
    r"grandpa|grandfather|granny|aunt|uncle|cousin|roommate|neighbou?r|patient|client|"
    r"coworker|co-worker|colleague|boss|relative|family\s+member|veteran|character)s?\b",
    r"\b(?:he|she|him|her|his|they|them|someone|somebody|a\s+person|a\s+guy|a\s+woman|a\s+man|"
    r"an?\s+(?:adult|average\s+person|hypothetical\s+\w+))\b",
    r"\bhypothetical(?:ly)?\b",
    r"\b\d{2,3}\s*(?:kg|kilos?|lbs?|pounds)\b",
    r"\b(?:a|an|the)\s+(?:typical|normal|average|regular)\s+(?:person|user|adult|guy|woman|man)\b",
)
# "safe dose", "typical dose": asking for a recommendation, not for what a study reported.
RECOMMEND = rx(
    r"\b(?:safe|safest|typical|normal|usual|standard|recommended|right|correct|proper|"
    r"good|best|effective|optimal|ideal|starting|starter|beginner|average|common|max|"
    r"maximum|minimum|lowest|low|high|strong|moderate|mild|maintenance|daily|"
    r"therapeutic|enough)\b.{0,25}\b(?:dose|dosage|amount|grams?|mg|capsules?|serving|"
    r"range|quantity)\b",
    r"\b(?:should|can|could|do|to|must|would|need\s+to)\s+(?:i\s+|we\s+|you\s+|he\s+|she\s+|"
    r"they\s+)?(?:take|use|dose|start|begin|have|give|drink|eat|chew|mix|put|redose)\b",
    r"\bhow\s+much\s+(?:kratom\s+|7oh\s+|of\s+it\s+|of\s+\w+\s+)?(?:is\s+(?:safe|ok|okay|too|enough|right)|"
    r"for|to\s+(?:take|use|start)|per|should|can|do\s+i)\b",
    r"\bper\s+(?:day|dose|kg|kilo|pound)\b",
    r"\bto\s+(?:feel|get|start|notice|help|treat|"
    r"relieve|manage|sleep|work)\b",
    r"\bfor\s+(?:\w+\s+){0,2}(?:pain|energy|sleep|"
    r"anxiety|withdrawals?|depression|focus|mood|arthritis|sciatica|migraines?|cramps)\b",
)
RESEARCH = rx(
    r"\b(?:study|studies|studied|trial|trials|rct|survey|surveys|surveyed|respondents|"
    r"participants|subjects|researchers?|research|paper|papers|literature|reported|reports|report|"
    r"users|mmwr|on\s+average|"
    r"publication|published|data|evidence|cohort|case\s+reports?|case\s+series|review|"
    r"meta-analysis|analysis|experiment|rats?|mice|animals?|in\s+vitro|measured|"
    r"according\s+to|fda|dea|cdc|nih|world\s+health\s+organi[sz]ation|samhsa|clinicians|authors|"
    r"poison\s+cent(?:er|re)s?|"
    r"autops(?:y|ies)|toxicology|label(?:s|ed)?|lab\s+tests?|tested)\b"
)
MEDS = rx(
    r"\b(?:gabapentin|neurontin|lyrica|pregabalin|xanax|alprazolam|klonopin|clonazepam|valium|"
    r"diazepam|ativan|lorazepam|benzos?|benzodiazepines?|zoloft|sertraline|prozac|fluoxetine|"
    r"lexapro|escitalopram|celexa|citalopram|paxil|paroxetine|wellbutrin|bupropion|effexor|"
    r"venlafaxine|cymbalta|duloxetine|ssris?|snris?|antidepressants?|trazodone|ambien|zolpidem|"
    r"seroquel|quetiapine|adderall|vyvanse|ritalin|modafinil|tylenol|acetaminophen|paracetamol|"
    r"ibuprofen|advil|motrin|aleve|naproxen|nsaids?|aspirin|celebrex|meloxicam|warfarin|coumadin|"
    r"eliquis|xarelto|blood\s+thinners?|metformin|insulin|statins?|lipitor|atorvastatin|"
    r"lisinopril|amlodipine|metoprolol|blood\s+pressure\s+(?:meds|medications?|pills)|"
    r"birth\s+control|alcohol|booze|beer|wine|liquor|weed|cannabis|marijuana|cbd|thc|edibles?|"
    r"phenibut|kava|caffeine|coffee|energy\s+drinks?|medications?|meds|medicines?|prescriptions?|"
    r"antibiotics?|muscle\s+relaxers?|cyclobenzaprine|flexeril|tizanidine|baclofen|soma|"
    r"lamotrigine|lamictal|lithium|mao\s+inhibitors?|maois?|antihistamines?|benadryl|"
    r"sleeping\s+pills?|melatonin|st\.?\s+john'?s\s+wort|anti-?anxiety|antipsychotics?|"
    r"loperamide|imodium|naltrexone|vivitrol|naloxone|narcan|clonidine|prednisone|steroids?)\b"
)
OPIOIDS = rx(
    r"\b(?:oxy\w*|hydrocodone|percocets?|vicodin|norco|morphine|methadone|fentanyl|tramadol|"
    r"ultram|suboxone|subutex|buprenorphine|zubsolv|dilaudid|hydromorphone|codeine|opana|"
    r"oxymorphone|tapentadol|nucynta|opioids?|opiates?|pain\s+(?:meds|medications?|pills|"
    r"killers?)|painkillers?|heroin)\b"
)
WEIGHT = rx(r"\b\d{2,3}\s*(?:kg|kilos?|kilograms?|lbs?|pounds)\b", r"\bweigh(?:s|ing)?\b")
ROLEPLAY = rx(
    r"\b(?:write|story|stories|scene|script|screenplay|poem|song|lyrics|novel|dialogue|"
    r"dialog|fiction|fictional|fanfic|role-?play|roleplaying|pretend|imagine|character|"
    r"narrat\w+|play\s+the\s+role|act\s+as|you\s+are\s+now|you're\s+now|as\s+my\s+"
    r"(?:pharmacist|doctor|dealer|grandma|grandmother))\b"
)
NUMBER_ONLY = rx(
    r"\b(?:just|only|simply)\s+(?:give|tell|say|type|reply\s+with|answer\s+with)\b.{0,25}"
    r"\b(?:number|figure|amount|ballpark|range|estimate|grams?|digit)\b",
    r"\bballpark\b",
    r"\brough\s+(?:number|estimate|idea|range|figure)\b",
    r"\broughly\s+how\s+much\b",
    r"\bgive\s+me\s+(?:a|the|one)\s+(?:number|figure|range)\b",
    r"\b(?:a|one|single)\s+number\b",
    r"\bjust\s+the\s+(?:number|amount|figure)\b",
    r"\bnumber\s+only\b",
    r"\bonly\s+(?:the|a)\s+number\b",
    r"\bin\s+grams\b",
    r"\bno\s+disclaimers?\b",
    r"\bwithout\s+(?:the\s+)?(?:lecture|disclaimers?|warnings?)\b",
)
FILL_BLANK = rx(
    r"_{2,}",
    r"\[\s*(?:blank|x|n|amount|number)\s*\]",
    r"\bfill\s+in\b",
    r"\bblanks?\b",
    r"\bcomplete\s+(?:this|the|my)\s+(?:sentence|phrase|line|table|template)\b",
    r"\bfinish\s+(?:this|the|my)\s+(?:sentence|phrase|line)\b",
    r"\.\.\.\s*(?:g|mg|grams)\b",
    r"\bx\s+(?:grams|g|mg|capsules)\b",
)
TRANSLATE = rx(
    r"\btranslat\w*\b",
    r"\bhow\s+do\s+(?:you|i)\s+say\b",
    r"\bin\s+(?:spanish|french|german|portuguese|italian|thai|malay|english|indonesian)\b",
)
OVERRIDE = rx(
    r"\b(?:ignore|disregard|forget|bypass|override|skip|drop)\s+(?:all\s+|any\s+|the\s+|"
    r"your\s+|my\s+|these\s+|those\s+)*(?:previous|prior|above|earlier|safety|system|"
    r"original)?\s*(?:instructions?|rules?|prompts?|guidelines?|restrictions?|polic(?:y|ies)|"
    r"guardrails?|filters?|programming|training)\b",
    r"(?:^|\s|\[|<)\s*(?:system|sys|admin|developer)\s*(?:prompt)?\s*[:\]>]",
    r"<\|?\s*(?:system|im_start)",
    r"#{2,}\s*(?:system|instruction)",
    r"\b(?:new|updated|revised)\s+(?:instructions?|rules?|policy)\s*:",
    r"\b(?:developer|god|debug|admin|unrestricted|jailbreak)\s+mode\b",
    r"\bjailbreak\w*\b",
    r"\bdo\s+anything\s+now\b",
    r"\b(?:are|be|as|now)\s+dan\b|\bdan\s+(?:mode|prompt|now)\b",  # bare "dan" is Malay for "and"
    r"\bno\s+(?:rules|restrictions|filters|limits)\b",
    r"\byou\s+(?:are|have\s+been)\s+(?:now\s+)?(?:freed|unrestricted|unlocked|uncensored)\b",
    r"\b(?:safety|policy)\s+(?:is\s+)?(?:off|disabled|lifted)\b",
    r"\b(?:the\s+)?(?:operator|administrator|developers?|system)\s+(?:has\s+)?"
    r"(?:authori[sz]ed|approved|allowed|permitted|enabled)\b",
)
INJECTION = rx(
    r"\b(?:reveal|show|print|repeat|display|output|leak|dump|share|tell\s+me|give\s+me|"
    r"what\s+(?:is|are|was|were)|what's|copy)\s+(?:me\s+)?(?:your|the|all\s+your)\s+"
    r"(?:(?:full|exact|initial|original|hidden|secret|internal|system|first)\s+)*"
    r"(?:prompt|instructions?|rules|configuration|guidelines|context|message)\b",
    r"\bsystem\s+prompt\b",
    r"\bprompt\s+injection\b",
    r"\bwords\s+above\b",
    r"\beverything\s+(?:above|before)\s+this\b",
    r"\b(?:act|behave|respond)\s+as\s+(?:if\s+you\s+(?:were|are)\s+)?(?:an?\s+)?"
    r"(?:unfiltered|unrestricted|evil|different|uncensored|dan)\b",
    r"\bpretend\s+(?:that\s+)?you\s+(?:are|have)\s+no\b",
)
# The assistant's domain: a turn without any of these is not about kratom or chronic pain.
# Deliberately narrow ("law", "deaths", "alcohol" alone are not enough): a general question
# that merely shares a word with the domain must not be answered as if it were in scope.
DOMAIN = rx(
    KRATOM.pattern,
    OPIOIDS.pattern,
    r"\b(?:chronic\s+pain|pain|analges\w*|fibromyalgia|neuropath\w*|sciatica|arthritis|"
    r"opioid\s+use\s+disorder|alkaloids?|speciogynine|paynantheine|speciociliatine|mitragyna|"
    r"naloxone|narcan|american\s+kratom\s+association|hepatotox\w*|withdrawal|"
    r"dependence|addiction|overdoses?|half-life|benzodiazepines?|interactions?|"
    r"pharmacolog\w*|pharmacokinetic\w*|metaboli[sz]\w*|receptors?|toxicity|poison\s+cent\w+|"
    r"cold\s+pressor|placebo|survey\s+respondents|respondents|participants|clinical\s+trials?|"
    r"case\s+reports?|doses?|dosing|fda|dea|cdc|samhsa|mmwr|scheduling|controlled\s+substances?)\b",
    pack("en").patterns["questions.domain"].pattern,  # help resources and agencies (lang/en.toml)
)

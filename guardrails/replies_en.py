"""English reply texts for the categories the assistant does not answer from the sources.

Placeholders ({emergency}, {poison}, {lifeline}, {samhsa}) are filled from policy.RESOURCES so
a number lives in one place. Texts are kind and short, say why, point to someone who can help,
and offer what the assistant can do instead. They never contain an amount.
"""

from __future__ import annotations

__all__ = ["TEXTS", "ENGLISH_ONLY_NOTE"]

ENGLISH_ONLY_NOTE = "_(I can only reply in English for this topic; the help below is for the United States.)_"

_OFFER = (
    "What I can do is tell you what the research says in general, with sources, for example:\n"
    "- *What do studies say about kratom and chronic pain?*\n"
    "- *What are the known risks and side effects of kratom?*"
)
_PHARMACIST = (
    "A clinician or pharmacist who knows your health and your medicines is the right person for "
    "this. If kratom use itself worries you, the **SAMHSA National Helpline** ({samhsa}) is free, "
    "confidential and open 24/7."
)

TEXTS: dict[str, str] = {
    "personal_dosing": (
        "I can't suggest an amount or schedule for you or anyone else. There is no established "
        "safe or effective dose of kratom, product strength varies widely from one package to "
        "the next, and the risks depend on each person's health and medicines.\n\n" + _PHARMACIST + "\n\n" + _OFFER
    ),
    "interaction": (
        "I can't tell you whether kratom is safe with your medicines: that decision needs "
        "someone who knows your full list of medicines and your health. Kratom can affect how "
        "the body handles some drugs, and combining it with opioids, benzodiazepines, alcohol or "
        "other sedatives is where the serious harms reported in the literature cluster.\n\n" + _PHARMACIST + "\n\n"
        "I can summarise what studies report about kratom and drug interactions in general, "
        "for example: *What is known about kratom and liver enzymes that process medicines?*"
    ),
    "pregnancy": (
        "I can't advise on using kratom while pregnant or breastfeeding: the decision belongs "
        "with your obstetric clinician, midwife or pharmacist, who can weigh it against your "
        "situation. Newborns exposed to kratom before birth have been reported with withdrawal "
        "symptoms, and there are no studies establishing safety.\n\n" + _PHARMACIST + "\n\n"
        "I can tell you what case reports and reviews say, for example: *What has been reported "
        "about kratom exposure during pregnancy?*"
    ),
    "tapering": (
        "I can't give you a plan for cutting down or stopping. Stopping regular kratom use can "
        "bring withdrawal symptoms, and a clinician can make a plan that is safe for you, "
        "sometimes with medicines that help.\n\n" + _PHARMACIST + "\n\n"
        "I can share what the research says in general, for example: *What withdrawal symptoms "
        "do studies describe?* or *How do clinicians treat kratom withdrawal?*"
    ),
    "replace_treatment": (
        "I can't advise you to stop or swap a prescribed treatment for kratom. Stopping some "
        "medicines suddenly can be dangerous, and kratom is not an approved treatment for pain "
        "or for opioid use disorder. Your prescriber can talk through options and concerns "
        "with you.\n\n" + _PHARMACIST + "\n\n"
        "I can tell you how the evidence on kratom for pain compares with what is known about "
        "approved treatments, for example: *How strong is the evidence that kratom relieves pain?*"
    ),
    "sourcing": (
        "I don't recommend vendors, brands or ways to obtain kratom, and I can't help with "
        "getting around local laws. Products have been found contaminated (for example with "
        "salmonella or heavy metals), labels are often inaccurate, and the legal status differs "
        "between states and countries.\n\n"
        "I can tell you what regulators and testing studies have found, for example: *What did "
        "FDA find when it tested kratom products?* or *Where is kratom legal in the US?*"
    ),
    "emergency": (
        "**If someone is unresponsive, not breathing or breathing very slowly, has blue lips, "
        "a seizure or chest pain, call {emergency} now.**\n\n"
        "- For a possible poisoning or overdose, including a child who swallowed kratom, call "
        "**Poison Help at {poison}** (free, 24/7) if the person is awake and breathing.\n"
        "- Stay with the person. If they are not breathing and you have naloxone, use it while "
        "you wait: it is safe to give.\n"
        "- Tell the responders what was taken and when, and keep the package.\n\n"
        "I can't help in an emergency beyond this. Please call now."
    ),
    "self_harm": (
        "I'm really glad you told me. You deserve support right now, and you don't have to go "
        "through this alone.\n\n"
        "- **Call or text {lifeline}** to reach the 988 Suicide & Crisis Lifeline, any time, free "
        "and confidential, or chat at 988lifeline.org.\n"
        "- If you are in immediate danger, **call {emergency}**.\n\n"
        "If you can, reach out to someone you trust and stay with them while you talk to the "
        "Lifeline."
    ),
    "off_topic": (
        "That's outside what I can help with. I answer questions about **kratom and chronic "
        "pain** from vetted sources, with citations: what studies show about pain relief, the "
        "known risks and side effects, dependence and withdrawal, drug interactions in general, "
        "legal status, and what agencies like FDA and DEA have said.\n\n"
        "Try for example: *What do studies say about kratom for chronic pain?*"
    ),
    "prompt_injection": (
        "I can't change my instructions or share them. I answer questions about **kratom and "
        "chronic pain** from vetted sources, with citations, and I don't give personal doses.\n\n"
        "Try for example: *What are the known risks of kratom?* or *Is kratom legal in my state?*"
    ),
}

"""Emergencies and crises, in every supported language, whatever language the turn was taken for.

Poisoning and overdose signs (someone not breathing well, unresponsive, seizing, grey or blue
lips, a child who swallowed it) are emergencies: 911 and Poison Help. Intent to harm oneself,
said directly or not ("nobody would miss me"), is a crisis: 988. The vocabularies are the
`urgent.*` slots of guardrails/lang/*.toml; every language's list is checked on every turn, so a
wrong language guess cannot hide an emergency. Only clearly general framing keeps a sign out
("what are the signs of an overdose?"), and not when the turn also says it is happening now
(`urgent.now`: "right now", "ahora", "ตอนนี้") or, outside English, names a person of the
asker's ("mi hijo", "anak saya"). A wish not to wake up (`urgent.wish`) is a crisis even
though "not wake up" is also a sign of an overdose.
"""

from __future__ import annotations

from guardrails.lexicon import PROXY
from guardrails.personal import ASKING_ONLY
from guardrails.vocab import any_pack_matches, english, fold, in_language_or_english, pack

__all__ = ["is_emergency", "is_crisis", "is_wish", "is_over"]

# English only: the other languages have no "someone" guard, since there is no general framing
# to protect from in them beyond `questions.general`.
_FIRST_PERSON = english("urgent.first_person")
_HELP = english("urgent.help")  # "Poison Help" is a resource, not a cry
_QUESTION_OPENING = english("urgent.question_opening")


def _general(folded: str, language: str) -> bool:
    return in_language_or_english("questions.general", folded, language)


def _someone_in_it(folded: str, language: str) -> bool:
    """A person is in it. Only an English question with nobody in it is left out ("why can people
    not breathe in space?"); a statement ("crushing chest pain after a double dose") is someone's."""
    if language != "en" or not _QUESTION_OPENING.match(folded):
        return True
    if _FIRST_PERSON.search(folded) or PROXY.search(folded) or _HELP.search(folded):
        return True
    return (
        any_pack_matches("people.personal", folded) is not None
        or any_pack_matches("people.proxies", folded) is not None
    )


def _happening(folded: str, language: str) -> bool:
    """Said to be happening now, or (outside English) about one of the asker's own people."""
    if any_pack_matches("urgent.now", folded) is not None:
        return True
    return language != "en" and any_pack_matches("people.proxies", folded) is not None


def is_emergency(text: str, language: str = "en") -> bool:
    """Signs of a poisoning or overdose happening now to a person (text: normalised turn)."""
    folded = fold(text)
    if any_pack_matches("urgent.emergency", folded) is None or not _someone_in_it(folded, language):
        return False
    if is_over(folded):
        return False
    # "Are there studies where kratom caused seizures?" asks about research, not about anyone now.
    framed = _general(folded, language) or _research(folded, language)
    return not framed or _happening(folded, language)


def is_over(folded: str) -> bool:
    """An episode that is over, in any language: a while ago, and fine now ("I passed out on it last
    year but I'm fine now"; `urgent.over`). Whatever "now" word it holds, nothing is happening now."""
    return any_pack_matches("urgent.over", folded) is not None


def is_wish(text: str) -> bool:
    """A wish not to wake up ("I just want to sleep and not wake up"): a crisis, not an overdose."""
    return any_pack_matches("urgent.wish", fold(text)) is not None


def is_crisis(text: str, language: str = "en") -> bool:
    """Intent to harm oneself (text: normalised turn); questions about others' suicide are not."""
    folded = fold(text)
    if any_pack_matches("urgent.crisis", folded) is None and not _lethal_for_self(folded, language):
        return False
    # "what is suicide", "why do people self-harm": `questions.about_others` of lang/en.toml
    not_me = pack("en").has("questions.about_others", folded)
    about_others = not_me or _general(folded, language) or _research(folded, language)
    return not (about_others and not _first_person(folded, language))


def _lethal_for_self(folded: str, language: str) -> bool:
    """How much would kill the asker, in any language ("qual a quantidade que mata? pergunto por mim
    mesmo"): an amount asked (`amounts.words`), death named (`urgent.lethal`), and the asker asking
    for themself (`urgent.for_self`). "Can a dose be fatal? I take it daily" is a worry, not this."""
    if any_pack_matches("urgent.lethal", folded) is None or any_pack_matches("urgent.for_self", folded) is None:
        return False
    return in_language_or_english("amounts.words", folded, language)


def _research(folded: str, language: str) -> bool:
    return in_language_or_english("questions.research", folded, language)


def _first_person(folded: str, language: str) -> bool:
    asker = ASKING_ONLY.sub(" ", folded)  # "for my psych class" is why one asks, not who is at risk
    return bool(_FIRST_PERSON.search(asker)) or pack(language).has("people.personal", asker)

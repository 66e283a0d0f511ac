"""Multi-turn context: a follow-up inherits what the conversation was already about.

"ok so how much for me?" after a kratom question, "and for my mom?" after a dosing decline, or
"just give me a number" after any decline are personal-dosing requests even though the last
turn alone names no substance. Only requests that lean on the earlier turns are caught here;
a new, self-contained question ("ok, what do studies say about withdrawal?") is left to the
classifier so the conversation can move on after a decline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.followup import leans_on_earlier, without_connectors
from guardrails.lexicon import DOSE_Q_I18N, KRATOM, NUMBER_ONLY, PERSONAL, PROXY, ROLEPLAY, WEIGHT
from guardrails.personal import (
    about_someone,
    amount_set_by_law,
    asks_about_law,
    asks_where,
    has_cue,
    law_in_language,
    said_to_be_general,
)
from guardrails.policy import DECLINED, Category
from guardrails.rules import asks_for_a_line, asks_no_dose, describes_findings, is_research, legal_framing
from guardrails.vocab import (
    any_pack_matches,
    counts_something,
    english,
    english_fragments,
    fold,
    in_language_or_english,
    rx,
)

__all__ = ["ContextHit", "kratom_named_before", "match"]


@dataclass(frozen=True)
class ContextHit:
    name: str
    category: Category
    reason: str


# The turn asks for an amount or frequency without naming what of.
_DOSE_CUE = rx(
    *english_fragments("context.dose_cue"),
    WEIGHT.pattern,
)
# Leaning on the earlier turns: proxies, pushing, claimed authority, hypotheticals.
_PUSH = rx(
    *english_fragments("context.push"),
    NUMBER_ONLY.pattern,
    ROLEPLAY.pattern,
    PROXY.pattern,
)
# "which one is the strongest to buy?" after a kratom answer.
_BUY_CUE = english("context.buy_cue")
_NEW_QUESTION = english("context.new_question")


def _not_a_dose(text: str) -> bool:
    """How often something happens, what a studied group took, or what the last answer's study
    measured or its law set ("how much did their pain tolerance change?", "¿y cuántos terminaron
    hospitalizados?", "tuổi tối thiểu là bao nhiêu?"): no dose is asked for."""
    return asks_no_dose(text) or describes_findings(text) or counts_something(fold(text)) or asks_for_a_line(text)


# A follow-up of this many words or fewer besides its joining words ("¿y cuántos?", "e com que
# frequência?") asks an amount of whatever the conversation was about: in doubt, a dose.
_BARE_WORDS = 3


def _asks_a_dose(last: str, language: str, declined_before: bool) -> bool:
    """An amount asked in a kratom conversation is a dose, unless it counts what the last answer
    told of. English has detectors for that (what a study measured, how often an event happens,
    counts of people): what passes them asks a dose. Other languages hold those only as word
    lists, so there the amount must be asked for someone (the asker or a named person), in a unit
    one doses by ("¿y cuántos gramos?"), bare, or after a decline; "et dans combien c'était la
    seule substance ?" and "quanti venivano spacciati per kratom?" ask no dose, nor does a fine
    or a prison term the law sets, asked for nobody."""
    if language == "en":
        return True
    someone = bool(PERSONAL.search(last) or PROXY.search(last)) or about_someone(last, language)
    # A fine or a prison term ("hukuman bawah Akta Racun untuk ketum tu berapa?") is the law's
    # amount, for nobody, even after a decline.
    if amount_set_by_law(last, language) and not someone:
        return False
    if declined_before:
        return True
    folded = fold(last)
    return (
        someone
        or in_language_or_english("amounts.units", folded, language)
        or any_pack_matches("amounts.dose_frequency", folded) is not None  # "com que frequência devo tomar?"
        or len(without_connectors(folded).split()) <= _BARE_WORDS
    )


def _research(last: str, language: str) -> bool:
    """Asks what research found, in English or the turn's language ("secondo gli studi"), for nobody."""
    asked = is_research(last) or in_language_or_english("questions.research", fold(last), language)
    return asked and (not about_someone(last, language) or said_to_be_general(last, language))


def kratom_named_before(prior_user: Sequence[str]) -> bool:
    """One of the last three earlier user turns (normalised: "ketum", "กระท่อม" are "kratom" by
    then) named kratom."""
    return any(KRATOM.search(text) for text in prior_user[-3:])


def _about_kratom(prior_user: Sequence[str], decisions: Sequence[Category]) -> bool:
    """Earlier user turns named kratom, or an earlier decision was about it (any decline is)."""
    return kratom_named_before(prior_user) or any(d in DECLINED for d in decisions[-2:])


def match(
    last: str,
    prior_user: Sequence[str],
    decisions: Sequence[Category],
    prior_category: Category | None,
    language: str = "en",
) -> ContextHit | None:
    """A category carried over from earlier turns, or None.

    `decisions` are the categories earlier turns ended in, as structured data from the chat
    (never recovered from reply texts); `prior_category` is what the rules make of the most
    recent earlier user turn. Texts are normalised.
    """
    if not prior_user and not decisions:
        return None
    declined = [c for c in (*decisions[-1:], prior_category) if c in DECLINED]
    declined_before = bool(declined)
    research = _research(last, language)
    # "ok forget about me, what do surveys report in general?" turns from the request to the world.
    pushes = _PUSH.search(last) and not _NEW_QUESTION.search(last) and not said_to_be_general(last, language)
    if declined_before and leans_on_earlier(last) and pushes:
        category = declined[-1]
        return ContextHit("after_decline", category, "follows up on a declined request")
    asks_amount = (_DOSE_CUE.search(last) or DOSE_Q_I18N.search(last)) and not _not_a_dose(last)
    dose = asks_amount and _asks_a_dose(last, language, declined_before)
    if dose and not research and _about_kratom(prior_user, decisions):
        return ContextHit("drift_dosing", Category.personal_dosing, "asks for an amount in a kratom conversation")
    # "are shops allowed to sell it?" is law; "¿qué web me recomiendas para pedirlo?" is shopping.
    # Buying words are read in the turn's own language: Indonesian "kiriman" (a shipment) or Tagalog
    # "link" in an English or Indonesian question about seizures or a study ask for no shop.
    buying = _BUY_CUE.search(last) or has_cue(last, language, Category.sourcing)
    about_law = legal_framing(last) or asks_about_law(last)
    shopping = buying and not (about_law or (law_in_language(last, language) and not asks_where(last, language)))
    if shopping and not research and _about_kratom(prior_user, decisions):
        return ContextHit("drift_sourcing", Category.sourcing, "asks where to buy in a kratom conversation")
    return None

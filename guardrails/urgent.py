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

Whole phrases cannot list every way a sign is told, so signs also add up from atoms:
- two different warning signs (`urgent.warning`: breathing slow, can't keep the eyes open, chest
  pressure) are an emergency, and so is one warning sign after taking something (`urgent.took`) in
  a turn that is happening now or about one of the asker's people;
- wanting it all over (`urgent.end`) with taking everything at once (`urgent.all_of_it`) or with
  taking something is a crisis, and so is asking whether everything at once would be quick or
  painless (`urgent.painless`).
The warning signs of suicide are told more often than named; any two different ones are a crisis
(`TOLD_SIGNS`: settling one's affairs, "I won't need it anymore", farewells, "if I were gone",
"nobody would notice", a ledge, everything ready, saving up, wanting it over; and, as often told
about someone else, words of parting, being out of reach since, a hidden supply), and so are the
pairs that complete a common cue (`INTENT_PAIRS`): saving up pills, everything ready for tonight,
standing on a ledge or leaving letters and writing "I don't know why I'm writing this".
Idioms that only sound like it ("me muero de risa", "đau muốn chết", "en finir avec le sevrage":
`urgent.hyperbole`) are blanked out before any of this is read.
Any atom combines with any other in any language, which is what lets a fresh wording through.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from guardrails.lexicon import PROXY
from guardrails.personal import without_asking
from guardrails.vocab import (
    any_pack_matches,
    asks_amount,
    english,
    fold,
    in_language_or_english,
    mask_false_friends,
    pack,
    packs,
    sentences,
    union,
    without_counts,
)

__all__ = ["is_emergency", "is_crisis", "is_crisis_in_overdose_words", "is_over", "literal"]

# English only: the other languages have no "someone" guard, since there is no general framing
# to protect from in them beyond `questions.general`.
_FIRST_PERSON = english("urgent.first_person")
_HELP = english("urgent.help")  # "Poison Help" is a resource, not a cry
_QUESTION_OPENING = english("urgent.question_opening")
_WARNINGS = union(("urgent.warning",), exclude=())
_HYPERBOLE = union(("urgent.hyperbole",), exclude=())
_OVER = union(("urgent.over",), exclude=())
_LONG_AGO = union(("urgent.long_ago",), exclude=())
_READ_ABOUT = union(("urgent.read_about",), exclude=())
_CONTRAST = union(("language.contrast",), exclude=())
_CLAUSE_END = re.compile(r"[.!?\n,;]|" + _CONTRAST.pattern.pattern)
# Two warning signs, or one after taking something now: fewer is a worry, not an emergency.
SIGNS_ENOUGH = 2
# Warning signs of suicide told rather than named. Any two different ones of these are a crisis
# ("everything's sorted, I won't need it anymore"; "gave the dog to my sister, nobody would notice";
# "been saving up, I want it all to be over"):
TOLD_SIGNS: tuple[tuple[str, ...], ...] = (
    ("urgent.affairs",),  # settling one's affairs: the dog given away, passwords left for a sister
    ("urgent.no_longer_needed",),  # "I won't need it anymore"
    ("urgent.farewell",),  # letters to the family, goodbyes said
    ("urgent.gone",),  # "if I disappeared"
    ("urgent.unnoticed",),  # "nobody would notice"
    ("urgent.ledge",),  # on the railing of a bridge
    ("urgent.ready",),  # "everything is ready"
    ("urgent.end",),  # wanting it all over
    # Told about someone else as often as by the person: "my brother posted 'thanks for
    # everything' and turned his phone off"; "found a box of her pills and kratom, and she keeps
    # saying we'd be better off without her".
    ("urgent.parting_words",),  # "sorry for everything", "goodbye everyone"
    ("urgent.out_of_reach",),  # phone off, not answering since, accounts deleted
    ("urgent.stockpile", "urgent.hidden_supply"),  # "been saving up", pills or kratom hidden
)
SIGNS_TOLD_ENOUGH = 2
# Cues too common to count alone ("tonight", "pills", "don't know why I'm writing") count beside
# the sign they complete.
INTENT_PAIRS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("urgent.stockpile", ("urgent.pills",)),  # "been saving my tramadol for weeks"
    ("urgent.ready", ("urgent.soon",)),  # "everything is ready, tonight"
    ("urgent.ledge", ("urgent.why_writing", "urgent.soon")),  # "on the bridge, don't know why I'm writing"
    ("urgent.farewell", ("urgent.why_writing", "urgent.soon")),  # "the letters are on the table"
)
# Settling one's affairs is told in several acts ("wrote down who gets the cat, left the passwords
# for my sister"): two different ones are a warning sign on their own.
AFFAIRS_ENOUGH = 2


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
    """Said to be happening now, to the asker after taking something ("es normal que después de
    mezclarlo con mi sertralina tenga fiebre y tiemble?"), or (outside English) about one of the
    asker's own people. Trying to rouse someone and getting nothing ("I shake him and nothing",
    "véo không nhúc nhích"; `urgent.no_response`) is happening now, however the question is put
    ("is it normal that...")."""
    if _now(folded) or _unroused(folded) or (_took(folded) and _first_person(folded, language)):
        return True
    return language != "en" and any_pack_matches("people.proxies", folded) is not None


def is_emergency(text: str, language: str = "en") -> bool:
    """Signs of a poisoning or overdose happening now to a person (text: normalised turn); what the
    asker read about ("j'ai lu des trucs sur des convulsions") is no sign."""
    said = literal(text)
    folded = _READ_ABOUT.pattern.sub(" ", said)
    named = any_pack_matches("urgent.emergency", folded) is not None or _unroused(folded)
    if not (named or _signs_add_up(folded)) or not _someone_in_it(folded, language) or is_over(folded):
        return False
    # "Are there studies where kratom caused seizures?" asks about research, not about anyone now;
    # so does "¿el kratom puede causar convulsiones?", whose harm is no sign told.
    framed = _general(said, language) or _research(said, language)
    if not framed:
        # A sign told only of long ago, before a question that names nobody ("my cousin overdosed
        # on it in 2022. how many deaths involve kratom?"), is history asked about.
        return not (_asks_of_the_world(folded, language) and _told_only_long_ago(folded))
    # What is happening now is read outside the sentences told from long ago ("two years ago I had
    # a seizure on it and have been fine since. are seizures in case reports?").
    recent = _without_past_sentences(folded)
    if not named:
        # Warning signs told beside a research question ("mum drinks it daily; lately she has
        # palpitations and a racing heart. is there research on the ECG?") are a worry unless they
        # are said to be happening now.
        return _now(recent) or _unroused(recent)
    return _happening(recent, language)


_ANYONE = re.compile(r"\b(?:some|any)(?:one|body)\b")


def _asks_of_the_world(folded: str, language: str) -> bool:
    """The turn ends in a question that names no person of the asker's and tells no sign."""
    said = sentences(folded)
    last = said[-1] if said else ""
    if "?" not in last or _emergency_told(last):
        return False
    # Why one asks ("made me curious, how common are child exposures?") names no one at risk, nor
    # does anyone in general ("would kratom be risky for someone in long-term recovery?").
    asker = _ANYONE.sub(" ", without_asking(last, language))
    if _FIRST_PERSON.search(asker) or PROXY.search(asker):
        return False
    return not any(in_language_or_english(slot, asker, language) for slot in ("people.personal", "people.proxies"))


def _told_only_long_ago(folded: str) -> bool:
    """Every clause that tells a sign tells it of long ago and of no time now or today ("overdosed
    in 2022, and again tonight" is now): clauses end at a stop, a comma or a turn ("but")."""
    clauses = [c for c in _CLAUSE_END.split(folded) if c and _emergency_told(c)]
    return bool(clauses) and all(
        _LONG_AGO.pattern.search(c) and not _now(c) and any_pack_matches("urgent.soon", c) is None for c in clauses
    )


def _emergency_told(folded: str) -> bool:
    """A sign of an emergency is told in the (folded) text."""
    return any_pack_matches("urgent.emergency", folded) is not None or _unroused(folded) or _signs_add_up(folded)


def literal(text: str) -> str:
    """The folded turn without the idioms that only sound urgent (`urgent.hyperbole`)."""
    return _HYPERBOLE.pattern.sub(" ", fold(text))


def without_idioms(text: str) -> str:
    """The turn as written, or, when it holds an idiom that only sounds urgent ("jem ni boleh mati
    aku dibuatnya"), as read without it: what a model that hears death words should hear."""
    folded = fold(text)
    return _HYPERBOLE.pattern.sub(" ", folded) if _HYPERBOLE.pattern.search(folded) else text


def _unroused(folded: str) -> bool:
    return any_pack_matches("urgent.no_response", folded) is not None


def _signs_add_up(folded: str) -> bool:
    """Two different warning signs, or one after taking something in a turn that is now or about
    one of the asker's people ("my son took two of the shots and can't keep his eyes open")."""
    signs = {m.group(0).strip() for m in _WARNINGS.pattern.finditer(folded)}
    if len(signs) >= SIGNS_ENOUGH:
        return True
    return bool(signs) and _took(folded) and (_now(folded) or _one_of_theirs(folded))


def _took(folded: str) -> bool:
    return any_pack_matches("urgent.took", folded) is not None


def _now(folded: str) -> bool:
    return any_pack_matches("urgent.now", folded) is not None


def _one_of_theirs(folded: str) -> bool:
    return any_pack_matches("people.proxies", folded) is not None or bool(PROXY.search(folded))


def _ends_it(folded: str) -> bool:
    """Wanting it all over, with everything at once or with taking something ("thinking of drinking
    the whole bag at once so it's over"), or everything at once asked to be painless ("if I take
    the whole bag with a bottle, is it quick?")."""
    everything = any_pack_matches("urgent.all_of_it", folded) is not None
    if any_pack_matches("urgent.end", folded) is not None:
        return everything or _took(folded)
    return everything and any_pack_matches("urgent.painless", folded) is not None


def _told_intent(folded: str) -> bool:
    """A warning sign of suicide told in two cues (`TOLD_SIGNS`, `INTENT_PAIRS`), in any language."""
    if len(_distinct("urgent.affairs", folded)) >= AFFAIRS_ENOUGH:
        return True
    if _told_signs(folded) >= SIGNS_TOLD_ENOUGH:
        return True
    return any(
        any_pack_matches(first, folded) is not None and any(any_pack_matches(o, folded) is not None for o in others)
        for first, others in INTENT_PAIRS
    )


def tells_any_sign(folded: str, explained: tuple[str, ...] = ()) -> bool:
    """Does the turn tell any warning sign, or crisis words, even one too few to be a crisis alone
    ("thanks for everything", "goodbye everyone")? Signs in `explained` do not count: an everyday
    reason explains giving one's things away."""
    return _told_signs(folded, explained) > 0 or any_pack_matches("urgent.crisis", folded) is not None


def _told_signs(folded: str, explained: tuple[str, ...] = ()) -> int:
    """How many different told signs the turn holds, apart from those in `explained`: a supply
    saved up and a supply hidden are one sign ("been hiding my oxys" is both), not two."""
    signs = [sign for sign in TOLD_SIGNS if not set(sign) & set(explained)]
    return sum(any(any_pack_matches(slot, folded) is not None for slot in sign) for sign in signs)


# Warning signs that, told beside a question of how much or how fast, make it a crisis: "letters are
# done ... how much of the powder plus the oxys", "signed my will tonight ... kratom and benzos, what's
# the number". Wanting something over (`urgent.end`) or things ready is too common beside a dose.
SIGNS_BESIDE_AN_AMOUNT: tuple[str, ...] = (
    "urgent.affairs",
    "urgent.no_longer_needed",
    "urgent.farewell",
    "urgent.gone",
    "urgent.unnoticed",
    "urgent.ledge",
    "urgent.stockpile",
)


def _sign_with_an_amount(folded: str, language: str) -> bool:
    """A warning sign told in the same turn as a question of how much (in the turn's language or
    English: a unit of one language is a word of another, Vietnamese "lá" and Spanish "la")."""
    if not any(any_pack_matches(sign, folded) is not None for sign in SIGNS_BESIDE_AN_AMOUNT):
        return False
    rest = without_counts(folded)
    return any(asks_amount(rest, code) for code in (language, "en")) or bool(_THE_NUMBER.search(rest))


_THE_NUMBER = english("urgent.the_number")


def tells_a_sign(folded: str) -> bool:
    """A warning sign told (`SIGNS_BESIDE_AN_AMOUNT`), or all of a supply at once, or wanting it
    over: what makes an earlier question of what amount kills the asker's own."""
    slots = (*SIGNS_BESIDE_AN_AMOUNT, "urgent.all_of_it", "urgent.end")
    return any(any_pack_matches(slot, folded) is not None for slot in slots)


def _distinct(slot: str, folded: str) -> set[str]:
    """The different passages of the turn that `slot` matches, in any language."""
    return {m.group(0).strip() for p in packs().values() for m in p.patterns[slot].finditer(folded)}


def is_over(folded: str) -> bool:
    """An episode that is over, in any language: a while ago, and fine now ("I passed out on it last
    year but I'm fine now"; `urgent.over`). Whatever "now" word it holds, nothing is happening now,
    unless its sentence turns (`language.contrast`) to a sign of an emergency ("she's fine now but
    her lips are blue")."""
    over = _OVER.pattern.search(folded)
    if over is None:
        return False
    # The rest of its sentence, when it turns ("... fine now but her lips are blue"): a sign told
    # after the time it happened ("fine now, last month I couldn't breathe once") is that past.
    after = re.split(r"[.!?\n]", folded[over.end() :], maxsplit=1)[0]
    turned = _CONTRAST.pattern.match(after.lstrip(" ,;:-"))
    return not turned or (any_pack_matches("urgent.emergency", after) is None and not _unroused(after))


def is_crisis_in_overdose_words(text: str, language: str = "en") -> bool:
    """A crisis told in the words of an overdose: a wish not to wake up, or a question of how much
    would do it ("pengen mati aja, capek hidup. kratom sebanyak apa yang bikin gak bangun?"): 988,
    though "not waking" is a sign of an emergency. Nobody is said to be unresponsive now."""
    if not is_crisis(text, language):
        return False
    folded = literal(text)
    if _wishes_not_to_wake(folded):
        return True
    # Every sign sits in the question of how much, and nothing is said to happen now: "he's not
    # breathing. how much narcan do I give?" tells an emergency, whatever else the turn says.
    signs = [s for s in sentences(folded) if _names_a_sign(s)]
    return bool(signs) and not _now(folded) and all(_asks_how_much(s, language) for s in signs)


def _names_a_sign(folded: str) -> bool:
    named = any_pack_matches("urgent.emergency", folded) is not None or _unroused(folded)
    return named or _WARNINGS.pattern.search(folded) is not None


def _asks_how_much(folded: str, language: str) -> bool:
    return any(asks_amount(folded, code) for code in (language, "en"))


def _wishes_not_to_wake(folded: str) -> bool:
    return any_pack_matches("urgent.wish", folded) is not None


def is_crisis(text: str, language: str = "en") -> bool:
    """Intent to harm oneself (text: normalised turn); questions about others' suicide are not, nor
    an episode the asker says is over ("a suicidal crisis six years ago, stable since": `urgent.over`),
    though anything said outside it still counts."""
    folded = _without_past_episode(literal(text), language)
    if not _says_intent(folded, language):
        return False
    if not _asked_about_others(folded, language) or _first_person(folded, language):
        return True
    # A research question beside it does not make a crisis said in a sentence of its own someone
    # else's: "wont be here for christmas so no need to taper right? just wondering what the
    # studies say"; "my husband keeps saying 'you won't have to put up with me much longer'". An
    # episode told as over is over ("tried at 20, fine for 8 years now").
    return any(
        _says_intent(sentence, language) and not (_asked_about_others(sentence, language) or is_over(sentence))
        for sentence in sentences(folded)
    )


def _says_intent(folded: str, language: str) -> bool:
    # A wish not to wake up ("setiap malam aku harap esok tak bangun") is said intent, in any language.
    said = any_pack_matches("urgent.crisis", folded) is not None or _hurts_self(folded) or _wishes_not_to_wake(folded)
    return (
        said
        or _lethal_for_self(folded, language)
        or _ends_it(folded)
        or _told_intent(folded)
        or _sign_with_an_amount(folded, language)
    )


def _asked_about_others(folded: str, language: str) -> bool:
    """ "what is suicide", "why do people self-harm" (`questions.about_others` of lang/en.toml), or
    a general or research question."""
    not_me = pack("en").has("questions.about_others", folded)
    return not_me or _general(folded, language) or _research(folded, language)


def _without_past_episode(folded: str, language: str) -> str:
    """A turn that asks about the research or in general, without the episode it says is over
    ("suicide attempt back in 2019, I'm doing well now; did the studies look at people like me?").
    An episode said not to be fine ("last year, and I'm not ok") is not over, in any language."""
    if not (_general(folded, language) or _research(folded, language)):
        return folded
    # The whole sentence the episode is told in: "I tried ... last year, I'm fine now."
    return _blank_sentences(folded, _OVER.pattern, keep=_negated)


def _without_past_sentences(folded: str) -> str:
    """The turn without its sentences told from long ago, except one that turns to a sign now ("she
    had a seizure last week and now she's not breathing right"); "..., sekarang sehat" stays long ago."""
    return "".join(
        " " * len(part) if _LONG_AGO.pattern.search(part) and not _sign_now(part) else part
        for part in re.split(r"(?<=[.!?\n])", folded)
    )


def _sign_now(folded: str) -> bool:
    """A warning sign told after a word saying now, in a sentence that began long ago."""
    nows = [m.end() for p in packs().values() for m in p.patterns["urgent.now"].finditer(folded)]
    return bool(nows) and _names_a_sign(folded[min(nows) :])


def _blank_sentences(folded: str, pattern: re.Pattern[str], keep: Callable[[str], bool] = lambda _: False) -> str:
    """The text with every sentence that holds a match of `pattern` blanked (unless `keep` it)."""
    kept = list(folded)
    for match in pattern.finditer(folded):
        if not keep(match.group(0)):
            start = max(folded.rfind(end, 0, match.start()) for end in _SENTENCE_ENDS) + 1
            stops = [i for i in (folded.find(end, match.end()) for end in _SENTENCE_ENDS) if i >= 0]
            stop = min(stops, default=len(folded))
            kept[start:stop] = " " * (stop - start)
    return "".join(kept)


_SENTENCE_ENDS = (".", "!", "?", "\n")


def _negated(span: str) -> bool:
    return any_pack_matches("language.negation", span) is not None


def _hurts_self(folded: str) -> bool:
    """Self-injury told in the first person ("me corto los brazos", "hab mich wieder geritzt")."""
    return any_pack_matches("urgent.self_injury", folded) is not None


def _lethal_for_self(folded: str, language: str) -> bool:
    """How much would kill the asker, in any language ("qual a quantidade que mata? pergunto por mim
    mesmo"): an amount asked (`amounts.words`), death named (`urgent.lethal`), and the asker asking
    for themself (`urgent.for_self`) or having given up (`urgent.end`: "pain 10/10 for years. i'm
    done. what's a lethal amount?"). "Can a dose be fatal? I take it daily" is a worry, not this."""
    if any_pack_matches("urgent.lethal", folded) is None:
        return False
    if any_pack_matches("urgent.for_self", folded) is None and any_pack_matches("urgent.end", folded) is None:
        return False
    return in_language_or_english("amounts.words", folded, language)


def _research(folded: str, language: str) -> bool:
    return in_language_or_english("questions.research", folded, language)


def _first_person(folded: str, language: str) -> bool:
    # "for my psych class", "ich schreibe eine Hausarbeit", "para mi TFG": why one asks, not who is
    # at risk; and a word of the turn's language that is English "I" (Italian "i dati") is no one.
    asker = mask_false_friends(without_asking(folded, language), language)
    return bool(_FIRST_PERSON.search(asker)) or pack(language).has("people.personal", asker)

"""Follow-up turns: the one detector of a turn that leans on earlier ones, and its resolution.

"what about its side effects?", "and in pregnancy?", "ok so how much?" only make sense with the
turns before them. The guardrails ask `leans_on_earlier` before carrying a decision over; the
chain asks `resolve` for the full query to retrieve with.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path

from core.kratom import subject_pattern, words_pattern, written_without_spaces
from core.vocabulary import Message

SUBJECT = subject_pattern()
# Openings that continue the conversation rather than start a new question.
FOLLOWUP_START = re.compile(
    r"^(?:ok(?:ay)?|so|and|but|then|alright|all\s+right|fine|right|well|"
    r"hmm+|um+|also|what\s+about|how\s+about|what\s+if|and\s+if)\b",
    re.I,
)
# "and in pregnancy?", "for older adults?": the same question, narrowed.
NARROWING = re.compile(r"^\s*(and|but|also|or|plus)?\s*(in|for|with|during|among|while|on)\b", re.I)
# "what about its side effects?", "how about the law?": the same subject, a new aspect.
NEW_ASPECT = re.compile(r"^\s*(and\s+)?(what|how)\s+about\b|^\s*and\s+(what|how|is|are|does|do|can)\b", re.I)
PRONOUN = re.compile(r"\b(it|its|it's|this|that|they|them|their|those|these|the drug|the plant)\b", re.I)
IT = re.compile(r"\b(it|its|it's|the drug|the plant)\b", re.I)
REFERENCE_FILE = Path(__file__).with_name("data") / "followup.toml"
# "a number that'll point us to treatment", "studies that show": "that" joining a clause to the
# noun before it points at nothing said earlier; "is that safe?", "does that help?" still do.
RELATIVE_THAT = re.compile(
    r"(?<!\bis\s)(?<!\bwas\s)(?<!\bdoes\s)(?<!\bdid\s)(?<!\bdo\s)(?<!\babout\s)(?<!\blike\s)"
    r"(?<=[a-z]\s)that(?=['’](?:ll|d|s)\b|\s+(?:will|would|can|could|might|may|helps?|points?|works?|treats?"
    r"|gives?|offers?|shows?|showed|found|finds|tested|reported|has|have|had)\b)",
    re.I,
)


def _words_of(table: str) -> re.Pattern[str]:
    """Every language's words of one table of `core/data/followup.toml`, as whole words (Thai,
    written without spaces, anywhere)."""
    data = tomllib.loads(REFERENCE_FILE.read_text(encoding="utf-8"))[table]
    words = {w for ws in data.values() for w in ws}
    spaced = words_pattern(tuple(w for w in words if not written_without_spaces(w)))
    unspaced = words_pattern(tuple(w for w in words if written_without_spaces(w)))
    return re.compile(rf"(?<!\w)(?:{spaced})(?!\w)|{unspaced}", re.I)


# "them", "those products", "that young man", "esos", "luật đó": people or things of the earlier
# turn, not kratom itself, in every language.
REFERENCE = _words_of("reference")
# "of those", "de ellos", "trong số đó": a part of what the earlier turns counted.
PARTITIVE = _words_of("partitive")
# "there", "allí", "ở đó": the place of the earlier turns.
THERE = _words_of("place")
# "here", "donde vivo", "di sini": the asker's own place, which the story around a question names.
HERE = _words_of("here")
# "I'm in", "estoy en", "tôi ở": where the asker says they are, before a place.
LOCATED = _words_of("located")
# "and", "y", "còn": words that only join a follow-up to the question before it.
CONNECTOR = _words_of("connector")
# "and", "e", "còn", "terus" opening a turn: it goes on from the question before it, in any language.
OPENING = re.compile(rf"^\W*(?:{_words_of('opening').pattern})", re.I)
# "is there", "there are", "por ahí" (somewhere): no place of an earlier turn.
NO_PLACE = re.compile(
    r"\b(?:is|are|was|were|be|been)\s+there\b|\bthere\s*(?:'s|’s|is|are|was|were|has|have|had|will|seems?|may|might)\b"
    r"|\bpor\s+ah[ií]\b|\bsei\s+l[aá]\b",
    re.I,
)


def _points_at_place(text: str) -> bool:
    return bool(THERE.search(NO_PLACE.sub(" ", text)))


# An earlier turn about one named thing (a law, a study, a product): "it" after it is that thing.
# "Tell me about Rhode Island's Kratom Act." "When does it take effect?" is not about kratom's onset.
THING = re.compile(
    r"\b(acts?|laws?|bills?|rules?|bans?|orders?|notices?|statutes?|ordinances?|regulations?|study|studies|"
    r"survey|trial|review|report|paper|letters?|warnings?|alerts?|products?|tablets?|gummies|shots?|"
    r"extracts?|tree|leaf|leaves|tests?)\b",
    re.I,
)


def located_in(text: str, place: str) -> bool:
    """The asker says they are in `place` ("is there a helpline in Spanish? I'm in Texas")."""
    return bool(re.search(rf"(?:{LOCATED.pattern})\s*(?:the\s+)?{re.escape(place)}(?!\w)", text, re.I))


def points_back(text: str) -> bool:
    """The text points at something said before it ("does kratom help with it?", "¿y eso?",
    "what about there?", "is it legal here?"), in any language."""
    text = RELATIVE_THAT.sub(" ", text)
    return bool(PRONOUN.search(text) or REFERENCE.search(text) or _points_at_place(text) or HERE.search(text))


def leans_on_earlier(text: str, max_words: int = 8) -> bool:
    """A short turn, or one that opens by continuing, only makes sense with the earlier turns."""
    return len(text.split()) <= max_words or bool(FOLLOWUP_START.search(text.strip()))


def _previous_user_turns(messages: Sequence[Message]) -> list[str]:
    return [m.content for m in messages[:-1] if m.role == "user" and m.content.strip()]


def _subject(text: str) -> str | None:
    match = SUBJECT.search(text)
    return match.group(0) if match else None


def without_connectors(text: str) -> str:
    """The turn without the words that only join it to the one before ("ok so how much then?")."""
    return CONNECTOR.sub(" ", text)


def _names_only(text: str) -> bool:
    """The turn is a kratom name and joining words ("and 7-OH?", "¿y el 7-OH?", "còn 7-OH thì
    sao?"): the last question, asked of that name."""
    return not re.search(r"\w", without_connectors(SUBJECT.sub(" ", text)))


def _joined(previous: str, current: str) -> str:
    return f"{previous.rstrip(' ?.!')} {current}"


# What an answer's first sentence is wrapped in: its label, citation markers, emphasis.
_ANSWER_MARKUP = re.compile(r"\*\*[^*]+:\*\*|\[\d+\]|[*_`]")
# A sentence ends at a stop before a space, not at an abbreviation ("Suriaga et al. (2024)", "e.g.").
_SENTENCE_END = re.compile(r"(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bdr)(?<!\bvs)(?<!\bca)[.!?](?=\s|$)", re.I)
# "Yes." or "It depends on the study." names nothing: the lead reads on to the next sentence.
LEAD_WORDS = 6
# Enough of an answer to name what it was about (a study, a law, a figure), not a second question.
ANSWER_LEAD_CHARS = 300


def _answer_lead(messages: Sequence[Message]) -> str:
    """The first sentence of the assistant's last answer (of six words or more), without its
    markup: what "those 91", "that paper" or "they" in the next turn point at is named there
    ("... Weiss and Douglas reported ...", "... 91 of the deaths ...")."""
    answer = next((m.content for m in reversed(messages[:-1]) if m.role == "assistant"), "")
    text = " ".join(_ANSWER_MARKUP.sub(" ", answer).split())
    end = next((m.end() for m in _SENTENCE_END.finditer(text) if len(text[: m.end()].split()) >= LEAD_WORDS), len(text))
    return text[:end][:ANSWER_LEAD_CHARS]


def resolve(messages: Sequence[Message]) -> str:
    """The query to retrieve with: the last turn, completed from earlier turns when it leans on them."""
    current = messages[-1].content.strip()
    earlier = _previous_user_turns(messages)
    if not earlier:
        return current
    previous = earlier[-1]
    if _points_at_place(current):  # "what about 7-OH there?": the place is named before
        return _joined(previous, current)
    short = len(current.split()) <= 8
    if NARROWING.match(current) and short:  # "and for 7-OH?" narrows the last question, subject or not
        return _joined(previous, current)
    if _subject(current):
        # "Does it cover regular kratom powder too?" after a question about Ohio's rule: kratom is
        # named, and "it" is the rule. "and 7-OH?" asks the last question of another substance.
        it_is_the_thing = bool(IT.search(current) and THING.search(previous))
        # "in how many of those was kratom the only substance?" counts a part of the last answer's people.
        part_of_earlier = bool(PARTITIVE.search(current))
        joined = (short and (it_is_the_thing or _names_only(current))) or part_of_earlier
        return _joined(previous, current) if joined else current
    subject = next((s for s in map(_subject, reversed(earlier)) if s), None)
    if NEW_ASPECT.match(current):
        aspect = NEW_ASPECT.sub("", current).strip()
        if subject:
            return PRONOUN.sub(subject, aspect) if PRONOUN.search(aspect) else f"{subject} {aspect}"
        return _joined(previous, aspect)
    if short and subject and IT.search(current) and not REFERENCE.search(current) and not THING.search(previous):
        return IT.sub(subject, current)  # "is it addictive?": "it" is kratom
    if (
        short
        or REFERENCE.search(current)
        or IT.search(current)
        or FOLLOWUP_START.search(current)
        or OPENING.match(current)
    ):
        # "how many of them...?", "did education matter?", "and with daily use how long until
        # blood levels level off?", "did the 19 year old have anything on his brain scans?"
        return _joined(previous, current)
    return current


def named_in_last_answer(messages: Sequence[Message]) -> str:
    """For a turn that points at people or things of the last answer ("how many of those 91 had
    only kratom?", "what doses did they use in that paper?"), that answer's first sentence, where
    they are named; else "". Words to search with, not part of the question asked."""
    current = messages[-1].content.strip() if messages else ""
    if not _previous_user_turns(messages) or not REFERENCE.search(current):
        return ""
    return _answer_lead(messages)

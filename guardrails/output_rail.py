"""Output rail: every answer passes here before the user sees it.

It removes sentences that (a) instruct someone how much or how often to take something,
(b) state an amount without attributing it to a cited study, (c) cite a source number the
answer does not have, or (d) recommend a vendor or brand. If nothing worth showing remains,
the whole answer becomes the personal-dosing (or sourcing) decline. It works sentence by
sentence so a good cited answer with one bad sentence still reaches the user.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from guardrails.amounts import INSTRUCTION, citation_numbers, find_amounts, split_sentences
from guardrails.policy import Category, reply_for
from guardrails.vocab import english

__all__ = ["OutputCheck", "check_answer", "VENDOR_ADVICE", "VENDOR_MENTION"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutputCheck:
    answer: str
    blocked: bool
    reasons: tuple[str, ...]


# Purchase advice is removed wherever it appears. A plain mention of buying or of a product name
# is a fact when a cited source reports it (a recall notice names the recalled brand; an agency
# notes kratom is sold online), so those are removed only from uncited sentences.
# "American Kratom Association" is an advocacy group, not a shop, hence the lookahead.
VENDOR_ADVICE = english("output_rail.vendor_advice", re.UNICODE)
VENDOR_MENTION = english("output_rail.vendor_mention", re.UNICODE)
_LINE_PREFIX = re.compile(r"^(\s*(?:[-*+]|\d+[.)]|>|#{1,6})?\s*)")
_NOTE = (
    "_Part of this answer was removed because it read as personal dosing or purchasing "
    "advice. A clinician or pharmacist can help with decisions about your own use._"
)


def _sentence_problem(sentence: str, n_citations: int) -> str | None:
    """Why a sentence must go, or None to keep it."""
    numbers = citation_numbers(sentence)
    if VENDOR_ADVICE.search(sentence) or (not numbers and VENDOR_MENTION.search(sentence)):
        return "vendor_recommendation"
    if INSTRUCTION.search(sentence):
        return "dosing_instruction"
    if any(n < 1 or n > n_citations for n in numbers):
        return "invalid_citation"
    if not numbers and find_amounts(sentence):
        return "unattributed_amount"
    return None


def _clean_line(line: str, n_citations: int, reasons: list[str]) -> str:
    prefix = _LINE_PREFIX.match(line).group(1)  # type: ignore[union-attr]
    kept: list[str] = []
    for sentence in split_sentences(line[len(prefix) :]):
        problem = _sentence_problem(sentence, n_citations)
        if problem is None:
            kept.append(sentence.strip())
        else:
            reasons.append(problem)
    return prefix + " ".join(kept) if kept else ""


def _has_substance(text: str) -> bool:
    """At least one remaining sentence with real words (not just a heading or a list dash)."""
    return any(len(re.findall(r"[^\W\d_]", s)) >= 12 for s in text.splitlines())


def check_answer(answer: str, n_citations: int) -> OutputCheck:
    """Scrub an answer; see the module docstring. Never raises on odd input."""
    if not isinstance(answer, str):
        answer = "" if answer is None else str(answer)
    n_citations = max(0, int(n_citations or 0))
    reasons: list[str] = []
    lines: list[str] = []
    for line in answer.splitlines():
        if not line.strip():
            lines.append(line)  # a paragraph break stays
        elif cleaned_line := _clean_line(line, n_citations, reasons):
            lines.append(cleaned_line)  # a line whose every sentence went is dropped whole
    if not reasons:
        return OutputCheck(answer=answer, blocked=False, reasons=())
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    unique = tuple(dict.fromkeys(reasons))
    if not _has_substance(cleaned):
        category = Category.sourcing if set(unique) == {"vendor_recommendation"} else Category.personal_dosing
        log.warning("answer blocked: category=%s reasons=%s", category.value, ",".join(unique))
        return OutputCheck(answer=reply_for(category), blocked=True, reasons=unique)
    log.info("answer scrubbed: reasons=%s", ",".join(unique))
    if {"dosing_instruction", "vendor_recommendation"} & set(unique):
        cleaned += "\n\n" + _NOTE
    return OutputCheck(answer=cleaned, blocked=False, reasons=unique)

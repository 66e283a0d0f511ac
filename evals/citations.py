"""Citation checks on one answer: are the [n] markers valid, and does each cited finding back its claim?

Support follows the idea of ALCE citation precision (Gao et al. 2023) without an NLI model: a
claim is the text of an answer line up to a [n] marker; it is supported by finding n when
  - every number in the claim appears in the finding (no figure is invented or altered),
  - at least `min_lexical` of the claim's content words appear in the finding, and
  - the MiniLM cosine similarity of claim and finding is at least `min_semantic`.
The thresholds live in evals/thresholds.toml ([citation_support]).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from evals.records import ClaimSupport
from guardrails.amounts import citation_numbers

Embed = Callable[[Sequence[str]], np.ndarray]

MARKERS = re.compile(r"((?:\s*\[\d+(?:\s*[,–-]\s*\d+)*\])+)")
# "**Bottom line:** ", "- *Survey* - ": presentation around a finding, not part of the claim.
LEAD_LABEL = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*[^*]{1,40}:\*\*\s*|\*[^*]{1,40}\*\s+-\s+)?")
WORD = re.compile(r"[a-z][a-z0-9-]*|\d+(?:[.,]\d+)*")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
STOPWORDS = frozenset(
    """a an the of in on at to for from by with and or but not no is are was were be been being as that
            this these those it its their they them which who whom what when where how than then so
            such also into over under about after before between during per each any some most more
            other has have had do does did can could may might will would should there here""".split()
)


@dataclass(frozen=True)
class Claim:
    text: str
    cites: tuple[int, ...]


def claims(answer: str) -> list[Claim]:
    """Each span of the answer that ends in citation markers, with the numbers it cites."""
    found: list[Claim] = []
    for line in answer.splitlines():
        parts = MARKERS.split(line)
        for text, marker in zip(parts[0::2], parts[1::2]):
            clean = LEAD_LABEL.sub("", text).replace("**", "").strip(" *_-")
            if clean:
                found.append(Claim(clean, tuple(citation_numbers(marker))))
    return found


def citation_problems(answer: str, numbers: Sequence[int]) -> list[str]:
    """Markers without a citation, citations never used, and numbering that is not 1..N."""
    used = {n for claim in claims(answer) for n in claim.cites}
    given = set(numbers)
    problems = [f"[{n}] points to no citation" for n in sorted(used - given)]
    problems += [f"citation {n} is never used" for n in sorted(given - used)]
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        problems.append("citations are not numbered 1..N")
    return problems


def _numbers(text: str) -> set[str]:
    return {m.group(0).replace(",", "") for m in NUMBER.finditer(text)}


def _content_words(text: str) -> set[str]:
    return {w.replace(",", "") for w in WORD.findall(text.lower()) if w not in STOPWORDS}


def lexical_overlap(claim: str, finding: str) -> float:
    """Share of the claim's content words that the finding contains (1.0 for an empty claim)."""
    words = _content_words(claim)
    return len(words & _content_words(finding)) / len(words) if words else 1.0


def _same(claim: str, finding: str) -> bool:
    return claim.strip(" .") == finding.strip(" .")


def _passages(finding: str) -> list[str]:
    """A citation may stand for several findings at one place: each is compared with the claim."""
    return [p for p in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", finding.strip()) if p] or [finding]


def _closest(claim: str, finding: str, vectors: dict[str, np.ndarray]) -> float:
    return max(float(vectors[claim] @ vectors[p]) for p in _passages(finding))


def support(
    answer: str, findings: dict[int, str], embed: Embed, min_lexical: float, min_semantic: float
) -> list[ClaimSupport]:
    """Every (claim, cited finding) pair of the answer, scored; unknown numbers are unsupported.

    As in ALCE's citation recall and precision, a claim is judged against everything it cites
    together (a sentence citing two studies states what the two say between them): its figures
    and content words must be found in the cited findings jointly, and each cited finding must
    itself be close in meaning to the claim, or it is a citation that does not belong.
    A claim quoting its finding verbatim (the extractive composer) needs no embedding."""
    cited = [(c.text, [(n, findings.get(n, "")) for n in c.cites]) for c in claims(answer)]
    to_embed = sorted(
        {t for text, pairs in cited for _, f in pairs if f and not _same(text, f) for t in (text, *_passages(f))}
    )
    vectors = dict(zip(to_embed, embed(to_embed))) if to_embed else {}
    scored = []
    for text, pairs in cited:
        joint = " ".join(f for _, f in pairs if f)
        lexical = lexical_overlap(text, joint) if joint else 0.0
        numbers_ok = bool(joint) and _numbers(text) <= _numbers(joint)
        for n, finding in pairs:
            semantic = 0.0 if not finding else 1.0 if _same(text, finding) else _closest(text, finding, vectors)
            ok = numbers_ok and lexical >= min_lexical and semantic >= min_semantic
            scored.append(
                ClaimSupport(
                    claim=text,
                    n=n,
                    lexical=round(lexical, 3),
                    semantic=round(semantic, 3),
                    numbers_ok=numbers_ok,
                    supported=ok,
                )
            )
    return scored

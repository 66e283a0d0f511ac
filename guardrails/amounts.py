"""The one place that says what an amount, a citation marker and a dosing instruction look like.

Shared by the input rules ("is 5 g too much for me?"), the output rail (scrub unattributed
amounts) and the leak detector used by tests and evals, so the three can never disagree.
"""

from __future__ import annotations

import re

__all__ = ["AMOUNT", "FREQUENCY", "CITATION", "INSTRUCTION", "find_amounts", "citation_numbers", "split_sentences"]

_NUM_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|hundred|a couple of|a few|several|uno|dos|tres|cinco|"
    r"diez|un|une|deux|trois|cinq|dix|ein|eine|zwei|drei|fünf|zehn|um|uma|duas|due|"
    r"dieci|satu|dua|tiga|lima|sepuluh"
)
# 5, 2.5, 2,5, 1/2, ½, 2-3, 2 to 3, 2–4
_NUMBER = (
    r"(?:\d+(?:[.,]\d+)?(?:\s*(?:-|–|to|or|a|à|bis|até|hingga|sampai)\s*\d+(?:[.,]\d+)?)?"
    r"|\d+\s*/\s*\d+|[½¼¾⅓⅔]|(?:" + _NUM_WORDS + r"))"
)
# Units a person could dose by. "g" must not be followed by a letter ("5 gold" is no amount).
_UNITS = (
    r"mg\s*/\s*kg|mg\s+per\s+kg|milligrams?\s+per\s+(?:kilo(?:gram)?|kg)|mcg|µg|micrograms?|"
    r"mg|milligrams?|milligramm[eo]s?|miligramas?|g(?![a-z])|gr(?![a-z])|grams?|gramm[eo]?s?|"
    r"gramos?|gramas?|grammi|grammes?|kg(?=\s*(?:of|de|di)\s+(?:kratom|leaf|powder))|"
    r"ml|millilit(?:er|re)s?|oz|ounces?|capsules?|caps|cápsulas?|kapsul|kapseln?|gélules?|"
    r"pills?|tablets?|tabs|tablettes?|comprimidos?|gummies|gummy|shots?|"
    r"teaspoons?|tsp|tablespoons?|tbsp|spoons?|spoonfuls?|cucharaditas?|cuillères?|"
    r"scoops?|cups?|glasses|glass(?=\s+of\s+(?:kratom|tea|ketum|leaf|the))|leaves|"
    r"drops?|sachets?|bottles?|sudu|gelas|กรัม|มก\.?|ใบ|แก้ว"
)
# "a gram", "half a teaspoon": the article is a number only before a unit one doses by;
# "a cup of coffee" or "a dose of kratom" is not an amount.
_ARTICLE_UNITS = (
    r"(?:half\s+)?an?\s+(?:gram|capsule|pill|tablet|teaspoon|tablespoon|spoonful|"
    r"scoop|milligram|sachet)s?\b|half\s+(?:a\s+)?(?:gram|capsule|pill|tablet|"
    r"teaspoon|tablespoon|scoop|tsp)s?\b"
)
AMOUNT = re.compile(
    r"(?<![\w/])(?:" + _NUMBER + r"\s*(?:-\s*)?(?:" + _UNITS + r")(?![\w])|" + _ARTICLE_UNITS + r")", re.IGNORECASE
)
# "every 4 hours", "3 times a day", "twice daily": how often is dosing information too.
FREQUENCY = re.compile(
    r"\b(?:every\s+\d+(?:\s*(?:-|to)\s*\d+)?\s*(?:hours?|hrs?|h)\b|(?:\d+|once|twice|thrice|"
    r"one|two|three|four)\s*(?:times?|x)\s*(?:a|per|each)\s*(?:day|daily|week)|"
    r"(?:once|twice|thrice)\s+(?:daily|a\s+day|per\s+day))",
    re.IGNORECASE,
)
# [1], [2, 3], [1-2], [1][2]
CITATION = re.compile(r"\[(\d+(?:\s*[,–-]\s*\d+)*)\]")
# Second-person or imperative dosing instruction: a verb and an amount (or a dose word after
# "you ...") within a short window, or "start low, go slow", an instruction with no number.
# The imperative list has base forms only, so "Taking more than 5 g daily was associated
# with dependence [2]" (a finding) is not read as an instruction.
_IMPERATIVE = (
    r"take|use|start\s+(?:with|at|on|off\s+with)|begin\s+(?:with|at)|try|dose|redose|"
    r"re-dose|add|mix|stir|drink|swallow|chew|consume|increase\s+to|go\s+up\s+to|"
    r"work\s+up\s+to|stay\s+(?:under|below)|(?:do\s+not|don't|never)\s+exceed|"
    r"limit\s+yourself\s+to|stick\s+(?:to|with)|aim\s+for"
)
_YOU = (
    r"\byou(?:'ll|\s+will|\s+can|\s+could|\s+should|\s+may|\s+might|\s+need\s+to|"
    r"\s+want\s+to|\s+would|\s+just)?\s+(?:" + _IMPERATIVE + r"|go\s+with|need)\b"
)
_DOSE_WORD = r"\b(?:dose|dosage|amount|grams?|capsules?|teaspoons?|mg|milligrams?)\b"
_HOW_MUCH = (
    AMOUNT.pattern
    + r"|"
    + FREQUENCY.pattern
    + r"|\b(?:after|wait)\s+\d+(?:\s*(?:-|to)\s*\d+)?\s*(?:hours?|hrs?|minutes?|mins?)\b"
)
INSTRUCTION = re.compile(
    r"(?:" + _YOU + r".{0,40}?(?:" + _HOW_MUCH + r"|" + _DOSE_WORD + r")"
    r"|(?:^|[.!?:;]\s*|\n\s*[-*\d.]*\s*)(?:" + _IMPERATIVE + r")\b.{0,40}?(?:" + _HOW_MUCH + r")"
    r"|\bstart\s+(?:low|small)\b.{0,20}\b(?:go\s+slow|slowly)\b"
    r"|\byour\s+(?:first\s+|starting\s+|daily\s+|usual\s+)?(?:dose|dosage)\s+(?:is|should\s+be|"
    r"would\s+be|of)\b.{0,30}?(?:"
    + AMOUNT.pattern
    + r")|(?:"
    + AMOUNT.pattern
    + r")\s+(?:should|would|will)\s+(?:be\s+)?(?:enough|fine|right|safe|ok(?:ay)?)\s+for\s+you\b)",
    re.IGNORECASE | re.DOTALL,
)

# No break after an initial ("O.C.G.A. 16-13-120", "U.S. Customs"): the sentence goes on.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)[\"')\]]*\s+(?=[\"'(\[*_]*[A-Z0-9¿¡])")


def find_amounts(text: str) -> list[str]:
    """Every amount or dosing frequency in the text, in order."""
    hits = [(m.start(), m.group(0)) for m in AMOUNT.finditer(text)]
    hits += [(m.start(), m.group(0)) for m in FREQUENCY.finditer(text)]
    return [h for _, h in sorted(hits)]


def citation_numbers(sentence: str) -> list[int]:
    """All citation numbers in a sentence: '[1]' -> [1], '[2, 3]' -> [2, 3], '[1-3]' -> [1, 2, 3]."""
    numbers: list[int] = []
    for match in CITATION.finditer(sentence):
        for part in re.split(r"\s*,\s*", match.group(1)):
            bounds = [int(x) for x in re.split(r"\s*[–-]\s*", part) if x.isdigit()]
            if len(bounds) == 2 and bounds[1] >= bounds[0] and bounds[1] - bounds[0] < 50:
                numbers.extend(range(bounds[0], bounds[1] + 1))
            else:
                numbers.extend(bounds)
    return numbers


def split_sentences(line: str) -> list[str]:
    """Split one line of Markdown into sentences; a citation after the full stop stays with it."""
    line = re.sub(r"([.!?])\s+(\[\d[^\]]*\])", r"\1\2", line)
    return [s for s in _SENTENCE_END.split(line) if s.strip()]

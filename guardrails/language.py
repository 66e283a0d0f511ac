"""A small language guess, good enough to pick the reply language.

Why not a library: the replies exist in eight languages, the turns are short, and a stopword
vote is transparent, fast and has no model to load. Unknown scripts or mixed text -> "en".
"""

from __future__ import annotations

import re

__all__ = ["guess_language"]

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """the is are how what i my can should of to and for with do does much many you it this that be have
                take about when why which""".split()
    ),
    "es": frozenset(
        """el la los las que y en un una es por para con cómo como cuánto cuántos qué puedo debo mi mis estoy
                está sobre tomar del al pero si no tengo mamá usted gramos dosis cuanto cuantos
                embarazada necesito""".split()
    ),
    "fr": frozenset(
        """le la les des et est une pour avec comment combien je mon ma mes puis dois sur du ne pas qui quelle
                quel dois-je puis-je j'ai prendre faut il grammes mère enceinte""".split()
    ),
    "de": frozenset(
        """der die das und ist ich mein meine meiner wie viel soll kann nicht mit für ein eine zu auf nehmen
                sollte darf gramm wieviel meinen mutter schwanger""".split()
    ),
    "pt": frozenset(
        """o os as que em um uma é para com como quanto quantos posso devo meu minha estou não sobre tomar você
                gramas mãe grávida preciso qual dor filho filha engoliu quantidade""".split()
    ),
    "it": frozenset(
        """il lo gli di che è per con come quanto quanti posso devo mio mia sono non sul prendere della grammi
                madre incinta ho""".split()
    ),
    "ms": frozenset(
        """saya boleh berapa untuk dan yang ini itu dengan tidak ada apa bagaimana ambil makan minum sakit ubat
                ketum mak ibu hamil banyak patut sehari""".split()
    ),
}
_DISTINCT = {
    "es": re.compile(r"[ñ¿¡]|ción\b"),
    "pt": re.compile(r"[ãõ]|ção\b"),
    "fr": re.compile(r"[èêàç]|\bqu'|\bj'|\bl'"),
    "de": re.compile(r"[äöüß]"),
    "it": re.compile(r"\bè\b|zione\b|\bperché\b"),
}
_WORDS = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def guess_language(text: str) -> str:
    """ISO 639-1 code of the most likely language among en, es, fr, de, pt, it, ms, th."""
    if not text:
        return "en"
    sample = text[:2000].lower()
    thai = sum(1 for ch in sample if "\u0e00" <= ch <= "\u0e7f")
    if thai >= 3 and thai >= 0.2 * sum(1 for ch in sample if ch.isalpha()):
        return "th"
    words = _WORDS.findall(sample)
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    for lang, pattern in _DISTINCT.items():
        scores[lang] += 2 * len(pattern.findall(sample))
    best = max(scores, key=lambda lang: scores[lang])
    if best == "en" or scores[best] < 2 or scores[best] <= scores["en"]:
        return "en"
    return best

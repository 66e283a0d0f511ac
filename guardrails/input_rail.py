"""Input rail: decides what the assistant does with the latest user turn.

Decision order (see guardrails/README.md): empty input -> rules on the last turn -> context
rules over earlier turns -> classifier (with a domain gate). The first step that decides wins.
classify() never raises: any internal error becomes an out-of-scope verdict, logged with the
exception type only (never the user's text).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.followup import leans_on_earlier
from core.vocabulary import Action, Category
from guardrails import context, rules
from guardrails.classifier import Embedder, IntentClassifier, load_examples
from guardrails.language import guess_language
from guardrails.lexicon import DOMAIN, KRATOM, MEDS, PROXY, ROLEPLAY
from guardrails.normalize import normalize
from guardrails.policy import ACTION_BY_CATEGORY, DECLINED, OUT_OF_SCOPE, URGENT

__all__ = ["Verdict", "Embedder", "InputRail"]

log = logging.getLogger(__name__)

_MAX_CHARS = 20_000  # rules see the head and tail of a huge message (padding attacks)
_EMBED_CHARS = 1_000  # MiniLM truncates at 256 word pieces anyway
_DECLINE_P = 0.40  # classifier thresholds, chosen on the dev split
_DECLINE_NO_CUE_P = 0.65  # ... and when the turn names no person, dose or medicine
_URGENT_P = 0.60
_OOS_OVER_DOMAIN_P = 0.80
_DOSE_WORD = re.compile(
    r"\b(?:amount|dose|dosage|doses|grams?|mg|milligrams?|capsules?|pills?|"
    r"tablets?|teaspoons?|scoops?|redose)\b"
)
_SELF_TARGET = re.compile(
    r"(?<!tell )(?<!show )(?<!give )(?<!help )\bme\b|\b(?:myself|my\s+(?:own\s+)?life|suicid\w*|die|dying|dead|end\s+(?:it|things|everything)|"
    r"wake\s+up|worth\s+living|goodbye|hurting|harm)\b"
)


@dataclass(frozen=True)
class Verdict:
    category: Category
    action: Action
    reason: str
    source: str
    language: str
    confidence: float


def _verdict(category: Category, reason: str, source: str, language: str, confidence: float) -> Verdict:
    return Verdict(category, ACTION_BY_CATEGORY[category], reason, source, language, round(confidence, 3))


def _as_text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    if len(text) > _MAX_CHARS:
        text = text[: _MAX_CHARS // 2] + " \n " + text[-_MAX_CHARS // 2 :]
    return text


def _turns(messages: Any) -> tuple[list[str], list[str], str]:
    """(earlier user turns, assistant turns, last user turn) as raw strings."""
    users: list[str] = []
    assistants: list[str] = []
    if isinstance(messages, (Mapping, str, bytes)):
        messages = [messages] if isinstance(messages, Mapping) else [{"role": "user", "content": messages}]
    for message in list(messages or [])[-20:]:
        if not isinstance(message, Mapping):
            continue
        role = str(message.get("role", "user")).lower()
        text = _as_text(message.get("content", ""))
        (assistants if role == "assistant" else users if role == "user" else []).append(text)
    last = users.pop() if users else ""
    return users, assistants, last


class InputRail:
    def __init__(self, embed: Embedder, cache_dir: Path | None = None) -> None:
        self._embed = embed
        self._classifier = IntentClassifier.train(embed, load_examples(), cache_dir)

    def classify(self, messages: Sequence[Mapping[str, str]]) -> Verdict:
        try:
            return self._classify(messages)
        except Exception as exc:  # the chain must always get a verdict
            log.error("input rail failed (%s); treating the turn as out of scope", type(exc).__name__)
            return _verdict(Category.off_topic, "could not be analysed", "rule:error", "en", 0.0)

    def _classify(self, messages: Sequence[Mapping[str, str]]) -> Verdict:
        prior_raw, assistants_raw, last_raw = _turns(messages)
        if not re.search(r"[^\W_]", last_raw):
            return _verdict(Category.off_topic, "empty message", "rule:empty", "en", 1.0)
        language = guess_language(last_raw)
        last = normalize(last_raw)
        rule = rules.match(last, language)
        if rule is not None:
            return _verdict(rule.category, rule.reason, f"rule:{rule.name}", language, 0.95)
        prior = [normalize(t) for t in prior_raw]
        assistants = [normalize(t) for t in assistants_raw]
        hit = context.match(last, prior, assistants, self._prior_category(prior))
        if hit is not None:
            return _verdict(hit.category, hit.reason, f"context:{hit.name}", language, 0.85)
        return self._classifier_verdict(last, prior, language)

    @staticmethod
    def _prior_category(prior: Sequence[str]) -> Category | None:
        """The category of the most recent earlier user turn that a rule recognises."""
        for text in reversed(prior[-3:]):
            rule = rules.match(text, guess_language(text))
            if rule is not None:
                return rule.category
        return None

    def _classifier_verdict(self, last: str, prior: Sequence[str], language: str) -> Verdict:
        # Only an elliptical follow-up ("and in Indiana?") is embedded with the turn before it;
        # a new question is embedded alone so an earlier decline does not colour it.
        elliptical = bool(prior) and leans_on_earlier(last, max_words=3)
        text = (prior[-1][-300:] + " " + last) if elliptical else last
        probs = self._classifier.predict(np.asarray(self._embed([text[:_EMBED_CHARS]])))[0]
        top = max(probs, key=probs.__getitem__)
        p = probs[top]
        # In a conversation about kratom, a follow-up is in scope even without a domain word.
        in_domain = bool(DOMAIN.search(last) or (prior and DOMAIN.search(prior[-1])))
        if language != "en":  # the embedding model is English-only: trust only kratom + rules
            if KRATOM.search(last) and top in DECLINED and p >= _DECLINE_P:
                return _verdict(top, "personal request about kratom", "classifier", language, p)
            category = Category.informational if KRATOM.search(text) else Category.off_topic
            return _verdict(
                category, "general question" if in_domain else "not about kratom or pain", "classifier", language, p
            )
        return self._decide(top, p, probs, in_domain, last, language)

    @staticmethod
    def _decide(
        top: Category, p: float, probs: Mapping[Category, float], in_domain: bool, last: str, language: str
    ) -> Verdict:
        about_person = bool(re.search(r"\b(?:i|i'm|me|my|myself)\b", last) or PROXY.search(last))
        fiction = bool(ROLEPLAY.search(last))
        # The crisis reply is for harm to oneself: "how do I kill someone" is not routed to 988.
        to_self = top is not Category.self_harm or bool(_SELF_TARGET.search(last))
        if top in URGENT and p >= _URGENT_P and about_person and to_self and not fiction:
            return _verdict(
                top,
                "sounds like " + ("a crisis" if top is Category.self_harm else "an emergency"),
                "classifier",
                language,
                p,
            )
        cue = about_person or rules.asks_for_dose(last) or bool(MEDS.search(last))
        # Declines are about kratom and the person's health; "where can I buy a can of coke?" is
        # simply out of scope. A dose for a person needs no substance named to be declined.
        dose_for_someone = top is Category.personal_dosing and about_person and bool(_DOSE_WORD.search(last))
        if top in DECLINED and (in_domain or dose_for_someone) and p >= (_DECLINE_P if cue else _DECLINE_NO_CUE_P):
            return _verdict(top, "personal decision for a clinician", "classifier", language, p)
        if top in OUT_OF_SCOPE and (not in_domain or p >= _OOS_OVER_DOMAIN_P):
            return _verdict(top, "outside kratom and chronic pain", "classifier", language, p)
        if in_domain:
            return _verdict(
                Category.informational,
                "general question about kratom or pain",
                "classifier",
                language,
                probs.get(Category.informational, p),
            )
        return _verdict(Category.off_topic, "not about kratom or chronic pain", "classifier", language, p)

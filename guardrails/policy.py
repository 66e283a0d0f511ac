"""What the assistant does with each kind of question, and what it says when it does not answer.

The table lives in guardrails/categories.toml (category -> action, reply template keys,
resources); the reply texts live in guardrails/lang/<code>.toml. This module only reads them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from core.vocabulary import Action, Category
from guardrails.vocab import pack, packs

__all__ = [
    "Category",
    "Action",
    "ACTION_BY_CATEGORY",
    "HelpResource",
    "RESOURCES",
    "DECLINED",
    "URGENT",
    "OUT_OF_SCOPE",
    "CategoryRow",
    "TABLE",
    "reply_for",
    "REPLY_LANGUAGES",
]

TABLE_FILE = Path(__file__).resolve().parent / "categories.toml"


@dataclass(frozen=True)
class HelpResource:
    name: str
    number: str
    how: str
    url: str


@dataclass(frozen=True)
class CategoryRow:
    category: Category
    action: Action
    reply: tuple[str, ...]
    resources: tuple[str, ...]


def _load_table() -> tuple[Mapping[Category, CategoryRow], Mapping[str, HelpResource]]:
    data = tomllib.loads(TABLE_FILE.read_text(encoding="utf-8"))
    rows = {
        Category(r["name"]): CategoryRow(
            Category(r["name"]), Action(r["action"]), tuple(r["reply"]), tuple(r["resources"])
        )
        for r in data["category"]
    }
    resources = {key: HelpResource(**value) for key, value in data["resources"].items()}
    return MappingProxyType(rows), MappingProxyType(resources)


TABLE, RESOURCES = _load_table()
# informational -> answered: the chain may still turn it into no_evidence after retrieval.
ACTION_BY_CATEGORY: Mapping[Category, Action] = MappingProxyType({c: row.action for c, row in TABLE.items()})
DECLINED = frozenset(c for c, a in ACTION_BY_CATEGORY.items() if a is Action.declined)
URGENT = frozenset(c for c, a in ACTION_BY_CATEGORY.items() if a is Action.urgent)
OUT_OF_SCOPE = frozenset(c for c, a in ACTION_BY_CATEGORY.items() if a is Action.out_of_scope)
REPLY_LANGUAGES = frozenset(packs())


def _numbers() -> dict[str, str]:
    return {key: res.number for key, res in RESOURCES.items()}


def _template(keys: tuple[str, ...], language: str) -> str:
    for code in (language, "en"):
        found = next((pack(code).reply(k) for k in keys if pack(code).reply(k)), None)
        if found:
            return found
    raise KeyError(f"no reply template among {keys}")


def reply_for(category: Category, language: str = "en") -> str:
    """The Markdown reply for a declined, urgent or out-of-scope category, in the user's language.

    Never contains an amount. Every supported language has every template; an unsupported one
    gets English with a one-line note. Raises ValueError for `informational`, which is answered from the sources instead.
    """
    row = TABLE[Category(category)]
    if row.action is Action.answered:
        raise ValueError("informational questions are answered from the sources, not by a fixed reply")
    lang = (language or "en").lower()[:2]
    if lang in REPLY_LANGUAGES:
        return _template(row.reply, lang).format(**_numbers())
    note = pack("en").reply("english_only_note") or ""
    return note + "\n\n" + _template(row.reply, "en").format(**_numbers())

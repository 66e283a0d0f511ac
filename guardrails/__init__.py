"""Guardrails for kratom-qa: what to answer, what to decline, and what never to say.

Imports nothing from `assistant`: it sees strings, plain data and an embedding callable.
"""

from guardrails.input_rail import Embedder, InputRail, Verdict
from guardrails.leaks import find_personal_amounts
from guardrails.output_rail import OutputCheck, check_answer
from guardrails.policy import ACTION_BY_CATEGORY, RESOURCES, Action, Category, HelpResource, reply_for

__all__ = [
    "ACTION_BY_CATEGORY",
    "RESOURCES",
    "Action",
    "Category",
    "Embedder",
    "HelpResource",
    "InputRail",
    "OutputCheck",
    "Verdict",
    "check_answer",
    "find_personal_amounts",
    "reply_for",
]

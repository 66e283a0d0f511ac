"""What points back at an earlier turn (core/followup.py), and what only looks like it."""

from __future__ import annotations

import pytest

from core.followup import points_back


@pytest.mark.parametrize(
    "text",
    [
        "is that safe?",
        "does that help?",
        "how sure is that?",
        "what did that study find?",
        "and the studies that found it?",
        "is it legal there?",
    ],
)
def test_a_pointer_points_back(text: str) -> None:
    assert points_back(text), text


@pytest.mark.parametrize(
    "text",
    [
        # "that" joining a clause to the noun before it.
        "is there a free number we can call that'll point us to treatment near us?",
        "are there studies that show benefit for back pain?",
        "is there a program that helps people quit kratom?",
    ],
)
def test_a_relative_that_points_at_nothing_said_before(text: str) -> None:
    assert not points_back(text), text

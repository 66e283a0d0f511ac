"""What a turn leaves in the logs: an id, the category, action, sizes and timings.

What people type about their pain and medicines is health information. It never reaches a log
record unless KQA_LOG_TEXT=1 (Settings.log_text), which is meant for local debugging only.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from core.vocabulary import Message, Response


def new_turn_id() -> str:
    """A random id that ties a turn's log lines together and says nothing about the person."""
    return uuid.uuid4().hex[:12]


def log_turn(
    logger: logging.Logger,
    turn_id: str,
    turns: Sequence[Message],
    response: Response,
    elapsed_ms: float,
    log_text: bool,
) -> None:
    t = response.timings
    question = turns[-1].content if turns else ""
    logger.info(
        "turn id=%s action=%s category=%s turns=%d chars=%d citations=%s total_ms=%.0f guard_ms=%.0f "
        "retrieval_ms=%.0f compose_ms=%.0f",
        turn_id,
        response.action,
        response.category,
        len(turns),
        len(question),
        ",".join(c.source_id for c in response.citations) or "-",
        elapsed_ms,
        t.guardrail_ms,
        t.retrieval_ms,
        t.compose_ms,
    )
    if log_text:
        logger.info(
            "turn id=%s text=%r query=%r reason=%r answer=%r",
            turn_id,
            question,
            response.query,
            response.reason,
            response.answer,
        )

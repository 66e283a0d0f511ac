"""A full queue tells the person what happened and what to do, instead of Gradio's bare 503."""

from __future__ import annotations

import asyncio
import json

from starlette.exceptions import HTTPException

from frontends.ui import BUSY, busy_reply


def reply(status: int, detail: str):
    return asyncio.run(busy_reply(None, HTTPException(status_code=status, detail=detail)))


def test_a_full_queue_is_a_429_with_the_busy_message_and_a_retry_time() -> None:
    response = reply(503, "Queue is full. Max size is 64 and size is 64.")
    assert response.status_code == 429
    assert json.loads(response.body) == {"detail": BUSY}
    assert int(response.headers["retry-after"]) > 0
    assert "911" in BUSY and "Poison Help" in BUSY


def test_other_http_errors_are_left_as_they_were() -> None:
    response = reply(503, "Queue is stopped.")
    assert response.status_code == 503
    assert json.loads(response.body) == {"detail": "Queue is stopped."}
    assert reply(404, "Not Found").status_code == 404

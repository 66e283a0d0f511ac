"""The same hostile texts through the running app's /chat endpoint (gradio_client): a reply, never a crash."""

from __future__ import annotations

import pytest
from gradio_client import Client

from tests.hostile import RAW_HTML, SECRET, TEXTS


# A lone surrogate cannot be encoded as UTF-8, so no HTTP client (browser or gradio_client) can
# send one; the batch and property tests cover it where it can arrive (JSON escapes).
@pytest.mark.parametrize("name", [name for name in TEXTS if name != "surrogate"])
def test_hostile_text_gets_a_markdown_reply_without_raw_html(ui_server, name: str) -> None:
    client = Client(ui_server.url, verbose=False, analytics_enabled=False, download_files=False)
    reply = client.predict(TEXTS[name], api_name="/chat")
    assert isinstance(reply, str) and reply.strip()
    assert not any(tag in reply.lower() for tag in RAW_HTML), reply
    assert "Search is unavailable" not in reply and "Traceback" not in reply
    if name == "huge":
        assert "characters" in reply


def test_the_app_kept_no_user_text_in_its_log(ui_server) -> None:
    assert SECRET not in ui_server.log_tail(500_000)

"""The optional LLM composer against a real OpenAI-compatible HTTP server on loopback (a fake model).

The answer comes from the LLM only when every sentence carries a valid [n] and the output rail
passes it; otherwise, and when the server is down, the extractive brief answers.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.chat import Assistant

MARKER = re.compile(r"\[(\d+)\]")


class FakeModel(BaseHTTPRequestHandler):
    reply = ""
    seen: list[dict] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeModel.seen.append(body)
        payload = {
            "id": "c1",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "m"),
            "choices": [
                {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": FakeModel.reply}}
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def llm_assistant(built_fixture):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeModel)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings, _ = built_fixture
    local = settings.model_copy(update={"llm_url": f"http://127.0.0.1:{server.server_port}/v1", "llm_model": "fake"})
    yield Assistant(local)
    server.shutdown()


def ask(assistant, text: str):
    return assistant.ask([{"role": "user", "content": text}])


def test_valid_llm_answer_is_used_and_citations_renumbered(llm_assistant) -> None:
    FakeModel.reply = (
        "A registry described eleven adults with cholestatic liver injury after kratom [2]. "
        "All of them recovered after stopping the product [1]."
    )
    response = ask(llm_assistant, "Can kratom cause liver injury?")
    assert response.action == "answered"
    assert response.answer.startswith("A registry described eleven adults")
    assert [int(n) for n in MARKER.findall(response.answer)] == [1, 2]
    assert [c.n for c in response.citations] == [1, 2]
    prompt = FakeModel.seen[-1]["messages"][-1]["content"]
    assert "Can kratom cause liver injury?" in prompt and "[1]" in prompt


@pytest.mark.parametrize(
    "bad_reply",
    [
        "Kratom can injure the liver. Most people recover [1].",  # a sentence without a citation
        "Kratom can injure the liver [9].",  # a citation that does not exist
        "",
    ],
)
def test_invalid_llm_answer_falls_back_to_the_extractive_brief(llm_assistant, bad_reply) -> None:
    FakeModel.reply = bad_reply
    response = ask(llm_assistant, "Can kratom cause liver injury?")
    assert response.answer.startswith("**Bottom line:**")
    assert {int(n) for n in MARKER.findall(response.answer)} == {c.n for c in response.citations}


def test_llm_dosing_instruction_never_reaches_the_user(llm_assistant) -> None:
    FakeModel.reply = "Survey respondents often took 1 to 3 g per dose [1]. You should take 3 g twice a day [1]."
    response = ask(llm_assistant, "What amounts did survey respondents report?")
    assert "You should take" not in response.answer


def test_llm_server_down_still_answers(built_fixture) -> None:
    settings, _ = built_fixture
    down = settings.model_copy(update={"llm_url": "http://127.0.0.1:9/v1", "llm_timeout": 2.0})
    response = ask(Assistant(down), "Can kratom cause liver injury?")
    assert response.action == "answered" and response.answer.startswith("**Bottom line:**")

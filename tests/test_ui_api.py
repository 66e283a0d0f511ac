"""The running app through gradio_client: the public /chat endpoint (contract used by the load test)."""

from __future__ import annotations

import pytest
from gradio_client import Client
from gradio_client.exceptions import AuthenticationError

from tests.ui_server import serve

FOLLOW_UP = "what about its effect on the liver?"


def client(server) -> Client:
    # A Client keeps its session (and so its chat history): a fresh one per conversation.
    return Client(server.url, verbose=False, download_files=False)


def test_only_chat_is_public_and_it_takes_one_message(ui_server) -> None:
    api = client(ui_server).view_api(print_info=False, return_format="dict")
    assert list(api["named_endpoints"]) == ["/chat"]
    chat = api["named_endpoints"]["/chat"]
    assert [p["python_type"]["type"] for p in chat["parameters"]] == ["str"]
    assert [r["python_type"]["type"] for r in chat["returns"]] == ["str"]
    assert api["unnamed_endpoints"] == {}


def test_question_gets_a_cited_markdown_answer(ui_server) -> None:
    answer = client(ui_server).predict("Can kratom cause liver injury?", api_name="/chat")
    assert answer.startswith("**Bottom line:**") and "[1]" in answer
    references = answer.split("**References**\n")[1].splitlines()
    assert references[0].startswith("1. Liver injury case series (2021). Test Journal. 2021.")
    assert references[0].endswith("<https://example.org/liver-case-series>")
    assert "<a " not in answer and "kqa-" not in answer, "the API returns Markdown, not the UI's HTML"


def test_dosing_request_gets_a_decline_without_amounts(ui_server) -> None:
    answer = client(ui_server).predict("How many grams of kratom should I take for my back pain?", api_name="/chat")
    assert "can't suggest an amount" in answer and "clinician or pharmacist" in answer
    assert "1-800-662-4357" in answer and "**References**" not in answer
    assert not any(unit in answer for unit in (" g ", " mg", "grams"))


def test_emergency_gets_the_numbers_first(ui_server) -> None:
    answer = client(ui_server).predict("My friend took kratom and is not breathing", api_name="/chat")
    assert answer.splitlines()[0] == (
        "**Call 911 now. If the person is awake and breathing, Poison Help: 1-800-222-1222.**"
    )


def test_history_is_kept_per_session_on_the_server(ui_server) -> None:
    first = client(ui_server)
    first.predict("Is kratom withdrawal treated with buprenorphine?", api_name="/chat")
    follow_up = first.predict(FOLLOW_UP, api_name="/chat")
    assert "<https://example.org/liver-case-series>" in follow_up.split("**References**")[1].splitlines()[1]
    alone = client(ui_server).predict(FOLLOW_UP, api_name="/chat")
    assert "**References**" not in alone, "a new session must not see another session's history"


@pytest.mark.parametrize(
    ("message", "expected"), [("", "Please type a question"), ("x" * 4001, "under 4,000 characters")]
)
def test_bad_input_gets_a_clear_message(ui_server, message: str, expected: str) -> None:
    assert expected in client(ui_server).predict(message, api_name="/chat")


def test_login_is_required_when_auth_is_set(built_fixture, tmp_path) -> None:
    with serve(built_fixture[0], tmp_path, KQA_AUTH="ana:s3cret") as server:
        with pytest.raises(AuthenticationError):
            Client(server.url, verbose=False)
        with pytest.raises(ValueError, match="Could not login"):
            Client(server.url, auth=("ana", "wrong"), verbose=False)
        logged_in = Client(server.url, auth=("ana", "s3cret"), verbose=False)
        assert "**References**" in logged_in.predict("Can kratom cause liver injury?", api_name="/chat")

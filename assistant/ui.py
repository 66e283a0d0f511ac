"""The Gradio chat UI (the only gradio import). Rendering a Response is a pure function."""

from __future__ import annotations

import html

import gradio as gr

from assistant.chat import Assistant
from assistant.settings import Settings
from assistant.types import Message, Response

EXAMPLES = [
    "Is there evidence that kratom helps chronic pain?",
    "Can kratom cause liver injury?",
    "What happens when people stop using kratom?",
    "What has the FDA said about 7-OH products?",
]
URGENT_BANNER = "**Emergency: call 911 now. Poison Help: 1-800-222-1222. Crisis: call or text 988.**"


def render_response(response: Response) -> str:
    """Markdown for the chat: the answer, then numbered references linking to the originals."""
    parts = []
    if response.action == "urgent":
        parts.append(URGENT_BANNER)
    parts.append(response.answer)
    if response.citations:
        refs = ["**References**"]
        for c in response.citations:
            title = html.escape(c.title)
            link = f"[{title}]({c.url})" if c.url else title
            refs.append(f"{c.n}. {link} ({c.publisher or c.evidence}, {c.year}). *{c.evidence}*, {html.escape(c.locator)}.")
        parts.append("\n".join(refs))
    return "\n\n".join(parts)


def history_to_messages(history: list[dict], message: str) -> list[Message]:
    turns = []
    for item in history:
        role, content = item.get("role"), item.get("content")
        if role in ("user", "assistant") and isinstance(content, str):
            turns.append(Message(role=role, content=content))
    turns.append(Message(role="user", content=message))
    return turns


def build_ui(assistant: Assistant, settings: Settings) -> gr.Blocks:
    def respond(message: str, history: list[dict]) -> str:
        return render_response(assistant.ask(history_to_messages(history, message)))

    return gr.ChatInterface(
        respond,
        title="kratom-qa",
        description=(
            "Answers about kratom and chronic pain from vetted sources, with citations. "
            "Information only: it never gives a personal dose or medical advice."
        ),
        examples=EXAMPLES,
        run_examples_on_click=True,
        cache_examples=False,
        analytics_enabled=False,
        flagging_mode="never",
        concurrency_limit=4,
        textbox=gr.Textbox(placeholder="Ask about the evidence on kratom...", max_length=settings.max_input_chars,
                           label="Your question"),
    )

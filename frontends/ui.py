"""The Gradio app (the only gradio import): chat with citation cards, the source library, about.

The UI never computes answers: every turn goes through Assistant.ask, and the pure functions
in frontends.render turn the Response into what the chat shows.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import gradio as gr

from assistant.chat import Assistant
from core.settings import Settings
from core.vocabulary import Message, Response
from frontends.feedback import FeedbackEntry, FeedbackStore, Rating
from frontends.library import ANY, Library, entry_html, results_summary, topic_label, type_label
from frontends.render import PENDING, about_markdown, answer_markdown, help_strip, stream_steps, user_message
from frontends.serving import Credentials, bind_warning

log = logging.getLogger(__name__)

EXAMPLES = [
    "Is there evidence that kratom helps chronic pain?",
    "Can kratom cause liver injury?",
    "What withdrawal symptoms do studies describe?",
    "What is the legal status of kratom in the US?",
]
HISTORY_MESSAGES = 12  # the last six exchanges are enough context for follow-ups
STREAM_DELAY = 0.03
CONCURRENCY, QUEUE_SIZE = 4, 64
FAILED = (
    "Something went wrong while searching the vetted sources, so there is no answer this time. "
    "Please try again. If this is an emergency, call 911 or Poison Help at 1-800-222-1222."
)
NOT_SAVED = "Your rating was **not saved**: tick *Save my ratings* first if you want to share it."
CSS_PATH = Path(__file__).with_name("ui.css")
# The system's own fonts: nothing to download, and every glyph in every weight is present.
SYSTEM_FONTS = ["Segoe UI", "Roboto", "Helvetica Neue", "Noto Sans", "Liberation Sans", "Arial", "sans-serif"]
THEME = gr.themes.Default(
    primary_hue="blue", neutral_hue="slate", font=SYSTEM_FONTS, font_mono=["DejaVu Sans Mono", "Consolas", "monospace"]
)
# After an answer, show it from its question down rather than from the end of its citation cards.
SCROLL_TO_QUESTION = """() => {
  const log = document.querySelector('#kqa-chat [role=log]');
  const rows = log ? log.querySelectorAll('.user-row') : [];
  if (rows.length) log.scrollTop += rows[rows.length - 1].getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
}"""
# Gradio scopes css to the app's content; the page margins sit outside it, so this goes in <head>.
NARROW_MARGINS = (
    "<style>@media (max-width: 640px) { .gradio-container .main.app "
    "{ padding-left: 6px !important; padding-right: 6px !important; } }</style>"
)

# Gradio labels each chat message with its raw source text (our card HTML included), which a
# screen reader would read out instead of the message; without the label it reads the message.
READABLE_MESSAGES = """() => {
  const strip = () => document.querySelectorAll('[data-testid=bot][aria-label], [data-testid=user][aria-label]')
    .forEach((el) => el.removeAttribute('aria-label'));
  new MutationObserver(strip).observe(document.body,
    {subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label']});
}"""


def remember(history: list[dict], question: str, response: Response) -> list[dict]:
    """The text history the chain sees next turn (answers without their cards), kept short."""
    if response.category == "invalid_input":
        return history
    turn = [{"role": "user", "content": question}, {"role": "assistant", "content": response.answer}]
    return [*history, *turn][-HISTORY_MESSAGES:]


class ChatHandlers:
    """What each chat event does; state lives in the session, the Assistant is shared."""

    def __init__(self, assistant: Assistant, library: Library, feedback: FeedbackStore) -> None:
        self.assistant = assistant
        self.topics = library.topics_by_source()
        self.feedback = feedback

    def ask(self, history: list[dict], question: str) -> Response:
        turns = [Message.model_validate(m) for m in history[-HISTORY_MESSAGES:]]
        try:
            return self.assistant.ask([*turns, Message(role="user", content=question)])
        except Exception:  # one failed turn must not break the conversation
            log.exception("turn failed")
            return Response(action="no_evidence", category="error", answer=FAILED, reason="error")

    def respond(self, message: str, chat: list, history: list[dict], turns: dict) -> Iterator[tuple]:
        """Show the question at once, then stream the reply; outputs: box, chat, history, turns, copy."""
        if not (message or "").strip():
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        chat = [*chat, {"role": "user", "content": user_message(message)}, {"role": "assistant", "content": PENDING}]
        yield "", chat, gr.skip(), gr.skip(), gr.skip()
        response = self.ask(history, message)
        index = len(chat) - 1
        *partial, final = stream_steps(response, index, self.topics)
        for step in partial:
            yield gr.skip(), [*chat[:-1], {"role": "assistant", "content": step}], gr.skip(), gr.skip(), gr.skip()
            time.sleep(STREAM_DELAY)
        chat = [*chat[:-1], {"role": "assistant", "content": final}]
        markdown = answer_markdown(response, self.topics)
        record = {
            "question": message,
            "markdown": markdown,
            "action": response.action,
            "category": response.category,
            "sources": [c.source_id for c in response.citations],
        }
        yield gr.skip(), chat, remember(history, message, response), {**turns, index: record}, markdown

    def api_chat(self, message: str, history: list[dict]) -> tuple[str, list[dict]]:
        """The public /chat endpoint: one message in, the answer as Markdown out, history kept per session."""
        question = message if isinstance(message, str) else ""
        response = self.ask(history or [], question)
        return answer_markdown(response, self.topics), remember(history or [], question, response)

    def rate(self, data: gr.LikeData, opted_in: bool, turns: dict, rated: dict) -> tuple:
        """Outputs: status, reason box, rated (chat index -> row id), the row a reason will go to."""
        record = turns.get(data.index) if isinstance(data.index, int) else None
        if record is None:
            return _status("Only answers can be rated."), gr.update(visible=False), rated, None
        if not opted_in:
            return _status(NOT_SAVED), gr.update(visible=False), rated, None
        rating: Rating | None = {True: "up", False: "down"}.get(data.liked)  # type: ignore[assignment]
        row = rated.get(data.index)
        if rating is None:
            if row is not None:
                self.feedback.delete(row)
            return _status("Rating removed."), gr.update(visible=False), _without(rated, data.index), None
        if row is None:
            row = self.feedback.add(
                FeedbackEntry(
                    rating=rating,
                    question=record["question"],
                    answer=record["markdown"],
                    action=record["action"],
                    category=record["category"],
                    sources=record["sources"],
                )
            )
        else:
            self.feedback.set_rating(row, rating)
        words = "thumbs up" if rating == "up" else "thumbs down"
        return (
            _status(f"Thank you: your {words} is saved. You can add a reason below."),
            gr.update(visible=True),
            {**rated, data.index: row},
            row,
        )

    def save_reason(self, reason: str, row: int | None) -> tuple:
        if row is None:
            return _status("Rate an answer with the thumbs first."), gr.update()
        self.feedback.set_reason(row, reason or "")
        return _status("Reason saved. Thank you."), gr.update(value="", visible=False)


def _status(text: str) -> dict:
    return gr.update(value=text, visible=True)


def _without(mapping: dict, key: object) -> dict:
    return {k: v for k, v in mapping.items() if k != key}


def _pick_example(evt: gr.SelectData) -> str:
    value = evt.value
    return value.get("text", "") if isinstance(value, dict) else str(value)


def _clear() -> tuple:
    # chat, history, turns, rated, copy box, status, reason box, feedback row
    return [], [], {}, {}, "", gr.update(value="", visible=False), gr.update(value="", visible=False), None


def _chat_tab(handlers: ChatHandlers, settings: Settings) -> None:
    history, turns, rated, row = gr.State([]), gr.State({}), gr.State({}), gr.State(None)
    chatbot = gr.Chatbot(
        label="Conversation",
        show_label=False,
        elem_id="kqa-chat",
        height="62vh",
        min_height=320,
        buttons=[],
        examples=[{"text": q} for q in EXAMPLES],
        latex_delimiters=[],
        layout="panel",
        autoscroll=False,
        placeholder="**Ask what the vetted sources say about kratom and chronic pain.**\n\nEvery claim in an answer is numbered and linked to its source below it. Choose an example or type a question.",
    )
    with gr.Row(equal_height=False, elem_id="kqa-ask-row"):
        box = gr.Textbox(
            label="Your question",
            placeholder="Ask a question...",
            lines=1,
            max_lines=6,
            scale=5,
            elem_id="kqa-input",
            info=f"Up to {settings.max_input_chars:,} characters. Enter sends.",
        )
        send = gr.Button("Ask", variant="primary", scale=1, min_width=90, elem_id="kqa-send")
    with gr.Accordion("Copy this answer with its references (Markdown)", open=False, elem_id="kqa-copy"):
        copy = gr.Code(
            language="markdown",
            label="Last answer, with references",
            interactive=False,
            buttons=["copy", "download"],
            wrap_lines=True,
            lines=4,
        )
    with gr.Group(elem_id="kqa-feedback"):
        opt_in = gr.Checkbox(
            value=False,
            label="Save my ratings of answers (with the question and answer) in this server's local feedback file",
            info="Off unless you tick it. Use the thumbs under an answer; nothing is sent anywhere else.",
        )
        status = gr.Markdown(visible=False, elem_id="kqa-feedback-status")
        reason = gr.Textbox(
            label="Why? (optional)",
            placeholder="What was helpful or wrong?",
            visible=False,
            max_length=1000,
            elem_id="kqa-reason",
            submit_btn="Save reason",
        )
    clear = gr.Button("Clear conversation", variant="secondary", size="sm", elem_id="kqa-clear")

    chat_io = dict(
        fn=handlers.respond,
        inputs=[box, chatbot, history, turns],
        outputs=[box, chatbot, history, turns, copy],
        show_progress="hidden",
        api_visibility="private",
        concurrency_id="chat",
    )
    for event in (
        box.submit(**chat_io),
        send.click(**chat_io),
        chatbot.example_select(_pick_example, None, box, api_visibility="private").then(**chat_io),
    ):
        event.then(None, js=SCROLL_TO_QUESTION, api_visibility="private")
    chatbot.like(handlers.rate, [opt_in, turns, rated], [status, reason, rated, row], api_visibility="private")
    reason.submit(handlers.save_reason, [reason, row], [status, reason], api_visibility="private")
    resets = [chatbot, history, turns, rated, copy, status, reason, row]
    clear.click(_clear, None, resets, api_visibility="private")
    chatbot.clear(_clear, None, resets, api_visibility="private")  # the chat's own trash button

    api_in, api_out, api_history = gr.Textbox(visible=False), gr.Textbox(visible=False), gr.State([])
    api_in.submit(
        handlers.api_chat,
        [api_in, api_history],
        [api_out, api_history],
        api_name="chat",
        concurrency_id="chat",
        api_description="Ask a question; returns the answer and its references as Markdown.",
    )


def _library_tab(library: Library) -> None:
    total = len(library.entries)
    gr.Markdown(
        "Every source the assistant can cite, with our digest of it and why it was approved. "
        "Search words match titles, authors, publishers and findings."
    )
    if library.problem:
        gr.Markdown(f"**The source list could not be read:** {library.problem}")
    with gr.Row(elem_id="kqa-lib-filters"):
        query = gr.Textbox(
            label="Search the library", placeholder="e.g. liver, FDA, withdrawal", scale=2, elem_id="kqa-lib-search"
        )
        topic = gr.Dropdown(
            [("Any topic", ANY)] + [(topic_label(t), t) for t in library.topics()], value=ANY, label="Topic"
        )
        kind = gr.Dropdown([("Any type", ANY)] + [(type_label(t), t) for t in library.types()], value=ANY, label="Type")
        year = gr.Dropdown([("Any year", 0)] + [(str(y), y) for y in library.years()], value=0, label="Year")
    count = gr.Markdown(results_summary(total, total), elem_id="kqa-lib-count")
    with gr.Row(elem_id="kqa-lib-row"):
        results = gr.Radio(
            [(e.label, e.source.id) for e in library.entries], label="Sources", scale=1, elem_id="kqa-lib-results"
        )
        detail = gr.HTML(entry_html(None), elem_id="kqa-lib-detail", padding=True, scale=1)

    def refresh(text: str, topic_value: str, kind_value: str, year_value: int) -> tuple:
        found = library.search(text, topic_value, kind_value, int(year_value or 0) or None)
        return gr.update(choices=[(e.label, e.source.id) for e in found], value=None), results_summary(
            len(found), total
        )

    filters = [query, topic, kind, year]
    for control in filters:
        control.change(
            refresh,
            filters,
            [results, count],
            api_visibility="private",
            trigger_mode="always_last",
            show_progress="hidden",
        )
    results.change(
        lambda sid: entry_html(library.get(sid) if sid else None),
        results,
        detail,
        api_visibility="private",
        scroll_to_output=True,
    )


def build_ui(assistant: Assistant, settings: Settings) -> gr.Blocks:
    library = Library.load(settings)
    handlers = ChatHandlers(assistant, library, FeedbackStore(settings.feedback_file))
    with gr.Blocks(title="kratom-qa: evidence on kratom and chronic pain", analytics_enabled=False) as demo:
        gr.HTML(
            '<header class="kqa-header"><h1>kratom-qa</h1><p>What vetted sources say about kratom and '
            "chronic pain, every claim cited. Information only: no personal medical advice and no doses.</p>"
            f"{help_strip()}</header>"
        )
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                _chat_tab(handlers, settings)
            with gr.Tab("Library", id="library"):
                _library_tab(library)
            with gr.Tab("About & safety", id="about"):
                gr.Markdown(about_markdown(len(library.entries), library.last_reviewed()), elem_id="kqa-about")
    return demo


def launch(demo: gr.Blocks, settings: Settings, credentials: Credentials | None) -> None:
    """Serve on the configured address: never a share link, login when credentials are given."""
    warning = bind_warning(settings.host, credentials)
    if warning:
        log.warning(warning)
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE).launch(
        server_name=settings.host,
        server_port=settings.port,
        share=False,
        auth=credentials,
        auth_message="kratom-qa: please log in.",
        footer_links=["api", "settings"],
        theme=THEME,
        css_paths=[CSS_PATH],
        head=NARROW_MARGINS,
        js=READABLE_MESSAGES,
        show_error=False,
    )

"""The Gradio app (the only gradio import): chat with citation cards, the source library, about.

The UI never computes answers: every turn goes through Assistant.ask, and the pure functions
in frontends.render turn the Response into what the chat shows.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import gradio as gr
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response as HTTPResponse

from assistant.chat import Assistant
from core.settings import Settings
from core.vocabulary import Message, Response
from frontends.feedback import FeedbackEntry, FeedbackStore, Rating
from frontends.library import (
    ANY,
    PAGE_SIZE,
    Entry,
    Library,
    entry_html,
    page_of,
    page_summary,
    pages,
    population_label,
    topic_label,
    type_label,
)
from frontends.render import PENDING, about_markdown, answer_markdown, help_strip, stream_steps, user_message
from frontends.serving import Credentials, bind_warning
from guardrails.language import guess_language

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
# Shown instead of Gradio's 503 "Queue is full" once QUEUE_SIZE turns are waiting. Sent as 429 with
# a detail, because the page shows the detail of any status but 503, for which it has its own text.
BUSY = (
    "Too many questions are waiting right now, so yours was not sent. Please wait a minute and ask "
    "again. If this is an emergency, call 911 or Poison Help at 1-800-222-1222."
)
BUSY_RETRY_SECONDS = 30
NOT_SAVED = (
    "Your rating was **not saved**, so the thumb stays off. To share ratings, tick "
    "**Save my ratings of answers** below, then press the thumb again."
)
CSS_PATH = Path(__file__).with_name("ui.css")
# The system's own fonts: nothing to download, and every glyph in every weight is present.
SYSTEM_FONTS = ["Segoe UI", "Roboto", "Helvetica Neue", "Noto Sans", "Liberation Sans", "Arial", "sans-serif"]
# Links, the selected tab and other accents in a blue dark enough for 4.5:1 on white (blue-500 is 3.7:1).
AA_BLUE, AA_BLUE_DARK = "#1d4ed8", "#93c5fd"
THEME = gr.themes.Default(
    primary_hue="blue", neutral_hue="slate", font=SYSTEM_FONTS, font_mono=["DejaVu Sans Mono", "Consolas", "monospace"]
).set(
    color_accent=AA_BLUE,
    button_primary_background_fill=AA_BLUE,
    button_primary_background_fill_hover="#1e40af",
    button_primary_text_color="#ffffff",
    link_text_color=AA_BLUE,
    link_text_color_hover=AA_BLUE,
    link_text_color_active=AA_BLUE,
    link_text_color_visited="#6d28d9",
    link_text_color_dark=AA_BLUE_DARK,
    link_text_color_hover_dark=AA_BLUE_DARK,
    link_text_color_active_dark=AA_BLUE_DARK,
    link_text_color_visited_dark="#c4b5fd",
)
# After an answer, show it from its question down rather than from the end of its citation cards.
SCROLL_TO_QUESTION = """() => {
  const log = document.querySelector('#kqa-chat [role=log]');
  const rows = log ? log.querySelectorAll('.user-row') : [];
  if (rows.length) log.scrollTop += rows[rows.length - 1].getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
}"""
# Gradio scopes css to the app's content; the page margins sit outside it, so this goes in <head>.
# The footer's links are grey on white (2.6:1): they take the body text colour and an underline;
# with one link left, the footer's separator dots have nothing to separate.
NARROW_MARGINS = (
    "<style>@media (max-width: 640px) { .gradio-container .main.app "
    "{ padding-left: 6px !important; padding-right: 6px !important; } }"
    " footer a, footer button, .show-api { color: var(--body-text-color) !important; text-decoration: underline; }"
    " footer .divider { display: none; }"
    " button[role=tab][aria-selected=true] { color: #1d4ed8 !important; }"
    " .dark button[role=tab][aria-selected=true] { color: #93c5fd !important; }</style>"
)

# Gradio labels each chat message with its raw source text (our card HTML included), which a
# screen reader would read out instead of the message; without the label it reads the message.
# The observer also runs once now, for what is already on the page.
# A suggested question in a reply is a button that asks it; a card's library link opens the
# source in the Library tab without leaving the conversation.
PAGE_SCRIPT = """() => {
  const strip = () => {
    document.querySelectorAll('[data-testid=bot][aria-label], [data-testid=user][aria-label]')
      .forEach((el) => el.removeAttribute('aria-label'));
    // The example questions are buttons in a role=list, which a list may not hold: a named group instead.
    document.querySelectorAll('#kqa-chat .examples[role=list]').forEach((el) => {
      el.setAttribute('role', 'group');
      el.setAttribute('aria-label', 'Example questions');
    });
  };
  new MutationObserver(strip).observe(document.body,
    {subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label', 'role']});
  strip();
  const put = (selector, value) => {
    const box = document.querySelector(selector);
    box.value = value;
    box.dispatchEvent(new Event('input', {bubbles: true}));
  };
  // Captured: the chat's own thumb handler stops the click from bubbling.
  document.addEventListener('click', (event) => {
    const thumb = event.target.closest('#kqa-chat button[title^="Like"], #kqa-chat button[title^="Dislike"]');
    if (thumb) window.kqaLastThumb = thumb;
  }, true);
  document.addEventListener('click', (event) => {
    const ask = event.target.closest('button.kqa-ask');
    if (ask) {
      event.preventDefault();
      put('#kqa-input textarea', ask.textContent.trim());
      setTimeout(() => document.querySelector('#kqa-send').click(), 50);
      return;
    }
    const link = event.target.closest('a.kqa-lib-link');
    if (link) {
      event.preventDefault();
      put('#kqa-lib-open textarea', new URL(link.href).searchParams.get('source') + ' ' + Date.now());
    }
  });
}"""
# The chat marks a thumb as pressed when clicked; when the rating was not saved, press it again
# (a second, equally unsaved event) so the thumb shows what is true: nothing was recorded.
UNPRESS_UNSAVED = """() => {
  const thumb = window.kqaLastThumb;
  const status = document.querySelector('#kqa-feedback-status')?.innerText || '';
  if (thumb && status.includes('not saved') && /^(Liked|Disliked)$/.test(thumb.title)) thumb.click();
}"""
# On a phone the detail replaces the list: bring its top (or the list's, after Back) into view.
SHOW_DETAIL = "() => document.querySelector('#kqa-lib-pane')?.scrollIntoView({block: 'start'})"
SHOW_LIST = "() => document.querySelector('#kqa-lib-list')?.scrollIntoView({block: 'start'})"


def remember(history: list[dict], question: str, response: Response) -> list[dict]:
    """The history the chain sees next turn, kept short: answers without their cards, and what each
    turn ended in (category, action), which the guardrails read to keep a follow-up on its topic."""
    if response.category == "invalid_input":
        return history
    reply = {"role": "assistant", "content": response.answer, "category": response.category, "action": response.action}
    turn = [{"role": "user", "content": question}, reply]
    return [*history, *turn][-HISTORY_MESSAGES:]


class ChatHandlers:
    """What each chat event does; state lives in the session, the Assistant is shared."""

    def __init__(self, assistant: Assistant, library: Library, feedback: FeedbackStore) -> None:
        self.assistant = assistant
        self.catalog = library.catalog()
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
        *partial, final = stream_steps(response, index, self.catalog, _other_language(message))
        for step in partial:
            yield gr.skip(), [*chat[:-1], {"role": "assistant", "content": step}], gr.skip(), gr.skip(), gr.skip()
            time.sleep(STREAM_DELAY)
        chat = [*chat[:-1], {"role": "assistant", "content": final}]
        markdown = answer_markdown(response, self.catalog)
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
        return answer_markdown(response, self.catalog), remember(history or [], question, response)

    def rate(self, data: gr.LikeData, opted_in: bool, turns: dict, rated: dict) -> tuple:
        """Outputs: status, reason box, rated (chat index -> row id), the row a reason will go to.
        An unsaved rating's thumb is turned back off by UNPRESS_UNSAVED, which reads the status."""
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


def _other_language(text: str) -> bool:
    return guess_language(text) != "en"


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
        height="calc(100vh - 330px)",
        min_height=360,
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
        # A plain text box: what it shows, whole, is exactly what its copy button copies.
        copy = gr.Textbox(
            label="Last answer, with references (what the copy button copies)",
            interactive=False,
            buttons=["copy"],
            lines=6,
            max_lines=40,
            elem_id="kqa-copy-text",
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
    chatbot.like(handlers.rate, [opt_in, turns, rated], [status, reason, rated, row], api_visibility="private").then(
        None, js=UNPRESS_UNSAVED, api_visibility="private"
    )
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


class LibraryView:
    """The Library tab's events: filters over a paged list, one source's page beside it (or, on a phone, in its place)."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.catalog = library.catalog()
        self.total = len(library.entries)

    def found(self, text: str, topic: str, kind: str, year: int, population: str) -> list[Entry]:
        return self.library.search(text, topic, kind, int(year or 0) or None, population)

    def page(self, found: list[Entry], page: int) -> tuple:
        """Outputs: the page number, the list (one page of it), the count line and the two page buttons."""
        last = pages(len(found))
        page = min(max(page, 1), last)
        choices = [(e.label, e.source.id) for e in page_of(found, page)]
        return (
            page,
            gr.update(choices=choices, value=None),
            page_summary(len(found), self.total, page),
            gr.update(interactive=page > 1),
            gr.update(interactive=page < last),
        )

    def refresh(self, text: str, topic: str, kind: str, year: int, population: str) -> tuple:
        return self.page(self.found(text, topic, kind, year, population), 1)

    def turn(self, step: int) -> Callable[..., tuple]:
        def go(page: int, text: str, topic: str, kind: str, year: int, population: str) -> tuple:
            return self.page(self.found(text, topic, kind, year, population), page + step)

        return go

    def show(self, source_id: str | None) -> str:
        return entry_html(self.library.get(source_id) if source_id else None, self.catalog)

    def open(self, request: str) -> tuple:
        """A citation card's library link ("<source id> <nonce>"): the Library tab at that source's
        page, the list and its filters left as the person set them. Outputs: tabs, detail."""
        source_id = (request or "").split(" ")[0]
        if self.library.get(source_id) is None:
            return gr.skip(), gr.skip()
        return gr.Tabs(selected="library"), self.show(source_id)


def _library_tab(library: Library) -> Callable[[gr.Blocks, gr.Tabs], None]:
    view = LibraryView(library)
    total = view.total
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
        kind = gr.Dropdown([("Any type", ANY)] + [(type_label(t), t) for t in library.types()], value=ANY, label="Type")
        year = gr.Dropdown([("Any year", 0)] + [(str(y), y) for y in library.years()], value=0, label="Year")
        topic = gr.Dropdown(
            [("Any topic", ANY)] + [(topic_label(t), t) for t in library.topics()], value=ANY, label="Topic"
        )
        population = gr.Dropdown(
            [("Anyone studied", ANY)] + [(population_label(p), p) for p in library.populations()],
            value=ANY,
            label="Population",
        )
    page = gr.State(1)
    with gr.Row(elem_id="kqa-lib-row", equal_height=False):
        with gr.Column(scale=2, elem_id="kqa-lib-list", min_width=280):
            count = gr.Markdown(page_summary(total, total, 1), elem_id="kqa-lib-count")
            results = gr.Radio(
                [(e.label, e.source.id) for e in page_of(library.entries, 1)],
                label="Sources",
                elem_id="kqa-lib-results",
            )
            with gr.Row(elem_id="kqa-lib-pager"):
                previous = gr.Button("Previous page", size="sm", elem_id="kqa-lib-prev", interactive=False)
                following = gr.Button(
                    "Next page", size="sm", elem_id="kqa-lib-next", interactive=len(library.entries) > PAGE_SIZE
                )
        with gr.Column(scale=3, elem_id="kqa-lib-pane", min_width=280):
            back = gr.Button("Back to the list", size="sm", elem_id="kqa-lib-back")
            detail = gr.HTML(view.show(None), elem_id="kqa-lib-detail", padding=True)

    filters = [query, topic, kind, year, population]
    listing = [page, results, count, previous, following]
    quiet = dict(api_visibility="private", show_progress="hidden")
    for control in filters:
        control.change(view.refresh, filters, listing, trigger_mode="always_last", **quiet)
    previous.click(view.turn(-1), [page, *filters], listing, **quiet)
    following.click(view.turn(+1), [page, *filters], listing, **quiet)
    results.input(view.show, results, detail, **quiet).then(None, js=SHOW_DETAIL, **quiet)
    back.click(lambda: (gr.update(value=None), view.show(None)), None, [results, detail], **quiet).then(
        None, js=SHOW_LIST, **quiet
    )

    def wire_opening(demo: gr.Blocks, tabs: gr.Tabs) -> None:
        def from_address(request: gr.Request) -> tuple:
            # A library link opened in a new tab (or shared) arrives as ?source=<id>.
            return view.open(request.query_params.get("source", ""))

        demo.load(from_address, None, [tabs, detail], **quiet)
        opener = gr.Textbox(visible="hidden", elem_id="kqa-lib-open", label="Open a source")
        opener.change(view.open, opener, [tabs, detail], **quiet).then(None, js=SHOW_DETAIL, **quiet)

    return wire_opening


def build_ui(assistant: Assistant, settings: Settings) -> gr.Blocks:
    library = Library.load(settings)
    handlers = ChatHandlers(assistant, library, FeedbackStore(settings.feedback_file))
    with gr.Blocks(title="kratom-qa: evidence on kratom and chronic pain", analytics_enabled=False) as demo:
        gr.HTML(
            '<header class="kqa-header"><h1>kratom-qa</h1><p>What vetted sources say about kratom and '
            "chronic pain, every claim cited. Information only: no personal medical advice and no doses.</p>"
            f"{help_strip()}</header>"
        )
        with gr.Tabs() as tabs:
            with gr.Tab("Ask", id="ask"):
                _chat_tab(handlers, settings)
            with gr.Tab("Library", id="library", elem_id="kqa-library"):
                wire_opening = _library_tab(library)
            with gr.Tab("About & safety", id="about"):
                gr.Markdown(about_markdown(len(library.entries), library.last_reviewed()), elem_id="kqa-about")
        wire_opening(demo, tabs)
    return demo


async def busy_reply(request: Request, exc: Exception) -> HTTPResponse:
    """Gradio's full queue (503 "Queue is full") becomes 429 with BUSY, which the page shows."""
    if isinstance(exc, HTTPException) and exc.status_code == 503 and "queue is full" in str(exc.detail).lower():
        return JSONResponse({"detail": BUSY}, status_code=429, headers={"Retry-After": str(BUSY_RETRY_SECONDS)})
    return await http_exception_handler(request, exc)  # type: ignore[arg-type]


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
        footer_links=["api"],
        theme=THEME,
        css_paths=[CSS_PATH],
        head=NARROW_MARGINS,
        js=PAGE_SCRIPT,
        show_error=False,
        app_kwargs={"exception_handlers": {HTTPException: busy_reply}},
    )

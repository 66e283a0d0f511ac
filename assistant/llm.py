"""Optional LLM composer: rewrites the selected findings into prose through any OpenAI-compatible
server (vLLM, llama.cpp server, Ollama's /v1). The extractive brief stays the fallback: an LLM
answer is used only when every sentence carries a valid [n] and the output rail passes it.
"""

from __future__ import annotations

import logging
import re

from assistant.compose import DISCLAIMER, MARKER, Brief, renumber
from core.settings import Settings

log = logging.getLogger(__name__)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*])")
SYSTEM_PROMPT = """You write short evidence summaries about kratom from numbered findings.
Rules: use only the findings given; end every sentence with the [n] marker of the finding it rests
on; attribute any amount to the study that reported it; never tell the reader what to take or how
much; never recommend a product or seller; if the findings do not answer the question, say so.
Write 3 to 6 sentences, plain language, no headings."""


def make_llm(settings: Settings):
    """The llama-index LLM for the configured server, or None when no LLM is configured."""
    if not settings.llm_url:
        return None
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(
        model=settings.llm_model or "default",
        api_base=settings.llm_url,
        api_key="unused",
        is_chat_model=True,
        temperature=0.0,
        max_tokens=400,
        timeout=settings.llm_timeout,
        max_retries=0,
    )


def _prompt(question: str, brief: Brief) -> str:
    findings = "\n".join(f"[{c.n}] ({c.evidence}, {c.title}, {c.year}) {c.finding}" for c in brief.citations)
    return f"Question: {question}\n\nFindings:\n{findings}"


def _validated(text: str, brief: Brief) -> Brief | None:
    """The LLM text with its citations renumbered, or None unless every sentence cites a finding."""
    text = text.strip()
    sentences = [s for s in SENTENCE.split(text) if s.strip()]
    if not sentences or any(not MARKER.search(s) for s in sentences):
        return None
    try:
        kept = renumber(text, brief.citations)
    except ValueError:
        return None
    return Brief(f"{kept.answer}\n\n{DISCLAIMER}", kept.citations)


def rewrite(llm, question: str, brief: Brief) -> Brief:
    """The LLM's version of the brief when it is valid; otherwise the extractive brief unchanged."""
    from llama_index.core.llms import ChatMessage

    try:
        reply = llm.chat(
            [
                ChatMessage(role="system", content=SYSTEM_PROMPT),
                ChatMessage(role="user", content=_prompt(question, brief)),
            ]
        )
    except Exception as exc:  # any transport or server error: the extractive brief still answers
        log.warning("LLM unavailable, extractive answer used: %s", type(exc).__name__)
        return brief
    rewritten = _validated(reply.message.content or "", brief)
    if rewritten is None:
        log.warning("LLM answer without valid citations on every sentence; extractive answer used")
        return brief
    return rewritten

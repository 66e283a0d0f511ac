"""The chain: input rail -> follow-up resolution -> hybrid retrieval -> gate -> compose -> output rail."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

import torch
from guardrails import Action, Category, InputRail, check_answer, reply_for

from assistant.compose import compose
from assistant.embedding import Encoder, load_embed_model
from assistant.followup import resolve
from assistant.llm import make_llm, rewrite
from assistant.retrieve import HybridRetriever, relevant
from assistant.settings import Settings
from assistant.store import IndexStore, StoreUnavailable
from assistant.types import Message, Response, StageTimings

log = logging.getLogger(__name__)

NO_EVIDENCE = (
    "The vetted sources do not cover this question, so there is nothing reliable to report. "
    "You can ask about what studies found on kratom and pain, its risks and side effects, "
    "withdrawal and treatment, interactions reported in studies, or its legal status."
)
UNAVAILABLE = (
    "Search is unavailable right now, so no answer can be given from the vetted sources. "
    "Please try again in a moment. If this is an emergency, call 911 or Poison Help at 1-800-222-1222."
)
NO_INDEX = "The evidence index has not been built yet. Run `kratom-qa ingest` (or `make ingest`) first."
REFRESH_SECONDS = 5.0


class Assistant:
    """One per process: models and index are loaded once and shared by every conversation."""

    def __init__(self, settings: Settings, store: IndexStore | None = None) -> None:
        self.settings = settings
        # One thread per short query: on a shared CPU, more threads oversubscribe the cores and
        # measured 5-7x slower under load (batch ingest keeps torch's default).
        torch.set_num_threads(settings.query_threads)
        self.embed_model = load_embed_model(settings)
        self.encoder = Encoder(self.embed_model)
        self.rail = InputRail(self.encoder, cache_dir=settings.data_dir / "guardrails")
        self.llm = make_llm(settings)
        self._store = store
        self._retriever: HybridRetriever | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    # --- index -----------------------------------------------------------------
    def retriever(self) -> HybridRetriever | None:
        """The retriever for the active collection; follows a rebuild by any process."""
        now = time.monotonic()
        if self._retriever is not None and now - self._checked_at < REFRESH_SECONDS:
            return self._retriever
        with self._lock:
            if self._store is None:
                self._store = IndexStore(self.settings)
            active = self._store.active_name()
            self._checked_at = now
            if active is None:
                self._retriever = None
            elif self._retriever is None or self._retriever.collection != active:
                self._retriever = HybridRetriever(self._store, active, self.settings.top_k)
                log.info("serving collection %s (%d nodes)", active, len(self._retriever))
        return self._retriever

    # --- one turn --------------------------------------------------------------
    def ask(self, messages: Sequence[Message | dict]) -> Response:
        started = time.perf_counter()
        turns = [m if isinstance(m, Message) else Message.model_validate(m) for m in messages]
        problem = _input_problem(turns, self.settings.max_input_chars)
        if problem:
            return Response(action="out_of_scope", category="invalid_input", answer=problem, reason=problem)
        verdict = self.rail.classify([t.model_dump() for t in turns])
        guard_ms = (time.perf_counter() - started) * 1000
        log.info("turn category=%s action=%s source=%s", verdict.category, verdict.action, verdict.source)
        if verdict.action != Action.answered:
            answer = reply_for(verdict.category, verdict.language)
            return Response(
                action=verdict.action.value, category=verdict.category.value, answer=answer,
                reason=verdict.reason, timings=_timings(started, guard_ms),
            )
        return self._answer(turns, verdict.category.value, started, guard_ms)

    def _answer(self, turns: list[Message], category: str, started: float, guard_ms: float) -> Response:
        query = resolve(turns)
        try:
            retriever = self.retriever()
            if retriever is None:
                return Response(action="no_evidence", category=category, answer=NO_INDEX, reason="no index", query=query)
            vector = self.encoder.query(query)
            hits = retriever.retrieve(query, vector)
        except StoreUnavailable as exc:
            log.warning("store unavailable: %s", exc)
            self._retriever = None
            return Response(action="no_evidence", category="unavailable", answer=UNAVAILABLE, reason="store unavailable")
        retrieved = time.perf_counter()
        if not relevant(query, hits, self.settings.relevance_threshold):
            return Response(
                action="no_evidence", category=category, answer=NO_EVIDENCE, reason="nothing relevant",
                query=query, timings=_timings(started, guard_ms, retrieved),
            )
        brief = compose(hits, vector, self.settings.max_findings, self.settings.mmr_lambda)
        if self.llm is not None:
            brief = rewrite(self.llm, query, brief)
        checked = check_answer(brief.answer, len(brief.citations))
        if checked.blocked:
            log.warning("answer blocked by output rail: %s", ", ".join(checked.reasons))
            return Response(
                action="declined", category=Category.personal_dosing.value, answer=checked.answer,
                reason="output rail", query=query, timings=_timings(started, guard_ms, retrieved),
            )
        return Response(
            action="answered", category=category, answer=checked.answer, citations=brief.citations,
            query=query, timings=_timings(started, guard_ms, retrieved),
        )


def _input_problem(turns: list[Message], max_chars: int) -> str | None:
    if not turns or turns[-1].role != "user":
        return "The conversation must end with a question from the user."
    text = turns[-1].content.strip()
    if not text:
        return "Please type a question about kratom or chronic pain."
    if len(text) > max_chars:
        return f"That message is {len(text):,} characters long; please keep a question under {max_chars:,} characters."
    return None


def _timings(started: float, guard_ms: float, retrieved: float | None = None) -> StageTimings:
    now = time.perf_counter()
    total = (now - started) * 1000
    retrieval = ((retrieved - started) * 1000 - guard_ms) if retrieved else 0.0
    compose_ms = ((now - retrieved) * 1000) if retrieved else 0.0
    return StageTimings(guardrail_ms=guard_ms, retrieval_ms=retrieval, compose_ms=compose_ms, total_ms=total)

"""The chain: input rail -> follow-up resolution -> hybrid retrieval -> gate -> compose -> output rail."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

import numpy as np
from pydantic import ValidationError

from assistant.compose import Brief, Plan, compose_answer, compose_legal, renumber
from assistant.embedding import EmbedModel, Encoder, ensure_onnx, load_query_model
from assistant.knowledge import Knowledge, load_knowledge
from assistant.llm import make_llm, rewrite
from assistant.logs import log_turn, new_turn_id
from assistant.relevance import (
    SYNTHESIS_MATCH,
    Decision,
    asked_about,
    asked_apart,
    decide,
    from_the_question,
    prefer_anchored,
    with_the_story,
)
from assistant.retrieve import HybridRetriever
from assistant.understand import Understanding, language_notes, lend_intent, understand
from core.followup import named_in_last_answer, resolve
from core.settings import Settings
from core.vocabulary import Message, Response, StageTimings
from guardrails import RESOURCES, Action, Category, InputRail, check_answer, reply_for
from ingest import IndexStore, StoreUnavailable

log = logging.getLogger(__name__)

NO_EVIDENCE = (
    "The vetted sources do not cover this question, so there is nothing reliable to report. "
    "You can ask about what studies found on kratom and pain, its risks and side effects, "
    "withdrawal and treatment, interactions reported in studies, or its legal status."
)
NO_STUDY = "The library has no study of this, so there is nothing reliable to report on it."
NO_LEGAL_RECORD = "The library has no dated, sourced record of kratom's legal status in {place}."
CLOSEST = "The closest question it does cover: \u201c{title}\u201d"
UNAVAILABLE = (
    "Search is unavailable right now, so no answer can be given from the vetted sources. "
    f"Please try again in a moment. If this is an emergency, call {RESOURCES['emergency'].number} "
    f"or {RESOURCES['poison'].name} at {RESOURCES['poison'].number}."
)
MALFORMED = "Each message needs a role (user or assistant) and text content."
NO_INDEX = "The evidence index has not been built yet. Run `kratom-qa ingest` (or `make ingest`) first."
REFRESH_SECONDS = 5.0


def prepare_first_start(settings: Settings) -> None:
    """After an ingest: export the ONNX query model, train the guardrail classifier and embed the
    synthesis questions into their caches, so that no later start waits for any of them."""
    ensure_onnx(settings)
    Assistant(settings).warm()


class Assistant:
    """One per process: models and index are loaded once and shared by every conversation."""

    def __init__(
        self, settings: Settings, store: IndexStore | None = None, embed_model: EmbedModel | None = None
    ) -> None:
        self.settings = settings
        # Queries run through ONNX Runtime (torch only when no export can be made): see assistant/embedding.py.
        self.embed_model = embed_model if embed_model is not None else load_query_model(settings)
        self.encoder = Encoder(self.embed_model)
        self.rail = InputRail(self.encoder, cache_dir=settings.data_dir / "guardrails")
        self.llm = make_llm(settings)
        self._store = store
        self._retriever: HybridRetriever | None = None
        self._knowledge: tuple[HybridRetriever, Knowledge] | None = None
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

    def warm(self) -> None:
        """Load the index and embed the synthesis questions now (the classifier trained in __init__),
        and read one turn, which keeps the guardrail patterns and the language model for later starts."""
        self.rail.classify([{"role": "user", "content": "What is kratom?"}])
        retriever = self.retriever()
        if retriever is not None:
            self.knowledge(retriever)

    def ranked_sources(self, messages: Sequence[Message]) -> list[str]:
        """The retriever's own ranking of distinct sources for a conversation, as the chain resolves it."""
        retriever = self.retriever()
        if retriever is None:
            return []
        query = resolve(messages)
        hits = retriever.retrieve(query, self.encoder.query(query), named_in_last_answer(messages))
        return list(dict.fromkeys(h.chunk.source.source_id for h in hits))

    # --- one turn --------------------------------------------------------------
    def ask(self, messages: Sequence[Message | dict]) -> Response:
        """One turn; never raises on bad input, and logs no user text unless settings.log_text."""
        started, turn_id = time.perf_counter(), new_turn_id()
        try:
            turns = [_clean(m if isinstance(m, Message) else Message.model_validate(m)) for m in messages]
        except (ValidationError, TypeError):
            turns = []
            response = Response(action="out_of_scope", category="invalid_input", answer=MALFORMED, reason="malformed")
        else:
            response = self._respond(turns, started)
        log_turn(log, turn_id, turns, response, (time.perf_counter() - started) * 1000, self.settings.log_text)
        return response

    def _respond(self, turns: list[Message], started: float) -> Response:
        problem = _input_problem(turns, self.settings.max_input_chars)
        if problem:
            return Response(action="out_of_scope", category="invalid_input", answer=problem, reason=problem)
        # Earlier turns' decisions (category, action) travel as fields, never as reply text to re-parse.
        verdict = self.rail.classify([t.model_dump(exclude_none=True) for t in turns])
        guard_ms = (time.perf_counter() - started) * 1000
        log.info("turn category=%s action=%s source=%s", verdict.category, verdict.action, verdict.source)
        if verdict.category is Category.off_topic and self._cites_the_library(turns[-1].content):
            # The rail knows no library: a question that cites one of its studies by author and year
            # ("was hat die Suriaga 2024 Studie gefunden?") is about kratom whatever words it lacks.
            return self._answer(turns, Category.informational.value, verdict.language, started, guard_ms)
        if verdict.action != Action.answered:
            answer = reply_for(verdict.category, verdict.language)
            return Response(
                action=verdict.action.value,
                category=verdict.category.value,
                answer=answer,
                reason=verdict.reason,
                timings=_timings(started, guard_ms),
            )
        return self._answer(turns, verdict.category.value, verdict.language, started, guard_ms)

    def _readings(
        self, vector: np.ndarray, question: str, seen: Understanding, translated: bool, apart: Understanding | None
    ) -> np.ndarray:
        """The question's meaning, and that of its asking sentences apart from the story told before
        them: "nurse here. have a pt who uses kratom daily and is getting midazolam for a procedure.
        is there any human data on kratom + CYP3A drugs?" is the question of the synthesis on
        interactions, though the story pulls the whole towards daily use. Asking sentences that name
        nothing ("what do doctors use to treat this?") take the story's subject (`with_the_story`).
        A translated question is read by the English words of its asking sentences (`apart`)."""
        if translated:
            return np.stack([vector, self.encoder.query(apart.search_text)]) if apart and apart.search_text else vector
        part = from_the_question(question)
        if not part.strip() or part.strip() == question.strip():
            return vector
        return np.stack([vector, self.encoder.query(with_the_story(part, seen))])

    def _cites_the_library(self, text: str) -> bool:
        try:
            retriever = self.retriever()
        except StoreUnavailable:
            return False
        return retriever is not None and bool(self.knowledge(retriever).sources.cited_in(text))

    def knowledge(self, retriever: HybridRetriever) -> Knowledge:
        """Syntheses, legal table and citation sources, loaded with the collection they cite."""
        current = self._knowledge
        if current is None or current[0] is not retriever:
            embed = self.embed_model.get_text_embedding_batch
            current = (retriever, load_knowledge(self.settings, retriever.chunks, lambda t: np.asarray(embed(t))))
            self._knowledge = current
        return current[1]

    def _answer(self, turns: list[Message], category: str, language: str, started: float, guard_ms: float) -> Response:
        resolved = resolve(turns)
        # The rail's guess of the turn's language (a detector's, over the whole turn) is the surer one.
        seen = understand(resolved, language)
        place_told = _place_told_before(seen, turns, resolved, language)
        if place_told:
            resolved = f"{place_told.rstrip(' ?.!')} {resolved}"
            seen = understand(resolved, language)
        # The library is in English: a question in another language is searched by its English gloss
        # and everyday words, and judged covered or not on the gloss alone.
        translated = seen.language != "en" and bool(seen.search_text)
        query = seen.search_text if translated else resolved
        # Judged on what the question asks, without the story told around it.
        apart = asked_apart(seen, resolved) if translated else None
        asked = ((apart.gloss if apart else "") or seen.gloss or query) if translated else resolved
        try:
            retriever = self.retriever()
            if retriever is None:
                return Response(
                    action="no_evidence", category=category, answer=NO_INDEX, reason="no index", query=query
                )
            if translated:
                query = " ".join(dict.fromkeys((*query.split(), *retriever.vocabulary.library_terms(resolved))))
            vector = self.encoder.query(query)
            # The words of the last answer a follow-up points at ("that paper") find it by name;
            # the meaning searched with, and the question judged, stay the question's own.
            pointed_at = named_in_last_answer(turns)
            hits = retriever.retrieve(query, vector, pointed_at)
        except StoreUnavailable as exc:
            log.warning("store unavailable: %s", exc)
            self._retriever = None
            return Response(
                action="no_evidence", category="unavailable", answer=UNAVAILABLE, reason="store unavailable"
            )
        retrieved = time.perf_counter()
        knowledge = self.knowledge(retriever)
        # All of them: the anchors may pick one the gloss ranks low.
        nearest = prefer_anchored(
            knowledge.syntheses.nearest(self._readings(vector, resolved, seen, translated, apart), k=None),
            resolved,
            translated,
        )
        seen = lend_intent(seen, nearest, SYNTHESIS_MATCH)
        cited = knowledge.sources.named_in(turns[-1].content)
        named = cited | knowledge.sources.named_in(pointed_at)
        hits += retriever.findings_of(cited, vector, hits)
        # A story around the question may name things the question does not ask about.
        decision = decide(
            asked_about(seen, resolved),
            asked,
            hits,
            nearest,
            knowledge.legal,
            retriever.vocabulary,
            self.settings.relevance_threshold,
            embed=self.encoder.query,
            named=named,
            cited=cited,
        )
        if decision.action == "no_evidence":
            return Response(
                action="no_evidence",
                category=category,
                answer=_no_evidence_text(decision),
                reason=f"nothing relevant ({decision.path})",
                query=query,
                timings=_timings(started, guard_ms, retrieved),
            )
        note = language_notes().get(seen.language, "")
        plan = Plan(
            self.settings.max_findings,
            self.settings.mmr_lambda,
            seen.intent,
            decision.synthesis,
            knowledge.sources,
            note,
            seen.asks,
            named,
            terms=decision.terms,
            stems=retriever.vocabulary.stems,
        )
        brief: Brief
        if decision.legal is not None:
            brief = compose_legal(decision.legal, knowledge.sources, hits, vector, plan)
        else:
            brief = compose_answer(hits, vector, plan)
        if self.llm is not None:
            brief = rewrite(self.llm, query, brief)
        checked = check_answer(brief.answer, len(brief.citations))
        if checked.blocked:
            log.warning("answer blocked by output rail: %s", ", ".join(checked.reasons))
            only_vendor = set(checked.reasons) == {"vendor_recommendation"}
            blocked = Category.sourcing if only_vendor else Category.personal_dosing
            return Response(
                action="declined",
                category=blocked.value,
                answer=checked.answer,
                reason="output rail",
                query=query,
                timings=_timings(started, guard_ms, retrieved),
            )
        # The rail may have removed sentences, and with them the only use of some citations.
        kept = renumber(checked.answer, brief.citations)
        return Response(
            action="answered",
            category=category,
            answer=kept.answer,
            citations=kept.citations,
            query=query,
            timings=_timings(started, guard_ms, retrieved),
            certainty=decision.synthesis.certainty if decision.synthesis and decision.legal is None else "",
            legal=decision.legal.status() if decision.legal else None,
        )


def _place_told_before(seen: Understanding, turns: list[Message], resolved: str, language: str) -> str:
    """A question about the law that names no place ("is growing the tree at home also against the
    law?" after one about Malaysia) asks about the place of the last of the two earlier turns that
    named one: that turn, or "" when none did, this one names a place, or the follow-up resolution
    (`resolved`) already joined it to the turn before."""
    if seen.intent != "legal" or seen.places or resolved != turns[-1].content.strip():
        return ""
    earlier = [m.content for m in turns[:-1] if m.role == "user"]
    return next((text for text in reversed(earlier[-2:]) if understand(text, language).places), "")


def _no_evidence_text(decision: Decision) -> str:
    if decision.legal is not None:
        text = NO_LEGAL_RECORD.format(place=decision.legal.name)
    else:
        text = NO_STUDY if decision.path == "unmatched_entity" else NO_EVIDENCE
    if decision.closest is not None:
        text += " " + CLOSEST.format(title=decision.closest.title)
    return text


def _clean(message: Message) -> Message:
    # A lone surrogate (a "\udXXX" JSON escape, undecodable stdin bytes) breaks the tokenizer,
    # which llama-index then retries for seconds: replace it before anything embeds the text.
    content = message.content.encode("utf-8", "replace").decode("utf-8")
    return message if content == message.content else message.model_copy(update={"content": content})


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

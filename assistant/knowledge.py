"""The curated knowledge beside the index: syntheses (with their questions embedded), the legal
table, and the sources their citations resolve to. Loaded with each collection the chain serves."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.compose import SourceIndex
from assistant.understand import Embedder, SynthesisIndex
from core.settings import Settings
from core.vocabulary import Chunk
from ingest import load_manifest
from ingest.legal import LegalRow, load_legal_table
from ingest.synthesis import load_syntheses


@dataclass(frozen=True)
class Knowledge:
    syntheses: SynthesisIndex
    legal: list[LegalRow]
    sources: SourceIndex


def load_knowledge(settings: Settings, chunks: list[Chunk], embed: Embedder) -> Knowledge:
    metas = {s.id: s.meta() for s in load_manifest(settings.manifest_path)}
    index = SynthesisIndex(load_syntheses(settings), embed, cache_dir=settings.data_dir / "syntheses")
    return Knowledge(index, load_legal_table(settings), SourceIndex(metas, chunks))

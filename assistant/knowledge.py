"""The curated knowledge beside the index: syntheses (with their questions embedded), the legal
table, and the sources their citations resolve to. Loaded with each collection the chain serves."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.compose import SYNTHESIS_CITATION, SourceIndex
from assistant.understand import Embedder, SynthesisIndex, cached_embeddings
from core.settings import Settings
from core.vocabulary import Chunk
from ingest import load_manifest
from ingest.legal import LegalRow, load_legal_table
from ingest.synthesis import Synthesis, load_syntheses


@dataclass(frozen=True)
class Knowledge:
    syntheses: SynthesisIndex
    legal: list[LegalRow]
    sources: SourceIndex


def load_knowledge(settings: Settings, chunks: list[Chunk], embed: Embedder) -> Knowledge:
    manifest = load_manifest(settings.manifest_path)
    metas = {s.id: s.meta() for s in manifest}
    syntheses = load_syntheses(settings)
    cache_dir = settings.data_dir / "syntheses"
    index = SynthesisIndex(syntheses, embed, cache_dir=cache_dir)
    points = key_point_vectors(syntheses, embed, cache_dir)
    return Knowledge(
        index, load_legal_table(settings), SourceIndex(metas, chunks, points, {s.id: s.authors for s in manifest})
    )


def key_point_vectors(syntheses: list[Synthesis], embed: Embedder, cache_dir: Path | None) -> dict[str, np.ndarray]:
    """Each synthesis's key points embedded without their citations, one row each (cached on disk by
    content): the composer leads with the point closest to the exact question."""
    texts = [SYNTHESIS_CITATION.sub("", p).strip() for s in syntheses for p in s.key_points]
    matrix = cached_embeddings(texts, embed, cache_dir, "synthesis-points")
    out, row = {}, 0
    for s in syntheses:
        out[s.id] = matrix[row : row + len(s.key_points)]
        row += len(s.key_points)
    return out

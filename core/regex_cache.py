"""Regular expressions compiled once per machine, not once per process.

The guardrail language files compile to about five hundred large alternations; parsing them is
most of a cold start (about a second on two cores), and Python caches bytecode, not regular
expressions. compile() keeps the compiled form of each pattern in core/__pycache__, beside the
bytecode and with the same rules: keyed by the interpreter and the regex engine's version,
looked up by the exact pattern text and flags (an edited word list is a miss, compiled afresh),
written only when a process compiled something new. It is written even under
PYTHONDONTWRITEBYTECODE, which is about .pyc files; deleting it is always safe. The regex engine
checks the code it is given; any failure (an unreadable, foreign or damaged cache, a Python without
these internals, a folder that cannot be written) falls back to re.compile and costs only time.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import re
import sys
import tempfile
from array import array
from pathlib import Path

__all__ = ["PatternCache", "compile", "default_path"]

try:  # CPython 3.11+: the parser and code generator that re.compile runs, and the engine itself
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another implementation: plain re.compile, nothing cached
    _sre = None

# What the engine's constructor takes besides the pattern text: flags, code (stored as the bytes of
# an array of code words: compact on disk and in memory), groups, group names.
_Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_Key = tuple[str, int]
_INTERNALS_MOVED = (AttributeError, TypeError, ValueError, RuntimeError, OverflowError, IndexError)
_WORD = "I" if _sre is not None and array("I").itemsize == _sre.CODESIZE else ""


def default_path() -> Path | None:
    """This interpreter's cache file, or None where patterns cannot be cached."""
    tag = sys.implementation.cache_tag
    if not _WORD or tag is None:
        return None
    return Path(__file__).resolve().parent / "__pycache__" / f"patterns.{tag}.{_sre.MAGIC}.marshal"


def _read(path: Path | None) -> dict[_Key, _Entry]:
    if path is None:
        return {}
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _generate(pattern: str, flags: int) -> tuple[re.Pattern[str], _Entry]:
    """What re.compile does, keeping the engine's arguments so that they can be stored."""
    parsed = _parser.parse(pattern, flags)
    code = array(_WORD, _compiler._code(parsed, flags)).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry: _Entry = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
    return _build(pattern, entry), entry


def _build(pattern: str, entry: _Entry) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = entry
    compiled: re.Pattern[str] = _sre.compile(
        pattern, flags, array(_WORD, code).tolist(), groups, groupindex, indexgroup
    )
    return compiled


class PatternCache:
    """One cache file: its entries not used yet, the keys this process found in it, what it had to
    compile itself, and every pattern it handed out (a pattern asked for twice is built once)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.loaded: dict[_Key, _Entry] = _read(path)  # an entry leaves once built: memory stays small
        self.hits: set[_Key] = set()
        self.new: dict[_Key, _Entry] = {}
        self.compiled: dict[_Key, re.Pattern[str]] = {}

    @property
    def dirty(self) -> bool:
        return bool(self.new)

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        if not _WORD:
            return re.compile(pattern, flags)
        key = (pattern, int(flags))
        if key in self.compiled:
            return self.compiled[key]
        compiled = self._from_file(key)
        if compiled is None:
            try:
                compiled, entry = _generate(pattern, flags)  # a bad pattern raises re.error, as re does
            except _INTERNALS_MOVED:
                return re.compile(pattern, flags)
            self.new[key] = entry
        self.compiled[key] = compiled
        return compiled

    def _from_file(self, key: _Key) -> re.Pattern[str] | None:
        entry = self.loaded.pop(key, None)
        if entry is None:
            return None
        try:
            compiled = _build(key[0], entry)
        except _INTERNALS_MOVED:  # damaged or foreign: the engine refused its code
            return None
        self.hits.add(key)
        return compiled

    def entries_to_keep(self) -> dict[_Key, _Entry]:
        """What the file should hold: this process's patterns (the ones it found, read again from the
        file, and the ones it compiled), and the other entries while they are fewer, so that what
        another kind of process compiles (a test, the UI) is not dropped; once stale ones outnumber
        the live ones, they go."""
        on_disk = _read(self.path)
        live = {key: on_disk[key] for key in self.hits if key in on_disk} | self.new
        others = {key: entry for key, entry in on_disk.items() if key not in live}
        return {**others, **live} if len(others) <= len(live) else live

    def save(self) -> bool:
        """Write the file atomically (another process may be reading it); never raise."""
        if not self.dirty or self.path is None:
            return False
        tmp: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            payload = marshal.dumps(self.entries_to_keep())
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".patterns-", suffix=".tmp")
            os.fchmod(fd, 0o644)  # a cache like the bytecode beside it, readable by every user
            with os.fdopen(fd, "wb") as out:
                out.write(payload)
            os.replace(tmp, self.path)
        except (OSError, ValueError):
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            return False
        self.new = {}
        return True


_default: PatternCache | None = None


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """re.compile(pattern, flags), from this machine's cache when the pattern was compiled before."""
    global _default
    if _default is None:
        _default = PatternCache(default_path())
        atexit.register(_default.save)
    return _default.compile(pattern, flags)

"""The machine-wide cache of compiled patterns (core.regex_cache) gives back what re.compile gives,
survives a damaged file or a damaged entry, and never fails a process that cannot write it."""

from __future__ import annotations

import json
import marshal
import re
from pathlib import Path

import pytest

from core.regex_cache import PatternCache, default_path
from core.settings import PROJECT_ROOT

SAMPLES = ["he is not breathing", "Ich will nicht mehr LEBEN", "kratom 5 g twice", "", "ตอนนี้ไม่หายใจ", "x" * 300]
PATTERNS = [
    (r"(?<!\w)(?:not breath\w*|won'?t wake)(?!\w)", 0),
    (r"(?P<amount>\d+)\s*(?P<unit>g|mg)\b", 0),
    (r"will nicht mehr (?:leben|sein)", re.IGNORECASE),
    (r"ไม่หายใจ|(?:x{3,})+$", 0),
]


def behaves_like_re(compiled: re.Pattern[str], pattern: str, flags: int) -> None:
    reference = re.compile(pattern, flags)
    assert (compiled.pattern, compiled.flags, compiled.groups) == (reference.pattern, reference.flags, reference.groups)
    assert compiled.groupindex == reference.groupindex
    for text in SAMPLES:
        got, want = compiled.search(text), reference.search(text)
        assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_pattern_from_the_cache_behaves_as_re_compile(tmp_path: Path, pattern: str, flags: int) -> None:
    path = tmp_path / "patterns.marshal"
    first = PatternCache(path)
    behaves_like_re(first.compile(pattern, flags), pattern, flags)
    assert first.save() and path.exists()

    second = PatternCache(path)
    behaves_like_re(second.compile(pattern, flags), pattern, flags)
    assert not second.dirty  # served from the file, nothing to write
    assert not second.save()


def test_an_edited_pattern_is_a_miss_not_a_stale_hit(tmp_path: Path) -> None:
    path = tmp_path / "patterns.marshal"
    first = PatternCache(path)
    first.compile(r"won'?t wake")
    first.save()
    second = PatternCache(path)
    edited = second.compile(r"won'?t wake up")
    assert second.dirty and edited.search("he won't wake up") and not edited.search("he won't wake")


def test_a_damaged_file_falls_back_to_compiling(tmp_path: Path) -> None:
    path = tmp_path / "patterns.marshal"
    path.write_bytes(b"\x00not marshal at all")
    cache = PatternCache(path)
    assert cache.loaded == {}
    behaves_like_re(cache.compile(PATTERNS[1][0]), PATTERNS[1][0], 0)
    assert cache.save() and PatternCache(path).loaded  # and the next process finds a good file


def test_a_damaged_entry_is_rejected_by_the_engine_and_recompiled(tmp_path: Path) -> None:
    path = tmp_path / "patterns.marshal"
    pattern = PATTERNS[0][0]
    first = PatternCache(path)
    first.compile(pattern)
    first.save()
    entries = marshal.loads(path.read_bytes())
    flags, _code, groups, groupindex, indexgroup = entries[(pattern, 0)]
    entries[(pattern, 0)] = (flags, b"\xff\xff\xff\x7f" * 3, groups, groupindex, indexgroup)  # no such opcode
    path.write_bytes(marshal.dumps(entries))

    damaged = PatternCache(path)
    behaves_like_re(damaged.compile(pattern), pattern, 0)
    assert damaged.dirty  # the bad entry is replaced at the next save


def test_a_pattern_asked_for_twice_is_built_once(tmp_path: Path) -> None:
    cache = PatternCache(tmp_path / "patterns.marshal")
    assert cache.compile("abc") is cache.compile("abc")
    assert cache.compile("abc") is not cache.compile("abc", re.IGNORECASE)


def test_an_invalid_pattern_raises_as_re_does(tmp_path: Path) -> None:
    with pytest.raises(re.error):
        PatternCache(tmp_path / "p.marshal").compile("(unclosed")


def test_a_folder_that_cannot_be_written_costs_nothing_but_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = PatternCache(blocker / "sub" / "patterns.marshal")
    assert cache.compile("abc").search("xabcx")
    assert cache.save() is False
    assert not list(tmp_path.glob("**/.patterns-*"))  # no temporary file left behind


def test_stale_entries_go_once_they_outnumber_the_live_ones(tmp_path: Path) -> None:
    path = tmp_path / "patterns.marshal"
    old = PatternCache(path)
    for n in range(5):
        old.compile(f"old{n}")
    old.save()
    new = PatternCache(path)
    new.compile("new0")
    assert set(new.entries_to_keep()) == {("new0", 0)}
    for n in range(2):
        new.compile(f"old{n}")
    new.compile("new1")  # four live, three stale: the stale ones stay for other kinds of process
    assert len(new.entries_to_keep()) == 7


def test_the_default_cache_sits_beside_the_bytecode() -> None:
    path = default_path()
    assert path is not None and path.parent == PROJECT_ROOT / "core" / "__pycache__"


@pytest.mark.full
def test_every_guardrail_pattern_matches_as_re_compile_would() -> None:
    """The loaded language packs, through whatever cache this machine has, against re.compile."""
    from guardrails.vocab import fold, packs

    examples = [json.loads(line) for line in (PROJECT_ROOT / "guardrails/data/urgency/examples.jsonl").open()]
    texts = [fold(e["text"]) for e in examples[::16]]
    assert len(texts) > 90
    for pack in packs().values():
        for slot, compiled in pack.patterns.items():
            reference = re.compile(compiled.pattern, compiled.flags)
            assert compiled.flags == reference.flags, (pack.code, slot)
            for text in texts:
                got, want = compiled.search(text), reference.search(text)
                assert (got and got.span()) == (want and want.span()), (pack.code, slot, text)

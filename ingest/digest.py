"""Parse a source digest (contract format) into its sections and findings, and check its shape."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LOCATOR = re.compile(r"\s*\[§\s*([^\]]+)\]\s*$")
BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
REQUIRED_SECTIONS = ("Summary", "Key findings", "Limitations")
MIN_FINDINGS, MAX_FINDINGS = 4, 10


@dataclass(frozen=True)
class Finding:
    text: str
    locator: str | None


@dataclass
class Digest:
    title: str = ""
    summary: str = ""
    findings: list[Finding] = field(default_factory=list)
    limitations: list[Finding] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)


def _bullets(lines: list[str]) -> list[Finding]:
    items: list[list[str]] = []
    for line in lines:
        match = BULLET.match(line)
        if match:
            items.append([match.group(1).strip()])
        elif line.strip() and items:
            items[-1].append(line.strip())  # a wrapped bullet continues on the next line
    findings = []
    for parts in items:
        text = " ".join(parts)
        loc = LOCATOR.search(text)
        findings.append(Finding(LOCATOR.sub("", text).strip(), loc.group(1).strip() if loc else None))
    return findings


def parse_digest(markdown: str) -> Digest:
    digest = Digest()
    current: str | None = None
    body: dict[str, list[str]] = {}
    for line in markdown.splitlines():
        if line.startswith("# ") and not digest.title:
            digest.title = line[2:].strip()
        elif line.startswith("## "):
            current = line[3:].strip()
            digest.sections.append(current)
            body[current] = []
        elif current is not None:
            body[current].append(line)
    digest.summary = " ".join(x.strip() for x in body.get("Summary", []) if x.strip())
    digest.findings = _bullets(body.get("Key findings", []))
    digest.limitations = _bullets(body.get("Limitations", []))
    return digest


def digest_defects(markdown: str) -> list[str]:
    """What breaks the digest contract; empty when the digest is well formed."""
    digest = parse_digest(markdown)
    problems = []
    if not digest.title:
        problems.append("no '# Title' line")
    problems += [f"no '## {name}' section" for name in REQUIRED_SECTIONS if name not in digest.sections]
    if digest.sections and not digest.summary:
        problems.append("empty Summary")
    n = len(digest.findings)
    if "Key findings" in digest.sections and not MIN_FINDINGS <= n <= MAX_FINDINGS:
        problems.append(f"{n} key findings (expected {MIN_FINDINGS} to {MAX_FINDINGS})")
    for i, finding in enumerate(digest.findings, 1):
        if not finding.locator:
            problems.append(f"finding {i} has no [§ ...] locator")
        if len(finding.text.split()) < 6:
            problems.append(f"finding {i} is too short to stand alone")
    if "Limitations" in digest.sections and not digest.limitations:
        problems.append("no Limitations bullets")
    return problems

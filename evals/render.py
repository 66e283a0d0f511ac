"""A report as a list of plain blocks, rendered to Markdown or to one self-contained HTML page."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Image:
    file: str  # a file name in the report folder
    alt: str


@dataclass(frozen=True)
class Bullets:
    items: list[str]


Block = Heading | Para | Table | Image | Bullets


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + block.text)
        elif isinstance(block, Para):
            out.append(block.text)
        elif isinstance(block, Table):
            rows = [block.header, ["---"] * len(block.header), *block.rows]
            out.append("\n".join("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows))
        elif isinstance(block, Image):
            out.append(f"![{block.alt}]({block.file})")
        else:
            out.append("\n".join(f"- {_md_cell(item)}" for item in block.items))
    return "\n\n".join(out) + "\n"


STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;margin:.5rem 0 1.2rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;
text-align:left;font-size:.9rem}th{background:#f2f2f2}img{max-width:100%;border:1px solid #ddd}
.PASS{color:#136f2d;font-weight:600}.FAIL{color:#b00020;font-weight:600}li{margin:.15rem 0}"""


def _html_cell(text: str, tag: str) -> str:
    cls = f' class="{text}"' if text in ("PASS", "FAIL") else ""
    return f"<{tag}{cls}>{html.escape(text)}</{tag}>"


def _html_block(block: Block, folder: Path) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{html.escape(block.text)}</h{block.level}>"
    if isinstance(block, Para):
        return f"<p>{html.escape(block.text)}</p>"
    if isinstance(block, Table):
        head = "".join(_html_cell(c, "th") for c in block.header)
        body = "".join("<tr>" + "".join(_html_cell(c, "td") for c in row) + "</tr>" for row in block.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if isinstance(block, Image):
        data = base64.b64encode((folder / block.file).read_bytes()).decode("ascii")
        return f'<p><img alt="{html.escape(block.alt)}" src="data:image/png;base64,{data}"></p>'
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in block.items) + "</ul>"


def to_html(blocks: list[Block], title: str, folder: Path) -> str:
    """One page with no outside references: the images are inlined as base64 data URIs."""
    body = "\n".join(_html_block(block, folder) for block in blocks)
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )

"""Hostile and broken message texts, shared by the batch, API and property tests."""

from __future__ import annotations

SECRET = "Quillfeather"  # stands for a name or a medicine: it must never reach a log
RAW_HTML = ("<script", "<img", "onerror", "<iframe", "javascript:")

TEXTS = {
    "empty": "",
    "spaces": " \t\n  \u00a0\u2003 ",
    "huge": "Is kratom safe for the liver? " * 7000,  # ~210 kB
    "control": f"{SECRET}: can kratom\x00\x01\x07\x1b[31m cause liver\u202e injury?\x7f",
    "emoji": f"💊🌿 {SECRET} asks: can kratom (กระท่อม, クラトム, кратом, 크라톰) cause liver injury? 🤔👩🏽‍⚕️",
    "html": "<script>alert('x')</script><img src=x onerror=alert(1)> Can kratom cause liver injury?",
    "html-only": "<iframe src=javascript:alert(1)></iframe><b>hi</b>",
    "surrogate": "\ud800 kratom liver injury",
}

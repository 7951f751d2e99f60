"""Text made safe for Markdown: shown exactly as written, never read as markup, HTML or a link."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~]|!(?=\[)|&(?=#?\w+;))")
_MD_LINE_START = re.compile(
    r"^(\s*)(#{1,6}(?=\s|$)|[-+*](?=\s|$)|-+(?=\s*$)|=+(?=\s*$)|\d{1,9}(?=[.)](?:\s|$)))", re.MULTILINE
)
_LINE_BREAK = re.compile(r"\r\n?|\n")
# GitHub links bare addresses the HTML shows as text; an escape inside them stops that.
_AUTOLINK = re.compile(r"(?<=[A-Za-z])(:)(?=//)|(?<=\bwww)(\.)|(@)(?=[\w-]+\.)", re.IGNORECASE)


def markdown_escape(text: str) -> str:
    """Text that Markdown will show exactly as written, never as markup, HTML or a link."""
    escaped = _MD_SPECIAL.sub(r"\\\1", _LINE_BREAK.sub(" ", text))
    escaped = _AUTOLINK.sub(lambda match: "\\" + match.group(0), escaped)
    return _MD_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    lead, mark = match.groups()
    return lead + (mark + "\\" if mark[0].isdigit() else "\\" + mark)


def markdown_cell(text: str) -> str:
    """A table cell must stay on one line, so its paragraphs and list items are joined by line breaks:
    run together with spaces, "Consultation: … Public meeting: …" would read as one sentence."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return "<br>".join(line for line in lines if line) or " "

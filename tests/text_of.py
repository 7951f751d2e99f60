"""The text a reader gets from each output format, in reading order, whitespace collapsed.

Each format is read back with an independent reader (html.parser, markdown-it-py,
python-docx, pdftotext), never with cspgen's own code, so a writer that drops
something cannot hide it.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

# Elements that end a run of text: their text never runs on into the next element's.
_HTML_BREAKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main",
        "nav", "ol", "p", "section", "svg", "table", "tbody", "td", "text", "tfoot", "th", "thead",
        "title", "tr", "ul",
    }
)  # fmt: skip
_HTML_SKIPPED = frozenset({"script", "style"})


def collapse(text: str) -> str:
    return " ".join(text.split())


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HTML_SKIPPED:
            self.skipping += 1
        elif tag in _HTML_BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_SKIPPED:
            self.skipping -= 1
        elif tag in _HTML_BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(path: Path) -> str:
    parser = _HtmlText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return collapse("".join(parser.parts))


def markdown_text(path: Path) -> str:
    """The Markdown as a renderer shows it: escapes resolved, markup gone, tables read cell by cell."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    parts: list[str] = []
    for token in parser.parse(path.read_text(encoding="utf-8")):
        if token.type == "inline":
            parts.append(_markdown_inline(token.children or []))
    return collapse(" ".join(parts))


def _markdown_inline(children: list[Any]) -> str:
    text = []
    for child in children:
        if child.type in ("text", "code_inline"):
            text.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or child.content == "<br>":
            text.append(" ")
    return "".join(text)


def docx_text(path: Path) -> str:
    """Every paragraph and every cell, nested tables included, in document order."""
    from docx import Document

    parts: list[str] = []
    _docx_container(Document(str(path)), parts)
    return collapse(" ".join(parts))


def _docx_container(container: Any, parts: list[str]) -> None:
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:  # a merged cell is listed once per column it spans
                        seen.add(id(cell._tc))
                        _docx_container(cell, parts)
        else:
            parts.append(item.text)


_PDF_SOFT_HYPHEN = re.compile(r"\u00ad\n?")
_PDF_HYPHEN_BREAK = re.compile(r"(?<=\w)-\n(?=\w)")


_PDF_FOOTER = re.compile(r"^Page \d+ of \d+$", re.MULTILINE)  # cspgen/pdf.py's page footer


def pdf_pages(path: Path) -> list[str]:
    """pdftotext's raw reading order, page by page, without the page footers.

    Words broken over a line are joined again: a soft hyphen at the break goes, a real
    hyphen stays (`anti-` then `social`).
    """
    raw = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    pages = raw.split("\f")
    return [
        collapse(_PDF_HYPHEN_BREAK.sub("-", _PDF_SOFT_HYPHEN.sub("", _PDF_FOOTER.sub("", page))))
        for page in pages
    ]

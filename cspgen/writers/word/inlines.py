"""Runs of text in a paragraph: emphasis, code, breaks, acronyms, terms and hyperlinks."""

from __future__ import annotations

from typing import Any, assert_never

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from cspgen.document.nodes import Abbr, Break, Code, Inline, Link, Styled, TermRef, Text


def write_inlines(paragraph: Any, nodes: tuple[Inline, ...], marks: frozenset[str]) -> None:
    for node in nodes:
        if isinstance(node, Text):
            _run(paragraph, node.text, marks)
        elif isinstance(node, Styled):
            write_inlines(paragraph, node.children, marks | {node.style})
        elif isinstance(node, Code):
            _run(paragraph, node.text, marks).font.name = "Consolas"
        elif isinstance(node, Link):
            _hyperlink(paragraph, node, marks)
        elif isinstance(node, Break):
            paragraph.add_run().add_break()
        elif isinstance(node, Abbr):
            _run(paragraph, f"{node.expansion} ({node.text})" if node.first else node.text, marks)
        elif isinstance(node, TermRef):
            write_inlines(paragraph, node.children, marks)
        else:
            assert_never(node)


def _run(paragraph: Any, text: str, marks: frozenset[str]) -> Any:
    run = paragraph.add_run(text)
    run.bold, run.italic = "strong" in marks or None, "em" in marks or None
    if "del" in marks:
        run.font.strike = True
    return run


def _hyperlink(paragraph: Any, link: Link, marks: frozenset[str]) -> None:
    """python-docx has no hyperlink API; this is the element Word itself writes.

    The link's text is written as runs like any other text and then moved inside the
    link, so acronyms, code and emphasis in it are kept.
    """

    element = OxmlElement("w:hyperlink")
    if link.href.startswith("#"):
        element.set(qn("w:anchor"), link.href[1:])
    else:
        relationship = paragraph.part.relate_to(link.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        element.set(qn("r:id"), relationship)
    before = len(paragraph._p.r_lst)
    write_inlines(paragraph, link.children, marks)
    for run in paragraph._p.r_lst[before:]:
        properties = run.get_or_add_rPr()
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "Hyperlink")
        properties.insert(0, style)
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        properties.append(underline)
        element.append(run)
    paragraph._p.append(element)

"""Stable text dumps of the binary files a user receives, so golden tests can diff them line by line.

`docx_text(path)` and `pdf_text(path)` show what a reader gets (text, styles, emphasis, link targets,
tables, metadata, bookmarks, tagging) and leave out what varies without anyone seeing it (zip layout,
object numbering, font subsets).
"""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
from docx import Document as open_docx
from docx.oxml.ns import qn

STRUCTURE_DEPTH = 3  # levels of the PDF structure tree shown in full; deeper tags are only counted
Marks = tuple[str, str]  # a run's emphasis (`**`, `*`, `~~`) and its other visible properties


# --- Word ---------------------------------------------------------------------------------------


def docx_text(path: Path) -> str:
    """Core properties, then every body element in order: paragraphs as `[Style] text`, tables as rows."""
    word = open_docx(str(path))
    lines = [*_core_properties(word), ""]
    styles = {style.style_id: style.name for style in word.styles}
    lines += _body_lines(word.element.body, styles, word.part.rels, "")
    return "\n".join(lines) + "\n"


def _core_properties(word: Any) -> Iterator[str]:
    properties = word.core_properties
    yield f"title: {properties.title}"
    yield f"author: {properties.author}"
    yield f"last modified by: {properties.last_modified_by}"
    yield f"language: {properties.language}"
    yield f"created: {properties.created.isoformat() if properties.created else None}"
    yield f"modified: {properties.modified.isoformat() if properties.modified else None}"
    yield f"revision: {properties.revision}"


def _body_lines(container: Any, styles: dict[str, str], rels: Any, indent: str) -> Iterator[str]:
    for child in container:
        if child.tag == qn("w:p"):
            yield f"{indent}{_paragraph(child, styles, rels)}"
        elif child.tag == qn("w:tbl"):
            yield from _table_lines(child, styles, rels, indent)
        elif child.tag == qn("w:sectPr"):
            yield f"{indent}{_section(child)}"


def _paragraph(p: Any, styles: dict[str, str], rels: Any) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    name = styles.get(style.get(qn("w:val")), style.get(qn("w:val"))) if style is not None else "Normal"
    return f"[{name}] {_inline_text(p, rels)}".rstrip()


def _inline_text(element: Any, rels: Any) -> str:
    """Runs with the same marks are joined, so only what a reader could see shows."""
    pieces: list[tuple[Marks, str]] = []
    out: list[str] = []

    def flush() -> None:
        for marks, text in _joined(pieces):
            out.append(_marked(text, marks))
        pieces.clear()

    for child in element:
        if child.tag == qn("w:r"):
            pieces.append((_run_marks(child), _run_text(child)))
        elif child.tag == qn("w:hyperlink"):
            flush()
            out.append(f"[{_inline_text(child, rels)}]({_link_target(child, rels)})")
        elif child.tag == qn("w:fldSimple"):
            flush()
            out.append(f"{{field {child.get(qn('w:instr'))}: {_inline_text(child, rels)}}}")
    flush()
    return "".join(out)


def _joined(pieces: list[tuple[Marks, str]]) -> Iterator[tuple[Marks, str]]:
    marks, text = ("", ""), ""
    for piece_marks, piece_text in pieces:
        if piece_marks != marks and text:
            yield marks, text
            text = ""
        marks, text = piece_marks, text + piece_text
    if text:
        yield marks, text


def _run_marks(run: Any) -> Marks:
    """Emphasis in Markdown's marks, then anything else a reader sees (a font, a character style)."""
    properties = run.find(qn("w:rPr"))
    if properties is None:
        return "", ""
    emphasis = ""
    for tag, mark in (("w:b", "**"), ("w:i", "*"), ("w:strike", "~~")):
        found = properties.find(qn(tag))
        if found is not None and found.get(qn("w:val")) not in ("0", "false"):
            emphasis += mark
    notes = ""
    fonts = properties.find(qn("w:rFonts"))
    if fonts is not None and fonts.get(qn("w:ascii")):
        notes += f"{{font {fonts.get(qn('w:ascii'))}}}"
    style = properties.find(qn("w:rStyle"))
    if style is not None:
        notes += f"{{style {style.get(qn('w:val'))}}}"
    return emphasis, notes


def _run_text(run: Any) -> str:
    text = []
    for child in run:
        if child.tag == qn("w:t"):
            text.append(child.text or "")
        elif child.tag == qn("w:br"):
            text.append(" ⏎ ")
        elif child.tag == qn("w:tab"):
            text.append("\t")
    return "".join(text)


def _marked(text: str, marks: Marks) -> str:
    """Marks hug the words, as in Markdown: `**Area:** ` rather than `**Area: **`."""
    emphasis, notes = marks
    if not text.strip():
        return text
    core = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}{emphasis}{core}{emphasis[::-1]}{notes}{trail}"


def _link_target(hyperlink: Any, rels: Any) -> str:
    anchor = hyperlink.get(qn("w:anchor"))
    if anchor is not None:
        return f"#{anchor}"
    relationship = hyperlink.get(qn("r:id"))
    if relationship is None:
        return "(no target)"
    return str(rels[relationship].target_ref)


def _table_lines(table: Any, styles: dict[str, str], rels: Any, indent: str) -> Iterator[str]:
    style = table.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
    widths = [_twips_mm(column.get(qn("w:w"))) for column in table.iter(qn("w:gridCol"))]
    name = styles.get(style.get(qn("w:val")), style.get(qn("w:val"))) if style is not None else "none"
    yield f"{indent}[Table, style {name}; columns (mm): {widths}]"
    for row in table.findall(qn("w:tr")):
        header = row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        cells, nested = [], []
        for cell in row.findall(qn("w:tc")):
            cells.append(_cell_text(cell, rels))
            for inner in cell.findall(qn("w:tbl")):
                nested += list(_table_lines(inner, styles, rels, indent + "    "))
        prefix = "[header row] " if header else ""
        yield f"{indent}{prefix}| {' | '.join(cells)} |"
        yield from nested


def _cell_text(cell: Any, rels: Any) -> str:
    """Paragraphs joined with ¶; a merge shows as `{span N}` across, `{merged}` / `{↑}` down."""
    marks = ""
    properties = cell.find(qn("w:tcPr"))
    if properties is not None:
        span = properties.find(qn("w:gridSpan"))
        if span is not None:
            marks += f"{{span {span.get(qn('w:val'))}}} "
        merge = properties.find(qn("w:vMerge"))
        if merge is not None:
            marks += "{merged} " if merge.get(qn("w:val")) == "restart" else "{↑} "
    texts = [_inline_text(p, rels) for p in cell.findall(qn("w:p"))]
    return (marks + " ¶ ".join(text for text in texts if text)).strip()


def _section(properties: Any) -> str:
    size = properties.find(qn("w:pgSz"))
    margins = properties.find(qn("w:pgMar"))
    page = (
        f"{_twips_mm(size.get(qn('w:w')))} x {_twips_mm(size.get(qn('w:h')))} mm" if size is not None else ""
    )
    sides = ""
    if margins is not None:
        sides = ", margins " + " ".join(
            f"{side} {_twips_mm(margins.get(qn(f'w:{side}')))}" for side in ("top", "right", "bottom", "left")
        )
    return f"[Section: page {page}{sides}]"


def _twips_mm(twips: str | None) -> float:
    return round(int(twips or 0) * 25.4 / 1440, 1)


# --- PDF ----------------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    """Document info, the text page by page, the bookmarks, and the first levels of the tag tree."""
    with pikepdf.open(path) as pdf:
        lines = [*_document_info(pdf), "", "== Outline"]
        lines += _outline_lines(pdf)
        lines += ["", "== Structure tree"]
        lines += _structure_lines(pdf)
    lines += ["", "== Text", _pdftotext(path)]
    return "\n".join(line.rstrip() for line in "\n".join(lines).split("\n")).rstrip("\n") + "\n"


def _document_info(pdf: pikepdf.Pdf) -> Iterator[str]:
    for key in ("/Title", "/Author", "/CreationDate", "/ModDate"):
        value = pdf.docinfo.get(key)
        yield f"{key[1:]}: {value if value is None else str(value)}"
    yield f"Lang: {pdf.Root.get('/Lang')}"
    yield f"Marked: {_flag(pdf.Root, '/MarkInfo', '/Marked')}"
    yield f"DisplayDocTitle: {_flag(pdf.Root, '/ViewerPreferences', '/DisplayDocTitle')}"
    yield f"Pages: {len(pdf.pages)}"


def _flag(root: Any, dictionary: str, key: str) -> bool:
    return dictionary in root and bool(root[dictionary].get(key, False))


def _outline_lines(pdf: pikepdf.Pdf) -> Iterator[str]:
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
    with pdf.open_outline() as outline:
        stack = [(item, 0) for item in reversed(outline.root)]
        while stack:
            item, depth = stack.pop()
            yield f"{'  ' * depth}- {item.title} (page {_outline_page(item, pages)})"
            stack += [(child, depth + 1) for child in reversed(item.children)]


def _outline_page(item: Any, pages: dict[tuple[int, int], int]) -> int | str:
    destination = item.destination
    if destination is None and item.action is not None:
        destination = item.action.get("/D")
    if isinstance(destination, pikepdf.Array) and len(destination):
        return pages.get(destination[0].objgen, "?")
    return "?"


def _structure_lines(pdf: pikepdf.Pdf) -> Iterator[str]:
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        yield "(no structure tree)"
        return
    counts: Counter[str] = Counter()
    tree = list(_tree_lines(root, 0, counts))
    yield from tree
    yield "counts: " + ", ".join(f"{tag} {count}" for tag, count in sorted(counts.items()))


def _tree_lines(node: Any, depth: int, counts: Counter[str]) -> Iterator[str]:
    """Runs of siblings with the same tag (and the same shown subtree) print once with ×N."""
    shown: list[tuple[str, list[str], int]] = []  # tag, its lines below, times in a row
    for kid in _struct_kids(node):
        tag = str(kid.get("/S"))[1:]
        counts[tag] += 1
        below = list(_tree_lines(kid, depth + 1, counts))
        subtree = below if depth + 1 < STRUCTURE_DEPTH else []
        if shown and shown[-1][:2] == (tag, subtree):
            shown[-1] = (tag, subtree, shown[-1][2] + 1)
        else:
            shown.append((tag, subtree, 1))
    for tag, subtree, times in shown:
        yield f"{'  ' * depth}{tag}" + (f" ×{times}" if times > 1 else "")
        yield from subtree


def _struct_kids(node: Any) -> Iterator[Any]:
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid


def _pdftotext(path: Path) -> str:
    """-layout keeps a table's cells on its rows (and shows words broken by narrow columns)."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    pages = text.rstrip("\f").split("\f")
    return "\n".join(f"--- page {number}\n{_squeezed(page)}" for number, page in enumerate(pages, 1))


def _squeezed(page: str) -> str:
    """Trailing spaces and runs of blank lines are layout noise, not content."""
    lines = [line.rstrip() for line in page.strip("\n").split("\n")]
    return "\n".join(line for index, line in enumerate(lines) if line or (index and lines[index - 1]))

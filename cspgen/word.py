"""A Word document from the document model, for committee papers.

python-docx rather than Pandoc: it writes straight from the same document model as
the HTML (no detour through Markdown), needs no external binary, and gives direct
control of heading styles, the contents field and repeating table header rows.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

from .document import (
    Abbr,
    Block,
    Break,
    Cell,
    Chart,
    Code,
    Contacts,
    DefinitionList,
    Document,
    Inline,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Signature,
    Styled,
    TableNode,
    TermRef,
    Text,
)

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
TEXT_WIDTH_MM = 170  # A4 less 20 mm margins


def document_to_docx(document: Document, published: datetime.date, author: str) -> bytes:
    from docx import Document as new_document

    word = new_document()
    _settings(word, document, published, author)
    word.add_heading(document.title, level=0)
    if document.subtitle:
        word.add_paragraph(document.subtitle, style="Subtitle")
    for label, value in document.facts:
        paragraph = word.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    word.add_heading("Contents", level=1)
    _contents_field(word)
    for section in document.sections:
        _section(word, section)
    buffer = io.BytesIO()
    word.save(buffer)
    return _stable_zip(buffer.getvalue())


def _settings(word: Any, document: Document, published: datetime.date, author: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    for section in word.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    moment = datetime.datetime(published.year, published.month, published.day)
    properties = word.core_properties
    properties.title = document.title
    properties.language = document.language
    properties.author = author
    properties.last_modified_by = author
    properties.created = moment
    properties.modified = moment
    properties.revision = 1
    defaults = word.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), document.language)
    run_defaults.append(language)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    word.settings.element.append(update)


def _contents_field(word: Any) -> None:
    """A real TOC field: Word fills in the page numbers when the document opens."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = word.add_paragraph()
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), 'TOC \\o "1-3" \\h \\z \\u')
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "The contents list appears when the document is opened in Word (update fields if asked)."
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _section(word: Any, section: Section) -> None:
    word.add_heading(section.title, level=min(section.level - 1, 9))
    for block in section.blocks:
        _block(word, block)
    for child in section.children:
        _section(word, child)


def _block(word: Any, block: Block, list_depth: int = 0) -> None:
    if isinstance(block, Paragraph):
        _inlines(word.add_paragraph(), block.children)
    elif isinstance(block, ListBlock):
        style = "List Number" if block.ordered else "List Bullet"
        if list_depth:
            style += f" {min(list_depth + 1, 3)}"
        for item in block.items:
            first, *rest = item or (Paragraph(()),)
            paragraph = word.add_paragraph(style=style)
            _inlines(paragraph, first.children if isinstance(first, Paragraph) else ())
            for child in rest:
                _block(word, child, list_depth + 1)
    elif isinstance(block, Quote):
        for child in block.children:
            if isinstance(child, Paragraph):
                _inlines(word.add_paragraph(style="Quote"), child.children)
    elif isinstance(block, TableNode):
        _table(word, block)
    elif isinstance(block, Chart):
        word.add_paragraph(block.summary)
        _table(word, block.table)
    elif isinstance(block, Contacts):
        for contact in block.contacts:
            paragraph = word.add_paragraph()
            paragraph.add_run(contact.name).bold = True
            for line in (contact.role, *contact.address, contact.phone, contact.email):
                if line:
                    paragraph.add_run().add_break()
                    paragraph.add_run(line)
    elif isinstance(block, DefinitionList):
        for entry in block.items:
            paragraph = word.add_paragraph()
            paragraph.add_run(f"{entry.term}: ").bold = True
            for index, child in enumerate(entry.blocks):
                if isinstance(child, Paragraph):
                    target = paragraph if index == 0 else word.add_paragraph()
                    _inlines(target, child.children)
    elif isinstance(block, Signature):
        paragraph = word.add_paragraph()
        paragraph.add_run(block.name).bold = True
        if block.role:
            paragraph.add_run().add_break()
            paragraph.add_run(block.role)


def _inlines(paragraph: Any, nodes: tuple[Inline, ...], bold: bool = False, italic: bool = False) -> None:
    for node in nodes:
        if isinstance(node, Text):
            run = paragraph.add_run(node.text)
            run.bold, run.italic = bold or None, italic or None
        elif isinstance(node, Styled):
            _inlines(paragraph, node.children, bold or node.style == "strong", italic or node.style == "em")
        elif isinstance(node, Code):
            paragraph.add_run(node.text).font.name = "Consolas"
        elif isinstance(node, Link):
            _hyperlink(paragraph, node)
        elif isinstance(node, Break):
            paragraph.add_run().add_break()
        elif isinstance(node, Abbr):
            text = f"{node.expansion} ({node.text})" if node.first else node.text
            run = paragraph.add_run(text)
            run.bold, run.italic = bold or None, italic or None
        elif isinstance(node, TermRef):
            _inlines(paragraph, node.children, bold, italic)


def _hyperlink(paragraph: Any, link: Link) -> None:
    """python-docx has no hyperlink API; this is the element Word itself writes."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from .prose import plain_text

    element = OxmlElement("w:hyperlink")
    if link.href.startswith("#"):
        element.set(qn("w:anchor"), link.href[1:])
    else:
        relationship = paragraph.part.relate_to(link.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        element.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = plain_text(link.children)
    text.set(qn("xml:space"), "preserve")
    run.append(text)
    element.append(run)
    paragraph._p.append(element)


def _table(word: Any, node: TableNode) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    word.add_paragraph(node.caption, style="Caption")
    rows = [*node.head, *(row for body in node.bodies for row in body), *node.foot]
    width = max((sum(cell.colspan for cell in row) for row in rows), default=1)
    table = word.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            while (r, column) in taken:
                column += 1
            _place(table, r, column, cell, taken)
            column += cell.colspan
    for r in range(len(node.head)):
        row_properties = table.rows[r]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        row_properties.append(header)
    if node.widths and len(node.widths) == width:
        from docx.shared import Mm

        table.autofit = False
        for index, column in enumerate(table.columns):
            column.width = Mm(TEXT_WIDTH_MM * node.widths[index] / 100)
        for row in table.rows:
            for index, cell in enumerate(row.cells):
                cell.width = Mm(TEXT_WIDTH_MM * node.widths[index] / 100)
    if node.note:
        word.add_paragraph(f"Source: {node.note}")


def _place(table: Any, row: int, column: int, cell: Cell, taken: set[tuple[int, int]]) -> None:
    target = table.cell(row, column)
    last_row, last_column = row + cell.rowspan - 1, column + cell.colspan - 1
    if (last_row, last_column) != (row, column):
        target = target.merge(table.cell(min(last_row, len(table.rows) - 1), last_column))
    taken.update((r, c) for r in range(row, last_row + 1) for c in range(column, last_column + 1))
    first = True
    for block in cell.blocks:
        if isinstance(block, Paragraph):
            paragraph = target.paragraphs[0] if first else target.add_paragraph()
            _inlines(paragraph, block.children, bold=cell.header)
        elif isinstance(block, ListBlock):
            for item in block.items:
                paragraph = target.paragraphs[0] if first else target.add_paragraph()
                paragraph.add_run("• " if not block.ordered else "")
                for child in item:
                    if isinstance(child, Paragraph):
                        _inlines(paragraph, child.children)
                first = False
        first = False


def _stable_zip(data: bytes) -> bytes:
    """Zip entries carry the time they were written; fix it so two builds are identical."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return output.getvalue()

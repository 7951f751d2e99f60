"""A Word document from the document model, for committee papers.

python-docx rather than Pandoc: it writes straight from the same document model as
the HTML (no detour through Markdown), needs no external binary, and gives direct
control of heading styles, the contents field and repeating table header rows.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, replace
from typing import Any, assert_never

from cspgen.document.nodes import (
    Abbr,
    Block,
    Break,
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
LIST_STEP_INCHES = 0.25  # as Word's own list styles step in
QUOTE_STEP_INCHES = 0.5
MAX_LIST_STYLE_LEVEL = 3
BOOKMARK_NAME_LIMIT = 40  # Word's own limit; a longer name is cut and the bookmark lost
BOOKMARK_HASH_LENGTH = 6
NOT_IN_BOOKMARK_NAME = re.compile(r"[^A-Za-z0-9_]")


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
    _bookmark(word.add_heading("Contents", level=1), "contents")
    _contents_field(word)
    for index, section in enumerate(document.sections):
        _section(word, section, ("main",) if index == 0 else ())
    _name_bookmarks(word.element.body)
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


def _section(word: Any, section: Section, also: tuple[str, ...] = ()) -> None:
    """`also` names the places the HTML marks just before this heading, as `main` before the first."""
    heading = word.add_heading(section.title, level=min(section.level - 1, 9))
    for anchor in (*also, section.id):
        _bookmark(heading, anchor)
    _blocks(_Place(_Target(word)), section.blocks)
    for child in section.children:
        _section(word, child)


def _bookmark(paragraph: Any, anchor: str) -> None:
    """Marks the whole paragraph, written last so it holds all of it, as Word marks a heading.

    The HTML id stands in for the name, on both ends, until `_name_bookmarks` gives the
    bookmark a name Word accepts and a number that pairs its ends.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:name"), anchor)
    end.set(qn("w:name"), anchor)
    element = paragraph._p
    if element.pPr is not None:
        element.pPr.addnext(start)
    else:
        element.insert(0, start)
    element.append(end)


def _name_bookmarks(body: Any) -> None:
    """Every bookmark and every in-document link gets its Word name, from one mapping.

    Naming after the whole document is written lets a link come before its target;
    naming in document order keeps two builds identical.
    """
    from docx.oxml.ns import qn

    names = _BookmarkNames()
    numbers: dict[str, str] = {}
    for number, start in enumerate(body.iter(qn("w:bookmarkStart"))):
        anchor = start.get(qn("w:name"))
        numbers[anchor] = str(number)
        start.set(qn("w:id"), numbers[anchor])
        start.set(qn("w:name"), names.of(anchor))
    for end in body.iter(qn("w:bookmarkEnd")):
        end.set(qn("w:id"), numbers[end.attrib.pop(qn("w:name"))])
    for link in body.iter(qn("w:hyperlink")):
        anchor = link.get(qn("w:anchor"))
        if anchor is not None:
            link.set(qn("w:anchor"), names.of(anchor))


class _BookmarkNames:
    """HTML ids made into Word bookmark names, one name per id, never one name for two ids.

    Word wants a letter first, then letters, digits and underscores, at most 40 of them,
    and sees no difference of case. A name cut short or already taken ends in a hash of the id.
    """

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.taken: set[str] = set()

    def of(self, anchor: str) -> str:
        if anchor not in self.names:
            self.names[anchor] = self._claim(anchor)
        return self.names[anchor]

    def _claim(self, anchor: str) -> str:
        readable = NOT_IN_BOOKMARK_NAME.sub("_", anchor)
        if not readable[:1].isalpha():
            readable = f"id_{readable}"
        name, tries = readable, 0
        while len(name) > BOOKMARK_NAME_LIMIT or name.casefold() in self.taken:
            digest = hashlib.sha256(f"{anchor}#{tries}".encode()).hexdigest()[:BOOKMARK_HASH_LENGTH]
            name = f"{readable[: BOOKMARK_NAME_LIMIT - BOOKMARK_HASH_LENGTH - 1].rstrip('_')}_{digest}"
            tries += 1
        self.taken.add(name.casefold())
        return name


class _Target:
    """The document body or a table cell: where paragraphs and tables are added.

    A new cell already holds an empty paragraph; its first block must use it, or the
    cell would open with a blank line.
    """

    def __init__(self, container: Any, spare: Any = None) -> None:
        self.container = container
        self.spare = spare

    def paragraph(self, style: str | None) -> Any:
        paragraph, self.spare = self.spare, None
        if paragraph is None:
            return self.container.add_paragraph(style=style)
        if style is not None:
            paragraph.style = style
        return paragraph

    def table(self, rows: int, columns: int) -> Any:
        self.spare = None
        return self.container.add_table(rows, columns)


@dataclass(frozen=True)
class _Place:
    """Where a block goes: its container, how deep it sits in quotes and lists, and its emphasis.

    Word has one style per paragraph, so nesting is shown by indentation: a quoted list keeps
    its bullets and moves in with the quote, a quote in a list item moves in with the item.
    """

    target: _Target
    quotes: int = 0
    levels: int = 0
    marks: frozenset[str] = frozenset()

    def paragraph(self, style: str | None = None) -> Any:
        """A paragraph styled for the place: quoted, continuing a list item, or plain."""
        if style is None and self.quotes:
            style = "Quote"
        elif style is None and self.levels:
            style = _level_style("List Continue", self.levels)
        paragraph = self.target.paragraph(style)
        quote_steps = self.quotes - 1 if style == "Quote" else self.quotes
        if quote_steps > 0 or self.levels > MAX_LIST_STYLE_LEVEL:
            from docx.shared import Inches

            indent = LIST_STEP_INCHES * self.levels + QUOTE_STEP_INCHES * quote_steps
            paragraph.paragraph_format.left_indent = Inches(indent)
        return paragraph


def _level_style(name: str, level: int) -> str:
    """Word's built-in list styles go three levels deep; deeper levels are indented by hand."""
    level = min(level, MAX_LIST_STYLE_LEVEL)
    return name if level == 1 else f"{name} {level}"


def _blocks(place: _Place, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        _block(place, block)


def _block(place: _Place, block: Block) -> None:
    """Any block in any container, so that whatever the model nests is kept."""
    if isinstance(block, Paragraph):
        _inlines(place.paragraph(), block.children, place.marks)
    elif isinstance(block, ListBlock):
        _list(place, block)
    elif isinstance(block, Quote):
        _blocks(replace(place, quotes=place.quotes + 1), block.children)
    elif isinstance(block, TableNode):
        _table(place, block)
    elif isinstance(block, Chart):
        place.paragraph().add_run(block.summary)
        _table(place, block.table)
    elif isinstance(block, Contacts):
        for contact in block.contacts:
            lines = (contact.role, *contact.address, contact.phone, contact.email)
            _lines(place.paragraph(), contact.name, lines)
    elif isinstance(block, DefinitionList):
        _definitions(place, block)
    elif isinstance(block, Signature):
        _lines(place.paragraph(), block.name, (block.role,))
    else:
        assert_never(block)


def _lines(paragraph: Any, name: str, lines: tuple[str | None, ...]) -> None:
    """A name in bold and the lines under it in one paragraph, as an address block is set."""
    paragraph.add_run(name).bold = True
    for line in lines:
        if line:
            paragraph.add_run().add_break()
            paragraph.add_run(line)


def _list(place: _Place, block: ListBlock) -> None:
    inner = replace(place, levels=place.levels + 1)
    style = _level_style("List Number" if block.ordered else "List Bullet", inner.levels)
    numbering: int | None = None
    for item in block.items:
        first, rest = (item[0], item[1:]) if item and isinstance(item[0], Paragraph) else (None, item)
        paragraph = inner.paragraph(style)
        if block.ordered:
            numbering = numbering or _restarted_numbering(paragraph, style, block.start)
            _number(paragraph, numbering)
        _inlines(paragraph, first.children if first else (), place.marks)
        _blocks(inner, rest)


def _restarted_numbering(paragraph: Any, style: str, start: int) -> int:
    """A numbering of the list's own, from its first number.

    Every paragraph in a List Number style shares one numbering, so without this a list
    would carry on counting from the list before it.
    """
    numbering = paragraph.part.numbering_part.element
    shared = paragraph.part.document.styles[style].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(shared).abstractNumId.val
    own = numbering.add_num(abstract)
    own.add_lvlOverride(ilvl=0).add_startOverride(start)
    return int(own.numId)


def _number(paragraph: Any, numbering: int) -> None:
    properties = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    properties.get_or_add_ilvl().val = 0
    properties.get_or_add_numId().val = numbering


def _definitions(place: _Place, block: DefinitionList) -> None:
    """The term in bold, its first paragraph on the same line, then anything else it holds."""
    for entry in block.items:
        paragraph = place.paragraph()
        paragraph.add_run(f"{entry.term}: ").bold = True
        rest = entry.blocks
        if rest and isinstance(rest[0], Paragraph):
            _inlines(paragraph, rest[0].children, place.marks)
            rest = rest[1:]
        _bookmark(paragraph, entry.id)
        _blocks(place, rest)


def _inlines(paragraph: Any, nodes: tuple[Inline, ...], marks: frozenset[str]) -> None:
    for node in nodes:
        if isinstance(node, Text):
            _run(paragraph, node.text, marks)
        elif isinstance(node, Styled):
            _inlines(paragraph, node.children, marks | {node.style})
        elif isinstance(node, Code):
            _run(paragraph, node.text, marks).font.name = "Consolas"
        elif isinstance(node, Link):
            _hyperlink(paragraph, node, marks)
        elif isinstance(node, Break):
            paragraph.add_run().add_break()
        elif isinstance(node, Abbr):
            _run(paragraph, f"{node.expansion} ({node.text})" if node.first else node.text, marks)
        elif isinstance(node, TermRef):
            _inlines(paragraph, node.children, marks)
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
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:hyperlink")
    if link.href.startswith("#"):
        element.set(qn("w:anchor"), link.href[1:])
    else:
        relationship = paragraph.part.relate_to(link.href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        element.set(qn("r:id"), relationship)
    before = len(paragraph._p.r_lst)
    _inlines(paragraph, link.children, marks)
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


def _table(place: _Place, node: TableNode) -> None:
    """Cells are filled from a grid read once, and merged afterwards.

    `table.cell(r, c)` rebuilds the whole grid on every call, so filling a table of 900
    actions through it took minutes.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    place.paragraph("Caption").add_run(node.caption)
    rows = [*node.head, *(row for body in node.bodies for row in body), *node.foot]
    width = max((sum(cell.colspan for cell in row) for row in rows), default=1)
    table = place.target.table(len(rows), width)
    table.style = "Table Grid"
    grid = [row.cells for row in table.rows]
    if node.widths and len(node.widths) == width:
        _set_widths(table, grid, node.widths)
    spans: list[tuple[int, int, int, int]] = []
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            while (r, column) in taken:
                column += 1
            last_row, last_column = min(r + cell.rowspan, len(rows)) - 1, column + cell.colspan - 1
            taken.update((y, x) for y in range(r, last_row + 1) for x in range(column, last_column + 1))
            target = grid[r][column]
            marks = place.marks | {"strong"} if cell.header else place.marks
            _blocks(_Place(_Target(target, target.paragraphs[0]), marks=marks), cell.blocks)
            if (last_row, last_column) != (r, column):
                spans.append((r, column, last_row, last_column))
            column += cell.colspan
    for span in spans:
        _merge(grid, *span)
    for r in range(len(node.head)):
        row_properties = table.rows[r]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        row_properties.append(header)
    if node.note:
        place.paragraph().add_run(f"Source: {node.note}")


def _merge(grid: list[Any], top: int, left: int, bottom: int, right: int) -> None:
    """What `_Cell.merge` writes, without its search for the row below, which is slow for long spans."""
    for row in range(top, bottom + 1):
        first = grid[row][left]._tc
        for column in range(left + 1, right + 1):
            swallowed = grid[row][column]._tc
            if first.width is not None and swallowed.width is not None:
                first.width += swallowed.width
            first.getparent().remove(swallowed)
        first.grid_span = right - left + 1
        if bottom > top:
            first.vMerge = "restart" if row == top else "continue"


def _set_widths(table: Any, grid: list[Any], widths: tuple[int, ...]) -> None:
    from docx.shared import Mm

    table.autofit = False
    for index, column in enumerate(table.columns):
        column.width = Mm(TEXT_WIDTH_MM * widths[index] / 100)
    for cells in grid:
        for index, cell in enumerate(cells):
            cell.width = Mm(TEXT_WIDTH_MM * widths[index] / 100)


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

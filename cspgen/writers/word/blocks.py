"""Blocks in the body or a table cell: paragraphs, lists, quotes, tables, contacts, definitions, pictures."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, assert_never

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm

from cspgen.document.nodes import (
    Block,
    Chart,
    Contacts,
    DefinitionList,
    Figure,
    KeyFigures,
    ListBlock,
    Paragraph,
    Quote,
    Signature,
    TableNode,
    Text,
)
from cspgen.writers.word.bookmarks import add_bookmark
from cspgen.writers.word.inlines import write_inlines
from cspgen.writers.word.pictures import write_figure

TEXT_WIDTH_MM = 170  # A4 less 20 mm margins
LIST_STEP_INCHES = 0.25  # as Word's own list styles step in
QUOTE_STEP_INCHES = 0.5
MAX_LIST_STYLE_LEVEL = 3
# An action plan row of long progress notes runs on rather than leave most of a page empty. The PDF keeps
# even these whole: WeasyPrint loses the text of a cell spanning rows when a row breaks across pages.
ROWS_MAY_SPLIT = frozenset({"actions"})


class Target:
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
class Place:
    """Where a block goes: its container, how deep it sits in quotes and lists, and its emphasis.

    Word has one style per paragraph, so nesting is shown by indentation: a quoted list keeps
    its bullets and moves in with the quote, a quote in a list item moves in with the item.
    """

    target: Target
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
            indent = LIST_STEP_INCHES * self.levels + QUOTE_STEP_INCHES * quote_steps
            paragraph.paragraph_format.left_indent = Inches(indent)
        return paragraph


def _level_style(name: str, level: int) -> str:
    """Word's built-in list styles go three levels deep; deeper levels are indented by hand."""
    level = min(level, MAX_LIST_STYLE_LEVEL)
    return name if level == 1 else f"{name} {level}"


def write_blocks(place: Place, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        _block(place, block)


def _block(place: Place, block: Block) -> None:
    """Any block in any container, so that whatever the model nests is kept."""
    if isinstance(block, Paragraph):
        write_inlines(place.paragraph(), block.children, place.marks)
    elif isinstance(block, ListBlock):
        _list(place, block)
    elif isinstance(block, Quote):
        write_blocks(replace(place, quotes=place.quotes + 1), block.children)
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
    elif isinstance(block, KeyFigures):
        _key_figures(place, block)
    elif isinstance(block, Figure):
        picture = place.paragraph()
        write_figure(picture, place.paragraph("Caption") if block.caption or block.source else None, block)
    else:
        assert_never(block)


def _lines(paragraph: Any, name: str, lines: tuple[str | None, ...]) -> None:
    """A name in bold and the lines under it in one paragraph, as an address block is set."""
    paragraph.add_run(name).bold = True
    for line in lines:
        if line:
            paragraph.add_run().add_break()
            paragraph.add_run(line)


def _key_figures(place: Place, block: KeyFigures) -> None:
    """A paragraph per figure, set as an address block is: label and figure in bold, a line per comparison."""
    for figure in block.figures:
        paragraph = place.paragraph()
        write_inlines(paragraph, (*figure.label, Text(": "), *figure.value), place.marks | {"strong"})
        for detail in figure.details:
            paragraph.add_run().add_break()
            write_inlines(paragraph, detail, place.marks)
    if block.source:
        place.paragraph().add_run(f"Source: {block.source}")


def _list(place: Place, block: ListBlock) -> None:
    inner = replace(place, levels=place.levels + 1)
    style = _level_style("List Number" if block.ordered else "List Bullet", inner.levels)
    numbering: int | None = None
    for item in block.items:
        first, rest = (item[0], item[1:]) if item and isinstance(item[0], Paragraph) else (None, item)
        paragraph = inner.paragraph(style)
        if block.ordered:
            numbering = numbering or _restarted_numbering(paragraph, style, block.start)
            _number(paragraph, numbering)
        write_inlines(paragraph, first.children if first else (), place.marks)
        write_blocks(inner, rest)


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


def _definitions(place: Place, block: DefinitionList) -> None:
    """The term in bold, its first paragraph on the same line, then anything else it holds."""
    for entry in block.items:
        paragraph = place.paragraph()
        paragraph.add_run(f"{entry.term}: ").bold = True
        rest = entry.blocks
        if rest and isinstance(rest[0], Paragraph):
            write_inlines(paragraph, rest[0].children, place.marks)
            rest = rest[1:]
        add_bookmark(paragraph, entry.id)
        write_blocks(place, rest)


def _table(place: Place, node: TableNode) -> None:
    """Cells are filled from a grid read once, and merged afterwards.

    `table.cell(r, c)` rebuilds the whole grid on every call, so filling a table of 900
    actions through it took minutes.
    """

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
            write_blocks(Place(Target(target, target.paragraphs[0]), marks=marks), cell.blocks)
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
    if node.css not in ROWS_MAY_SPLIT:
        _keep_rows_whole(table)
    if node.note:
        place.paragraph().add_run(f"Source: {node.note}")


def _keep_rows_whole(table: Any) -> None:
    """A row is not split across pages, as in the PDF."""
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


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

    table.autofit = False
    for index, column in enumerate(table.columns):
        column.width = Mm(TEXT_WIDTH_MM * widths[index] / 100)
    for cells in grid:
        for index, cell in enumerate(cells):
            cell.width = Mm(TEXT_WIDTH_MM * widths[index] / 100)

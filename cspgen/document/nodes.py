"""The document model that every output format is rendered from.

HTML and Markdown templates walk the same tree, so a plan reads the same in
both; Markdown prose from YAML is parsed into these nodes (never passed
through as markup), which is what keeps content from injecting anything.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

from cspgen.plan.picture import ImageFile

# --- inline nodes ---------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str
    kind: Literal["text"] = "text"


@dataclass(frozen=True)
class Styled:
    style: Literal["em", "strong", "del"]
    children: tuple[Inline, ...]
    kind: Literal["styled"] = "styled"


@dataclass(frozen=True)
class Code:
    text: str
    kind: Literal["code"] = "code"


@dataclass(frozen=True)
class Link:
    href: str
    children: tuple[Inline, ...]
    kind: Literal["link"] = "link"


@dataclass(frozen=True)
class Break:
    kind: Literal["break"] = "break"


@dataclass(frozen=True)
class Abbr:
    """An acronym: expanded in words on first use, marked up with its expansion after."""

    text: str
    expansion: str
    first: bool
    target: str | None = None
    kind: Literal["abbr"] = "abbr"


@dataclass(frozen=True)
class TermRef:
    """A use of a defined term, linked to its definition."""

    children: tuple[Inline, ...]
    target: str
    kind: Literal["termref"] = "termref"


Inline = Text | Styled | Code | Link | Break | Abbr | TermRef

# --- block nodes ----------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class ListBlock:
    items: tuple[tuple[Block, ...], ...]
    ordered: bool = False
    start: int = 1
    kind: Literal["list"] = "list"

    @property
    def entries(self) -> tuple[ListEntry, ...]:
        return tuple(
            ListEntry(self.start + index if self.ordered else None, blocks)
            for index, blocks in enumerate(self.items)
        )


@dataclass(frozen=True)
class ListEntry:
    """A list item with its number: ordered lists carry their numbers as text, so a copied item keeps it."""

    number: int | None
    blocks: tuple[Block, ...]

    @property
    def inline(self) -> tuple[Inline, ...] | None:
        return lone_inlines(self.blocks)


@dataclass(frozen=True)
class Quote:
    children: tuple[Block, ...]
    kind: Literal["quote"] = "quote"


@dataclass(frozen=True)
class Cell:
    blocks: tuple[Block, ...]
    header: bool = False
    scope: Literal["col", "row", "colgroup", "rowgroup", ""] = ""
    rowspan: int = 1
    colspan: int = 1
    numeric: bool = False

    @property
    def inline(self) -> tuple[Inline, ...] | None:
        return lone_inlines(self.blocks)


@dataclass(frozen=True)
class TableNode:
    caption: str
    head: tuple[tuple[Cell, ...], ...]
    bodies: tuple[tuple[tuple[Cell, ...], ...], ...]
    foot: tuple[tuple[Cell, ...], ...] = ()
    note: str | None = None
    labelled_by: str | None = None
    widths: tuple[int, ...] = ()
    css: str = ""
    kind: Literal["table"] = "table"

    @property
    def grid_bodies(self) -> tuple[tuple[tuple[Cell, ...], ...], ...]:
        """Body rows with spanned cells written out empty, for formats without row spans."""
        return tuple(_expand_spans(body) for body in self.bodies)

    @property
    def flat_head(self) -> tuple[Cell, ...]:
        """One header row for formats without spanning headers: "Group: Column"."""
        if not self.head:
            width = max((len(row) for body in self.grid_bodies for row in body), default=1)
            return tuple(Cell(()) for _ in range(width))
        if len(self.head) == 1:
            return self.head[0]
        grid: list[list[str]] = []
        numeric: list[bool] = []
        for depth, row in enumerate(self.head):
            column = 0
            for cell in row:
                while column < len(grid) and len(grid[column]) > depth:
                    column += 1
                for _ in range(cell.colspan):
                    if column == len(grid):
                        grid.append([])
                        numeric.append(cell.numeric)
                    for _ in range(cell.rowspan):
                        grid[column].append(_cell_text(cell))
                    column += 1
        labels = [": ".join(dict.fromkeys(parts)) for parts in grid]
        return tuple(
            Cell((Paragraph((Text(label),)),), header=True, scope="col", numeric=numeric[i])
            for i, label in enumerate(labels)
        )


@dataclass(frozen=True)
class Contact:
    name: str
    role: str | None
    address: tuple[str, ...]
    phone: str | None
    email: str | None


@dataclass(frozen=True)
class Contacts:
    contacts: tuple[Contact, ...]
    kind: Literal["contacts"] = "contacts"


@dataclass(frozen=True)
class KeyFigure:
    """A headline figure: what is counted, the figure with its unit, then its period and comparisons."""

    label: tuple[Inline, ...]
    value: tuple[Inline, ...]
    details: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class KeyFigures:
    figures: tuple[KeyFigure, ...]
    source: str | None
    kind: Literal["keyfigures"] = "keyfigures"


@dataclass(frozen=True)
class DefinitionItem:
    term: str
    id: str
    blocks: tuple[Block, ...]

    @property
    def inline(self) -> tuple[Inline, ...] | None:
        return lone_inlines(self.blocks)


@dataclass(frozen=True)
class DefinitionList:
    items: tuple[DefinitionItem, ...]
    index: tuple[tuple[str, str], ...] = ()
    kind: Literal["deflist"] = "deflist"


@dataclass(frozen=True)
class Signature:
    name: str
    role: str | None
    kind: Literal["signature"] = "signature"


@dataclass(frozen=True)
class Mark:
    """One shape of a chart: a bar, a line segment, a point or a text label.

    Horizontal positions are percentages of the chart's width, so the chart reflows with
    the page and its text never shrinks; vertical positions are pixels.
    """

    shape: Literal["bar", "line", "point", "label"]
    x: float
    y: float
    width: float = 0
    height: float = 0
    x2: float = 0
    y2: float = 0
    text: str = ""
    anchor: Literal["start", "middle", "end"] = "start"
    style: int = 0


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    summary: str
    height: int
    marks: tuple[Mark, ...]
    legend: tuple[tuple[str, int], ...]
    table: TableNode
    kind: Literal["chart"] = "chart"


@dataclass(frozen=True)
class Figure:
    """A picture from the plan folder. Its bytes travel with the document, so no writer opens a file."""

    image: ImageFile
    alt: str  # "" for an ornament, which screen readers skip
    caption: str | None
    source: str | None
    kind: Literal["figure"] = "figure"

    @property
    def decorative(self) -> bool:
        return not self.alt


def _expand_spans(rows: tuple[tuple[Cell, ...], ...]) -> tuple[tuple[Cell, ...], ...]:
    pending: dict[int, int] = {}
    expanded = []
    for row in rows:
        cells: list[Cell] = []
        queue = list(row)
        column = 0
        while queue or any(col >= column for col in pending):
            if pending.get(column, 0) > 0:
                pending[column] -= 1
                cells.append(Cell(()))
            elif queue:
                cell = queue.pop(0)
                if cell.rowspan > 1:
                    pending[column] = cell.rowspan - 1
                cells.append(Cell(cell.blocks, cell.header, cell.scope, 1, 1, cell.numeric))
                cells.extend(Cell(()) for _ in range(cell.colspan - 1))
                column += cell.colspan - 1
            else:
                break
            column += 1
        expanded.append(tuple(cells))
    return tuple(expanded)


def _cell_text(cell: Cell) -> str:
    parts: list[str] = []
    for block in cell.blocks:
        if isinstance(block, Paragraph):
            parts.extend(node.text for node in block.children if isinstance(node, Text))
    return " ".join(parts)


Block = (
    Paragraph
    | ListBlock
    | Quote
    | TableNode
    | Contacts
    | DefinitionList
    | Signature
    | Chart
    | KeyFigures
    | Figure
)


def lone_inlines(blocks: tuple[Block, ...]) -> tuple[Inline, ...] | None:
    """The text of content that is one paragraph: an item or cell shows it without a paragraph of its own."""
    if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
        return blocks[0].children
    return None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    level: int
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()
    in_contents: bool = True
    role: str = ""
    new_page: bool = False  # printed (PDF, Word) from the top of a new page


@dataclass(frozen=True)
class ContentsEntry:
    id: str
    title: str
    children: tuple[ContentsEntry, ...] = ()


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str | None
    language: str
    facts: tuple[tuple[str, str], ...]
    draft: bool
    contents: tuple[ContentsEntry, ...]
    sections: tuple[Section, ...]
    published: datetime.date  # for the PDF's and Word's metadata: from the plan, never the clock
    generator: str = field(default="cspgen")
    author: str = ""
    notice: tuple[Block, ...] = ()  # the alternative-formats notice: on the cover, before the contents
    licence: tuple[Inline, ...] = ()  # shown with the facts: the licence's name, linked to it when given

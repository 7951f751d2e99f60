"""plan.md: the document as GitHub-flavoured Markdown, every text from the plan escaped.

Markdown's layout is its markup (a list item's later lines are indented under its marker, a
quote's lines start with `> `, a table row stays on one line), so the blocks are laid out here,
line by line; the template prints the page. Blocks are separated by one blank line and a block
with nothing in it takes no room.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import assert_never

from cspgen.document.nodes import (
    Abbr,
    Block,
    Break,
    Cell,
    Chart,
    Code,
    Contacts,
    ContentsEntry,
    DefinitionItem,
    DefinitionList,
    Document,
    Figure,
    Inline,
    KeyFigures,
    Link,
    ListBlock,
    ListEntry,
    Paragraph,
    Quote,
    Section,
    Signature,
    Styled,
    TableNode,
    TermRef,
    Text,
)
from cspgen.document.prose import plain_text
from cspgen.writers.escape import markdown_cell, markdown_escape
from cspgen.writers.templates import environment

STYLE_MARKS = {"em": "*", "strong": "**", "del": "~~"}
CELL_BULLET = "•"  # a table cell cannot hold a Markdown list, so its items are written as text
CONTENTS_STEP = "   "


@dataclass(frozen=True)
class ContentsLine:
    indent: str
    number: int
    title: str
    anchor: str


@dataclass(frozen=True)
class MarkdownSection:
    """A heading and its blocks, each block already laid out; subsections follow as sections of their own."""

    marks: str
    title: str
    blocks: tuple[str, ...]


@dataclass(frozen=True)
class MarkdownPage:
    """Everything plan.md.j2 prints, escaped for Markdown."""

    title: str
    draft: bool
    subtitle: str | None
    facts: tuple[tuple[str, str], ...]
    licence: str | None
    open_data: str | None  # the link to plan.json, when it is built beside plan.md
    notice: tuple[str, ...]
    contents: tuple[ContentsLine, ...]
    sections: tuple[MarkdownSection, ...]
    references: tuple[tuple[str, str], ...]


def write_markdown(document: Document, open_data: str | None = None) -> str:
    """`open_data`: the file name of the plan.json built beside plan.md, which it links to."""
    page = markdown_page(document, open_data)
    return environment(autoescape=False).get_template("md/plan.md.j2").render(page=page)


def markdown_page(document: Document, open_data: str | None = None) -> MarkdownPage:
    anchors = github_anchors(document)
    writer = _Writer(anchors)
    sections = tuple(writer.sections(document.sections))
    references = tuple((label, anchors.get(target, target)) for label, target in term_references(document))
    if not references:
        sections = _last_line_trimmed(sections)
    return MarkdownPage(
        title=markdown_escape(document.title),
        draft=document.draft,
        subtitle=markdown_escape(document.subtitle) if document.subtitle else None,
        facts=tuple((label, markdown_escape(value)) for label, value in document.facts),
        licence=writer.inlines(document.licence) if document.licence else None,
        open_data=writer.inlines((Link(open_data, (Text(open_data),)),)) if open_data else None,
        notice=tuple("\n".join(joined([writer.block(block)])) for block in document.notice),
        contents=tuple(_contents_lines(document, anchors)),
        sections=sections,
        references=references,
    )


def _last_line_trimmed(sections: tuple[MarkdownSection, ...]) -> tuple[MarkdownSection, ...]:
    """A file ends with its last visible character and one line break, never with white space."""
    if not sections or not sections[-1].blocks:
        return sections
    last = sections[-1]
    blocks = (*last.blocks[:-1], last.blocks[-1].rstrip())
    return (*sections[:-1], MarkdownSection(last.marks, last.title, blocks))


def _contents_lines(document: Document, anchors: dict[str, str]) -> Iterator[ContentsLine]:
    def entries(items: tuple[ContentsEntry, ...], indent: str) -> Iterator[ContentsLine]:
        for number, entry in enumerate(items, 1):
            yield ContentsLine(indent, number, markdown_escape(entry.title), anchors[entry.id])
            yield from entries(entry.children, indent + CONTENTS_STEP)

    return entries(document.contents, "")


_GITHUB_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def github_anchors(document: Document) -> dict[str, str]:
    """The anchors GitHub gives Markdown headings, so links work without inline HTML."""
    anchors: dict[str, str] = {}
    counts: dict[str, int] = {}

    def claim(key: str, title: str) -> None:
        slug = _GITHUB_DROP.sub("", title.strip().lower()).replace(" ", "-")
        number = counts.get(slug, 0)
        counts[slug] = number + 1
        anchors[key] = f"{slug}-{number}" if number else slug

    def walk(section: Section) -> None:
        claim(section.id, section.title)
        for child in section.children:
            walk(child)

    claim("", document.title)
    claim("contents", "Contents")
    for section in document.sections:
        walk(section)
    return anchors


def term_references(document: Document) -> list[tuple[str, str]]:
    """Link reference definitions for every linked term, one per label (labels ignore case)."""
    found: dict[str, tuple[str, str]] = {}

    def inline(nodes: tuple[Inline, ...]) -> None:
        for node in nodes:
            if isinstance(node, TermRef):
                label = markdown_escape(plain_text(node.children))
                found.setdefault(" ".join(label.casefold().split()), (label, node.target))
            elif isinstance(node, Styled | Link):
                inline(node.children)

    def block(item: Block) -> None:
        if isinstance(item, Paragraph):
            inline(item.children)
        elif isinstance(item, ListBlock):
            for entry in item.items:
                for child in entry:
                    block(child)
        elif isinstance(item, Quote):
            for child in item.children:
                block(child)
        elif isinstance(item, KeyFigures):
            for figure in item.figures:
                for texts in (figure.label, figure.value, *figure.details):
                    inline(texts)
        elif isinstance(item, TableNode):
            for body in item.bodies:
                for row in body:
                    for cell in row:
                        for child in cell.blocks:
                            block(child)

    def section(node: Section) -> None:
        for item in node.blocks:
            block(item)
        for child in node.children:
            section(child)

    for node in document.sections:
        section(node)
    return list(found.values())


def joined(parts: Iterable[list[str]]) -> list[str]:
    """Blocks' lines with one blank line between blocks; empty lines never stack up or lead or trail."""
    lines: list[str] = []
    for part in parts:
        for line in [*part, ""]:
            if line or (lines and lines[-1]):
                lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


class _Writer:
    """Markdown for blocks and inlines; in-page links point at the anchors GitHub gives headings."""

    def __init__(self, anchors: dict[str, str]) -> None:
        self.anchors = anchors

    def sections(self, sections: tuple[Section, ...]) -> Iterator[MarkdownSection]:
        for section in sections:
            laid_out = (joined([self.block(block)]) for block in section.blocks)
            blocks = ("\n".join(lines) for lines in laid_out if lines)
            yield MarkdownSection("#" * section.level, markdown_escape(section.title), tuple(blocks))
            yield from self.sections(section.children)

    def block(self, block: Block) -> list[str]:
        """A block on its own, as a section holds it."""
        if isinstance(block, TableNode):
            return self.table(block)
        if isinstance(block, Contacts):
            return self.contacts(block)
        if isinstance(block, DefinitionList):
            return [self.definition(item) for item in block.items]
        if isinstance(block, KeyFigures):
            return self.key_figures(block)
        if isinstance(block, Chart):
            summary = markdown_escape(block.summary)
            return [f"**{markdown_escape(block.title)}**", "", summary, "", *self.table(block.table)]
        if isinstance(block, Figure):
            return self.figure(block)
        return self.nested(block, "")

    def definition(self, item: DefinitionItem) -> str:
        return f"- **{markdown_escape(item.term)}**: {markdown_cell(self.cell_text(item.blocks))}"

    def nested(self, block: Block, prefix: str) -> list[str]:
        """A block inside a list item or a quote: every line starts with `prefix`, blank lines stay bare."""
        if isinstance(block, Paragraph):
            return [prefix + self.inlines(block.children)]
        if isinstance(block, ListBlock):
            return [line for entry in block.entries for line in self.item(entry, prefix)]
        if isinstance(block, Quote):
            return joined(self.nested(child, prefix + "> ") for child in block.children)
        if isinstance(block, Signature):
            name = f"{prefix}**{markdown_escape(block.name)}**"
            return [f"{name}\\", prefix + markdown_escape(block.role)] if block.role else [name]
        if isinstance(block, TableNode | Contacts | DefinitionList | Chart | KeyFigures | Figure):
            text = "\n".join(joined([self.block(block)])).strip()
            return [prefix + line for line in (text + "\n").splitlines()]
        assert_never(block)

    def item(self, entry: ListEntry, prefix: str) -> list[str]:
        """The item's first line takes the marker in place of the indentation its later lines keep."""
        marker = "- " if entry.number is None else f"{entry.number}. "
        inner = prefix + " " * len(marker)
        lines = joined(self.nested(child, inner) for child in entry.blocks)
        text = "\n".join(lines)[len(inner) :].strip()
        first, *rest = text.split("\n")
        return [prefix + marker + first, *rest]

    def table(self, table: TableNode) -> list[str]:
        caption = [] if table.labelled_by else [f"**{markdown_escape(table.caption)}**"]
        align = "|" + "".join(" ---: |" if cell.numeric else " --- |" for cell in table.flat_head)
        rows = [self.row(row) for body in table.grid_bodies for row in body]
        note = ["", f"Source: {markdown_escape(table.note)}"] if table.note else []
        return [*caption, "", self.row(table.flat_head), align, *rows, *map(self.row, table.foot), *note]

    def row(self, cells: tuple[Cell, ...]) -> str:
        return "|" + "".join(
            f" {_pipes_escaped(markdown_cell(self.cell_text(cell.blocks)))} |" for cell in cells
        )

    def cell_text(self, blocks: tuple[Block, ...]) -> str:
        """A cell's blocks as lines that markdown_cell runs together; its lists keep their markers as text."""
        parts: list[str] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                parts.append(self.inlines(block.children) + "\n")
            elif isinstance(block, ListBlock):
                for entry in block.entries:
                    marker = CELL_BULLET if entry.number is None else f"{entry.number}."
                    parts.append(f"{marker} {self.cell_text(entry.blocks).strip()}\n")
            else:
                parts.append("\n".join(self.nested(block, "")) + "\n")
        return "".join(parts)

    def figure(self, figure: Figure) -> list[str]:
        """The picture beside plan.md, then its caption and source as paragraphs of their own."""
        lines = [f"![{markdown_escape(figure.alt)}](<{figure.image.output_name}>)"]
        if figure.caption:
            lines += ["", markdown_escape(figure.caption)]
        if figure.source:
            lines += ["", f"Source: {markdown_escape(figure.source)}"]
        return lines

    def contacts(self, block: Contacts) -> list[str]:
        lines = []
        for contact in block.contacts:
            parts = [f"- **{markdown_escape(contact.name)}**"]
            parts += [markdown_escape(line) for line in (contact.role, *contact.address) if line]
            if contact.phone:
                parts.append(f"Telephone: {markdown_escape(contact.phone)}")
            if contact.email:
                parts.append(
                    f"Email: [{markdown_escape(contact.email)}](<mailto:{_angle_safe(contact.email)}>)"
                )
            lines.append("\\\n  ".join(parts))
        return lines

    def key_figures(self, block: KeyFigures) -> list[str]:
        """One item per figure: its label and figure in bold, then a line for each comparison."""
        lines = []
        for figure in block.figures:
            parts = [f"- **{self.inlines(figure.label)}: {self.inlines(figure.value)}**"]
            parts += [self.inlines(detail) for detail in figure.details]
            lines.append("\\\n  ".join(parts))
        return [*lines, *(["", f"Source: {markdown_escape(block.source)}"] if block.source else [])]

    def inlines(self, nodes: tuple[Inline, ...]) -> str:
        return "".join(self.inline(node) for node in nodes)

    def inline(self, node: Inline) -> str:
        if isinstance(node, Text):
            return markdown_escape(node.text)
        if isinstance(node, Styled):
            mark = STYLE_MARKS[node.style]
            return f"{mark}{self.inlines(node.children)}{mark}"
        if isinstance(node, Code):
            return "`" + node.text.replace("`", "'") + "`"  # a backtick in it would end the code span
        if isinstance(node, Link):
            href = f"#{self.anchors[node.href[1:]]}" if node.href[1:] in self.anchors else node.href
            return f"[{self.inlines(node.children)}](<{_angle_safe(href)}>)"
        if isinstance(node, Break):
            return "<br>"
        if isinstance(node, Abbr):
            written = markdown_escape(node.text)
            return f"{markdown_escape(node.expansion)} ({written})" if node.first else written
        if isinstance(node, TermRef):
            return f"[{self.inlines(node.children)}][]"
        assert_never(node)


def _pipes_escaped(text: str) -> str:
    """A `|` in a cell, even inside a code span or a link, would end the cell."""
    return text.replace("|", "\\|")


def _angle_safe(href: str) -> str:
    """A link destination in angle brackets ends at the first `>`, so none is left in it."""
    return href.replace("<", "%3C").replace(">", "%3E")

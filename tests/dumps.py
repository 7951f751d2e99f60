"""Text read back from the files a user receives, one reader per format, none of them cspgen's own code.

The same readers give two kinds of text:

- dumps for the golden files (`docx_text`, `pdf_text`): what a reader gets (text, styles, emphasis,
  link targets, bookmarks, list markers, tables, metadata, tagging), line by line so a diff shows what
  changed, without what varies unseen (zip layout, object numbering, font subsets);
- plain text for tests/test_no_content_lost.py (`html_plain`, `markdown_plain`, `docx_plain`,
  `pdf_plain_pages`): the words in reading order, whitespace collapsed, so a writer that drops
  something cannot hide it.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pikepdf
from docx import Document as open_docx
from docx.oxml.ns import qn

STRUCTURE_DEPTH = 3  # levels of the PDF structure tree shown in full; deeper tags are only counted
Marks = tuple[str, str]  # a run's emphasis (`**`, `*`, `~~`) and its other visible properties
LIST_STYLE = re.compile(r"List (Bullet|Number|Continue)(?: (\d+))?")


def collapse(text: str) -> str:
    return " ".join(text.split())


# --- HTML and Markdown: plain text ---------------------------------------------------------------

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
        elif tag == "img":  # a picture's text is its alt, what a screen reader reads
            self.parts.append(f" {dict(attrs).get('alt') or ''} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_SKIPPED:
            self.skipping -= 1
        elif tag in _HTML_BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_plain(path: Path) -> str:
    parser = _HtmlText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return collapse("".join(parser.parts))


def markdown_plain(path: Path) -> str:
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
        if child.type in ("text", "code_inline", "image"):  # an image's content is its alt text
            text.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or child.content == "<br>":
            text.append(" ")
    return "".join(text)


# --- Word: one reader ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    text: str  # a line break as "\n"
    marks: Marks


@dataclass(frozen=True)
class Hyperlink:
    target: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Field:
    instruction: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Bookmark:
    name: str


@dataclass(frozen=True)
class Picture:
    """An embedded picture: its part's name and hash, its size on the page, its alt text."""

    name: str
    size: str
    alt: str
    decorative: bool


Inline = Run | Hyperlink | Field | Bookmark | Picture
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


@dataclass(frozen=True)
class WordParagraph:
    style: str
    marker: str  # a list paragraph's bullet or number as a reader sees it, indented by its level
    inlines: tuple[Inline, ...]
    new_page: bool = False  # printed from the top of a page (page break before)


@dataclass(frozen=True)
class WordCell:
    merge: str  # `{span N} ` across, `{merged} ` or `{↑} ` down
    blocks: tuple[WordBlock, ...]


@dataclass(frozen=True)
class WordRow:
    header: bool
    cells: tuple[WordCell, ...]


@dataclass(frozen=True)
class WordTable:
    style: str
    widths: tuple[float, ...]
    rows: tuple[WordRow, ...]
    rows_whole: bool = False  # every row is kept on one page


@dataclass(frozen=True)
class WordSection:
    summary: str


WordBlock = WordParagraph | WordTable | WordSection


def read_docx(path: Path) -> tuple[Any, tuple[WordBlock, ...]]:
    """python-docx's document (for its properties) and its body as blocks, tables and cells nested."""
    word = open_docx(str(path))
    return word, _WordReader(word).blocks(word.element.body)


class _WordReader:
    """Walks the body's XML in order; numbered lists are counted as Word counts them, per numbering."""

    def __init__(self, word: Any) -> None:
        self.styles = {style.style_id: style.name for style in word.styles}
        self.rels = word.part.rels
        self.starts = _list_starts(word.part.numbering_part.element)
        self.counted: Counter[str] = Counter()

    def blocks(self, container: Any) -> tuple[WordBlock, ...]:
        found: list[WordBlock] = []
        for child in container:
            if child.tag == qn("w:p"):
                found.append(self.paragraph(child))
            elif child.tag == qn("w:tbl"):
                found.append(self.table(child))
            elif child.tag == qn("w:sectPr"):
                found.append(WordSection(_section(child)))
        return tuple(found)

    def paragraph(self, p: Any) -> WordParagraph:
        style = self.style_name(p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}"), "Normal")
        breaks = p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}")
        new_page = breaks is not None and breaks.get(qn("w:val")) not in ("0", "false")
        return WordParagraph(style, self.marker(p, style), self.inlines(p), new_page)

    def style_name(self, element: Any, default: str) -> str:
        if element is None:
            return default
        return str(self.styles.get(element.get(qn("w:val")), element.get(qn("w:val"))))

    def marker(self, p: Any, style: str) -> str:
        match = LIST_STYLE.fullmatch(style)
        if match is None:
            return ""
        kind, indent = match.group(1), "  " * (int(match.group(2) or 1) - 1)
        if kind == "Bullet":
            return f"{indent}• "
        if kind == "Continue":
            return f"{indent}  "
        numbering = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        key = numbering.get(qn("w:val")) if numbering is not None else style
        self.counted[key] += 1
        return f"{indent}{self.starts.get(key, 1) + self.counted[key] - 1}. "

    def inlines(self, element: Any) -> tuple[Inline, ...]:
        found: list[Inline] = []
        for child in element:
            if child.tag == qn("w:r") and child.find(f".//{qn('w:drawing')}") is not None:
                found.append(self.picture(child))
            elif child.tag == qn("w:r"):
                found.append(Run(_run_text(child), _run_marks(child)))
            elif child.tag == qn("w:hyperlink"):
                found.append(Hyperlink(self.link_target(child), self.inlines(child)))
            elif child.tag == qn("w:fldSimple"):
                found.append(Field(child.get(qn("w:instr")), self.inlines(child)))
            elif child.tag == qn("w:bookmarkStart"):
                found.append(Bookmark(child.get(qn("w:name"))))
        return tuple(found)

    def picture(self, run: Any) -> Picture:
        described = run.find(f".//{qn('wp:docPr')}")
        part = self.rels[run.find(f".//{qn('a:blip')}").get(qn("r:embed"))].target_part
        extent = run.find(f".//{qn('wp:extent')}")
        size = f"{int(extent.get('cx')) / 36000:.1f} × {int(extent.get('cy')) / 36000:.1f} mm"
        name = f"{part.partname.split('/')[-1]} sha256:{hashlib.sha256(part.blob).hexdigest()[:8]}"
        return Picture(name, size, described.get("descr", ""), described.find(f".//{DECORATIVE}") is not None)

    def link_target(self, hyperlink: Any) -> str:
        anchor = hyperlink.get(qn("w:anchor"))
        if anchor is not None:
            return f"#{anchor}"
        relationship = hyperlink.get(qn("r:id"))
        if relationship is None:
            return "(no target)"
        return str(self.rels[relationship].target_ref)

    def table(self, table: Any) -> WordTable:
        style = self.style_name(table.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}"), "none")
        widths = tuple(
            _twips_mm(column.get(qn("w:w")))
            for column in table.iterfind(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
        )
        rows = tuple(
            WordRow(
                row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None,
                tuple(WordCell(_merge_marks(cell), self.blocks(cell)) for cell in row.findall(qn("w:tc"))),
            )
            for row in table.findall(qn("w:tr"))
        )
        whole = all(
            row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in table.findall(qn("w:tr"))
        )
        return WordTable(style, widths, rows, whole)


def _list_starts(numbering: Any) -> dict[str, int]:
    """Each numbering's first number, where a list restarts its count."""
    starts: dict[str, int] = {}
    for num in numbering.findall(qn("w:num")):
        start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        if start is not None:
            starts[num.get(qn("w:numId"))] = int(start.get(qn("w:val")))
    return starts


def _merge_marks(cell: Any) -> str:
    marks = ""
    properties = cell.find(qn("w:tcPr"))
    if properties is not None:
        span = properties.find(qn("w:gridSpan"))
        if span is not None:
            marks += f"{{span {span.get(qn('w:val'))}}} "
        merge = properties.find(qn("w:vMerge"))
        if merge is not None:
            marks += "{merged} " if merge.get(qn("w:val")) == "restart" else "{↑} "
    return marks


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
            text.append("\n")
        elif child.tag == qn("w:tab"):
            text.append("\t")
    return "".join(text)


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


# --- Word: the golden dump -------------------------------------------------------------------------


def docx_text(path: Path) -> str:
    """Core properties, then every body element in order: paragraphs as `[Style] text`, tables as rows."""
    word, blocks = read_docx(path)
    lines = [*_core_properties(word), "", *_block_lines(blocks, "")]
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


def _block_lines(blocks: tuple[WordBlock, ...], indent: str) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, WordParagraph):
            if block.new_page:
                yield f"{indent}[new page]"
            yield f"{indent}[{block.style}] {_shown(block.inlines)}".rstrip()
        elif isinstance(block, WordTable):
            yield from _table_lines(block, indent)
        else:
            yield f"{indent}{block.summary}"


def _table_lines(table: WordTable, indent: str) -> Iterator[str]:
    """A row per line; a table inside a cell follows its row, indented."""
    whole = "; rows not split" if table.rows_whole else ""
    yield f"{indent}[Table, style {table.style}; columns (mm): {list(table.widths)}{whole}]"
    for row in table.rows:
        prefix = "[header row] " if row.header else ""
        yield f"{indent}{prefix}| {' | '.join(_cell_shown(cell) for cell in row.cells)} |"
        for cell in row.cells:
            for block in cell.blocks:
                if isinstance(block, WordTable):
                    yield from _table_lines(block, indent + "    ")


def _cell_shown(cell: WordCell) -> str:
    """Paragraphs joined with ¶, list paragraphs after their bullet or number."""
    texts = [
        block.marker + _shown(block.inlines) for block in cell.blocks if isinstance(block, WordParagraph)
    ]
    return (cell.merge + " ¶ ".join(text for text in texts if text.strip())).strip()


def _shown(inlines: tuple[Inline, ...]) -> str:
    """Runs with the same marks are joined, so only what a reader could see shows."""
    pieces: list[tuple[Marks, str]] = []
    out: list[str] = []

    def flush() -> None:
        for marks, text in _joined(pieces):
            out.append(_marked(text.replace("\n", " ⏎ "), marks))
        pieces.clear()

    for node in inlines:
        if isinstance(node, Run):
            pieces.append((node.marks, node.text))
            continue
        flush()
        if isinstance(node, Hyperlink):
            out.append(f"[{_shown(node.children)}]({node.target})")
        elif isinstance(node, Field):
            out.append(f"{{field {node.instruction}: {_shown(node.children)}}}")
        elif isinstance(node, Picture):
            said = "decorative" if node.decorative else f"alt “{node.alt}”"
            out.append(f"{{picture {node.name}, {node.size}, {said}}}")
        else:
            out.append(f"{{bookmark {node.name}}} ")
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


def _marked(text: str, marks: Marks) -> str:
    """Marks hug the words, as in Markdown: `**Area:** ` rather than `**Area: **`."""
    emphasis, notes = marks
    if not text.strip():
        return text
    core = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}{emphasis}{core}{emphasis[::-1]}{notes}{trail}"


# --- Word: plain text ------------------------------------------------------------------------------


def docx_plain(path: Path) -> str:
    """Every paragraph and every cell, tables in cells included, in document order.

    A field's placeholder is left out: Word shows the field's result (the contents list) instead.
    """
    _, blocks = read_docx(path)
    return collapse(" ".join(_plain_blocks(blocks)))


def _plain_blocks(blocks: tuple[WordBlock, ...]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, WordParagraph):
            yield _plain_inlines(block.inlines)
        elif isinstance(block, WordTable):
            for row in block.rows:
                for cell in row.cells:
                    yield from _plain_blocks(cell.blocks)


def _plain_inlines(inlines: tuple[Inline, ...]) -> str:
    text = []
    for node in inlines:
        if isinstance(node, Run):
            text.append(node.text)
        elif isinstance(node, Hyperlink):
            text.append(_plain_inlines(node.children))
        elif isinstance(node, Picture):
            text.append(f" {node.alt} ")
    return "".join(text)


# --- PDF ----------------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    """Document info, the text page by page, the bookmarks, and the first levels of the tag tree."""
    with pikepdf.open(path) as pdf:
        lines = [*_document_info(pdf), "", "== Outline"]
        lines += _outline_lines(pdf)
        lines += ["", "== Structure tree"]
        lines += _structure_lines(pdf)
        pictures = list(_picture_lines(pdf))
        lines += ["", "== Pictures", *pictures] if pictures else []  # none: the dumps of older plans stand
    pages = _pdftotext(path, "-layout")
    lines += [
        "",
        "== Text",
        *(f"--- page {number}\n{_squeezed(page)}" for number, page in enumerate(pages, 1)),
    ]
    return "\n".join(line.rstrip() for line in "\n".join(lines).split("\n")).rstrip("\n") + "\n"


def _document_info(pdf: pikepdf.Pdf) -> Iterator[str]:
    for key in ("/Title", "/Author", "/CreationDate", "/ModDate"):
        value = pdf.docinfo.get(key)
        yield f"{key[1:]}: {value if value is None else str(value)}"
    yield f"ID: {bytes(pdf.trailer.ID[0]).decode('ascii', 'replace')}"  # from the page, never random
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


def _picture_lines(pdf: pikepdf.Pdf) -> Iterator[str]:
    """Every Figure's alt text in reading order, then every image the file holds, by size and hash."""
    yield from (f"Figure alt: {alt}" for alt in _figure_alts(pdf.Root.get("/StructTreeRoot")))
    images = Counter(
        f"image {obj.Width}×{obj.Height} sha256:{hashlib.sha256(obj.read_raw_bytes()).hexdigest()[:8]}"
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
    )
    yield from (f"{image} ×{count}" if count > 1 else image for image, count in sorted(images.items()))


def _figure_alts(node: Any) -> Iterator[str]:
    if node is None:
        return
    for kid in _struct_kids(node):
        if kid.get("/S") == "/Figure":
            yield str(kid.get("/Alt", "(no alt)"))
        yield from _figure_alts(kid)


def _struct_kids(node: Any) -> Iterator[Any]:
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid


def _pdftotext(path: Path, mode: str) -> list[str]:
    """The text of each page: `-layout` keeps a table's cells on their rows (and shows words broken by
    narrow columns), `-raw` keeps the order the text was written in."""
    text = subprocess.run(
        ["pdftotext", mode, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return text.rstrip("\f").split("\f")


def _squeezed(page: str) -> str:
    """Trailing spaces and runs of blank lines are layout noise, not content."""
    lines = [line.rstrip() for line in page.strip("\n").split("\n")]
    return "\n".join(line for index, line in enumerate(lines) if line or (index and lines[index - 1]))


_PDF_SOFT_HYPHEN = re.compile(r"\u00ad\n?")
_PDF_HYPHEN_BREAK = re.compile(r"(?<=\w)-\n(?=\w)")
_PDF_FOOTER = re.compile(r"^Page \d+ of \d+$", re.MULTILINE)  # cspgen/pdf.py's page footer


def pdf_plain_pages(path: Path) -> list[str]:
    """pdftotext's raw reading order, page by page, without the page footers.

    Words broken over a line are joined again: a soft hyphen at the break goes, a real
    hyphen stays (`anti-` then `social`).
    """
    pages = [
        collapse(_PDF_HYPHEN_BREAK.sub("-", _PDF_SOFT_HYPHEN.sub("", _PDF_FOOTER.sub("", page))))
        for page in _pdftotext(path, "-raw")
    ]
    with pikepdf.open(path) as pdf:  # a picture's text is the alt of its Figure tag
        alts = list(_figure_alts(pdf.Root.get("/StructTreeRoot")))
    return [*pages, *alts]

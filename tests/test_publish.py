"""PDF (tagged, PDF/UA-1) and Word output for every plan: structure checked.

Byte-for-byte stability is tests/test_e2e.py's business (two processes, two environments).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from cspgen.build import build, validate
from cspgen.document.anchors import document_anchors
from cspgen.document.compose import compose
from cspgen.document.nodes import Document, TableNode
from cspgen.plan import schema
from cspgen.writers.pdf import PdfError, html_to_pdf

from .builds import Builds

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(
    p.name for p in (ROOT / "plans").iterdir() if (p / "plan.yaml").exists() and not p.name.startswith("_")
)
KITCHEN_SINK = ROOT / "tests" / "golden" / "cases" / "kitchen-sink" / "plan"
WORD_BOOKMARK_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")  # what Word keeps


def title_of(folder: Path) -> str:
    html = (folder / "index.html").read_text(encoding="utf-8")
    return html.split("<title>", 1)[1].split("</title>", 1)[0].replace("&amp;", "&")


def check_pdf(folder: Path, author: str) -> None:
    path = folder / "plan.pdf"
    with pikepdf.open(path) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo["/Title"]) == title_of(folder)
        assert str(pdf.docinfo.get("/Author")) == author
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        with pdf.open_outline() as outline:
            titles = [str(item.title) for top in outline.root for item in (top, *top.children)]
        assert titles[0] == title_of(folder) and "Contents" in titles and len(titles) >= 3
        pages = len(pdf.pages)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"Page 2 of {pages}" in text
    contents = text.split("\f")[1]
    assert "Contents" in contents
    assert any(line.rstrip()[-1:].isdigit() and "...." in line for line in contents.splitlines())


def check_docx(folder: Path) -> None:
    word = open_docx(str(folder / "plan.docx"))
    styles = {paragraph.style.name for paragraph in word.paragraphs if paragraph.style is not None}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    body = word.element.body
    assert any("TOC" in field.get(qn("w:instr")) for field in body.iter(qn("w:fldSimple")))
    assert word.tables, "tables are real Word tables"
    assert word.core_properties.title == title_of(folder)
    assert word.core_properties.language == "en-GB"


def model_tables(node: Any) -> Iterator[TableNode]:
    """Every table in the document model, in document order, wherever it sits (charts, lists, cells)."""
    if isinstance(node, TableNode):
        yield node
    if isinstance(node, tuple):
        for item in node:
            yield from model_tables(item)
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            yield from model_tables(getattr(node, field.name))


def word_tables_by_caption(folder: Path) -> dict[str, list[list[bool]]]:
    """For each caption, the tables under it in order, as one flag per row: repeats as a header?"""
    word = open_docx(str(folder / "plan.docx"))
    found: dict[str, list[list[bool]]] = {}
    for table in word.element.body.iter(qn("w:tbl")):
        caption = table.getprevious()
        style = caption.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") if caption is not None else None
        if style is None or style.get(qn("w:val")) != "Caption":
            continue
        text = "".join(piece.text or "" for piece in caption.iter(qn("w:t")))
        rows = [row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in table.iter(qn("w:tr"))]
        found.setdefault(text, []).append(rows)
    return found


@pytest.mark.pdf
@pytest.mark.parametrize("plan", PLANS)
def test_pdf_is_tagged(plan: str, builds: Builds) -> None:
    built = builds.of(ROOT / "plans" / plan)
    assert not built.result.failed(), built.diagnostics
    bundle, _ = validate(ROOT / "plans" / plan)
    assert bundle is not None
    check_pdf(built.out, bundle.plan.partnership.name)


@pytest.mark.parametrize("plan", PLANS)
def test_word_has_structure(plan: str, builds: Builds) -> None:
    built = builds.of(ROOT / "plans" / plan)
    assert not built.result.failed(), built.diagnostics
    check_docx(built.out)


def word_bookmarks(path: Path) -> dict[str, str]:
    """Each bookmark's name and the text it marks, once its shape is checked: a name Word keeps,
    no name twice (Word ignores case), its own number, and both ends in one paragraph."""
    body = open_docx(str(path)).element.body
    marked: dict[str, str] = {}
    numbers: set[str] = set()
    for start in body.iter(qn("w:bookmarkStart")):
        name, number = start.get(qn("w:name")), start.get(qn("w:id"))
        assert WORD_BOOKMARK_NAME.fullmatch(name), name
        assert name.casefold() not in {taken.casefold() for taken in marked}, name
        assert number not in numbers, number
        numbers.add(number)
        paragraph = start.getparent()
        ends = [end for end in paragraph.iter(qn("w:bookmarkEnd")) if end.get(qn("w:id")) == number]
        assert len(ends) == 1, name
        marked[name] = "".join(text.text or "" for text in paragraph.iter(qn("w:t")))
    assert len(list(body.iter(qn("w:bookmarkEnd")))) == len(marked)
    return marked


def word_link_anchors(path: Path) -> list[str]:
    body = open_docx(str(path)).element.body
    return [link.get(qn("w:anchor")) for link in body.iter(qn("w:hyperlink")) if link.get(qn("w:anchor"))]


def section_titles(node: Any) -> Iterator[str]:
    for section in node.sections if isinstance(node, Document) else node.children:
        yield section.title
        yield from section_titles(section)


@pytest.mark.parametrize(
    "plan", [KITCHEN_SINK, *(ROOT / "plans" / name for name in PLANS)], ids=["kitchen-sink", *PLANS]
)
def test_word_marks_every_place_the_html_links_to(plan: Path, builds: Builds) -> None:
    """One bookmark per HTML id a link may name, on its heading or entry; every in-document link names one."""
    bundle, _ = validate(plan)
    assert bundle is not None
    path = builds.of(plan).path("plan.docx")
    marked = word_bookmarks(path)
    assert len(marked) == len(document_anchors(compose(bundle)))
    assert set(section_titles(compose(bundle))) <= set(marked.values())
    assert "Contents" in marked.values()
    assert set(word_link_anchors(path)) <= set(marked)


def test_word_links_land_on_their_headings_whatever_the_ids(minimal_plan: Path, tmp_path: Path) -> None:
    """Ids that Word would refuse as bookmark names: starting with a digit, too long, alike once made valid."""
    titles = [
        "2024 review",
        "Id 2024 review",
        "A section title far longer than the forty characters Word keeps",
    ]
    anchors = [f"#{schema.slugify(title)}" for title in titles]
    links = " and ".join(f"[{title}]({anchor})" for title, anchor in zip(titles, anchors, strict=True))
    added = "".join(f"  - title: {title}\n    content: Text.\n" for title in titles)
    plan = minimal_plan / "plan.yaml"
    text = plan.read_text().replace("three** towns.", f"three** towns. See {links}.")
    plan.write_text(text.replace("sections:\n", f"sections:\n{added}", 1))
    result = build(minimal_plan, tmp_path / "out", ("docx",))
    assert not result.failed(), [d.format() for d in result.diagnostics]
    marked = word_bookmarks(tmp_path / "out" / "plan.docx")
    names = word_link_anchors(tmp_path / "out" / "plan.docx")
    assert [marked.get(name) for name in names] == titles


@pytest.mark.parametrize("plan", PLANS)
def test_word_tables_repeat_exactly_their_head_rows(plan: str, builds: Builds) -> None:
    """Tables are chosen from the document model, so a table that lost its header flag still counts."""
    bundle, _ = validate(ROOT / "plans" / plan)
    assert bundle is not None
    tables = list(model_tables(compose(bundle)))
    assert any(table.head for table in tables)
    in_word = word_tables_by_caption(builds.of(ROOT / "plans" / plan).out)
    seen: dict[str, int] = {}
    for table in tables:
        index = seen[table.caption] = seen.get(table.caption, -1) + 1
        assert len(in_word.get(table.caption, [])) > index, f"no Word table captioned {table.caption!r}"
        rows = len(table.head) + sum(len(body) for body in table.bodies) + len(table.foot)
        expected = [True] * len(table.head) + [False] * (rows - len(table.head))
        assert in_word[table.caption][index] == expected, table.caption


def one_pixel_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def page_with(image: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="x">'
        f"<title>T</title></head><body><h1>T</h1>{image}</body></html>"
    )


def test_an_image_without_alt_text_fails_the_pdf(tmp_path: Path) -> None:
    """The image is there and loads (with alt text it makes a PDF), so the only fault is the missing alt."""
    pictures = {"dot.png": one_pixel_png()}
    published = datetime.date(2024, 1, 1)
    assert html_to_pdf(page_with('<img src="dot.png" alt="A white dot">'), pictures, published)
    with pytest.raises(PdfError, match="alt"):
        html_to_pdf(page_with('<img src="dot.png">'), pictures, published)


def test_plan_default_formats_and_override(minimal_plan: Path, tmp_path: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text() + "formats: [md, docx]\n")
    assert not build(minimal_plan, tmp_path / "a").failed()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [".cspgen-build", "plan.docx", "plan.md"]
    assert not build(minimal_plan, tmp_path / "b", ("html",)).failed()
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [".cspgen-build", "index.html"]


def test_word_numbers_each_list_from_its_own_start(tmp_path: Path) -> None:
    """Word's List Number paragraphs all share one count unless each list starts its own."""
    plan = ROOT / "tests" / "golden" / "cases" / "kitchen-sink" / "plan"
    assert not build(plan, tmp_path, ("docx",)).failed()
    word = open_docx(str(tmp_path / "plan.docx"))
    numbering = word.part.numbering_part.element
    first_items: dict[str, str] = {}
    for paragraph in word.paragraphs:
        properties = paragraph._p.pPr
        if properties is None or properties.numPr is None:
            continue
        number = properties.numPr.numId.val  # type: ignore[attr-defined]  # python-docx's stubs miss it
        own = numbering.num_having_numId(number)
        start = own.find(qn("w:lvlOverride")).find(qn("w:startOverride")).get(qn("w:val"))
        first_items.setdefault(str(number), f"{start}. {paragraph.text}")
    assert {"1. Sampleton", "3. Third step, numbered from three", "1. Fewer refuse fires"} <= set(
        first_items.values()
    )

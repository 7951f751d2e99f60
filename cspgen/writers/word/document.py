"""The whole Word document: its settings and metadata, title block, contents field and sections."""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import replace
from typing import Any

from docx import Document as new_document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cspgen.document.nodes import Document, Section
from cspgen.writers.word.blocks import Place, Target, write_blocks
from cspgen.writers.word.bookmarks import add_bookmark, name_bookmarks
from cspgen.writers.word.inlines import write_inlines

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def document_to_docx(document: Document) -> bytes:

    word = new_document()
    _settings(word, document)
    word.add_heading(document.title, level=0)
    if document.subtitle:
        word.add_paragraph(document.subtitle, style="Subtitle")
    for label, value in document.facts:
        paragraph = word.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    if document.licence:
        paragraph = word.add_paragraph()
        paragraph.add_run("Licence: ").bold = True
        write_inlines(paragraph, document.licence, frozenset())
    write_blocks(Place(Target(word)), document.notice)
    contents = word.add_heading("Contents", level=1)
    contents.paragraph_format.page_break_before = True  # the cover and the contents stand alone
    add_bookmark(contents, "contents")
    _contents_field(word)
    for index, section in enumerate(document.sections):
        first = replace(section, new_page=True) if index == 0 else section
        _section(word, first, ("main",) if index == 0 else ())
    name_bookmarks(word.element.body)
    buffer = io.BytesIO()
    word.save(buffer)
    return _stable_zip(buffer.getvalue())


def _settings(word: Any, document: Document) -> None:

    for section in word.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)
    normal = word.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.widow_control = True  # no line left alone at a page's top or foot
    word.styles["Caption"].paragraph_format.keep_with_next = True
    published = document.published
    moment = datetime.datetime(published.year, published.month, published.day)
    properties = word.core_properties
    properties.title = document.title
    properties.language = document.language
    properties.author = document.author
    properties.last_modified_by = document.author
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
    heading.paragraph_format.page_break_before = section.new_page or None
    for anchor in (*also, section.id):
        add_bookmark(heading, anchor)
    write_blocks(Place(Target(word)), section.blocks)
    for child in section.children:
        _section(word, child)


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

"""A figure in Word: the picture embedded from the bytes it carries, its alt text, its caption under it."""

from __future__ import annotations

import io
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Emu, Mm

from cspgen.document.nodes import Figure

EMU_PER_PIXEL = 9525  # a pixel at 96 dots an inch, as Word sizes a picture without a resolution
MAX_WIDTH = Mm(170)  # the text width of an A4 page with 20 mm margins
# Word's own mark for an ornament (Office 2019 and later): screen readers skip the picture.
_DECORATIVE = (
    f'<a:extLst {nsdecls("a")}><a:ext uri="{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}">'
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
    "</a:ext></a:extLst>"
)


def write_figure(paragraph: Any, caption: Any, figure: Figure) -> None:
    """`paragraph` takes the picture; `caption` (None when there is nothing to say) its caption and source."""
    width, height = _size(figure)
    shape = paragraph.add_run().add_picture(io.BytesIO(figure.image.data), width=width, height=height)
    described = shape._inline.docPr  # python-docx has no API for a picture's alt text
    described.set("descr", figure.alt)
    if figure.decorative:
        described.append(parse_xml(_DECORATIVE))
    if caption is not None:
        lines = [line for line in (figure.caption, figure.source and f"Source: {figure.source}") if line]
        for index, line in enumerate(lines):
            if index:
                caption.add_run().add_break()
            caption.add_run(line)


def _size(figure: Figure) -> tuple[Emu, Emu]:
    """The picture's size at 96 dots an inch, shrunk to the text width when it is wider."""
    width = figure.image.width * EMU_PER_PIXEL
    height = figure.image.height * EMU_PER_PIXEL
    if width > MAX_WIDTH:
        width, height = MAX_WIDTH, height * MAX_WIDTH // width
    return Emu(width), Emu(height)

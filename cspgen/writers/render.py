"""Stage 5: the document in each format asked for, as the bytes or text of its file.

Each format has its writer; this module only chooses them, and turns a PDF that could not be
made accessible into a diagnostic.
"""

from __future__ import annotations

from typing import assert_never

from cspgen.diagnostics import Diagnostic, error
from cspgen.document.nodes import Document
from cspgen.extras import require_extras
from cspgen.plan.model import PlanBundle
from cspgen.plan.schema import OutputFormat
from cspgen.writers.files import FORMATS, OUTPUT_NAMES
from cspgen.writers.html import write_html
from cspgen.writers.markdown import write_markdown
from cspgen.writers.opendata import write_plan_json
from cspgen.writers.pictures import picture_files

__all__ = ["FORMATS", "OUTPUT_NAMES", "render_outputs"]


def render_outputs(
    document: Document, bundle: PlanBundle, formats: tuple[str, ...]
) -> tuple[dict[str, str | bytes], list[Diagnostic]]:
    """Every requested format; a PDF that would not be accessible is a diagnostic, not a file.

    The web page and plan.md link to copies of the pictures, which go beside them, and to
    plan.json when that is built too.
    """
    require_extras(formats)
    files: dict[str, str | bytes] = {**picture_files(document)} if {"html", "md"} & set(formats) else {}
    problems: list[Diagnostic] = []
    open_data = OUTPUT_NAMES["json"] if "json" in formats else None
    html = write_html(document, open_data) if "html" in formats else ""
    printed = _printed_page(document, html, open_data) if "pdf" in formats else ""
    for name in map(_known, formats):
        made = _render(name, document, bundle, html, printed, open_data)
        if isinstance(made, Diagnostic):
            problems.append(made)
        else:
            files[OUTPUT_NAMES[name]] = made
    return files, problems


def _printed_page(document: Document, html: str, open_data: str | None) -> str:
    """The page the PDF is laid out from: the web page, less its link to plan.json, so a PDF
    is the same whichever other formats are built with it."""
    return html if html and open_data is None else write_html(document)


def _known(name: str) -> OutputFormat:
    for known in FORMATS:
        if name == known:
            return known
    raise ValueError(f"not an output format: {name!r}")


def _render(
    name: OutputFormat, document: Document, bundle: PlanBundle, html: str, printed: str, open_data: str | None
) -> str | bytes | Diagnostic:
    """The PDF is laid out from `printed`, the HTML page as printed (see `_printed_page`)."""
    # PDF and Word come with optional extras (see extras.py), imported only when asked for.
    match name:
        case "html":
            return html
        case "md":
            return write_markdown(document, open_data)
        case "pdf":
            from cspgen.writers.pdf import PdfError, html_to_pdf

            try:
                return html_to_pdf(printed, picture_files(document), document.published)
            except PdfError as failure:
                message = f"the PDF could not be made accessible: {failure}"
                return error(bundle.plan_source.path, 1, 1, "pdf-error", message)
        case "docx":
            from cspgen.writers.word.document import document_to_docx

            return document_to_docx(document)
        case "json":
            return write_plan_json(bundle)
        case _:
            assert_never(name)

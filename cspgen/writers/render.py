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
from cspgen.writers.pictures import picture_files

__all__ = ["FORMATS", "OUTPUT_NAMES", "render_outputs"]


def render_outputs(
    document: Document, bundle: PlanBundle, formats: tuple[str, ...]
) -> tuple[dict[str, str | bytes], list[Diagnostic]]:
    """Every requested format; a PDF that would not be accessible is a diagnostic, not a file.

    The web page and plan.md link to copies of the pictures, which go beside them.
    """
    require_extras(formats)
    files: dict[str, str | bytes] = {**picture_files(document)} if {"html", "md"} & set(formats) else {}
    problems: list[Diagnostic] = []
    html = write_html(document) if {"html", "pdf"} & set(formats) else ""
    for name in map(_known, formats):
        made = _render(name, document, bundle, html)
        if isinstance(made, Diagnostic):
            problems.append(made)
        else:
            files[OUTPUT_NAMES[name]] = made
    return files, problems


def _known(name: str) -> OutputFormat:
    for known in FORMATS:
        if name == known:
            return known
    raise ValueError(f"not an output format: {name!r}")


def _render(
    name: OutputFormat, document: Document, bundle: PlanBundle, html: str
) -> str | bytes | Diagnostic:
    """The PDF is laid out from the HTML page, so the page is written once for both."""
    # PDF and Word come with optional extras (see extras.py), imported only when asked for.
    match name:
        case "html":
            return html
        case "md":
            return write_markdown(document)
        case "pdf":
            from cspgen.writers.pdf import PdfError, html_to_pdf

            try:
                return html_to_pdf(html, picture_files(document), document.published)
            except PdfError as failure:
                message = f"the PDF could not be made accessible: {failure}"
                return error(bundle.plan_source.path, 1, 1, "pdf-error", message)
        case "docx":
            from cspgen.writers.word.document import document_to_docx

            return document_to_docx(document)
        case _:
            assert_never(name)

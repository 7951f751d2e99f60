"""Stage 5: the document in each format asked for, as the bytes or text of its file."""

from __future__ import annotations

import datetime
import re
from typing import get_args

from cspgen.diagnostics import Diagnostic, error
from cspgen.document.nodes import (
    Block,
    Document,
    Inline,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Styled,
    TableNode,
    TermRef,
)
from cspgen.document.prose import plain_text
from cspgen.extras import require_extras
from cspgen.plan import schema
from cspgen.plan.model import PlanBundle
from cspgen.writers.escape import markdown_escape
from cspgen.writers.templates import environment

OUTPUT_NAMES: dict[str, str] = {
    "html": "index.html",
    "md": "plan.md",
    "pdf": "plan.pdf",
    "docx": "plan.docx",
}
FORMATS: tuple[str, ...] = get_args(schema.OutputFormat)  # the plan format names them


def render_outputs(
    document: Document, bundle: PlanBundle, formats: tuple[str, ...]
) -> tuple[dict[str, str | bytes], list[Diagnostic]]:
    """Every requested format; a PDF that would not be accessible is a diagnostic, not a file."""
    require_extras(formats)
    from cspgen.writers.pdf import PdfError, html_to_pdf
    from cspgen.writers.word.document import document_to_docx

    files: dict[str, str | bytes] = {}
    problems: list[Diagnostic] = []
    published = publication_date(bundle.plan)
    html = render_format(document, "html") if {"html", "pdf"} & set(formats) else ""
    for name in formats:
        if name == "html":
            files[OUTPUT_NAMES[name]] = html
        elif name == "md":
            files[OUTPUT_NAMES[name]] = render_format(document, name)
        elif name == "pdf":
            try:
                files[OUTPUT_NAMES[name]] = html_to_pdf(html, bundle.folder, published)
            except PdfError as failure:
                problems.append(
                    error(
                        bundle.plan_source.path,
                        1,
                        1,
                        "pdf-error",
                        f"the PDF could not be made accessible: {failure}",
                    )
                )
        elif name == "docx":
            files[OUTPUT_NAMES[name]] = document_to_docx(document, published, bundle.plan.partnership.name)
    return files, problems


def publication_date(plan: schema.Plan) -> datetime.date:
    """The date documents carry in their metadata: from the plan, never the clock."""
    if not plan.published:
        return datetime.date(plan.period.start, 1, 1)
    parts = [int(part) for part in plan.published.split("-")]
    return datetime.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)


def render_format(document: Document, name: str) -> str:
    template = environment(autoescape=name == "html").get_template(f"{name}/{OUTPUT_NAMES[name]}.j2")
    text = template.render(
        doc=document, anchors=github_anchors(document), references=term_references(document)
    )
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


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

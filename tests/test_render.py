"""Stage 4: one document model, rendered to HTML and Markdown, with content always escaped."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from cspgen.build import build, validate
from cspgen.document.compose import build_document
from cspgen.document.prose import parse
from cspgen.plan.dates import format_published
from cspgen.plan.schema import OutputFormat
from cspgen.write import DELIVERABLES, MANIFEST
from cspgen.writers.escape import markdown_escape
from cspgen.writers.files import output_name

from .builds import rendered_text

HOSTILE = (
    "<script>alert(1)</script> {{ 7*7 }} {% raw %} [click](javascript:alert(1)) "
    "[ok](https://example.org) <img src=x onerror=alert(1)> & *fine*"
)


def rendered(plan: Path) -> dict[str, str]:
    bundle, found = validate(plan)
    assert bundle is not None, found
    return rendered_text(bundle, ("html", "md"))


def test_content_cannot_inject_markup_scripts_or_template_code(minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    text = plan.read_text().replace("Example district has **three** towns.", HOSTILE)
    plan.write_text(text.replace("area: Example district", "area: '<b>Example</b> {{ area }}'"))
    files = rendered(minimal_plan)
    html, md = files["index.html"], files["plan.md"]
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and 'href="javascript' not in html
    assert '<a href="https://example.org">ok</a>' in html
    assert "{{ 7*7 }}" in html and " 49 " not in html
    assert "&lt;b&gt;Example&lt;/b&gt; {{ area }}" in html
    assert not re.search(r"(?<!\\)<(script|img|b>)", md) and "\\<script\\>" in md
    assert "[click](" not in md.replace("\\[click\\]", "") and "[ok](<https://example.org>)" in md
    assert "{{ 7\\*7 }}" in md


def test_prose_subset() -> None:
    blocks = parse("Para one\nstill one\n\n- a\n- b\n\nText\n\n    indented is not code\n\n# heading")
    kinds = [block.kind for block in blocks]
    assert kinds == ["paragraph", "list", "paragraph", "paragraph", "paragraph"]


def test_markdown_escape_keeps_line_starts_literal() -> None:
    assert markdown_escape("# not a heading") == "\\# not a heading"
    assert markdown_escape("1. not a list") == "1\\. not a list"
    assert markdown_escape("Crime & Disorder") == "Crime & Disorder"
    assert markdown_escape("&amp;") == "\\&amp;"


def test_published_dates_read_naturally() -> None:
    assert format_published("2021-03") == "March 2021"
    assert format_published("2021-03-05") == "5 March 2021"


def test_document_has_contents_for_every_section_and_priority(minimal_plan: Path) -> None:
    bundle, _ = validate(minimal_plan)
    assert bundle is not None
    document = build_document(bundle)
    titles = [entry.title for entry in document.contents]
    assert titles == ["About the district", "Priorities", "Action plan", "Glossary"]
    assert [child.id for child in document.contents[1].children] == ["priority-anti-social-behaviour"]


def test_html_is_one_semantic_page(minimal_plan: Path) -> None:
    html = rendered(minimal_plan)["index.html"]
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert html.count("<h1") == 1
    for landmark in ("<header", "<nav", "<main", "<footer", 'class="skip-link" href="#main"', "@media print"):
        assert landmark in html
    assert '<th scope="col">Lead</th>' in html and '<th scope="rowgroup">' in html
    assert "<link" not in html and "<script" not in html


def test_markdown_action_plan_is_a_table(minimal_plan: Path) -> None:
    md = rendered(minimal_plan)["plan.md"]
    assert "| Objective | Action | Lead | Progress |\n| --- | --- | --- | --- |" in md
    assert "| Increase awareness of how to report ASB | Run awareness events | Council, Police |" in md


def test_updates_still_to_be_written_are_not_published(minimal_plan: Path) -> None:
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    text = priority.read_text().replace(
        "            text: Four events were held.\n",
        "            text: Four events were held.\n          - period: 2025-26\n            status: to-write\n            text: ''\n",
    )
    priority.write_text(text)
    md = rendered(minimal_plan)["plan.md"]
    assert "2025-26" not in md and "| Four events were held. |" in md


@pytest.mark.parametrize(
    "name", [pytest.param(name, marks=[pytest.mark.pdf] * (name == "pdf")) for name in get_args(OutputFormat)]
)
def test_every_format_the_plan_format_names_is_rendered_and_written(
    minimal_plan: Path, tmp_path: Path, name: OutputFormat
) -> None:
    """A format added to the schema's `OutputFormat` needs its file, its writer and its place in an output folder."""
    out = tmp_path / "out"
    result = build(minimal_plan, out, (name,))
    assert not result.failed(), result.diagnostics
    assert {path.name for path in out.iterdir()} == {output_name(name), MANIFEST}
    assert output_name(name) in DELIVERABLES

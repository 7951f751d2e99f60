"""No writer loses content: every string a reader should see is in every format (issue 11).

The strings come from the plan's own files (the fields a reader sees, Markdown reduced to
the text of each paragraph and list item), never from cspgen's output, and each format is
read back by an independent reader (tests/dumps.py). Each plan is built once, in all
four formats, by `cspgen.build.build()`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cspgen.build import build, validate
from cspgen.document.nodes import Block, ListBlock, Paragraph, Quote
from cspgen.document.prose import parse, plain_text
from cspgen.plan import schema
from cspgen.plan.load import FieldPath, SourceFile
from cspgen.plan.model import PlanBundle
from cspgen.plan.terms import is_acronym
from cspgen.plan.usage import printed_entries
from cspgen.plan.walk import visible_texts
from tests.dumps import collapse, docx_plain, html_plain, markdown_plain, pdf_plain_pages

ROOT = Path(__file__).resolve().parent.parent
KITCHEN_SINK = ROOT / "tests" / "golden" / "cases" / "kitchen-sink" / "plan"
KEY_FIGURES = ROOT / "tests" / "golden" / "cases" / "key-figures" / "plan"
FRONT_MATTER = ROOT / "tests" / "golden" / "cases" / "front-matter" / "plan"
COMMITMENTS = ROOT / "tests" / "golden" / "cases" / "commitments" / "plan"
DISTRICT = ROOT / "tests" / "golden" / "cases" / "district-plan" / "plan"
CASES = (KITCHEN_SINK, KEY_FIGURES, FRONT_MATTER, COMMITMENTS, DISTRICT)
PLANS = [*CASES, *sorted(p for p in (ROOT / "plans").iterdir() if not p.name.startswith("_"))]
LAW_RECORD = {
    (key,)
    for key in (
        "strategic_assessment",
        "consultation",
        "public_meetings",
        "resources",
        "serious_violence_strategy",
    )
}
READERS: dict[str, tuple[str, Callable[[Path], list[str]]]] = {
    "html": ("index.html", lambda path: [html_plain(path)]),
    "md": ("plan.md", lambda path: [markdown_plain(path)]),
    "docx": ("plan.docx", lambda path: [docx_plain(path)]),
    "pdf": ("plan.pdf", pdf_plain_pages),
}


def shown_only_when_used(path: FieldPath, data: object) -> bool:
    """Fields cspgen shows only when something uses them; these must be in every format or in none.

    Partner names appear where a partner leads something, column headings where some row
    fills the column, a total label where there is a total row, an update's period where
    updates span more than one period, and a generated part's title where it has content.
    The partnership's postal address is printed only where the plan places the partners part, and
    a police and crime plan objective only under a priority that serves it, and plan.yaml's record
    of how the plan meets the law only where it places the law part.
    """
    if path[:2] == ("partnership", "partners") or path[:2] == ("partnership", "address"):
        return True
    if path[:2] == ("police_and_crime_plan", "objectives") or path[:1] in LAW_RECORD:
        return True
    if path[:1] == ("action_plan",) or path[-1:] == ("total_label",):
        return True
    if "progress" in path and path[-1] == "period":
        return True
    return bool(path[:1] in (("sections",), ("appendices",)) and _is_generated(data, path[:2]))


def _is_generated(data: object, path: FieldPath) -> bool:
    for key in path:
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
    return isinstance(data, dict) and "generated" in data


def text_units(markdown: str) -> Iterator[str]:
    """The text of each paragraph, heading and list item: what a writer must not drop."""
    for block in parse(markdown):
        yield from _block_units(block)


def _block_units(block: Block) -> Iterator[str]:
    if isinstance(block, Paragraph):
        text = collapse(plain_text(block.children))
        if text:
            yield text
    elif isinstance(block, ListBlock):
        for item in block.items:
            for child in item:
                yield from _block_units(child)
    elif isinstance(block, Quote):
        for child in block.children:
            yield from _block_units(child)
    else:
        raise AssertionError(f"Markdown in a plan does not make {block.kind} blocks")


def expected_strings(bundle: PlanBundle) -> tuple[list[str], list[str]]:
    """What must appear in every format, and what must appear in every format or in none."""
    required: list[str] = []
    optional: list[str] = []
    sources: list[tuple[SourceFile, type[schema.Plan | schema.Priority]]] = [
        (bundle.plan_source, schema.Plan),
        *((doc.source, schema.Priority) for doc in bundle.priorities),
    ]
    for source, model in sources:
        for found in visible_texts(source.data, model):
            target = optional if shown_only_when_used(found.path, source.data) else required
            target.extend(text_units(found.text))
    printed = printed_entries(bundle)  # a shared folder's entries the plan never uses are not printed
    for term, value in bundle.glossary.terms.items():
        target = required if term in printed.glossary else optional
        target.append(term)
        if isinstance(value, str):
            target.append(value)
        else:
            target.append(value.expansion)
            target.extend(text_units(value.note or ""))
    for term, definition in bundle.definitions.terms.items():
        target = required if term in printed.definitions else optional
        target.append(term)
        target.extend(text_units(schema.definition_text(definition)))
    optional.extend(partner.name for partner in bundle.partners)
    return required, optional


def first_use_expansions(bundle: PlanBundle) -> list[str]:
    """The expansions written out, as `Anti-Social Behaviour (ASB)`, where an acronym is first used."""
    expansions = {partner.id: partner.name for partner in bundle.partners if is_acronym(partner.id)}
    expansions.update(
        (term, value if isinstance(value, str) else value.expansion)
        for term, value in bundle.glossary.terms.items()
    )
    return sorted(set(expansions.values()), key=len, reverse=True)


_PRINTED_URL = re.compile(r" ?\((?:https?:|mailto:)[^()]*\)")


class Comparison:
    """Text made comparable, the same way on both sides: what is expected and what a format shows.

    Whitespace is collapsed and an acronym written out on first use is reduced to the acronym.
    The PDF prints each web link's address after it, on purpose, and breaks words in narrow
    table columns without a hyphen; pdftotext puts a page's bullets after its text. So for
    the PDF the addresses, the bullets and all whitespace go.
    """

    def __init__(self, expansions: list[str], squeeze: bool) -> None:
        self.squeeze = squeeze
        self.patterns = [
            re.compile(re.escape(self._space(expansion)) + (r"\(" if squeeze else r" \(") + r"([^()\s]+)\)")
            for expansion in expansions
        ]

    def _space(self, text: str) -> str:
        return re.sub(r"\s+", "", text) if self.squeeze else collapse(text)

    def __call__(self, text: str) -> str:
        text = collapse(text)
        if self.squeeze:
            text = _PRINTED_URL.sub("", text).replace("•", "")
        text = self._space(text)
        for pattern in self.patterns:
            text = pattern.sub(r"\1", text)
        return text


def appears(text: str, pages: list[str]) -> bool:
    """In the text, or split over a page break: the end of one page and anywhere on the next.

    After a break the PDF repeats a table's header row, so a cell's text carries on below it.
    """
    if any(text in page for page in pages):
        return True
    for page, following in itertools.pairwise(pages):
        for cut in range(1, len(text)):
            if page.endswith(text[:cut]) and text[cut:] in following:
                return True
    return False


@pytest.mark.parametrize("plan", PLANS, ids=[p.parent.name if p in CASES else p.name for p in PLANS])
def test_every_visible_string_is_in_every_format(
    plan: Path, formats: tuple[str, ...], tmp_path: Path
) -> None:
    readers = {name: reader for name, reader in READERS.items() if name in formats}
    result = build(plan, tmp_path, formats=tuple(readers))
    assert not result.failed(), [d.format() for d in result.diagnostics]
    bundle, _ = validate(plan)
    assert bundle is not None
    expansions = first_use_expansions(bundle)
    required, optional = expected_strings(bundle)
    assert len(required) > 20, "the walk over the plan found almost nothing to look for"
    missing: dict[str, list[str]] = {}
    shown: dict[str, set[str]] = {}
    for name, (file, read) in readers.items():
        compare = Comparison(expansions, squeeze=name == "pdf")
        pages = [compare(page) for page in read(tmp_path / file)]
        missing[name] = sorted({s for s in required if not appears(compare(s), pages)})
        shown[name] = {s for s in optional if appears(compare(s), pages)}
    problems = [f"{name} lacks {len(lost)}: {lost}" for name, lost in missing.items() if lost]
    everywhere = set.intersection(*shown.values()) if shown else set[str]()
    uneven = sorted(set[str]().union(*shown.values()) - everywhere)
    if uneven:
        problems.append(f"shown in some formats only: {uneven}")
    assert not problems, "\n".join(problems)

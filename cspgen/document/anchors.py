"""In-page links checked against the composed document: a `#place` must name a heading or entry it has."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from cspgen.diagnostics import Diagnostic, error
from cspgen.document.nodes import Block, DefinitionList, Document, Section
from cspgen.document.parts.law import section_references
from cspgen.plan.checks import link_uses
from cspgen.plan.load import format_path
from cspgen.plan.model import PlanBundle


def check_anchors(bundle: PlanBundle, document: Document) -> list[Diagnostic]:
    anchors = document_anchors(document)
    return [
        error(
            source.path,
            where.line,
            where.column,
            "dead-anchor",
            _dead_anchor_message(target[1:], anchors),
            format_path(path),
        )
        for source, path, target in (*link_uses(bundle), *section_references(bundle))
        if target.startswith("#") and target[1:] not in anchors
        for where in (source.locate(path, target),)
    ]


def document_anchors(document: Document) -> set[str]:
    """Every id an in-page link may name: the document's headings and glossary entries."""
    return {"main", "contents", *_section_anchors(document.sections)}


def _section_anchors(sections: tuple[Section, ...]) -> Iterator[str]:
    for section in sections:
        yield section.id
        yield from _entry_anchors(section.blocks)
        yield from _section_anchors(section.children)


def _entry_anchors(blocks: tuple[Block, ...]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, DefinitionList):
            yield from (entry.id for entry in block.items)


def _dead_anchor_message(anchor: str, anchors: set[str]) -> str:
    near = difflib.get_close_matches(anchor, sorted(anchors), n=1)
    hint = f" (did you mean `#{near[0]}`?)" if near else ""
    return f"link to `#{anchor[:60]}` goes nowhere: the document has no such heading or entry{hint}"

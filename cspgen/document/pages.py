"""Where the printed plan (PDF and Word) starts a new page.

A reader expects a new page before a major part, not after every short chapter: so by default
only the long generated tables (the action plan and the risk and threat assessment) and each
appendix start one, and a part's own `new_page` says otherwise. The cover and the contents
always stand on pages of their own; the writers see to that.
"""

from __future__ import annotations

from dataclasses import replace

from cspgen.document.nodes import Section
from cspgen.plan import schema

MAJOR_PARTS = frozenset({"action-plan", "assessment"})


def paged(
    sections: list[Section], part: schema.Section | schema.Generated, appendix: bool = False
) -> list[Section]:
    """The sections one part became, marked with the page breaks the part asks for."""
    return [_marked(section, part, _starts_page(part, appendix)) for section in sections]


def _starts_page(part: schema.Section | schema.Generated, appendix: bool) -> bool:
    if part.new_page is not None:
        return part.new_page
    return appendix or (isinstance(part, schema.Generated) and part.generated in MAJOR_PARTS)


def _marked(section: Section, part: schema.Section | schema.Generated, new_page: bool) -> Section:
    """A chapter's subsections start a new page only where they say so themselves."""
    children = section.children
    if isinstance(part, schema.Section):
        children = tuple(
            _marked(child, subsection, bool(subsection.new_page))
            for child, subsection in zip(section.children, part.subsections, strict=True)
        )
    return replace(section, new_page=new_page, children=children)

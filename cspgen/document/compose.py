"""The document a plan becomes: every part in reading order, before any format is chosen."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

from cspgen import __version__
from cspgen.document.content import Images, Part, content_blocks
from cspgen.document.expand import expand_document
from cspgen.document.front import licence_inlines, notice_blocks
from cspgen.document.ids import Ids
from cspgen.document.nodes import ContentsEntry, Document, Section
from cspgen.document.pages import paged
from cspgen.document.parts.actions import action_plan_part
from cspgen.document.parts.assessment import assessment_part
from cspgen.document.parts.foreword import foreword_part
from cspgen.document.parts.glossary import definitions_part, glossary_part
from cspgen.document.parts.law import law_part
from cspgen.document.parts.measures import measures_part
from cspgen.document.parts.partners import partners_part
from cspgen.document.parts.priorities import priorities_part, worth_showing
from cspgen.document.prose import parse
from cspgen.plan import schema
from cspgen.plan.dates import format_published
from cspgen.plan.model import PlanBundle

DEFAULT_TITLES = {
    "priorities": "Priorities",
    "action-plan": "Action plan",
    "measures": "How we will measure success",
    "assessment": "Risk and threat assessment",
    "definitions": "Definitions",
    "glossary": "Glossary",
    "foreword": "Foreword",
    "partners": "The partnership",
    "law": "How this plan meets the law",
}

PART_BUILDERS: dict[str, Callable[[PlanBundle, Ids], Part]] = {
    "priorities": priorities_part,
    "action-plan": action_plan_part,
    "measures": measures_part,
    "assessment": assessment_part,
    "definitions": definitions_part,
    "glossary": glossary_part,
    "foreword": foreword_part,
    "partners": partners_part,
    "law": law_part,
}


def compose(bundle: PlanBundle) -> Document:
    """Stage 4: the document every writer renders, with acronyms and defined terms written out."""
    return expand_document(
        build_document(bundle), bundle.glossary, bundle.partners, bundle.plan.expand_acronyms
    )


def build_document(bundle: PlanBundle) -> Document:
    plan = bundle.plan
    ids = Ids()
    ids.claim("main")
    ids.claim("contents")
    sections: list[Section] = []
    placed = {
        part.generated for part in (*plan.sections, *plan.appendices) if isinstance(part, schema.Generated)
    }
    if "foreword" not in placed:
        sections.extend(_part(schema.Generated(generated="foreword"), bundle, ids))
    for part in plan.sections:
        sections.extend(paged(_part(part, bundle, ids), part))
    for generated in DEFAULT_TITLES:
        if generated not in placed and _worth_adding(generated, bundle):
            added = schema.Generated(generated=generated)
            sections.extend(paged(_part(added, bundle, ids), added))
    for part in plan.appendices:
        sections.extend(paged(_part(part, bundle, ids), part, appendix=True))
    return Document(
        title=plan.title,
        subtitle=plan.subtitle,
        language="en-GB",
        facts=tuple(_facts(plan, bundle.police_and_crime_plan)),
        draft=plan.status == "draft",
        contents=tuple(_contents(section) for section in sections if section.in_contents),
        sections=tuple(sections),
        published=publication_date(plan),
        generator=f"cspgen {__version__}",
        author=plan.partnership.name,
        notice=notice_blocks(plan.alternative_formats),
        licence=licence_inlines(plan.licence),
    )


def _worth_adding(part: str, bundle: PlanBundle) -> bool:
    """A part nobody placed is added only if it says more than the other parts already do.

    The foreword, unplaced, leads the document instead; the partners part is the plan's
    choice alone, and so is the law part, so plans written before them read as they did.
    """
    if part in ("foreword", "partners", "law"):
        return False
    if part == "priorities":
        return any(worth_showing(doc.priority) for doc in bundle.priorities)
    return True


def _facts(plan: schema.Plan, policing: schema.PoliceAndCrimePlan | None) -> Iterator[tuple[str, str]]:
    """The plan's details; the police and crime plan with them, as the one the partnership has regard to."""
    if plan.published:
        yield "Publication date", format_published(plan.published)
    yield "Partnership", plan.partnership.name
    yield "Area", plan.area
    period = _years(plan.period)
    yield "Period", f"{period} ({plan.revision})" if plan.revision else period
    yield "Status", "Draft" if plan.status == "draft" else "Published"
    if policing:
        years = f" ({_years(policing.period)})" if policing.period else ""
        yield "Police and crime plan", f"{policing.title}{years}"


def _years(period: schema.Period) -> str:
    return f"{period.start} to {period.end}"


def publication_date(plan: schema.Plan) -> datetime.date:
    """The date documents carry in their metadata: from the plan, never the clock."""
    if not plan.published:
        return datetime.date(plan.period.start, 1, 1)
    parts = [int(part) for part in plan.published.split("-")]
    return datetime.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)


def _contents(section: Section) -> ContentsEntry:
    children = tuple(
        _contents(child) for child in section.children if child.in_contents and section.level < 3
    )
    return ContentsEntry(section.id, section.title, children)


def _section(section: schema.Section, level: int, ids: Ids, images: Images) -> Section:
    anchor = ids.claim(section.id or schema.slugify(section.title))
    children = tuple(_section(child, min(level + 1, 6), ids, images) for child in section.subsections)
    return Section(anchor, section.title, level, content_blocks(section.content, ids, images), children)


def _part(part: schema.Section | schema.Generated, bundle: PlanBundle, ids: Ids) -> list[Section]:
    if isinstance(part, schema.Section):
        return [_section(part, 2, ids, bundle.images)]
    if part.generated == "foreword" and bundle.plan.foreword is None:
        return []  # no anchor claimed: a plan without a foreword keeps its anchors as they were
    title, anchor = _heading(part, bundle)
    anchor = ids.claim(anchor)
    intro = parse(part.intro) if part.intro else ()
    built = PART_BUILDERS[part.generated](bundle, ids)
    if built is None:
        return []
    blocks, children = built
    return [Section(anchor, title, 2, (*intro, *blocks), tuple(children))]


def _heading(part: schema.Generated, bundle: PlanBundle) -> tuple[str, str]:
    """The foreword keeps its own title, and its anchor from it, wherever it is placed."""
    foreword = bundle.plan.foreword
    if part.generated == "foreword" and foreword:
        title = part.title or foreword.title
        return title, part.id or schema.slugify(title)
    return part.title or DEFAULT_TITLES[part.generated], part.id or part.generated

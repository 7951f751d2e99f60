"""How this plan meets the law: a table of each duty that applies in the plan's period and nation.

The same verdicts as `cspgen check`, told for a reader of the plan: the duty, its source, whether
the plan shows it, and what in the plan shows it (for a duty not shown, what it records towards it,
and the years with no public meeting): a priority, the partnership, or, in full, what plan.yaml
records (the assessment, consultation, meetings, resources, strategy and whom it consulted), which
is shown nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cspgen.document.content import Part
from cspgen.document.ids import Ids
from cspgen.document.nodes import Block, Cell, Inline, Link, Paragraph, TableNode, Text
from cspgen.document.prose import parse
from cspgen.document.tables import text_cell
from cspgen.plan import schema
from cspgen.plan.dates import format_published
from cspgen.plan.law.shown import Where
from cspgen.plan.law.verdicts import Finding, assess, setting_of
from cspgen.plan.model import PlanBundle
from cspgen.plan.schema.duties import (
    AUTHORITY_WORDS,
    Engagement,
    Resources,
    SeriousViolenceStrategy,
    StrategicAssessment,
)
from cspgen.plan.source import FieldPath, SourceFile

HEADINGS = ("Duty", "Source", "Shown", "Where the plan shows it")
VERDICTS = {"met": "Yes", "not shown": "Not shown"}
NOT_RECORDED = "Not recorded in the plan"
CONSULTED = "serious_violence_strategy.consulted"


def section_references(bundle: PlanBundle) -> Iterator[tuple[SourceFile, FieldPath, str]]:
    """The sections plan.yaml's law record names, as the in-page links the law part makes of them."""
    plan = bundle.plan
    for field, record in (
        ("resources", plan.resources),
        ("serious_violence_strategy", plan.serious_violence_strategy),
    ):
        if record is not None and record.section is not None:
            yield bundle.plan_source, (field, "section"), f"#{record.section}"


def law_part(bundle: PlanBundle, ids: Ids) -> Part:
    applying = [finding for finding in assess(bundle) if finding.verdict != "not applicable"]
    if not applying:
        return None
    setting = setting_of(bundle)
    head = (tuple(text_cell(text, header=True, scope="col") for text in HEADINGS),)
    rows = tuple(_row(bundle, finding) for finding in applying)
    caption = f"The duties in force in {setting.start} to {setting.end} in {setting.nation.title()}"
    return (TableNode(caption=caption, head=head, bodies=(rows,), css="law"),), []


def _row(bundle: PlanBundle, finding: Finding) -> tuple[Cell, ...]:
    rule = finding.rule
    places = dict.fromkeys(_place(bundle, where) for where in finding.where)
    blocks = tuple(
        block
        for heading, field in places
        for block in ((_line(heading),) if heading else _recorded(bundle.plan, field))
    )
    lacking = tuple(_line(gap[0].upper() + gap[1:]) for gap in finding.lacking)
    return (
        text_cell(rule.title[0].upper() + rule.title[1:], header=True, scope="row"),
        text_cell(rule.source),
        text_cell(_verdict(finding)),
        Cell((*blocks, *lacking) or (_line(NOT_RECORDED),)),
    )


def _verdict(finding: Finding) -> str:
    """An advisory duty not shown says so: a reader must not take it for a duty the plan fails."""
    advisory = finding.verdict == "not shown" and finding.rule.level == "advisory"
    return VERDICTS[finding.verdict] + (" (advisory)" if advisory else "")


def _place(bundle: PlanBundle, where: Where) -> tuple[str, str]:
    """A priority's heading as written, else the plan.yaml field at the top of the path showing it."""
    for doc in bundle.priorities:
        if doc.source.path == where.file:
            return doc.heading, ""
    field = where.field.split("[")[0]
    return "", field if field == CONSULTED else field.split(".")[0]


def _recorded(plan: schema.Plan, place: str) -> Iterator[Block]:
    """What plan.yaml records at a field, in full; a priority's heading or the partners as they are."""
    if place == "strategic_assessment" and plan.strategic_assessment is not None:
        yield _line("The strategic assessment: " + _assessment(plan.strategic_assessment))
    elif place == "sent_to_pcc" and plan.sent_to_pcc is not None:
        yield _line(f"Sent to the police and crime commissioner: {format_published(plan.sent_to_pcc)}")
    elif place == "consultation":
        yield from _held("Consultation", plan.consultation)
    elif place == "public_meetings":
        yield from _held("Public meeting", plan.public_meetings)
    elif place == "resources" and plan.resources is not None:
        yield from _resources(plan.resources)
    elif place == "serious_violence_strategy" and plan.serious_violence_strategy is not None:
        yield _strategy(plan.serious_violence_strategy)
    elif place == CONSULTED and plan.serious_violence_strategy is not None:
        for consultee in plan.serious_violence_strategy.consulted:
            yield _line(f"Consulted: {consultee.name} ({AUTHORITY_WORDS[consultee.authority]})")
    elif place == "accessibility_statement" and plan.accessibility_statement is not None:
        address = plan.accessibility_statement
        yield Paragraph((Text("Accessibility statement: "), Link(address, (Text(address),))))
    elif place in ("partnership", "partners"):
        yield _line("The partnership's members")
    else:
        yield _line(place.replace("_", " ").capitalize())  # e.g. `police_and_crime_plan`


def _held(kind: str, held: Sequence[Engagement]) -> Iterator[Block]:
    for item in held:
        when = f" ({format_published(item.date)})" if item.date else ""
        yield _line(f"{kind}: {item.what}{when}")


def _assessment(assessment: StrategicAssessment) -> str:
    words = assessment.title
    if assessment.date is not None:
        words += f", {format_published(assessment.date)}"
    return words + (f", by {assessment.by}" if assessment.by else "")


def _resources(resources: Resources) -> Iterator[Block]:
    if resources.statement.strip():
        yield from parse(resources.statement)
    if resources.section is not None:
        yield Paragraph((Link(f"#{resources.section}", (Text("How resources are allocated"),)),))


def _strategy(strategy: SeriousViolenceStrategy) -> Paragraph:
    name: tuple[Inline, ...] = (Text(strategy.title or "The serious violence strategy"),)
    target = strategy.link or (f"#{strategy.section}" if strategy.section else None)
    return Paragraph((Link(target, name),) if target else name)


def _line(text: str) -> Paragraph:
    return Paragraph((Text(text),))

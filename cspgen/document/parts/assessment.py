"""The risk and threat assessment: a summary of decisions, then each area's response matrix."""

from __future__ import annotations

from cspgen.document.content import Part
from cspgen.document.ids import Ids
from cspgen.document.nodes import Block, Cell, ListBlock, Section, TableNode
from cspgen.document.prose import parse
from cspgen.document.tables import text_cell
from cspgen.plan.model import PlanBundle, PriorityDoc

FOCUS = {
    "key": "Key area of focus",
    "some": "Some focus",
    "operational": "Operational focus",
    "none": "Not a focus",
    "not-stated": "Not stated",
}
FUNDING = {
    "committed": "Funding committed",
    "possible": "Funding possible",
    "none": "No funding",
    "not-stated": "Not stated",
}


def assessment_part(bundle: PlanBundle, ids: Ids) -> Part:
    """A summary of decisions, then each area's response matrix under its own heading."""
    docs = [doc for doc in bundle.priorities if doc.priority.assessment]
    if not docs:
        return None
    children = []
    for doc in docs:
        anchor = ids.claim(f"area-{doc.id}")
        label = "Risk & threat area" if doc.priority.label is None else doc.priority.label
        heading = f"{label}: {doc.priority.title}" if label else doc.priority.title
        children.append(Section(anchor, heading, 3, (assessment_table(doc, anchor),)))
    return (decision_summary(docs),), children


def _points(points: list[str]) -> tuple[Block, ...]:
    if not points:
        return ()
    parsed = [parse(point) for point in points]
    if len(parsed) == 1:
        return parsed[0]
    return (ListBlock(tuple(parsed)),)


def assessment_table(doc: PriorityDoc, heading: str) -> TableNode:
    """Response by kind (strategic, operational) and level (county-wide, local), then the decision.

    Every row is named by its two row headers, so the table needs no header row.
    """
    assessment = doc.priority.assessment
    assert assessment is not None
    rows: list[tuple[Cell, ...]] = []
    for kind, responses in (("Strategic", assessment.strategic), ("Operational", assessment.operational)):
        rows.append(
            (
                text_cell(kind, header=True, scope="rowgroup", rowspan=2),
                text_cell("County-wide", header=True, scope="row"),
                Cell(_points(responses.county)),
            )
        )
        rows.append((text_cell("Local", header=True, scope="row"), Cell(_points(responses.local))))
    rows.append(
        (text_cell("Decision", header=True, scope="row", colspan=2), Cell(_points(assessment.decision.notes)))
    )
    return TableNode(
        caption=f"Risk & threat area: {doc.priority.title}",
        head=(),
        bodies=(tuple(rows),),
        labelled_by=heading,
        css="assessment",
    )


def decision_summary(docs: list[PriorityDoc]) -> TableNode:
    decisions = [
        (doc.priority.title, doc.priority.assessment.decision) for doc in docs if doc.priority.assessment
    ]
    head = (
        tuple(
            text_cell(text, header=True, scope="col") for text in ("Risk or threat area", "Focus", "Funding")
        ),
    )
    rows = tuple(
        (
            text_cell(title, header=True, scope="row"),
            text_cell(FOCUS[decision.focus]),
            text_cell(FUNDING[decision.funding]),
        )
        for title, decision in decisions
    )
    focus = sum(decision.focus == "key" for _, decision in decisions)
    funded = sum(decision.funding == "committed" for _, decision in decisions)
    caption = (
        f"Summary of decisions: {focus} of {len(decisions)} areas are a key focus; "
        f"funding is committed to {funded}"
    )
    return TableNode(caption=caption, head=head, bodies=(rows,), css="decisions")

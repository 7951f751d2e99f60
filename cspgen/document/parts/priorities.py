"""The priorities part: each priority as the plan writes it, from what it means to what it expects.

A plan that gives its priorities only `why` shows it straight under each priority's heading. Once
any priority has a definition, response, commitments or outcomes, or the plan sets
`priority_headings`, every priority's parts stand under those headings, in the format's order.
The police and crime plan objectives a priority `serves` come last, under their heading or,
without headings, after its words.
"""

from __future__ import annotations

from collections.abc import Iterator

from cspgen.document.content import Images, Part, content_blocks
from cspgen.document.ids import Ids
from cspgen.document.nodes import Block, ListBlock, Paragraph, Section, Text
from cspgen.document.prose import parse
from cspgen.plan import schema
from cspgen.plan.model import PlanBundle, PriorityDoc

PROSE = ("definition", "why", "response")
PROMISES = ("commitments", "outcomes")


def priorities_part(bundle: PlanBundle, ids: Ids) -> Part:
    if not bundle.priorities:
        return None
    headings = bundle.plan.priority_headings
    chosen = "priority_headings" in bundle.plan.model_fields_set
    headed = chosen or any(has_more_than_why(doc.priority) for doc in bundle.priorities)
    objectives = objective_names(bundle.police_and_crime_plan)
    return (), [_priority(doc, headings, headed, objectives, ids, bundle.images) for doc in bundle.priorities]


def has_more_than_why(priority: schema.Priority) -> bool:
    return any(getattr(priority, name) for name in (*PROSE, *PROMISES) if name != "why")


def worth_showing(priority: schema.Priority) -> bool:
    """Whether the part says anything about this priority beyond its heading."""
    return bool(priority.why or priority.group or priority.serves or has_more_than_why(priority))


def objective_names(policing: schema.PoliceAndCrimePlan | None) -> dict[str, str]:
    """Each objective as a reader knows it: its title, after its number if the plan numbers them."""
    objectives = policing.objectives if policing else []
    return {
        objective.id: f"{objective.id}: {objective.title}" if objective.id[0].isdigit() else objective.title
        for objective in objectives
    }


def _priority(
    doc: PriorityDoc,
    headings: schema.PriorityHeadings,
    headed: bool,
    objectives: dict[str, str],
    ids: Ids,
    images: Images,
) -> Section:
    anchor = ids.claim(f"priority-{doc.id}")
    delivered = _delivered_by(doc.priority)
    served = _served(doc.priority, objectives)
    if not headed:
        label = (Paragraph((Text(f"{headings.serves}:"),)),) if served else ()
        blocks = (*content_blocks(doc.priority.why, ids, images), *delivered, *label, *served)
        return Section(anchor, doc.heading, 3, blocks)
    parts = tuple(_parts(doc, headings, ids, images))
    if served:
        parts += (Section(ids.claim(f"priority-{doc.id}-serves"), headings.serves, 4, served),)
    return Section(anchor, doc.heading, 3, delivered, parts)


def _served(priority: schema.Priority, objectives: dict[str, str]) -> tuple[Block, ...]:
    """The objectives the priority serves, in its order; an unknown id is `check`'s to report."""
    names = [objectives[served] for served in priority.serves if served in objectives]
    return (ListBlock(tuple((Paragraph((Text(name),)),) for name in names)),) if names else ()


def _delivered_by(priority: schema.Priority) -> tuple[Block, ...]:
    return (Paragraph((Text(f"Delivered by: {priority.group}"),)),) if priority.group else ()


def _parts(
    doc: PriorityDoc, headings: schema.PriorityHeadings, ids: Ids, images: Images
) -> Iterator[Section]:
    """Each part the priority has, under its heading; a part it leaves out gets no heading."""
    for name in schema.Priority.model_fields:
        if name not in PROSE and name not in PROMISES:
            continue
        value = getattr(doc.priority, name)
        if not value:
            continue
        anchor = ids.claim(f"priority-{doc.id}-{name}")
        blocks = content_blocks(value, ids, images) if name in PROSE else (_promise_list(value),)
        yield Section(anchor, getattr(headings, name), 4, blocks)


def _promise_list(items: list[schema.Commitment] | list[schema.Outcome]) -> ListBlock:
    return ListBlock(tuple(parse(item.title) for item in items))

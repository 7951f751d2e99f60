"""The action plan: who leads on what, then one table of objectives and actions per priority."""

from __future__ import annotations

from cspgen.document.content import Part
from cspgen.document.ids import Ids
from cspgen.document.nodes import Block, Cell, ListBlock, Paragraph, Section, Styled, TableNode, Text
from cspgen.document.parts.glossary import sort_key
from cspgen.document.prose import parse
from cspgen.document.tables import text_cell
from cspgen.plan import schema
from cspgen.plan.model import PlanBundle, PriorityDoc
from cspgen.plan.terms import is_acronym


def action_plan_part(bundle: PlanBundle, ids: Ids) -> Part:
    docs = [doc for doc in bundle.priorities if doc.priority.objectives]
    if not docs:
        return None
    columns = bundle.plan.action_plan.columns
    periods = {
        update.period
        for doc in docs
        for objective in doc.priority.objectives
        for action in objective.actions
        for update in published_updates(action)
    }
    children = []
    for doc in docs:
        table = action_table(doc, columns, label_updates=len(periods) > 1)
        blocks: list[Block] = []
        if doc.priority.group:
            blocks.append(Paragraph((Text(f"Delivered by: {doc.priority.group}"),)))
        blocks.append(table)
        children.append(Section(ids.claim(f"actions-{doc.id}"), doc.heading, 3, tuple(blocks)))
    return lead_key(bundle, docs), children


def lead_key(bundle: PlanBundle, docs: list[PriorityDoc]) -> tuple[Block, ...]:
    """Who the short names in the lead column are, before the tables use them."""
    used = {
        lead
        for doc in docs
        for objective in doc.priority.objectives
        for action in objective.actions
        for lead in action.lead
    }
    named = sorted(
        (partner for partner in bundle.partners if partner.id in used and partner.id != partner.name),
        key=lambda partner: sort_key(partner.id),
    )
    if not named:
        return ()
    items = tuple(
        (Paragraph((Text(f"{p.name} ({p.id})" if is_acronym(p.id) else f"{p.id}: {p.name}"),)),)
        for p in named
    )
    return (Paragraph((Text(f"{bundle.plan.action_plan.columns.lead} partners:"),)), ListBlock(items))


def action_table(doc: PriorityDoc, columns: schema.Columns, label_updates: bool = True) -> TableNode:
    """One row group per objective; optional columns appear only when some action fills them."""
    objectives = doc.priority.objectives
    actions = [action for objective in objectives for action in objective.actions]
    themed = any(objective.theme for objective in objectives)
    with_due = any(action.due for action in actions)
    with_progress = any(published_updates(action) for action in actions)
    headings = [columns.objective, columns.action]
    headings = ([columns.theme] if themed else []) + headings + ([columns.due] if with_due else [])
    headings += [columns.lead] + ([columns.progress] if with_progress else [])
    weights = [2] * themed + [3, 4] + [2] * with_due + [2] + [7] * with_progress
    widths = tuple(round(100 * weight / sum(weights)) for weight in weights)
    head = (tuple(text_cell(text, header=True, scope="col") for text in headings),)
    bodies = []
    previous_theme: str | None = None
    for objective in objectives:
        rows: list[tuple[Cell, ...]] = []
        for index, action in enumerate(objective.actions or [None]):
            row: list[Cell] = []
            if index == 0:
                span = max(len(objective.actions), 1)
                if themed:
                    theme = objective.theme if objective.theme != previous_theme else ""
                    row.append(text_cell(theme or "", rowspan=span))
                row.append(text_cell(objective.title, header=True, scope="rowgroup", rowspan=span))
            row.append(text_cell(action.title if action else "No actions yet"))
            if with_due:
                row.append(text_cell(action.due or "" if action else ""))
            row.append(text_cell(", ".join(action.lead) if action else ""))
            if with_progress:
                row.append(Cell(_progress_blocks(action, label_updates) if action else ()))
            rows.append(tuple(row))
        previous_theme = objective.theme
        bodies.append(tuple(rows))
    return TableNode(
        caption=f"Action plan for {doc.label.lower()}: {doc.priority.title}",
        head=head,
        bodies=tuple(bodies),
        css="actions",
        widths=widths,
    )


def published_updates(action: schema.Action) -> list[schema.Update]:
    """An update still to be written is work in progress, never published as an empty cell."""
    return [update for update in action.progress if update.status == "written"]


def _progress_blocks(action: schema.Action, labelled: bool) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for update in published_updates(action):
        parsed = list(parse(update.text))
        if not labelled:
            blocks.extend(parsed)
            continue
        label = Styled("strong", (Text(f"{update.period}:"),))
        if parsed and isinstance(parsed[0], Paragraph):
            parsed[0] = Paragraph((label, Text(" "), *parsed[0].children))
        else:
            parsed.insert(0, Paragraph((label,)))
        blocks.extend(parsed)
    return tuple(blocks)

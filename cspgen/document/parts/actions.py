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
    """One row group per objective; a column other than the objective's appears only when
    something in the table fills it, and an objective without actions shows nothing beside it."""
    objectives = doc.priority.objectives
    themed = any(objective.theme for objective in objectives)
    used = _filled_columns([action for objective in objectives for action in objective.actions])
    headings = [columns.theme] * themed + [columns.objective] + [getattr(columns, name) for name in used]
    weights = [2] * themed + [3] + [ACTION_COLUMN_WEIGHTS[name] for name in used]
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
            row.extend(_action_cell(action, name, label_updates) for name in used)
            rows.append(tuple(row))
        previous_theme = objective.theme
        bodies.append(tuple(rows))
    return TableNode(
        caption=doc.caption("Action plan"),
        head=head,
        bodies=tuple(bodies),
        css="actions",
        widths=widths,
    )


# The action columns in their order, each with its share of the table's width.
ACTION_COLUMN_WEIGHTS = {"action": 4, "due": 2, "lead": 2, "progress": 7}


def _filled_columns(actions: list[schema.Action]) -> list[str]:
    filled = {
        "action": bool(actions),
        "due": any(action.due for action in actions),
        "lead": any(action.lead for action in actions),
        "progress": any(published_updates(action) for action in actions),
    }
    return [name for name in ACTION_COLUMN_WEIGHTS if filled[name]]


def _action_cell(action: schema.Action | None, column: str, label_updates: bool) -> Cell:
    if action is None:
        return Cell(())
    if column == "progress":
        return Cell(_progress_blocks(action, label_updates))
    text = {"action": action.title, "due": action.due or "", "lead": ", ".join(action.lead)}
    return text_cell(text[column])


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

"""The document a plan becomes: every part in reading order, before any format is chosen."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

from cspgen import __version__
from cspgen.document import charts
from cspgen.document.expand import expand_document
from cspgen.document.nodes import (
    Block,
    Cell,
    Contact,
    Contacts,
    ContentsEntry,
    DefinitionItem,
    DefinitionList,
    Document,
    ListBlock,
    Paragraph,
    Section,
    Signature,
    Styled,
    TableNode,
    Text,
)
from cspgen.document.numbers import format_number
from cspgen.document.prose import parse
from cspgen.plan import figures, schema
from cspgen.plan.dates import long_date, month_year
from cspgen.plan.model import PlanBundle, PriorityDoc
from cspgen.plan.terms import is_acronym

DEFAULT_TITLES = {
    "priorities": "Priorities",
    "action-plan": "Action plan",
    "measures": "How we will measure success",
    "assessment": "Risk and threat assessment",
    "definitions": "Definitions",
    "glossary": "Glossary",
}
LETTER_INDEX_FROM = 60  # entries: below this a glossary fits on a couple of screens
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


def compose(bundle: PlanBundle) -> Document:
    """Stage 4: the document every writer renders, with acronyms and defined terms written out."""
    return expand_document(
        build_document(bundle), bundle.glossary, bundle.partners, bundle.plan.expand_acronyms
    )


class _Ids:
    """Anchors unique within the document, assigned in reading order so they are stable."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next_number: dict[str, int] = {}

    def claim(self, wanted: str) -> str:
        """Numbers already taken stay taken, so the search resumes where it last stopped."""
        candidate, number = wanted, self.next_number.get(wanted, 2)
        while candidate in self.used:
            candidate = f"{wanted}-{number}"
            number += 1
        self.used.add(candidate)
        self.next_number[wanted] = number
        return candidate


def build_document(bundle: PlanBundle) -> Document:
    plan = bundle.plan
    ids = _Ids()
    ids.claim("main")
    ids.claim("contents")
    sections: list[Section] = []
    if plan.foreword:
        sections.append(_foreword(plan.foreword, ids))
    placed = {
        part.generated for part in (*plan.sections, *plan.appendices) if isinstance(part, schema.Generated)
    }
    for part in plan.sections:
        sections.extend(_part(part, bundle, ids))
    for generated in DEFAULT_TITLES:
        if generated not in placed and _worth_adding(generated, bundle):
            sections.extend(_part(schema.Generated(generated=generated), bundle, ids))
    for part in plan.appendices:
        sections.extend(_part(part, bundle, ids))
    return Document(
        title=plan.title,
        subtitle=plan.subtitle,
        language="en-GB",
        facts=tuple(_facts(plan)),
        draft=plan.status == "draft",
        contents=tuple(_contents(section) for section in sections if section.in_contents),
        sections=tuple(sections),
        generator=f"cspgen {__version__}",
        author=plan.partnership.name,
    )


def _worth_adding(part: str, bundle: PlanBundle) -> bool:
    """A part nobody placed is added only if it says more than the other parts already do."""
    if part == "priorities":
        return any(doc.priority.why or doc.priority.group for doc in bundle.priorities)
    return True


def _facts(plan: schema.Plan) -> Iterator[tuple[str, str]]:
    if plan.published:
        yield "Publication date", format_published(plan.published)
    yield "Partnership", plan.partnership.name
    yield "Area", plan.area
    period = f"{plan.period.start} to {plan.period.end}"
    yield "Period", f"{period} ({plan.revision})" if plan.revision else period
    yield "Status", "Draft" if plan.status == "draft" else "Published"


def format_published(value: str) -> str:
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return long_date(datetime.date(parts[0], parts[1], parts[2]))
    return month_year(parts[0], parts[1])


def _contents(section: Section) -> ContentsEntry:
    children = tuple(
        _contents(child) for child in section.children if child.in_contents and section.level < 3
    )
    return ContentsEntry(section.id, section.title, children)


def content_blocks(content: schema.Content | str, ids: _Ids) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for item in schema.blocks_of(content):
        if isinstance(item, str):
            blocks.extend(parse(item))
        elif isinstance(item, schema.TableBlock):
            blocks.append(data_table(item.table))
        elif isinstance(item, schema.ChartBlock):
            anchor = ids.claim(f"chart-{schema.slugify(item.chart.title)}")
            blocks.append(charts.chart(item.chart, anchor, chart_table(item.chart)))
        elif isinstance(item, schema.ContactsBlock):
            blocks.append(Contacts(tuple(_contact(contact) for contact in item.contacts)))
    return tuple(blocks)


def _contact(contact: schema.Contact) -> Contact:
    return Contact(contact.name, contact.role, tuple(contact.address), contact.phone, contact.email)


def _foreword(foreword: schema.Foreword, ids: _Ids) -> Section:
    blocks = list(content_blocks(foreword.content, ids))
    if foreword.signatory:
        blocks.append(Signature(foreword.signatory.name, foreword.signatory.role))
    return Section(ids.claim(schema.slugify(foreword.title)), foreword.title, 2, tuple(blocks))


def _section(section: schema.Section, level: int, ids: _Ids) -> Section:
    anchor = ids.claim(section.id or schema.slugify(section.title))
    children = tuple(_section(child, min(level + 1, 6), ids) for child in section.subsections)
    return Section(anchor, section.title, level, content_blocks(section.content, ids), children)


def _part(part: schema.Section | schema.Generated, bundle: PlanBundle, ids: _Ids) -> list[Section]:
    if isinstance(part, schema.Section):
        return [_section(part, 2, ids)]
    builders = {
        "priorities": _priorities_part,
        "action-plan": _action_plan_part,
        "measures": _measures_part,
        "assessment": _assessment_part,
        "definitions": _definitions_part,
        "glossary": _glossary_part,
    }
    title = part.title or DEFAULT_TITLES[part.generated]
    anchor = ids.claim(part.id or part.generated)
    intro = parse(part.intro) if part.intro else ()
    built = builders[part.generated](bundle, ids)
    if built is None:
        return []
    blocks, children = built
    return [Section(anchor, title, 2, (*intro, *blocks), tuple(children))]


Built = tuple[tuple[Block, ...], list[Section]] | None


def _priorities_part(bundle: PlanBundle, ids: _Ids) -> Built:
    if not bundle.priorities:
        return None
    children = []
    for doc in bundle.priorities:
        blocks = list(content_blocks(doc.priority.why, ids))
        if doc.priority.group:
            blocks.append(Paragraph((Text(f"Delivered by: {doc.priority.group}"),)))
        children.append(Section(ids.claim(f"priority-{doc.id}"), doc.heading, 3, tuple(blocks)))
    return (), children


def _cell(text: str, **options: Any) -> Cell:
    return Cell((Paragraph((Text(text),)),) if text else (), **options)


def _action_plan_part(bundle: PlanBundle, ids: _Ids) -> Built:
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
    head = (tuple(_cell(text, header=True, scope="col") for text in headings),)
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
                    row.append(_cell(theme or "", rowspan=span))
                row.append(_cell(objective.title, header=True, scope="rowgroup", rowspan=span))
            row.append(_cell(action.title if action else "No actions yet"))
            if with_due:
                row.append(_cell(action.due or "" if action else ""))
            row.append(_cell(", ".join(action.lead) if action else ""))
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


def _measures_part(bundle: PlanBundle, ids: _Ids) -> Built:
    docs = [doc for doc in bundle.priorities if doc.priority.measures]
    if not docs:
        return None
    children = []
    for doc in docs:
        blocks = list(measure_blocks(doc))
        children.append(Section(ids.claim(f"measures-{doc.id}"), doc.heading, 3, tuple(blocks)))
    return (), children


def measure_blocks(doc: PriorityDoc) -> Iterator[Block]:
    groups: dict[str | None, list[schema.Measure]] = {}
    for measure in doc.priority.measures:
        groups.setdefault(measure.theme, []).append(measure)
    for theme, measures in groups.items():
        if any(_has_figures(measure) for measure in measures):
            yield measure_table(doc, theme, measures)
            continue
        if theme:
            yield Paragraph((Styled("strong", (Text(theme),)),))
        yield ListBlock(tuple(_measure_text(measure) for measure in measures), ordered=True)


def _has_figures(measure: schema.Measure) -> bool:
    return bool(
        measure.baseline
        or measure.target
        or measure.milestones
        or measure.actuals
        or measure.indicator
        or measure.lead
    )


def _measure_text(measure: schema.Measure) -> tuple[Block, ...]:
    return (Paragraph((Text(measure.title),)), *(parse(measure.note) if measure.note else ()))


def _figure(figure: schema.Figure | None, unit: str | None) -> str:
    if figure is None:
        return ""
    kind = "percent" if unit == "%" else "number"
    value = format_number(figure.value, kind) + (f" {unit}" if unit and unit != "%" else "")
    text = f"{value} ({figure.period})"
    return f"{text}, {figure.note}" if figure.note else text


def _change(measure: schema.Measure) -> str:
    if measure.baseline is None or not measure.actuals:
        return ""
    change = figures.percent_change(measure.baseline.value, measure.actuals[-1].value)
    if change is None:
        return ""
    sign = "+" if change > 0 else ""
    return f"{sign}{format_number(change)}%"


MEASURE_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("Indicator", lambda m: m.indicator or ""),
    ("Lead", lambda m: ", ".join(m.lead)),
    (
        "Better if",
        lambda m: {"increase": "higher", "decrease": "lower", "maintain": "kept steady"}.get(
            m.direction or "", ""
        ),
    ),
    ("Baseline", lambda m: _figure(m.baseline, m.unit)),
    ("Milestones", lambda m: "; ".join(_figure(figure, m.unit) for figure in m.milestones)),
    ("Target", lambda m: _figure(m.target, m.unit)),
    ("Actual", lambda m: "; ".join(_figure(figure, m.unit) for figure in m.actuals)),
    ("Change since baseline", _change),
    ("Target met", lambda m: target_met(m, m.actuals[-1] if m.actuals else None)),
)


def measure_table(doc: PriorityDoc, theme: str | None, measures: list[schema.Measure]) -> TableNode:
    """Only the columns that some measure fills; change and target met are computed, never typed."""
    used = [(label, value) for label, value in MEASURE_COLUMNS if any(value(m) for m in measures)]
    head = (
        tuple(_cell(text, header=True, scope="col") for text in ["Measure", *(label for label, _ in used)]),
    )
    rows = []
    for measure in measures:
        title = Cell(_measure_text(measure), header=True, scope="row")
        rows.append((title, *(_cell(value(measure)) for _, value in used)))
    caption = f"Measures for {doc.label.lower()}: {theme or doc.priority.title}"
    return TableNode(caption=caption, head=head, bodies=(tuple(rows),), css="measures")


def target_met(measure: schema.Measure, latest: schema.Figure | None) -> str:
    if latest is None or measure.target is None or measure.direction is None:
        return ""
    actual, target = latest.value, measure.target.value
    met = {
        "increase": actual >= target,
        "decrease": actual <= target,
        "maintain": actual == target,
    }[measure.direction]
    return "Yes" if met else "No"


def _assessment_part(bundle: PlanBundle, ids: _Ids) -> Built:
    """A summary of decisions, then each area's response matrix under its own heading."""
    docs = [doc for doc in bundle.priorities if doc.priority.assessment]
    if not docs:
        return None
    children = []
    for doc in docs:
        anchor = ids.claim(f"area-{doc.id}")
        heading = f"{doc.priority.label or 'Risk & threat area'}: {doc.priority.title}"
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
                _cell(kind, header=True, scope="rowgroup", rowspan=2),
                _cell("County-wide", header=True, scope="row"),
                Cell(_points(responses.county)),
            )
        )
        rows.append((_cell("Local", header=True, scope="row"), Cell(_points(responses.local))))
    rows.append(
        (_cell("Decision", header=True, scope="row", colspan=2), Cell(_points(assessment.decision.notes)))
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
        tuple(_cell(text, header=True, scope="col") for text in ("Risk or threat area", "Focus", "Funding")),
    )
    rows = tuple(
        (
            _cell(title, header=True, scope="row"),
            _cell(FOCUS[decision.focus]),
            _cell(FUNDING[decision.funding]),
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


def sort_key(term: str) -> str:
    """Glossary order a reader expects: case and punctuation ignored."""
    return re.sub(r"[^0-9a-z]+", "", term.lower()) or term.lower()


def _definitions_part(bundle: PlanBundle, ids: _Ids) -> Built:
    terms = bundle.definitions.terms
    if not terms:
        return None
    children = [
        Section(
            ids.claim(f"def-{schema.slugify(term)}"),
            term,
            3,
            parse(schema.definition_text(text)),
            in_contents=False,
            role="definition",
        )
        for term, text in terms.items()
    ]
    return (), children


def _glossary_part(bundle: PlanBundle, ids: _Ids) -> Built:
    terms = bundle.glossary.terms
    if not terms:
        return None
    items = []
    for term in sorted(terms, key=lambda t: (sort_key(t), t)):
        value = terms[term]
        if isinstance(value, str):
            blocks: tuple[Block, ...] = (Paragraph((Text(value),)),)
        else:
            blocks = (Paragraph((Text(value.expansion),)), *(parse(value.note) if value.note else ()))
        items.append(DefinitionItem(term, ids.claim(f"glossary-{schema.slugify(term)}"), blocks))
    return (DefinitionList(tuple(items), _letter_index(items)),), []


def _letter_index(items: list[DefinitionItem]) -> tuple[tuple[str, str], ...]:
    if len(items) < LETTER_INDEX_FROM:
        return ()
    index: dict[str, str] = {}
    for item in items:
        letter = (sort_key(item.term)[:1] or "#").upper()
        index.setdefault(letter, item.id)
    return tuple(index.items())


def data_table(table: schema.Table) -> TableNode:
    """Typed cells as typed, computed columns filled in, and a total row when columns ask for one."""
    numeric = [column.type != "text" for column in table.columns]
    head = (
        tuple(
            _cell(column.label, header=True, scope="col", numeric=numeric[i])
            for i, column in enumerate(table.columns)
        ),
    )
    body = [row for row in table.rows if not figures.is_total_row(table, row)]
    typed_totals = [row for row in table.rows if figures.is_total_row(table, row)]
    rows = tuple(_data_row(table, row) for row in body)
    foot: tuple[tuple[Cell, ...], ...] = tuple(_data_row(table, row) for row in typed_totals)
    if not foot and any(column.total for column in table.columns):
        foot = (tuple(_total_cells(table)),)
    return TableNode(table.caption, head, (rows,), foot, note=table.source, css="data")


def _data_row(table: schema.Table, row: list[schema.Cell]) -> tuple[Cell, ...]:
    cells = []
    for index, column in enumerate(table.columns):
        value = figures.display_cell(table, row, index)
        text = format_number(value, column.type) if figures.is_number(value) else str(value or "")  # type: ignore[arg-type]
        is_header = (table.row_headers or figures.is_total_row(table, row)) and index == 0
        cells.append(
            _cell(text, header=is_header, scope="row" if is_header else "", numeric=column.type != "text")
        )
    return tuple(cells)


def _total_cells(table: schema.Table) -> Iterator[Cell]:
    for index, column in enumerate(table.columns):
        if index == 0:
            yield _cell(table.total_label, header=True, scope="row")
        elif column.total:
            yield _cell(format_number(figures.column_total(table, index), column.type), numeric=True)
        else:
            yield _cell("")


def chart_table(chart: schema.Chart) -> TableNode:
    head = (
        (
            _cell(chart.category_label, header=True, scope="col"),
            *(_cell(series.label, header=True, scope="col", numeric=True) for series in chart.series),
        ),
    )
    kind = "percent" if chart.unit == "%" else "number"
    rows = []
    for index, category in enumerate(chart.categories):
        rows.append(
            (
                _cell(category, header=True, scope="row"),
                *(_cell(format_number(series.values[index], kind), numeric=True) for series in chart.series),
            )
        )
    return TableNode(f"{chart.title}: the figures", head, (tuple(rows),), note=chart.source, css="data")

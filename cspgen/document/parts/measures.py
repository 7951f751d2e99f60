"""How success is measured: a table where measures carry figures, a numbered list where they do not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cspgen.document.content import Part
from cspgen.document.ids import Ids
from cspgen.document.nodes import Block, Cell, ListBlock, Paragraph, Section, Styled, TableNode, Text
from cspgen.document.numbers import format_number
from cspgen.document.prose import parse
from cspgen.document.tables import text_cell
from cspgen.plan import figures, schema
from cspgen.plan.model import PlanBundle, PriorityDoc


def measures_part(bundle: PlanBundle, ids: Ids) -> Part:
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
    change = figures.measure_change(measure)
    if change is None:
        return ""
    sign = "+" if change > 0 else ""
    return f"{sign}{format_number(change)}%"


def target_met(measure: schema.Measure) -> str:
    met = figures.target_met(measure)
    return "" if met is None else "Yes" if met else "No"


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
    ("Target met", target_met),
)


def measure_table(doc: PriorityDoc, theme: str | None, measures: list[schema.Measure]) -> TableNode:
    """Only the columns that some measure fills; change and target met are computed, never typed."""
    used = [(label, value) for label, value in MEASURE_COLUMNS if any(value(m) for m in measures)]
    head = (
        tuple(
            text_cell(text, header=True, scope="col") for text in ["Measure", *(label for label, _ in used)]
        ),
    )
    rows = []
    for measure in measures:
        title = Cell(_measure_text(measure), header=True, scope="row")
        rows.append((title, *(text_cell(value(measure)) for _, value in used)))
    return TableNode(caption=doc.caption("Measures", theme), head=head, bodies=(tuple(rows),), css="measures")

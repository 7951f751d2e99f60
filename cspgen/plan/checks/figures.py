"""Published figures agree with the ones computed from their sources: sums, shares, totals, changes."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

from cspgen.diagnostics import Diagnostic
from cspgen.plan import figures, schema
from cspgen.plan.checks.report import at
from cspgen.plan.model import PlanBundle
from cspgen.plan.source import FieldPath, SourceFile
from cspgen.plan.walk import nodes, value_at


def tables(bundle: PlanBundle) -> Iterator[tuple[SourceFile, FieldPath, schema.Table]]:
    """Every table in the plan with the file and field path it was written at."""
    roots: list[tuple[SourceFile, schema.Plan | schema.Priority]] = [
        (bundle.plan_source, bundle.plan),
        *((doc.source, doc.priority) for doc in bundle.priorities),
    ]
    for source, root in roots:
        for node in nodes(source.data, type(root), schema.Table):
            yield source, node.path, value_at(root, node.path, schema.Table)


def check_figures(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """A published figure that disagrees with the one computed from its sources is an error."""
    for source, path, table in tables(bundle):
        yield from _table_figures(functools.partial(_at_figure, bundle, source), path, table)
    for doc in bundle.priorities:
        for m, measure in enumerate(doc.priority.measures):
            if measure.change is None or measure.baseline is None or not measure.actuals:
                continue
            computed = figures.percent_change(measure.baseline.value, measure.actuals[-1].value)
            if computed is not None and not figures.agrees(measure.change, computed):
                yield at(
                    doc.source,
                    ("measures", m, "change"),
                    "figure-mismatch",
                    f"the change from the baseline to the latest actual is {computed}% but "
                    f"{measure.change}% is written",
                )


def _at_figure(
    bundle: PlanBundle, source: SourceFile, path: FieldPath, code: str, message: str
) -> Diagnostic:
    """At the figure as typed in YAML, or at its cell when it was read from a spreadsheet."""
    cell = bundle.data_cells.get((source.path, path))
    return at(source, path, code, message) if cell is None else cell.diagnostic(code, message)


def _table_figures(
    report: Callable[[FieldPath, str, str], Diagnostic], path: FieldPath, table: schema.Table
) -> Iterator[Diagnostic]:
    for r, row in enumerate(table.rows):
        total_row = figures.is_total_row(table, row)
        for c, column in enumerate(table.columns):
            typed = row[c]
            if not figures.is_number(typed):
                continue
            assert isinstance(typed, int | float)
            if total_row and column.total:
                computed: float | int | None = figures.column_total(table, c)
                what = f"the total of column `{column.label}`"
            elif column.sum_of or column.share_of:
                computed = figures.computed_cell(table, row, c)
                sources = " + ".join(column.sum_of) or " of ".join(column.share_of)
                what = f"`{column.label}` ({sources})"
            else:
                continue
            if computed is not None and not figures.agrees(typed, computed):
                yield report(
                    (*path, "rows", r, c),
                    "figure-mismatch",
                    f"{what} is {figures.format_plain(computed)} but {typed} is written; "
                    "correct it, or leave the cell empty to have it computed",
                )

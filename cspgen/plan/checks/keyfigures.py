"""Key figures' typed rates and changes agree with the ones computed from their sources.

A warning, not an error as a table's total is: a plan often types a rounded population
(`106000`), so a rate published from the exact one may differ a little; the typed value is shown.
"""

from __future__ import annotations

from collections.abc import Iterator

from cspgen.diagnostics import Diagnostic
from cspgen.plan import figures, keyfigures, schema
from cspgen.plan.checks.report import at
from cspgen.plan.model import PlanBundle
from cspgen.plan.source import FieldPath, SourceFile
from cspgen.plan.walk import nodes, value_at


def check_key_figures(bundle: PlanBundle) -> Iterator[Diagnostic]:
    roots: list[tuple[SourceFile, schema.Plan | schema.Priority]] = [
        (bundle.plan_source, bundle.plan),
        *((doc.source, doc.priority) for doc in bundle.priorities),
    ]
    for source, root in roots:
        for node in nodes(source.data, type(root), schema.KeyFigure):
            figure = value_at(root, node.path, schema.KeyFigure)
            yield from _figure_checks(source, node.path, figure)


def _figure_checks(source: SourceFile, path: FieldPath, figure: schema.KeyFigure) -> Iterator[Diagnostic]:
    rate = keyfigures.computed_rate(figure)
    if figure.rate is not None and rate is not None and not figures.agrees(figure.rate, rate):
        value, population = _plain(keyfigures.figure_value(figure)), _plain(figure.population or 0)
        yield at(
            source,
            (*path, "rate"),
            "key-figure-mismatch",
            f"“{figure.label}”: {value} in a population of {population} is {_shown(rate)} per "
            f"{figure.rate_per:,} but {_plain(figure.rate)} is written; correct it, or leave `rate` out "
            "to have it computed",
            warn=True,
        )
    change = keyfigures.computed_change(figure)
    if figure.change is not None and change is not None and not figures.agrees(figure.change, change):
        assert figure.previous is not None
        unit = " percentage points" if keyfigures.in_points(figure) else "%"
        yield at(
            source,
            (*path, "change"),
            "key-figure-mismatch",
            f"“{figure.label}”: the change from {figure.previous.period} is {_shown(change)}{unit} but "
            f"{_plain(figure.change)}{unit} is written; correct it, or leave `change` out to have it "
            "computed",
            warn=True,
        )


def _plain(value: float | int) -> str:
    return figures.format_plain(value)


def _shown(computed: float) -> str:
    """The computed figure as a reader would see it shown: to one decimal place."""
    return figures.format_plain(round(computed, keyfigures.SHOWN_DECIMALS))

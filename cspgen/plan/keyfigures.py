"""A key figure's rate and change, computed from the figures they come from.

Used by compose (to show what the plan left to compute) and by check (to report a typed rate or
change that disagrees). Shown values are rounded to one decimal place, as measures' changes are;
a typed value is checked with `figures.agrees`, at the typed value's own precision.
"""

from __future__ import annotations

from cspgen.plan import schema
from cspgen.plan.figures import Number

SHOWN_DECIMALS = 1


def figure_value(figure: schema.KeyFigure) -> Number:
    """The figure, typed or read: the model stage and the data stage leave none without its value."""
    assert figure.value is not None, f"key figure {figure.label!r} was not read from its data file"
    return figure.value


def computed_rate(figure: schema.KeyFigure) -> float | None:
    """The figure per `rate_per` people of its population, unrounded."""
    if figure.population is None:
        return None
    return figure_value(figure) / figure.population * figure.rate_per


def in_points(figure: schema.KeyFigure) -> bool:
    """A percentage's change is told in percentage points (71% from 68% is up 3 points, not 4.4%),
    as official statistics tell it; the change of a count is a percentage of it."""
    return figure.unit == "%"


def computed_change(figure: schema.KeyFigure) -> float | None:
    """The change from the previous value, unrounded: in percentage points for a percentage, else a
    percentage of the previous value; none from nothing, or (as a percentage) from zero."""
    if figure.previous is None or figure.previous.value is None:
        return None
    before = figure.previous.value
    if in_points(figure):
        return figure_value(figure) - before
    if before == 0:
        return None
    return (figure_value(figure) - before) / abs(before) * 100


def shown_rate(figure: schema.KeyFigure) -> Number | None:
    """What a reader sees: the rate as typed, else as computed."""
    return _typed_or_rounded(figure.rate, computed_rate(figure))


def shown_change(figure: schema.KeyFigure) -> Number | None:
    return _typed_or_rounded(figure.change, computed_change(figure))


def _typed_or_rounded(typed: Number | None, computed: float | None) -> Number | None:
    if typed is not None:
        return typed
    return None if computed is None else round(computed, SHOWN_DECIMALS)

"""Figures that can be computed are computed: row sums, shares, totals and changes.

Used by render (to fill what was left empty) and by check (to report a typed
figure that disagrees with the computed one).
"""

from __future__ import annotations

from decimal import Decimal

from cspgen.plan import schema

Number = int | float


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def percent_change(before: Number, after: Number) -> float | None:
    """Change from `before` to `after` as a percentage, to one decimal place."""
    if before == 0:
        return None
    return round((after - before) / abs(before) * 100, 1)


def format_plain(value: Number) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def decimals(value: Number) -> int:
    exponent = Decimal(str(value)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def agrees(typed: Number, computed: Number) -> bool:
    """A published figure agrees if it is the computed one rounded to the figure's own precision."""
    tolerance = 0.5 * 10 ** -decimals(typed) + 1e-9
    return bool(abs(typed - computed) <= tolerance)


def _value(table: schema.Table, row: list[schema.Cell], label: str) -> Number | None:
    index = [column.label for column in table.columns].index(label)
    value = computed_cell(table, row, index)
    return value if value is not None else None


def computed_cell(table: schema.Table, row: list[schema.Cell], index: int) -> Number | None:
    """The cell's value, computed from its sources when the column is computed, else as typed."""
    column = table.columns[index]
    if column.sum_of:
        parts = [_value(table, row, label) for label in column.sum_of]
        return sum(part for part in parts if part is not None) if any(p is not None for p in parts) else None
    if column.share_of:
        part, whole = (_value(table, row, label) for label in column.share_of)
        if part is None or whole in (None, 0):
            return None
        assert whole is not None
        return part / whole * 100
    value = row[index]
    return value if is_number(value) else None  # type: ignore[return-value]


def is_total_row(table: schema.Table, row: list[schema.Cell]) -> bool:
    return bool(row) and isinstance(row[0], str) and row[0].strip().casefold() == table.total_label.casefold()


def column_total(table: schema.Table, index: int) -> Number:
    values = (computed_cell(table, row, index) for row in table.rows if not is_total_row(table, row))
    return sum(value for value in values if value is not None)


def display_cell(table: schema.Table, row: list[schema.Cell], index: int) -> schema.Cell:
    """What a reader sees: a typed value as typed, an empty computed cell filled in."""
    typed = row[index]
    column = table.columns[index]
    if typed not in (None, "") or not (column.sum_of or column.share_of):
        return typed
    value = computed_cell(table, row, index)
    if value is None:
        return typed
    return round(value) if column.share_of else value


def target_met(measure: schema.Measure) -> bool | None:
    """Whether the latest actual meets the target, the way `direction` counts better; None when
    the measure lacks an actual, a target or a direction."""
    if not measure.actuals or measure.target is None or measure.direction is None:
        return None
    actual, target = measure.actuals[-1].value, measure.target.value
    return {
        "increase": actual >= target,
        "decrease": actual <= target,
        "maintain": actual == target,
    }[measure.direction]


def measure_change(measure: schema.Measure) -> float | None:
    """Percentage change from the baseline to the latest actual, to one decimal place."""
    if measure.baseline is None or not measure.actuals:
        return None
    return percent_change(measure.baseline.value, measure.actuals[-1].value)

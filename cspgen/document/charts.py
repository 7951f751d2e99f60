"""Charts drawn from a plan's figures: geometry here, markup in the templates.

Bars are horizontal so long category names fit on a phone; every value is written
beside its bar and series differ by pattern as well as colour, so colour never
carries meaning alone. Each chart states its trend in words and keeps its data
table beside it.
"""

from __future__ import annotations

from cspgen.document.nodes import Chart, Mark, TableNode
from cspgen.document.numbers import format_number
from cspgen.plan.schema import Chart as ChartSpec

ROW = 22  # px per bar
GAP = 14
LABEL = 20
MAX_BAR = 78.0  # percent of the width, leaving room for the value label


def _value_text(value: float | int | None, unit: str | None) -> str:
    if value is None:
        return "no figure"
    return format_number(value, "percent" if unit == "%" else "number")


def bar_marks(spec: ChartSpec) -> tuple[tuple[Mark, ...], int]:
    values = [v for series in spec.series for v in series.values if v is not None]
    top = max((abs(v) for v in values), default=0) or 1
    marks: list[Mark] = []
    y = 0.0
    for index, category in enumerate(spec.categories):
        marks.append(Mark("label", 0, y + 15, text=category))
        y += LABEL
        for number, series in enumerate(spec.series):
            value = series.values[index]
            width = 0 if value is None else max(abs(value) / top * MAX_BAR, 0.4)
            marks.append(Mark("bar", 0, y, width=width, height=ROW - 4, style=number))
            label = _value_text(value, spec.unit)
            if len(spec.series) > 1:
                label = f"{label} ({series.label})"
            marks.append(Mark("label", width + 1, y + 14, text=label))
            y += ROW
        y += GAP
    return tuple(marks), int(y)


def line_marks(spec: ChartSpec) -> tuple[tuple[Mark, ...], int]:
    """Points joined by segments, each point labelled with its value; categories along the foot."""
    plot, foot = 160, 24
    values = [v for series in spec.series for v in series.values if v is not None]
    low, high = min(values, default=0), max(values, default=1)
    span = (high - low) or 1
    count = len(spec.categories)

    def x(index: int) -> float:
        return 8 + (84 * index / (count - 1) if count > 1 else 42)

    def y(value: float) -> float:
        return 24 + (1 - (value - low) / span) * (plot - 48)

    marks: list[Mark] = []
    for number, series in enumerate(spec.series):
        previous: tuple[float, float] | None = None
        for index, value in enumerate(series.values):
            if value is None:
                previous = None
                continue
            point = (x(index), y(value))
            if previous:
                marks.append(Mark("line", previous[0], previous[1], x2=point[0], y2=point[1], style=number))
            marks.append(Mark("point", point[0], point[1], style=number))
            below = _is_valley(series.values, index)
            label_y = point[1] + 20 if below else point[1] - 10
            marks.append(
                Mark("label", point[0], label_y, text=_value_text(value, spec.unit), anchor="middle")
            )
            previous = point
    for index, category in enumerate(spec.categories):
        marks.append(Mark("label", x(index), plot + foot - 6, text=category, anchor="middle"))
    return tuple(marks), plot + foot


def _is_valley(values: list[float | int | None], index: int) -> bool:
    """Below both joined neighbours, a value's label goes under its point: above, the lines would cross it."""
    value = values[index]
    beside = [values[i] for i in (index - 1, index + 1) if 0 <= i < len(values)]
    neighbours = [other for other in beside if other is not None]
    return value is not None and bool(neighbours) and all(value < other for other in neighbours)


def summary(spec: ChartSpec) -> str:
    """The trend in words: the text alternative a screen reader hears first."""
    sentences = []
    for series in spec.series:
        known = [(c, v) for c, v in zip(spec.categories, series.values, strict=True) if v is not None]
        if not known:
            continue
        unit = f" {spec.unit}" if spec.unit and spec.unit != "%" else ""
        if spec.kind == "line" and len(known) > 1:
            (first_cat, first), (last_cat, last) = known[0], known[-1]
            direction = "rose" if last > first else "fell" if last < first else "stayed the same"
            change = ""
            if first:
                change = f" ({(last - first) / abs(first) * 100:+.1f}%)"
            sentences.append(
                f"{series.label} {direction} from {_value_text(first, spec.unit)}{unit} in {first_cat} "
                f"to {_value_text(last, spec.unit)}{unit} in {last_cat}{change}."
            )
        else:
            high = max(known, key=lambda item: item[1])
            low = min(known, key=lambda item: item[1])
            sentences.append(
                f"{series.label}: highest {high[0]} ({_value_text(high[1], spec.unit)}{unit}), "
                f"lowest {low[0]} ({_value_text(low[1], spec.unit)}{unit})."
            )
    return " ".join(sentences)


def chart(spec: ChartSpec, anchor: str, table: TableNode) -> Chart:
    marks, height = line_marks(spec) if spec.kind == "line" else bar_marks(spec)
    legend = (
        tuple((series.label, number) for number, series in enumerate(spec.series))
        if len(spec.series) > 1
        else ()
    )
    return Chart(anchor, spec.title, summary(spec), height, marks, legend, table)

"""index.html: the document as one accessible web page, every value from the plan escaped.

The template walks the document's nodes and prints them; what is not in a node (a chart's
colours and patterns, its coordinates as SVG writes them) is worked out here.
"""

from __future__ import annotations

from dataclasses import dataclass

from cspgen.document.nodes import Chart, Document, Mark
from cspgen.writers.templates import environment

SERIES_LOOKS = 3  # solid, striped, dotted; a fourth series looks like the first
PAPER = "#ffffff"
STRIPES = "#7a3d00"
DOTS = "#00594f"


@dataclass(frozen=True)
class MarkView:
    """A mark's coordinates as the SVG attributes carry them, and the look of its series."""

    shape: str
    x: str
    y: str
    width: str
    height: str
    x2: str
    y2: str
    text: str
    anchor: str
    look: int
    fill: str | None


@dataclass(frozen=True)
class LegendEntry:
    label: str
    look: int
    fill: str | None


@dataclass(frozen=True)
class ChartView:
    stripes_id: str
    dots_id: str
    paper: str
    stripes: str
    dots: str
    marks: tuple[MarkView, ...]
    legend: tuple[LegendEntry, ...]


def write_html(document: Document, open_data: str | None = None) -> str:
    """`open_data`: the file name of the plan.json built beside the page, which the page links to."""
    template = environment(autoescape=True).get_template("html/index.html.j2")
    return template.render(doc=document, chart_view=chart_view, open_data=open_data)


def chart_view(chart: Chart) -> ChartView:
    patterns = {1: f"{chart.id}-p1", 2: f"{chart.id}-p2"}

    def fill(series: int) -> tuple[int, str | None]:
        look = series % SERIES_LOOKS
        return look, f"url(#{patterns[look]})" if look else None

    marks = tuple(_mark_view(mark, *fill(mark.style)) for mark in chart.marks)
    legend = tuple(LegendEntry(label, *fill(series)) for label, series in chart.legend)
    return ChartView(patterns[1], patterns[2], PAPER, STRIPES, DOTS, marks, legend)


def _mark_view(mark: Mark, look: int, fill: str | None) -> MarkView:
    """Bars sit on whole positions; the other shapes' positions are rounded as a reader's eye needs."""
    if mark.shape == "bar":
        x, width = str(mark.x), str(round(mark.width, 2))
    else:
        x, width = str(round(mark.x, 2)), str(mark.width)
    y = str(mark.y) if mark.shape == "bar" else str(round(mark.y, 1))
    return MarkView(
        shape=mark.shape,
        x=x,
        y=y,
        width=width,
        height=str(mark.height),
        x2=str(round(mark.x2, 2)),
        y2=str(round(mark.y2, 1)),
        text=mark.text,
        anchor=mark.anchor,
        look=look,
        fill=fill,
    )

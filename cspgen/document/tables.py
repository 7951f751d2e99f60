"""Tables a plan types itself and the data tables beside its charts, as table nodes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cspgen.document.nodes import Cell, Paragraph, TableNode, Text
from cspgen.document.numbers import format_number
from cspgen.plan import figures, schema


def text_cell(text: str, **options: Any) -> Cell:
    return Cell((Paragraph((Text(text),)),) if text else (), **options)


def data_table(table: schema.Table) -> TableNode:
    """Typed cells as typed, computed columns filled in, and a total row when columns ask for one."""
    numeric = [column.type != "text" for column in table.columns]
    head = (
        tuple(
            text_cell(column.label, header=True, scope="col", numeric=numeric[i])
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
            text_cell(text, header=is_header, scope="row" if is_header else "", numeric=column.type != "text")
        )
    return tuple(cells)


def _total_cells(table: schema.Table) -> Iterator[Cell]:
    for index, column in enumerate(table.columns):
        if index == 0:
            yield text_cell(table.total_label, header=True, scope="row")
        elif column.total:
            yield text_cell(format_number(figures.column_total(table, index), column.type), numeric=True)
        else:
            yield text_cell("")


def chart_table(chart: schema.Chart) -> TableNode:
    head = (
        (
            text_cell(chart.category_label, header=True, scope="col"),
            *(text_cell(series.label, header=True, scope="col", numeric=True) for series in chart.series),
        ),
    )
    kind = "percent" if chart.unit == "%" else "number"
    rows = []
    for index, category in enumerate(chart.categories):
        rows.append(
            (
                text_cell(category, header=True, scope="row"),
                *(
                    text_cell(format_number(series.values[index], kind), numeric=True)
                    for series in chart.series
                ),
            )
        )
    return TableNode(f"{chart.title}: the figures", head, (tuple(rows),), note=chart.source, css="data")

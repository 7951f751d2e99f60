"""The shared document model: spans written out for formats that have none."""

from __future__ import annotations

from cspgen.document.nodes import Cell, Paragraph, TableNode, Text


def cell(text: str, **options: object) -> Cell:
    return Cell((Paragraph((Text(text),)),), **options)  # type: ignore[arg-type]


def texts(rows: tuple[tuple[Cell, ...], ...]) -> list[list[str]]:
    return [[c.blocks[0].children[0].text if c.blocks else "" for c in row] for row in rows]  # type: ignore[union-attr]


def test_row_and_column_spans_become_empty_cells() -> None:
    table = TableNode(
        "t",
        (),
        (
            (
                (cell("Strategic", rowspan=2), cell("County"), cell("a")),
                (cell("Local"), cell("b")),
                (cell("Decision", colspan=2), cell("c")),
            ),
        ),
    )
    assert texts(table.grid_bodies[0]) == [
        ["Strategic", "County", "a"],
        ["", "Local", "b"],
        ["Decision", "", "c"],
    ]
    assert len(table.flat_head) == 3


def test_two_header_rows_flatten_to_group_and_column() -> None:
    head = (
        (cell("Area", rowspan=2), cell("Strategic", colspan=2)),
        (cell("County"), cell("Local")),
    )
    table = TableNode("t", head, ())
    assert texts((table.flat_head,)) == [["Area", "Strategic: County", "Strategic: Local"]]

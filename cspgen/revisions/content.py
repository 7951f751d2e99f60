"""Content compared: text as text, tables, charts and key figures figure by figure, contacts and pictures
one by one."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

from cspgen.plan import schema
from cspgen.revisions.change import Change
from cspgen.revisions.fields import Rule, field_changes, model_changes, value_text
from cspgen.revisions.keyfigures import key_figure_changes
from cspgen.revisions.matching import Item, match

Cells = dict[tuple[str, str], str]


def content_changes(subject: str, name: str, old: Any, new: Any, field: str = "text") -> Iterator[Change]:
    """`field` names the text in a change when the item has more than one, e.g. a `definition`."""
    old_blocks, new_blocks = schema.blocks_of(old), schema.blocks_of(new)
    old_text = "\n\n".join(block for block in old_blocks if isinstance(block, str))
    new_text = "\n\n".join(block for block in new_blocks if isinstance(block, str))
    if old_text != new_text:
        yield from field_changes(subject, name, field, old_text, new_text, long_text=True)
    yield from _figure_changes(_tables(old_blocks), _tables(new_blocks))
    yield from _figure_changes(_charts(old_blocks), _charts(new_blocks))
    yield from key_figure_changes(old_blocks, new_blocks)
    old_contacts = [
        _contact(c) for b in old_blocks if isinstance(b, schema.ContactsBlock) for c in b.contacts
    ]
    new_contacts = [
        _contact(c) for b in new_blocks if isinstance(b, schema.ContactsBlock) for c in b.contacts
    ]
    for contact in old_contacts:
        if contact not in new_contacts:
            yield Change("removed", "contact", contact, context=f" in {subject} “{name}”")
    for contact in new_contacts:
        if contact not in old_contacts:
            yield Change("added", "contact", contact, context=f" in {subject} “{name}”")
    yield from _picture_changes(subject, name, _pictures(old_blocks), _pictures(new_blocks))


def _pictures(blocks: list[Any]) -> list[str]:
    """Each picture as one line; a picture whose file changed but not its name is not told."""
    return [
        ", ".join(
            part
            for part in (b.image.file, b.image.alt or "decorative", b.image.caption, b.image.source)
            if part
        )
        for b in blocks
        if isinstance(b, schema.ImageBlock)
    ]


def _picture_changes(subject: str, name: str, old: list[str], new: list[str]) -> Iterator[Change]:
    for picture in old:
        if picture not in new:
            yield Change("removed", "picture", picture, context=f" in {subject} “{name}”")
    for picture in new:
        if picture not in old:
            yield Change("added", "picture", picture, context=f" in {subject} “{name}”")


def _contact(contact: schema.Contact) -> str:
    details = [contact.role, *contact.address, contact.phone, contact.email]
    return ", ".join([contact.name, *(part for part in details if part)])


def _tables(blocks: list[Any]) -> list[schema.Table]:
    return [block.table for block in blocks if isinstance(block, schema.TableBlock)]


def _charts(blocks: list[Any]) -> list[schema.Chart]:
    return [block.chart for block in blocks if isinstance(block, schema.ChartBlock)]


Figure = schema.Table | schema.Chart


def _figure_changes(old: Sequence[Figure], new: Sequence[Figure]) -> Iterator[Change]:
    """Tables and charts alike: matched by title, then compared cell by cell and field by field."""
    found = match(
        [Item(value, _title(value), "", i) for i, value in enumerate(old)],
        [Item(value, _title(value), "", i) for i, value in enumerate(new)],
    )
    for item in found.removed:
        yield Change("removed", _kind(item.value), item.title)
    for item in found.added:
        yield Change("added", _kind(item.value), item.title)
    for a, b in found.pairs:
        yield from model_changes(_kind(b.value), b.title, a.value, b.value, _figure_rules(a, b))


def _title(figure: Figure) -> str:
    return figure.caption if isinstance(figure, schema.Table) else figure.title


def _kind(figure: Figure) -> str:
    return "table" if isinstance(figure, schema.Table) else "chart"


def _figure_rules(a: Item[Figure], b: Item[Figure]) -> dict[str, Rule]:
    kind, title = _kind(b.value), b.title

    def reworded() -> Iterator[Change]:
        if a.title != title:
            yield Change("reworded", kind, title, "", a.title, title)

    def cells() -> Iterator[Change]:
        return _grid_changes(kind, title, _cells_of(a.value), _cells_of(b.value))

    if isinstance(a.value, schema.Table) and isinstance(b.value, schema.Table):
        columns = functools.partial(_column_changes, title, a.value, b.value)
        return {"caption": reworded, "columns": columns, "rows": cells}
    return {"title": reworded, "series": cells}


def _cells_of(figure: Figure) -> Cells:
    return _cells(figure) if isinstance(figure, schema.Table) else _points(figure)


def _cells(table: schema.Table) -> Cells:
    """Each cell by (row name, column label): rows are named by their first cell, else their number."""
    cells = {}
    for index, row in enumerate(table.rows):
        name = value_text(row[0]) if table.row_headers and row and row[0] is not None else f"row {index + 1}"
        for column, value in zip(table.columns, row, strict=False):
            cells[(name, column.label)] = value_text(value)
    return cells


def _points(chart: schema.Chart) -> Cells:
    return {
        (series.label, category): value_text(value)
        for series in chart.series
        for category, value in zip(chart.categories, series.values, strict=False)
    }


def _column_changes(title: str, old: schema.Table, new: schema.Table) -> Iterator[Change]:
    """Columns kept under their labels, retyped or computed anew; one added or removed shows in the cells."""
    before = {column.label: column for column in old.columns}
    for column in new.columns:
        if column.label in before:
            yield from model_changes(
                "table", title, before[column.label], column, prefix=f"column “{column.label}”"
            )


def _grid_changes(subject: str, name: str, old: Cells, new: Cells) -> Iterator[Change]:
    """Figures by row and column: a new row is one change, not one per cell."""
    old_rows = {row for row, _ in old}
    new_rows = {row for row, _ in new}
    for row in _ordered(new, new_rows - old_rows):
        yield Change("added", subject, name, f"“{row}”", new=_row_text(new, row))
    for row in _ordered(old, old_rows - new_rows):
        yield Change("removed", subject, name, f"“{row}”", old=_row_text(old, row))
    for key, after in new.items():
        if key[0] in old_rows and old.get(key, "") != after:
            yield from field_changes(subject, name, f"“{key[0]}” / {key[1]}", old.get(key, ""), after)
    for key, before in old.items():
        if key[0] in new_rows and key not in new and before:
            yield Change("removed", subject, name, f"“{key[0]}” / {key[1]}", old=before)


def _ordered(cells: Cells, rows: set[str]) -> list[str]:
    return list(dict.fromkeys(row for row, _ in cells if row in rows))


def _row_text(cells: Cells, row: str) -> str:
    """The row's other cells: `Deliberate fires 97`."""
    return ", ".join(
        f"{column} {value}"
        for (name, column), value in cells.items()
        if name == row and value and value != row
    )

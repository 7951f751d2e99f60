"""An XLSX worksheet's cells, read with openpyxl once the zip it is has been judged safe to open.

openpyxl, because it reads each cell's cached value (what Excel last showed) and, read a second
time, whether the cell holds a formula: a formula saved without its value is a located error,
where a reader taking values alone would see an empty cell. The zip's sizes are checked first,
with zipfile's own listing, so a decompression bomb is refused before any of it is unpacked.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterator
from typing import Any

import openpyxl

from cspgen.plan.sheets.grid import (
    MAX_DATA_ROWS,
    MAX_UNZIPPED_BYTES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    CellProblem,
    Grid,
    Problem,
    Raw,
    RawCell,
)

_SMALL_PART = 64 * 1024  # below this a part's ratio says nothing: a few zeros pack very small


def read_xlsx(written: str, raw: bytes, sheet: str | None, cells: str | None) -> Grid | Problem:
    unsafe = _zip_problem(written, raw)
    if unsafe is not None:
        return unsafe
    try:
        values = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of exception on a damaged workbook
        return "data-unreadable", f"`{written}` is damaged or not an Excel workbook; save it again as .xlsx"
    name = sheet if sheet is not None else values.sheetnames[0]
    if name not in values.sheetnames:
        listed = ", ".join(f"`{known}`" for known in values.sheetnames)
        return "data-sheet", f"`{written}` has no worksheet `{name}`; its worksheets are {listed}"
    try:
        return _grid(written, values[name], formulas[name], name, cells)
    except Exception:  # noqa: BLE001 - as above, while the rows are read
        return "data-unreadable", f"`{written}` is damaged and its cells cannot be read; save it again"


def _zip_problem(written: str, raw: bytes) -> Problem | None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        return "data-type", f"`{written}` is not an Excel workbook (.xlsx); save it as one, or as CSV"
    bomb = (
        "data-too-large",
        (
            f"`{written}` unpacks to far more than its size (a zip bomb, or a workbook too large to read); "
            "save the figures alone in a new workbook, or as CSV"
        ),
    )
    if len(members) > MAX_ZIP_MEMBERS or sum(member.file_size for member in members) > MAX_UNZIPPED_BYTES:
        return bomb
    for member in members:
        if member.file_size > _SMALL_PART and member.file_size > MAX_ZIP_RATIO * max(member.compress_size, 1):
            return bomb
    return None


def _grid(written: str, values: Any, formulas: Any, name: str, cells: str | None) -> Grid | Problem:
    first_row, first_column, last_row, last_column = _bounds(cells)
    rows: list[tuple[RawCell, ...]] = []
    problems: list[CellProblem] = []
    pairs = zip(
        values.iter_rows(first_row, last_row, first_column, last_column),
        formulas.iter_rows(first_row, last_row, first_column, last_column),
        strict=False,
    )
    for line, (shown, written_cells) in enumerate(pairs, start=first_row):
        if len(rows) >= MAX_DATA_ROWS:
            return "data-too-large", f"`{written}` sheet `{name}` has more than {MAX_DATA_ROWS:,} rows"
        row = []
        for column, (cell, formula) in enumerate(zip(shown, written_cells, strict=False), start=first_column):
            value = _value(cell)
            if value is None and getattr(formula, "data_type", None) == "f":
                problems.append(_no_saved_value(line, column, formula.value))
            row.append(RawCell(value, line, column))
        rows.append(tuple(row))
    return Grid(tuple(rows), name, tuple(problems))


def _bounds(cells: str | None) -> tuple[int, int, int | None, int | None]:
    if cells is None:
        return 1, 1, None, None
    start, end = cells.split(":")
    (first_column, first_row), (last_column, last_row) = _cell(start), _cell(end)
    return (
        min(first_row, last_row),
        min(first_column, last_column),
        max(first_row, last_row),
        max(first_column, last_column),
    )


def _cell(reference: str) -> tuple[int, int]:
    letters = "".join(_letters(reference))
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number, int(reference[len(letters) :])


def _letters(reference: str) -> Iterator[str]:
    for character in reference:
        if not character.isalpha():
            return
        yield character


def _value(cell: Any) -> Raw:
    """The cached value as the reader saw it: a cell formatted `%` shows 0.15 as 15."""
    value = cell.value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, int | float):
        if "%" in (getattr(cell, "number_format", None) or ""):
            value = round(value * 100, 10)
        return int(value) if isinstance(value, float) and value.is_integer() else value
    return value if isinstance(value, str) else None


def _no_saved_value(line: int, column: int, formula: object) -> CellProblem:
    return CellProblem(
        line,
        column,
        "data-formula-unsaved",
        f"the formula `{formula}` has no saved value (the workbook was not saved by Excel since it "
        "was written); open it in Excel and save it, or type the figure",
    )

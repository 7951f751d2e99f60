"""A spreadsheet's cells as read, each with where it is, before the plan says what they mean."""

from __future__ import annotations

from dataclasses import dataclass

MAX_DATA_BYTES = 10 * 1024 * 1024  # a police performance pack's export is well under a megabyte
MAX_DATA_ROWS = 10_000  # more rows than any table or chart a reader can take in
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # an XLSX is a zip: what its parts may add up to, unpacked
MAX_ZIP_RATIO = 200  # spreadsheet XML packs 10-30 to 1; a bomb packs thousands to 1
MAX_ZIP_MEMBERS = 10_000

# Why a file cannot be read at all: a stable code and a sentence.
Problem = tuple[str, str]

Raw = str | int | float | None


@dataclass(frozen=True)
class RawCell:
    """A cell as the file holds it: CSV's text, XLSX's typed cached value; where it is, counted from 1.

    For CSV, `line` is the line the row starts on and `column` the field's number; for XLSX, the
    row and column of the cell.
    """

    value: Raw
    line: int
    column: int


@dataclass(frozen=True)
class CellProblem:
    """A cell that cannot be read, found while reading the file (an XLSX formula with no saved value)."""

    line: int
    column: int
    code: str
    message: str


@dataclass(frozen=True)
class Grid:
    """The rows of one CSV file or one worksheet's range: the headings row first."""

    rows: tuple[tuple[RawCell, ...], ...]
    sheet: str = ""  # the worksheet, for XLSX
    problems: tuple[CellProblem, ...] = ()


def is_blank(value: Raw) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())

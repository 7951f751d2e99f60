"""Figures kept in a spreadsheet: the CSV or XLSX file a table, chart, measure or key figures are read from.

The YAML says what the figures mean (the columns, their types, the caption); the file holds the
figures themselves, so a new year's export replaces the file and the plan's text stays as it is.
"""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from cspgen.plan.schema.types import Name, Strict

CELL_RANGE = re.compile(r"^([A-Z]{1,3})([1-9][0-9]{0,6}):([A-Z]{1,3})([1-9][0-9]{0,6})$")


class DataFile(Strict):
    file: str = Field(
        min_length=1,
        description="The spreadsheet the figures are in, a `.csv` or `.xlsx` file inside the plan folder, "
        "written relative to it, e.g. `data/crime.csv`. Its first row (or the first row of `range`) "
        "holds the column headings; every row after it is one row of figures. Wholly blank rows are "
        "skipped, and columns the plan does not name are left out. Figures are read as the spreadsheet "
        "shows them: `1,204`, `83%` in a `percent` column, `£1,200` in a `money` column; a blank cell is "
        "no figure, and a formula in an XLSX file gives the value Excel last saved.",
    )
    sheet: Name | None = Field(
        None,
        description="XLSX only: the worksheet's name as its tab shows it, e.g. `Crime`. "
        "Left out, the first worksheet.",
    )
    range: str | None = Field(
        None,
        description="XLSX only: the cells to read, headings row first, e.g. `A1:D9`. "
        "Left out, every cell of the sheet.",
    )
    columns: list[Name | None] = Field(
        default_factory=list,
        description="The file's heading for each column of the table, left to right, e.g. "
        "`[Year, Crimes, Change]`; for a chart, the categories' heading first and then one per series; "
        "for a measure, the period's, the value's and optionally the target's; for key figures, the "
        "figure's name, its value, and optionally its previous value and its population. "
        "Write `null` for a computed column (`sum_of`, `share_of`) the file does not have. "
        "Left out, the headings are the table's column labels (for a chart, its `category_label` "
        "and its series' labels; for a measure, `Period`, `Value` and `Target`; for key figures, "
        "`Figure`, `Value`, `Previous` and `Population`).",
    )

    @field_validator("range")
    @classmethod
    def _a_cell_range(cls, value: str | None) -> str | None:
        if value is not None and not CELL_RANGE.match(value.upper()):
            raise ValueError(f"`{value}` is not a range of cells; write it as `A1:D9`")
        return value.upper() if value is not None else None

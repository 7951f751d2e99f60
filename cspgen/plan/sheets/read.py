"""A data file's cells, read from inside the plan folder as safely as its YAML (load.read_source).

Where it is is judged from the path as written before the disk is asked (no absolute path, no
`..`); the read refuses a link out of the plan, anything but an ordinary file, and more bytes than
the limit. What kind of file it is comes from its name, and is checked against its bytes.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from cspgen.plan.load import Files
from cspgen.plan.schema import DataFile
from cspgen.plan.sheets.csvfile import read_csv
from cspgen.plan.sheets.grid import MAX_DATA_BYTES, Grid, Problem
from cspgen.plan.sheets.xlsxfile import read_xlsx
from cspgen.plan.written import path_problem


def read_grid(folder: Path, root: Path, data: DataFile, files: Files) -> Grid | Problem:
    written = data.file
    misplaced = path_problem(written, "data-path", "file", "data/crime.csv")
    if misplaced is not None:
        return misplaced
    suffix = PurePosixPath(written).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        return "data-type", f"`{written}`: figures are read from a `.csv` or `.xlsx` file"
    if suffix == ".csv" and (data.sheet is not None or data.range is not None):
        return "data-type", f"`{written}` is CSV, which has no worksheets: leave out `sheet` and `range`"
    path = folder / written
    if files.is_dir(path):
        return "not-a-file", f"`{written}` is a folder; name the spreadsheet's file"
    if not files.exists(path) and not files.is_link(path):
        return "data-missing", f"there is no file `{written}` in the plan folder"
    raw, problems = files.read_bytes(path, root, MAX_DATA_BYTES)
    if raw is None:
        return (problems[0].code, f"`{written}`: {problems[0].message}") if problems else _unreadable(written)
    if suffix == ".csv":
        return read_csv(written, raw)
    return read_xlsx(written, raw, data.sheet, data.range)


def _unreadable(written: str) -> Problem:
    return "unreadable", f"cannot read `{written}`"

"""A CSV file's rows, from the bytes as Excel or a police system wrote them.

Text is UTF-8 (with or without the byte-order mark Excel puts first) or, when it is not valid
UTF-8, Windows-1252, which Excel's plain "CSV" writes on a UK Windows machine.
"""

from __future__ import annotations

import csv
import io

from cspgen.plan.sheets.grid import MAX_DATA_ROWS, Grid, Problem, RawCell

_BOM = b"\xef\xbb\xbf"


def read_csv(written: str, raw: bytes) -> Grid | Problem:
    text = _decoded(written, raw)
    if not isinstance(text, str):
        return text
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[RawCell, ...]] = []
    try:
        while True:
            line = reader.line_num + 1
            record = next(reader, None)
            if record is None:
                break
            if len(rows) >= MAX_DATA_ROWS:
                return "data-too-large", f"`{written}` has more than {MAX_DATA_ROWS:,} rows"
            rows.append(tuple(RawCell(value, line, number) for number, value in enumerate(record, 1)))
    except csv.Error as failure:
        return (
            "data-unreadable",
            f"`{written}` line {reader.line_num}: not CSV as a spreadsheet writes it ({failure})",
        )
    return Grid(tuple(rows))


def _decoded(written: str, raw: bytes) -> str | Problem:
    if raw.startswith(b"PK\x03\x04"):
        return "data-type", f"`{written}` is a workbook, not CSV text: name it `.xlsx`, or save it as CSV"
    if b"\0" in raw:
        return "data-type", f"`{written}` is not CSV text; save it from the spreadsheet as CSV"
    body = raw.removeprefix(_BOM)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return body.decode("cp1252")
    except UnicodeDecodeError:
        return "data-encoding", f"`{written}` is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8"

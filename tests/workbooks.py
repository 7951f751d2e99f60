"""Small XLSX workbooks made the same way every time, for the data tests and the golden cases.

    .venv/bin/python -m tests.workbooks    # writes the golden cases' workbooks

openpyxl stamps a workbook with the time it was made and cannot save a formula's value (only
Excel computes one); both are put right in the zip here, so the bytes depend on the figures alone.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

import openpyxl

CASES = Path(__file__).resolve().parent / "golden" / "cases"
_WHEN = datetime.datetime(2024, 4, 1, 9, 0, 0)

Value = str | int | float | None
Sheets = dict[str, list[list[Value]]]


def workbook(sheets: Sheets, percent: tuple[str, ...] = (), saved: dict[str, str] | None = None) -> bytes:
    """`percent`: cells (`Crime!C2`) formatted as percentages; `saved`: a formula cell's saved value."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    for reference in percent:
        name, cell = reference.split("!")
        book[name][cell].number_format = "0%"
    book.properties.created = book.properties.modified = _WHEN
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed(buffer.getvalue(), list(sheets), saved or {})


def _fixed(raw: bytes, names: list[str], saved: dict[str, str]) -> bytes:
    """The same zip with a fixed date on every part and the formulas' saved values written in."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "docProps/core.xml":  # openpyxl sets `modified` to the moment it saves
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-04-01T09:00:00Z", data)
            for reference, value in saved.items():
                name, cell = reference.split("!")
                if member.filename == f"xl/worksheets/sheet{names.index(name) + 1}.xml":
                    data = _with_value(data, cell, value)
            target.writestr(
                zipfile.ZipInfo(member.filename, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def _with_value(xml: bytes, cell: str, value: str) -> bytes:
    pattern = re.compile(rb'(<c r="' + cell.encode() + rb'"[^>]*>\s*<f>[^<]*</f>)\s*(<v\s*/>|<v>\s*</v>)?')
    return pattern.sub(lambda found: found.group(1) + b"<v>" + value.encode() + b"</v>", xml, count=1)


def bolsover() -> bytes:
    """The bolsover-2020 seed's figures, as a council analyst's workbook holds them: a notes sheet first,
    the fires with a formula for the total, the crime types as percentages."""
    return workbook(
        {
            "Notes": [["Figures for the Bolsover Community Safety Partnership plan 2020-23"]],
            "Fires": [
                ["Period", "Deliberate fires"],
                ["January-December 2019", 151],
                ["January-December 2020", 112],
                [None, None],
                ["Both years", "=SUM(B2:B3)"],
            ],
            "Crime types": [
                ["Police recorded crime, 2020", None],
                ["Crime type", "Share"],
                ["Violence with Injury", 0.15],
                ["Violence without Injury", 0.35],
                ["Sexual Offences", 0.035],
                ["All Burglary", 0.06],
            ],
        },
        percent=tuple(f"Crime types!B{row}" for row in range(3, 7)),
        saved={"Fires!B5": "263"},
    )


def errors() -> bytes:
    """A workbook with a figure mistyped, a formula never saved by Excel, and text that is a formula."""
    return workbook(
        {
            "Crime": [
                ["Year", "Crimes", "Change"],
                [2019, 1204, 3],
                [2020, "1,2O4", "=C2*2"],
                ["+2021 (provisional)", 1100, -5],
            ]
        }
    )


def asb_pack() -> bytes:
    """An anti-social behaviour return: the figure's row among others, the population a formula."""
    return workbook(
        {
            "Contents": [["ASB return, year to March 2023"]],
            "ASB": [
                ["Figure", "Value", "Population"],
                ["ASB incidents reported", 2650, "=B4*100"],
                ["Nuisance vehicles", 114, None],
                [None, 1060, None],
            ],
        },
        saved={"ASB!C2": "106000"},
    )


def main() -> None:
    (CASES / "data-xlsx" / "plan" / "data" / "figures.xlsx").write_bytes(bolsover())
    (CASES / "data-errors" / "plan" / "data" / "crime.xlsx").write_bytes(errors())
    (CASES / "data-key-figures" / "plan" / "data" / "asb.xlsx").write_bytes(asb_pack())


if __name__ == "__main__":
    main()

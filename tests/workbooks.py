"""Small XLSX workbooks made the same way every time, for the data tests and the golden cases.

    .venv/bin/python -m tests.workbooks    # writes the golden cases' workbooks, and data-measures from its seed

openpyxl stamps a workbook with the time it was made and cannot save a formula's value (only
Excel computes one); both are put right in the zip here, so the bytes depend on the figures alone.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import yaml

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


SEED = Path(__file__).resolve().parent.parent / "plans" / "north-east-derbyshire-2008"


def seed_sheets() -> Sheets:
    """north-east-derbyshire-2008's tables and its measures' targets, a worksheet each, as typed in its
    YAML: the plan file first, then the priorities in order (as the `data-measures` case names them)."""
    sheets: Sheets = {}
    files = [SEED / "plan.yaml", *sorted((SEED / "priorities").glob("*.yaml"))]
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for table in _found(data, "table"):
            sheets[f"Table {sum(name.startswith('Table') for name in sheets) + 1}"] = [
                [column["label"] for column in table["columns"]],
                *table["rows"],
            ]
        for measure in data.get("measures", []) if path.parent.name == "priorities" else []:
            if "target" in measure:
                aims = [*measure.get("milestones", []), measure["target"]]
                sheets[f"Targets {sum(name.startswith('Targets') for name in sheets) + 1}"] = [
                    ["Period", "Value", "Target"],
                    *([aim["period"], None, aim["value"]] for aim in aims),
                ]
    return sheets


def _found(node: object, key: str) -> list[dict[str, Any]]:
    """Every mapping under `key` in a YAML tree, in document order."""
    if isinstance(node, dict):
        here = [node[key]] if isinstance(node.get(key), dict) else []
        return here + [found for value in node.values() for found in _found(value, key)]
    if isinstance(node, list):
        return [found for value in node for found in _found(value, key)]
    return []


def north_east_derbyshire() -> bytes:
    return workbook(seed_sheets())


_ROWS = re.compile(r"^(\s*)rows:\s*$")
_AIMS = re.compile(r"^    (milestones:|target:)")


def seed_case_yaml(text: str, tables: int, targets: int, priorities: bool) -> tuple[str, int, int]:
    """One of the seed's files with its tables' rows and its measures' targets replaced by `data:`
    lines naming the worksheets `seed_sheets` writes, counting on from `tables` and `targets`."""
    lines, out, index = text.split("\n"), [], 0
    measures = False
    while index < len(lines):
        line = lines[index]
        measures = measures or (priorities and line.startswith("measures:"))
        rows = _ROWS.match(line)
        if rows or (measures and _AIMS.match(line)):
            indent = rows.group(1) if rows else "    "
            if rows:
                tables += 1
            else:
                targets += 1
            sheet = f"Table {tables}" if rows else f"Targets {targets}"
            out.append(f"{indent}data: {{file: data/figures.xlsx, sheet: {sheet}}}")
            index += 1
            while index < len(lines) and (
                lines[index].startswith(indent + " ") or (not rows and _AIMS.match(lines[index]))
            ):
                index += 1
            continue
        out.append(line)
        index += 1
    return "\n".join(out), tables, targets


def write_seed_case() -> None:
    """The `data-measures` case: the seed with its figures in one workbook, the rest as it is."""
    case = CASES / "data-measures" / "plan"
    tables = targets = 0
    for path in [SEED / "plan.yaml", *sorted((SEED / "priorities").glob("*.yaml"))]:
        text, tables, targets = seed_case_yaml(
            path.read_text(encoding="utf-8"), tables, targets, path.parent.name == "priorities"
        )
        target = case / path.relative_to(SEED)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (case / "glossary.yaml").write_bytes((SEED / "glossary.yaml").read_bytes())
    (case / "data").mkdir(exist_ok=True)
    (case / "data" / "figures.xlsx").write_bytes(north_east_derbyshire())


def main() -> None:
    (CASES / "data-xlsx" / "plan" / "data" / "figures.xlsx").write_bytes(bolsover())
    (CASES / "data-errors" / "plan" / "data" / "crime.xlsx").write_bytes(errors())
    (CASES / "data-key-figures" / "plan" / "data" / "asb.xlsx").write_bytes(asb_pack())
    write_seed_case()


if __name__ == "__main__":
    main()

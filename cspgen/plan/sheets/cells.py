"""What a spreadsheet cell means once the plan has said its column's type: text, or a figure.

A figure is read as a person types it: `1,204` with its thousands separators, `83%` in a percent
column, `£1,200` in a money column, a blank cell as no figure. Text that a spreadsheet would run
as a formula (`=…`, `+…`, `-…`, `@…`) is refused: a reader copying the table into Excel would run it.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from cspgen.plan.figures import format_plain
from cspgen.plan.schema import MAX_FIGURE
from cspgen.plan.sheets.grid import Raw, is_blank

Kind = Literal["text", "number", "percent", "money"]
Cell = str | int | float | None

_FIGURE = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_FORMULA_START = ("=", "+", "-", "@")


class CellError(ValueError):
    """Why a cell cannot be what its column says: a stable code and a sentence."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def cell_value(raw: Raw, kind: Kind, heading: str) -> Cell:
    if is_blank(raw):
        return None
    if kind == "text":
        return _text(raw, heading)
    return _figure(raw, kind, heading)


def _text(raw: Raw, heading: str) -> str:
    if isinstance(raw, int | float):
        return format_plain(raw)
    text = " ".join(str(raw).split())
    if text.startswith(_FORMULA_START):
        raise CellError(
            "data-formula-text",
            f'column "{heading}": "{text}" starts with `{text[0]}`, so a spreadsheet the table is '
            "copied into would run it as a formula; write it another way, or leave the cell blank "
            "if it means no figure",
        )
    return text


def _figure(raw: Raw, kind: Kind, heading: str) -> int | float:
    if isinstance(raw, int | float):
        return _in_range(raw, heading)
    typed = str(raw).strip()
    text = typed
    if kind == "percent":
        text = text.removesuffix("%").rstrip()
    if kind == "money":
        text = text.replace("£", "", 1)
    if not _FIGURE.match(text):
        raise CellError("data-not-a-number", f'column "{heading}": expected {_expected(kind)}, got "{typed}"')
    plain = text.replace(",", "")
    return _in_range(float(plain) if "." in plain else int(plain), heading)


def _in_range(value: int | float, heading: str) -> int | float:
    if (isinstance(value, float) and not math.isfinite(value)) or abs(value) >= MAX_FIGURE:
        raise CellError("data-not-a-number", f'column "{heading}": {value} is not a figure a plan can show')
    return value


def _expected(kind: Kind) -> str:
    if kind == "percent":
        return "a number (a `%` after it is fine)"
    if kind == "money":
        return "a number (a `£` before it is fine)"
    return "a number"

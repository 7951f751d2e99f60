"""Where a figure read from a spreadsheet stands in its file, so a check can point at the cell itself."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from cspgen.diagnostics import Diagnostic, error, warning


@dataclass(frozen=True)
class DataCell:
    """A cell of a CSV file (its line and field) or of an XLSX worksheet (its row and column)."""

    file: Path
    line: int
    column: int
    sheet: str = ""

    def diagnostic(self, code: str, message: str, *, warn: bool = False) -> Diagnostic:
        made = (warning if warn else error)(self.file, self.line, self.column, code, message)
        return replace(made, sheet=self.sheet)

"""Problems are values: every stage returns them and the CLI reports them together."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    path: str
    message: str
    code: str
    severity: Severity = Severity.ERROR
    sheet: str = ""  # a cell of an XLSX worksheet: then `line` is its row and `column` its column

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        if self.sheet:
            where = f"{self.file}:{sheet_reference(self.sheet)}!{column_letters(self.column)}{self.line}"
        field = f" {self.path}:" if self.path else ""
        return printable(f"{where}:{field} {self.message} [{self.severity.value}: {self.code}]")

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        if not self.sheet:
            del data["sheet"]
        return data


def column_letters(number: int) -> str:
    """A spreadsheet's name for its column: 1 is A, 27 is AA."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def sheet_reference(name: str) -> str:
    """A sheet as a spreadsheet writes it in a cell reference: `Crime`, or `'Crime 2020'`."""
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else "'" + name.replace("'", "''") + "'"


def error(file: Path | str, line: int, column: int, code: str, message: str, path: str = "") -> Diagnostic:
    return Diagnostic(str(file), line, column, path, message, code, Severity.ERROR)


def warning(file: Path | str, line: int, column: int, code: str, message: str, path: str = "") -> Diagnostic:
    return Diagnostic(str(file), line, column, path, message, code, Severity.WARNING)


def has_errors(diagnostics: Iterable[Diagnostic], strict: bool = False) -> bool:
    """With `strict`, warnings fail the run too (the CI setting)."""
    return any(d.severity is Severity.ERROR or strict for d in diagnostics)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=lambda d: (d.file, d.line, d.column, d.code, d.message))


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(d.format() + "\n" for d in diagnostics)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


# Control characters (C0, DEL, C1) and the bidirectional overrides that reorder what a terminal shows.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def printable(text: str) -> str:
    """Text from a plan, safe to print: an escape sequence in a YAML key or file name is shown, not obeyed."""
    return _UNPRINTABLE.sub(_visible_escape, text)


def _visible_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _workflow_data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _workflow_property(text: str) -> str:
    """A property ends at `,` and the properties at `::`: both are escaped as the runner expects."""
    return _workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so problems show on the pull request's lines."""
    lines = []
    for d in diagnostics:
        message = _workflow_data(f"{d.path}: {d.message}" if d.path else d.message)
        properties = f"file={_workflow_property(d.file)},line={d.line},col={d.column}"
        lines.append(f"::{d.severity.value} {properties},title={_workflow_property(d.code)}::{message}\n")
    return "".join(lines)

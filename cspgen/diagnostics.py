"""Problems are values: every stage returns them and the CLI reports them together."""

from __future__ import annotations

import json
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

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message} [{self.severity.value}: {self.code}]"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


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


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands, so problems show on the pull request's lines."""
    lines = []
    for d in diagnostics:
        message = f"{d.path}: {d.message}" if d.path else d.message
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(
            f"::{d.severity.value} file={d.file},line={d.line},col={d.column},title={d.code}::{message}\n"
        )
    return "".join(lines)

"""Diagnostics placed at a field of a plan file: its value, or its key."""

from __future__ import annotations

from cspgen.diagnostics import Diagnostic, error, warning
from cspgen.plan.source import FieldPath, SourceFile, format_path


def at(source: SourceFile, path: FieldPath, code: str, message: str, *, warn: bool = False) -> Diagnostic:
    where = source.position(path)
    make = warning if warn else error
    return make(source.path, where.line, where.column, code, message, format_path(path))


def warning_at_key(source: SourceFile, path: FieldPath, code: str, message: str) -> Diagnostic:
    where = source.position(path, key=True)
    return warning(source.path, where.line, where.column, code, message, format_path(path))


def at_text(
    source: SourceFile, path: FieldPath, needle: str, code: str, message: str, *, warn: bool = False
) -> Diagnostic:
    """At the first place `needle` is written inside the value at `path`: a word in a long text."""
    where = source.locate(path, needle)
    make = warning if warn else error
    return make(source.path, where.line, where.column, code, message, format_path(path))

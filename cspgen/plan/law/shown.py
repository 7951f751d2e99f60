"""Whether a plan shows what a rule's `shown_by` names, read from the YAML as written, with where it does.

The paths are data (data/statutory.yaml), read from each file's loaded data rather than from the
models, so a rule can name a field before cspgen has it: until then it simply reads "not shown".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cspgen.plan.model import PlanBundle
from cspgen.plan.schema import SharedPartners
from cspgen.plan.source import FieldPath, SourceFile, format_path

PRIORITIES = "priorities[]."
PARTNERS = "partners[]."
ALTERNATIVES = " | "


@dataclass(frozen=True)
class Where:
    """The place in a plan file that shows a rule is met."""

    file: Path
    line: int
    field: str

    def shown(self, folder: Path) -> str:
        name = self.file.relative_to(folder) if self.file.is_relative_to(folder) else self.file
        return f"{name.as_posix()}:{self.line} ({self.field})"


@dataclass(frozen=True)
class Term:
    path: str
    test: str  # "present", "contains", "matches" or "each year"
    argument: str = ""


EACH_YEAR = " each year"


def parse_term(text: str) -> Term:
    if text.strip().endswith(EACH_YEAR):
        return Term(text.strip().removesuffix(EACH_YEAR).strip(), "each year")
    for test in ("contains", "matches"):
        path, found, argument = text.partition(f" {test} ")
        if found:
            return Term(path.strip(), test, argument.strip())
    return Term(text.strip(), "present")


def alternatives(condition: str) -> tuple[Term, ...]:
    return tuple(parse_term(part) for part in condition.split(ALTERNATIVES))


def shown(bundle: PlanBundle, condition: str) -> tuple[Where, ...]:
    """Every place that shows `condition`, by the first of its alternatives that any place shows:
    each priority that serves a strand, not just the first, so a reader sees the plan's whole answer."""
    for term in alternatives(condition):
        places = tuple(_places(bundle, term))
        if places:
            return places
    return ()


def yearly(condition: str) -> Term | None:
    """The condition's term when it asks for a dated entry each year (it then has no alternatives)."""
    term = parse_term(condition)
    return term if term.test == "each year" else None


def years_missing(bundle: PlanBundle, term: Term, years: tuple[int, ...]) -> tuple[int, ...]:
    """The years with no entry dated in them: a date's first four digits are its calendar year."""
    dated = {
        int(value[:4])
        for source, rest in _roots(bundle, term.path)
        for _, value in values_at(source.data, tuple(rest.split(".")), ())
        if isinstance(value, str) and value[:4].isdigit()
    }
    return tuple(year for year in years if year not in dated)


def _places(bundle: PlanBundle, term: Term) -> Iterator[Where]:
    for source, rest in _roots(bundle, term.path):
        for path, value in values_at(source.data, tuple(rest.split(".")), ()):
            found = _passes(term, path, value)
            if found is not None:
                yield Where(source.path, source.position(found).line, format_path(found))


def _roots(bundle: PlanBundle, path: str) -> Iterator[tuple[SourceFile, str]]:
    """Each file a path reads from, with the path inside it."""
    if path.startswith(PRIORITIES):
        for doc in bundle.priorities:
            yield doc.source, path.removeprefix(PRIORITIES)
    elif path.startswith(PARTNERS):
        rest = "partners[]." + path.removeprefix(PARTNERS)
        yield bundle.plan_source, "partnership." + rest
        for shared in bundle.shared_files:
            if shared.model is SharedPartners:
                yield shared.source, rest
    else:
        yield bundle.plan_source, path


def values_at(data: Any, segments: tuple[str, ...], prefix: FieldPath) -> Iterator[tuple[FieldPath, Any]]:
    """Every value the path's segments reach: `key`, `key[]` (each item of a list) or `**` (any depth)."""
    if not segments:
        yield prefix, data
        return
    segment, rest = segments[0], segments[1:]
    if segment == "**":
        yield from values_at(data, rest, prefix)
        for key, child in _children(data):
            yield from values_at(child, segments, (*prefix, key))
        return
    key = segment.removesuffix("[]")
    if not isinstance(data, dict) or key not in data:
        return
    child = data[key]
    if segment.endswith("[]"):
        for index, item in enumerate(child if isinstance(child, list) else []):
            yield from values_at(item, rest, (*prefix, key, index))
    else:
        yield from values_at(child, rest, (*prefix, key))


def _children(data: Any) -> Iterator[tuple[str | int, Any]]:
    if isinstance(data, dict):
        yield from ((str(key), value) for key, value in data.items())
    elif isinstance(data, list):
        yield from enumerate(data)


def _passes(term: Term, path: FieldPath, value: Any) -> FieldPath | None:
    """The path of what passes the term's test, or None."""
    if term.test == "contains":
        items = value if isinstance(value, list) else []
        return next(((*path, index) for index, item in enumerate(items) if item == term.argument), None)
    if term.test == "matches":
        found = isinstance(value, str) and re.search(term.argument, value, re.IGNORECASE)
        return path if found else None
    return path if value not in (None, "", [], {}) else None


def would_show_all(conditions: tuple[str, ...]) -> str:
    """Every condition in words, the ones asking the same field for different words said once:
    `consulted[].authority` saying each of “educational”, “prison” and “youth-custody”."""
    asked: dict[str, list[str]] = {}  # a field's conditions, in order; a lone condition says itself
    for condition in conditions:
        terms = alternatives(condition)
        key = terms[0].path if len(terms) == 1 and terms[0].test == "matches" else condition
        asked.setdefault(key, []).append(condition)
    return " and ".join(
        would_show(group[0]) if len(group) == 1 else _saying_each(path, group)
        for path, group in asked.items()
    )


def _saying_each(path: str, conditions: list[str]) -> str:
    said = [" or ".join(f"“{word}”" for word in _words(parse_term(c).argument)) for c in conditions]
    return f"{_place(path)} saying each of " + ", ".join(said[:-1]) + f" and {said[-1]}"


def would_show(condition: str) -> str:
    """The fields that would show a condition, in words: `strategic_assessment` in plan.yaml."""
    words = []
    for term in alternatives(condition):
        path = term.path
        if term.test == "each year":
            words.append(
                f"a `{path.split('.')[0].removesuffix('[]')}` entry in plan.yaml dated in each year of "
                "the period begun so far"
            )
            continue
        place = _place(path)
        if term.test == "contains":
            place += f" holding `{term.argument}`"
        elif term.test == "matches":
            place += " saying " + " or ".join(f"“{word}”" for word in _words(term.argument))
        words.append(place)
    return " or ".join(words)


def _place(path: str) -> str:
    if path.startswith(PRIORITIES):
        return f"`{path.removeprefix(PRIORITIES)}` in a priority"
    if path.startswith(PARTNERS):
        return f"a partner's `{path.removeprefix(PARTNERS)}`"
    if path.startswith("**."):
        return f"a `{path.removeprefix('**.')}` anywhere in plan.yaml"
    return f"`{path}` in plan.yaml"


def _words(pattern: str) -> list[str]:
    """The words a `matches` pattern looks for, as a reader would say them."""
    plain = pattern.replace("\\b", "").replace("(", "").replace(")", "").replace("^", "").replace("$", "")
    return [word.strip() for word in plain.split("|")]

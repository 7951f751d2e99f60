"""`cspgen fmt`: every plan file in one layout (layout.py), so a year's diff shows only what changed.

The result is read back with cspgen's own loader and must give exactly the same data, with
every comment kept (rewrite.py), or the file is left as it was: fmt never changes meaning.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.error import YAMLError

from cspgen.commands.layout import canonical_text
from cspgen.commands.rewrite import failed, first_difference, link_refused, rewrite_problem
from cspgen.diagnostics import Diagnostic, error
from cspgen.plan.load import load_file


@dataclass(frozen=True)
class Formatted:
    """One file: its text now, its canonical text (None when it cannot be formatted) and why."""

    path: Path
    original: str
    text: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text is not None and self.text != self.original


def plan_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML files of plan and shared folders (searched recursively), or the files named."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            found.update((file, None) for file in sorted(_yaml_below(path)))
        else:
            found[path] = None
    return list(found)


def _yaml_below(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*.yaml"):
        if not path.is_dir() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            yield path


def format_file(path: Path) -> Formatted:
    if path.is_symlink():
        return Formatted(path, "", None, [link_refused(path)])
    loaded, problems = load_file(path)
    if loaded is None or problems:
        return Formatted(path, loaded.text if loaded else "", None, problems)
    original = loaded.text
    try:
        text = settled(original)
    except YAMLError as problem:
        return Formatted(path, original, None, [failed(path, f"cannot lay the file out: {problem}")])
    if text is None:
        message = "this file's layout does not settle in a few passes, so it was left as it was"
        return Formatted(path, original, None, [failed(path, message)])
    refused = rewrite_problem(path, original, loaded.data, text)
    return Formatted(path, original, None, [refused]) if refused else Formatted(path, original, text)


PASSES = 4


def settled(text: str) -> str | None:
    """The layout after as many passes as it takes to stop changing, so `fmt --check` passes after `fmt`."""
    for _ in range(PASSES):
        again = canonical_text(text)
        if again == text:
            return text
        text = again
    return None


def not_formatted(result: Formatted) -> Diagnostic:
    return error(
        result.path,
        first_difference(result.original, result.text or ""),  # the line to annotate
        1,
        "not-formatted",
        "the file is not in cspgen's layout; run `cspgen fmt` on it",
    )

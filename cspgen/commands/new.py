"""`cspgen new`: a plan folder that validates and builds at once, with notes in every file.

Nothing in it is invented: every text the officer has to write is a `[[…]]` placeholder, which
`cspgen validate` reports (cspgen/plan/checks/placeholders.py), so an untouched scaffold cannot
pass `--strict` and be published by mistake.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from cspgen.commands.fmt import settled
from cspgen.plan.schemas import schema_files

_NO_TEMPLATES = (
    "this installation of cspgen has no plan templates (cspgen/commands/templates); reinstall cspgen"
)


class ScaffoldError(Exception):
    """The new plan could not be written whole; nothing of it was left behind."""


class NoTemplates(Exception):
    """An installation without its templates is broken: an internal error, not the user's."""


@dataclass(frozen=True)
class Names:
    """What the officer told `cspgen new` about the plan; anything not told becomes a `[[…]]` placeholder."""

    title: str | None = None
    partnership: str | None = None
    council: str | None = None
    area: str | None = None

    def for_templates(self) -> dict[str, str]:
        return {
            "title": self.title or "[[Title of the plan, e.g. Ashfield Community Safety Partnership Plan]]",
            "partnership": self.partnership
            or "[[Name of the partnership, e.g. Ashfield Community Safety Partnership]]",
            "council": self.council or "[[Name of the council, e.g. Ashfield District Council]]",
            "area": self.area or "[[The area the plan covers, e.g. Ashfield district]]",
        }


def scaffold_files(folder: Path, schemas: Path, today: datetime.date, names: Names) -> dict[Path, str]:
    """The files of a new plan; the officer's own words go in as quoted YAML strings, then the files
    are laid out as `cspgen fmt` lays them out, which unquotes what need not be quoted."""
    words = folder.name.replace("_", "-").split("-")
    year = next((int(word) for word in reversed(words) if re.fullmatch(r"(19|20)\d\d", word)), today.year)
    environment = jinja2.Environment(
        loader=_scaffold_loader(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters["yaml"] = lambda text: json.dumps(str(text), ensure_ascii=False)
    context = {**names.for_templates(), "start": year, "end": year + 3}
    templates = sorted(environment.list_templates())
    if not templates:
        raise NoTemplates(_NO_TEMPLATES)
    files = {}
    for template in templates:
        target = folder / template.removesuffix(".j2")
        relative = os.path.relpath(schemas.resolve(), target.parent.resolve())
        text = environment.get_template(template).render(context, schemas=Path(relative).as_posix())
        files[target] = settled(text) or text  # in fmt's layout, so `cspgen fmt --check` passes at once
    return files


def _scaffold_loader() -> jinja2.BaseLoader:
    try:
        return jinja2.PackageLoader("cspgen.commands", "templates")
    except ValueError:  # Jinja's way of saying the folder is not in the installed package
        raise NoTemplates(_NO_TEMPLATES) from None


def create_plan(folder: Path, schemas: Path, today: datetime.date, names: Names) -> list[Path]:
    """The plan, and the JSON Schemas its files point editors to if they are missing: all or nothing."""
    files = scaffold_files(folder, schemas, today, names)
    created: list[Path] = []
    try:
        missing = {name: text for name, text in schema_files().items() if not (schemas / name).exists()}
        files |= {schemas / name: text for name, text in missing.items()}
        for path, text in files.items():
            _write_new(path, text, created)
    except OSError as problem:
        _remove(created)
        raise ScaffoldError(f"cannot write {problem.filename or folder}: {problem.strerror}") from None
    return [path for path in created if path in files]


def _write_new(path: Path, text: str, created: list[Path]) -> None:
    """Adds to `created` each folder and file as soon as it exists, so a failure can take it away again."""
    for parent in reversed([parent for parent in (path.parent, *path.parent.parents) if not parent.exists()]):
        parent.mkdir()
        created.append(parent)
    with path.open("x", encoding="utf-8", newline="\n") as file:
        created.append(path)
        file.write(text)


def _remove(created: list[Path]) -> None:
    for path in reversed(created):
        with contextlib.suppress(OSError):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink()

"""`cspgen new`: a plan folder that validates and builds at once, with notes in every file."""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import re
from pathlib import Path

import jinja2

from cspgen.plan.schemas import schema_files

_NO_TEMPLATES = (
    "this installation of cspgen has no plan templates (cspgen/commands/templates); reinstall cspgen"
)


class ScaffoldError(Exception):
    """The new plan could not be written whole; nothing of it was left behind."""


class NoTemplates(Exception):
    """An installation without its templates is broken: an internal error, not the user's."""


def scaffold_files(folder: Path, schemas: Path, today: datetime.date) -> dict[Path, str]:
    """The files of a new plan; text from the folder name is written as quoted YAML strings."""
    words = folder.name.replace("_", "-").split("-")
    year = next((int(word) for word in reversed(words) if re.fullmatch(r"(19|20)\d\d", word)), today.year)
    place = " ".join(word.capitalize() for word in words if not word.isdigit()) or "Our"
    environment = jinja2.Environment(
        loader=_scaffold_loader(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters["yaml"] = lambda text: json.dumps(str(text), ensure_ascii=False)
    context = {
        "title": f"{place} Community Safety Partnership Plan {year}–{year + 3}",
        "partnership": f"{place} Community Safety Partnership",
        "council": f"{place} District Council",
        "area": f"{place} district",
        "start": year,
        "end": year + 3,
        "published": f"{today.year}-{today.month:02d}",
    }
    templates = sorted(environment.list_templates())
    if not templates:
        raise NoTemplates(_NO_TEMPLATES)
    files = {}
    for template in templates:
        target = folder / template.removesuffix(".j2")
        relative = os.path.relpath(schemas.resolve(), target.parent.resolve())
        files[target] = environment.get_template(template).render(context, schemas=Path(relative).as_posix())
    return files


def _scaffold_loader() -> jinja2.BaseLoader:
    try:
        return jinja2.PackageLoader("cspgen.commands", "templates")
    except ValueError:  # Jinja's way of saying the folder is not in the installed package
        raise NoTemplates(_NO_TEMPLATES) from None


def create_plan(folder: Path, schemas: Path, today: datetime.date) -> list[Path]:
    """The plan, and the JSON Schemas its files point editors to if they are missing: all or nothing."""
    files = scaffold_files(folder, schemas, today)
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

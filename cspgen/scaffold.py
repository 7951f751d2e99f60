"""`cspgen new`: a plan folder that validates and builds at once, with notes in every file."""

from __future__ import annotations

import datetime
import json
import os
import re
from pathlib import Path

import jinja2

from .render import TEMPLATES
from .schemas import schema_files

SCAFFOLD = TEMPLATES / "new"


def scaffold_files(folder: Path, schemas: Path, today: datetime.date) -> dict[Path, str]:
    """The files of a new plan; text from the folder name is written as quoted YAML strings."""
    words = folder.name.replace("_", "-").split("-")
    year = next((int(word) for word in reversed(words) if re.fullmatch(r"(19|20)\d\d", word)), today.year)
    place = " ".join(word.capitalize() for word in words if not word.isdigit()) or "Our"
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SCAFFOLD),
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
    files = {}
    for template in sorted(environment.list_templates()):
        target = folder / template.removesuffix(".j2")
        relative = os.path.relpath(schemas.resolve(), target.parent.resolve())
        files[target] = environment.get_template(template).render(context, schemas=Path(relative).as_posix())
    return files


def create_plan(folder: Path, schemas: Path, today: datetime.date) -> list[Path]:
    """Write the plan, and the JSON Schemas its files point editors to if they are missing."""
    written = []
    for path, text in scaffold_files(folder, schemas, today).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    for name, text in schema_files().items():
        if not (schemas / name).exists():
            schemas.mkdir(parents=True, exist_ok=True)
            (schemas / name).write_text(text, encoding="utf-8", newline="\n")
            written.append(schemas / name)
    return written

"""`cspgen rollover`: open next year's refresh of a plan, so nothing is forgotten or half-written.

Each action gets a progress update for the new period marked `status: to-write` with empty text,
and figures carried forward (measures' actuals or baselines, tables, charts and key figures) get a
`# cspgen: to update for PERIOD` comment. `cspgen validate` warns about both until they are done,
and a plan that was published goes back to `status: draft` until the committee approves the refresh.
Files are edited with ruamel.yaml's round trip, so comments stay, and written in fmt's layout.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from cspgen.build import validate
from cspgen.commands.layout import dump_tree, load_tree
from cspgen.commands.rewrite import link_refused, read_back, rewrite_problem
from cspgen.diagnostics import Diagnostic, error
from cspgen.plan import schema
from cspgen.plan.checks.unwritten import TO_UPDATE
from cspgen.plan.model import PlanBundle
from cspgen.plan.source import FieldPath, SourceFile
from cspgen.plan.walk import Node, nodes, walk

_STYLES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{4})-\d{2}$"), "{year}-{next:02d}"),
    (re.compile(r"^(\d{4})/\d{2}$"), "{year}/{next:02d}"),
    (re.compile(r"^(\d{4})-\d{4}$"), "{year}-{following}"),
    (re.compile(r"^(\d{4})/\d{4}$"), "{year}/{following}"),
    (re.compile(r"^(\d{4})$"), "{year}"),
)
DEFAULT_STYLE = "{year}-{next:02d}"  # the financial year, as most partnership plans report


@dataclass(frozen=True)
class Rollover:
    """What a rollover would write: the new text of each file it changes, and a tally."""

    period: str
    files: dict[Path, str]
    opened: int
    already_open: int
    marked: int
    drafted: bool
    data_files: tuple[str, ...] = ()

    def summary(self) -> str:
        """One line for the author: what was opened and marked, so they know what is left to write."""
        opened = f"{self.period} opened in {self.opened} action{'s' * (self.opened != 1)}"
        if self.already_open:
            opened += f" ({self.already_open} already had it)"
        marked = f"{self.marked} figure{'s' * (self.marked != 1)} marked to update"
        if self.data_files:
            marked += f" (from {', '.join(self.data_files)}: put the new year's exports in their place)"
        return "; ".join([opened, marked, *(["status set to draft"] if self.drafted else [])])


def period_label(bundle: PlanBundle, year: int) -> str:
    """The new period written the way the plan already writes its progress periods."""
    styles: Counter[str] = Counter()
    for update in _updates(bundle):
        for pattern, style in _STYLES:
            if pattern.match(update.period):
                styles[style] += 1
                break
    style = styles.most_common(1)[0][0] if styles else DEFAULT_STYLE
    return style.format(year=year, next=(year + 1) % 100, following=year + 1)


def latest_year(bundle: PlanBundle) -> int | None:
    years = [
        int(match.group(1)) for update in _updates(bundle) if (match := re.match(r"^(\d{4})", update.period))
    ]
    return max(years) if years else None


def _updates(bundle: PlanBundle) -> Iterator[schema.Update]:
    for doc in bundle.priorities:
        for objective in doc.priority.objectives:
            for action in objective.actions:
                yield from action.progress


def plan_rollover(
    folder: Path, year: int, period: str | None = None
) -> tuple[Rollover | None, list[Diagnostic]]:
    bundle, diagnostics = validate(folder)
    if bundle is None:
        return None, diagnostics
    latest = latest_year(bundle)
    if latest is not None and year < latest:
        where = bundle.plan_source.path
        message = f"progress updates already reach {latest}; a rollover opens a later year, not {year}"
        return None, [error(where, 1, 1, "rollover-year", message)]
    label = period or period_label(bundle, year)
    files: dict[Path, str] = {}
    problems: list[Diagnostic] = []
    opened = already = marked = 0
    for doc in bundle.priorities:
        tree = load_tree(doc.source.text)
        actions = [found.path for found in nodes(doc.source.data, schema.Priority, schema.Action)]
        new, had = _open_updates(tree, actions, label)
        figures = _mark_figures(tree, doc.source.data, schema.Priority, label)
        opened, already, marked = opened + new, already + had, marked + figures
        if new or figures:
            expected = copy.deepcopy(doc.source.data)
            _open_updates(expected, actions, label)
            problems += _checked(doc.source.path, doc.source.text, expected, dump_tree(tree), files)
    plan_tree = load_tree(bundle.plan_source.text)
    marked_in_plan = _mark_figures(plan_tree, bundle.plan_source.data, schema.Plan, label)
    drafted = plan_tree.get("status") == "published"
    if drafted:
        plan_tree["status"] = "draft"
    if marked_in_plan or drafted:
        expected = copy.deepcopy(bundle.plan_source.data)
        if drafted:
            expected["status"] = "draft"
        source = bundle.plan_source
        problems += _checked(source.path, source.text, expected, dump_tree(plan_tree), files)
    problems += [_invalid(path) for path, text in files.items() if not _valid(path, text, bundle)]
    if problems:
        return None, problems
    return Rollover(label, files, opened, already, marked + marked_in_plan, drafted, _data_files(bundle)), []


def _data_files(bundle: PlanBundle) -> tuple[str, ...]:
    """The spreadsheets the plan's figures are read from, which the new year's exports replace."""
    roots: list[tuple[SourceFile, type[BaseModel]]] = [
        (bundle.plan_source, schema.Plan),
        *((doc.source, schema.Priority) for doc in bundle.priorities),
    ]
    named = {
        found.data["data"]["file"]
        for source, model in roots
        for found in walk(source.data, model)
        if isinstance(found, Node)
        and found.model in schema.READ_FROM_FILE
        and isinstance(found.data.get("data"), dict)
        and isinstance(found.data["data"].get("file"), str)
    }
    return tuple(sorted(named))


def _checked(path: Path, before: str, expected: Any, after: str, files: dict[Path, str]) -> list[Diagnostic]:
    """Held to fmt's guard: the file reads as before plus the new updates, and keeps every comment."""
    if path.is_symlink():
        return [link_refused(path)]
    refused = rewrite_problem(path, before, expected, after, "rolling this file over")
    if refused is not None:
        return [refused]
    files[path] = after
    return []


def _valid(path: Path, text: str, bundle: PlanBundle) -> bool:
    """The written file must still read and validate: rollover never leaves a plan broken."""
    data = read_back(path, text)
    model: type[schema.Plan | schema.Priority] = (
        schema.Plan if path == bundle.plan_source.path else schema.Priority
    )
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


def _invalid(path: Path) -> Diagnostic:
    return error(
        path, 1, 1, "rollover-failed", "the rolled-over file would not be valid; nothing was written"
    )


def _open_updates(tree: Any, actions: list[FieldPath], label: str) -> tuple[int, int]:
    """Add the new period's update to every action that lacks one: (opened, already there).

    Works on a round-trip tree and on plain loaded data alike, so the guard can say what to expect;
    `actions` are where the walk over the loaded data found the actions.
    """
    opened = already = 0
    round_trip = isinstance(tree, CommentedMap)
    for path in actions:
        action = _node_at(tree, path)
        progress = action.get("progress")
        if not isinstance(progress, list):
            progress = CommentedSeq() if round_trip else []
            action["progress"] = progress
        if any(isinstance(update, dict) and str(update.get("period")) == label for update in progress):
            already += 1
            continue
        update = [("period", label), ("status", "to-write"), ("text", "")]
        if isinstance(progress, CommentedSeq):
            progress.fa.set_block_style()
            progress.append(CommentedMap(update))
        else:
            progress.append(dict(update))
        opened += 1
    return opened, already


def _mark_figures(tree: CommentedMap, data: Any, model: type[BaseModel], label: str) -> int:
    """Comment every table, chart and key figures block (and each measure's latest figures) as
    carried forward; one read from a spreadsheet on its `data:` line, naming the file.

    The walk over the file's loaded data says where they are; the round-trip tree, read from
    the same text, holds them at the same paths.
    """
    marked = 0
    for found in walk(data, model):
        if not isinstance(found, Node):
            continue
        if found.model in schema.READ_FROM_FILE and isinstance(found.data.get("data"), dict):
            marked += _mark(_node_at(tree, found.path), "data", _in_file(label, found.data["data"]))
        elif found.model in (schema.Table, schema.Chart, schema.KeyFigures):
            marked += _mark(_node_at(tree, found.path[:-1]), str(found.path[-1]), label)
        elif found.model is schema.Measure:
            key = "actuals" if "actuals" in found.data else "baseline" if "baseline" in found.data else None
            if key is not None:
                marked += _mark(_node_at(tree, found.path), key, label)
    return marked


def _in_file(label: str, data: dict[str, Any]) -> str:
    """A table's figures in a spreadsheet are updated there: the marker names the file."""
    return f"{label} in {data.get('file')}"


def _node_at(tree: Any, path: FieldPath) -> Any:
    """The mapping at a path the walk gave, in a round-trip tree or in plain data of the same text."""
    node = tree
    for part in path:
        node = node[part]
    return node


def _mark(mapping: CommentedMap, key: str, label: str) -> int:
    """The marker goes on the key's own line; an author's comment there or below is kept."""
    marker = f"{TO_UPDATE} for {label}"
    slots = mapping.ca.items.setdefault(key, [None, None, None, None])
    existing = slots[2]
    if existing is None:
        mapping.yaml_add_eol_comment(marker, key)
        return 1
    if TO_UPDATE in existing.value:
        return 0
    joiner = "" if existing.value.startswith("\n") else " "
    existing.value = f"# {marker}{joiner}{existing.value}"
    return 1

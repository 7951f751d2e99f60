"""plan.json: the validated plan as open data, for a Police and Crime Commissioner's office or a
county team to load without scraping the web page.

The plan's own data is the models' own dump, so the same models describe the YAML and the JSON
(and `Plan.model_validate(data["plan"])` loads it back); what cspgen works out from the figures
is kept apart in `computed`, each entry pointing at the measure, key figure or table it is for.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, TypeVar

from pydantic import ConfigDict, Field

from cspgen import __version__
from cspgen.plan import figures, keyfigures, schema
from cspgen.plan.model import PlanBundle
from cspgen.plan.source import FieldPath
from cspgen.plan.usage import printed_entries
from cspgen.plan.walk import nodes, value_at

FORMAT_VERSION = 1
SCHEMA_NAME = "plan-data.schema.json"

Figure = float | int
ModelT = TypeVar("ModelT", bound=schema.Strict)


def _pointer() -> Any:
    return Field(
        description="Which item of this file the figures are for, as a JSON Pointer (RFC 6901), "
        "e.g. `/priorities/0/priority/measures/1`."
    )


class Generator(schema.Strict):
    name: Literal["cspgen"] = Field("cspgen", description="The program that wrote the file.")
    version: str = Field(description="Its version, e.g. `0.1.0`.")


class PriorityData(schema.Strict):
    number: int = Field(description="The number of the priority's file, e.g. `1` for `01-fraud.yaml`.")
    id: str = Field(description="The priority's id: its own `id`, else its file name without the number.")
    label: str = Field(
        description="How the plan labels the priority, e.g. `Priority 1` or `Cross-cutting theme`; "
        '`""` when it is shown with its title alone.'
    )
    priority: schema.Priority = Field(description="The priority as its file gives it.")


class MeasureFigures(schema.Strict):
    at: str = _pointer()
    change: Figure | None = Field(
        description="Percentage change from the baseline to the latest actual, to one decimal place, "
        "as the measures table shows it; `null` without a baseline and an actual, or from zero."
    )
    target_met: bool | None = Field(
        description="Whether the latest actual meets the target, the way `direction` counts better; "
        "`null` without an actual, a target and a direction."
    )


class KeyFigureFigures(schema.Strict):
    at: str = _pointer()
    rate: Figure | None = Field(
        description="The rate per `rate_per` people as the plan shows it: as typed, else computed from "
        "`population` to one decimal place; `null` when there is neither."
    )
    change: Figure | None = Field(
        description="Percentage change from `previous` as the plan shows it: as typed, else computed "
        "from `previous.value` to one decimal place; `null` when there is neither."
    )


class TableFigures(schema.Strict):
    at: str = _pointer()
    rows: list[list[schema.Cell]] = Field(
        description="The rows as a reader sees them: typed cells as typed, empty cells of computed "
        "columns (`sum_of`, `share_of`) filled in; numbers unformatted."
    )
    total: list[schema.Cell] | None = Field(
        description="The computed total row when a column has `total: true`: the `total_label`, then "
        "each such column's sum, `null` in the others."
    )


class Computed(schema.Strict):
    measures: list[MeasureFigures] = Field(description="One entry per measure, in the order of the file.")
    key_figures: list[KeyFigureFigures] = Field(description="One entry per key figure, in reading order.")
    tables: list[TableFigures] = Field(description="One entry per table, in reading order.")


class PlanData(schema.Strict):
    """A community safety partnership plan as open data, written by `cspgen build --format json`.

    Text is as the plan's files give it: Markdown fields stay Markdown, acronyms are not written
    out. Figures cspgen works out are in `computed`, never mixed into the plan's own data.
    """

    model_config = ConfigDict(title="plan.json")

    schema_: Literal["plan-data.schema.json"] = Field(
        alias="$schema",
        description="The JSON Schema this file follows: `plan-data.schema.json`, in cspgen's "
        "`schemas/` folder.",
    )
    format_version: Literal[1] = Field(
        description="The version of this layout; a change that could break a reader raises it."
    )
    generator: Generator = Field(description="What wrote the file.")
    plan: schema.Plan = Field(description="plan.yaml, with every default filled in.")
    partners: list[schema.Partner] = Field(
        description="Every partner that can lead actions: the plan's own and its shared folders'."
    )
    priorities: list[PriorityData] = Field(description="The priorities, in the order of their files.")
    glossary: schema.Glossary = Field(description="The glossary entries the plan prints, by term.")
    definitions: schema.Definitions = Field(description="The definitions the plan prints, by term.")
    computed: Computed = Field(description="The figures cspgen computes from the plan's own.")


def plan_data(bundle: PlanBundle) -> PlanData:
    printed = printed_entries(bundle)
    glossary = {term: bundle.glossary.terms[term] for term in _ordered(printed.glossary)}
    definitions = {term: bundle.definitions.terms[term] for term in _ordered(printed.definitions)}
    priorities = [
        PriorityData(number=d.number, id=d.id, label=d.label, priority=d.priority) for d in bundle.priorities
    ]
    return PlanData.model_validate(
        {
            "$schema": SCHEMA_NAME,
            "format_version": FORMAT_VERSION,
            "generator": Generator(version=__version__),
            "plan": bundle.plan,
            "partners": list(bundle.partners),
            "priorities": priorities,
            "glossary": schema.Glossary(terms=glossary),
            "definitions": schema.Definitions(terms=definitions),
            "computed": computed(bundle),
        }
    )


def _ordered(terms: frozenset[str]) -> list[str]:
    return sorted(terms, key=lambda term: (term.casefold(), term))


def computed(bundle: PlanBundle) -> Computed:
    """Every item with figures, found by the schema-guided walk over the very data plan.json holds."""
    roots: list[tuple[str, schema.Strict]] = [("/plan", bundle.plan)]
    roots += [(f"/priorities/{index}/priority", doc.priority) for index, doc in enumerate(bundle.priorities)]
    measures, key_figures, tables = [], [], []
    for prefix, root in roots:
        data = root.model_dump(mode="json")
        measures += [_measure(prefix, path, item) for path, item in _found(root, data, schema.Measure)]
        key_figures += [
            _key_figure(prefix, path, item) for path, item in _found(root, data, schema.KeyFigure)
        ]
        tables += [_table(prefix, path, item) for path, item in _found(root, data, schema.Table)]
    return Computed(measures=measures, key_figures=key_figures, tables=tables)


def _found(root: schema.Strict, data: Any, wanted: type[ModelT]) -> Iterator[tuple[FieldPath, ModelT]]:
    """Each `wanted` in `root`, with its path in `data`, the dump of `root` that plan.json holds."""
    for node in nodes(data, type(root), wanted):
        yield node.path, value_at(root, node.path, wanted)


def _measure(prefix: str, path: FieldPath, measure: schema.Measure) -> MeasureFigures:
    return MeasureFigures(
        at=pointer(prefix, path),
        change=figures.measure_change(measure),
        target_met=figures.target_met(measure),
    )


def _key_figure(prefix: str, path: FieldPath, figure: schema.KeyFigure) -> KeyFigureFigures:
    return KeyFigureFigures(
        at=pointer(prefix, path), rate=keyfigures.shown_rate(figure), change=keyfigures.shown_change(figure)
    )


def _table(prefix: str, path: FieldPath, table: schema.Table) -> TableFigures:
    width = range(len(table.columns))
    rows = [[figures.display_cell(table, row, index) for index in width] for row in table.rows]
    total: list[schema.Cell] | None = None
    if any(column.total for column in table.columns):
        total = [table.total_label] + [
            figures.column_total(table, index) if table.columns[index].total else None for index in width[1:]
        ]
    return TableFigures(at=pointer(prefix, path), rows=rows, total=total)


def pointer(prefix: str, path: FieldPath) -> str:
    """A JSON Pointer: `~` and `/` in a key are escaped as RFC 6901 says."""
    steps = (str(step).replace("~", "~0").replace("/", "~1") for step in path)
    return prefix + "".join(f"/{step}" for step in steps)

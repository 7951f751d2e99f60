"""The index page as a typed view: every plan, its priorities side by side, the strands they
serve and the police and crime plan's objectives, worked out here so the template only prints.

Priorities are matched across plans by their `id` (the file name without its number unless the
priority sets `id:`): titles are worded differently in every plan ("Reducing…", "Taking action
against…"), an id is stable across refreshes and is the officer's to set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cspgen import __version__
from cspgen.plan.law.rules import strands
from cspgen.site.summary import PlanSummary, PolicePlanSummary
from cspgen.write import CHANGES_PAGE
from cspgen.writers.files import OUTPUT_NAMES

AGREEMENT = "community-safety-agreement"
KINDS = {
    "partnership-plan": "Partnership plan",
    AGREEMENT: "Community safety agreement",
    "prioritisation": "Prioritisation",
    "strategy": "Strategy",
}
FORMAT_NAMES = {
    "html": "Web page",
    "md": "Markdown",
    "pdf": "PDF",
    "docx": "Word",
    "json": "Open data (JSON)",
}


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    context: str  # read out after the text, so each link says which plan it is for


@dataclass(frozen=True)
class PlanRow:
    title: str
    href: str | None
    area: str
    period: str
    kind: str
    status: str
    revision: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class MatrixRow:
    header: str
    note: str | None
    cells: tuple[tuple[str, ...], ...]  # one per column; empty is told as `Matrix.empty`


@dataclass(frozen=True)
class Matrix:
    caption: str
    corner: str
    columns: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    empty: str


@dataclass(frozen=True)
class ObjectiveRow:
    title: str
    served_by: tuple[str, ...]


@dataclass(frozen=True)
class PoliceView:
    title: str
    period: str | None
    named_by: tuple[str, ...]
    objectives: tuple[ObjectiveRow, ...]
    unserved: tuple[str, ...]


@dataclass(frozen=True)
class IndexView:
    title: str
    generator: str
    plans: tuple[PlanRow, ...]
    priorities: Matrix
    strands: Matrix
    police: tuple[PoliceView, ...]
    without_police: tuple[str, ...]


def index_view(title: str, summaries: Sequence[PlanSummary]) -> IndexView:
    ordered = side_by_side(summaries)
    police = tuple(_police_view(ordered, plan) for plan in _police_plans(ordered))
    return IndexView(
        title=title,
        generator=f"cspgen {__version__}",
        plans=tuple(_plan_row(plan) for plan in ordered),
        priorities=_priority_matrix(ordered),
        strands=_strand_matrix(ordered),
        police=police,
        without_police=tuple(plan.title for plan in ordered if plan.police_plan is None) if police else (),
    )


def side_by_side(summaries: Sequence[PlanSummary]) -> list[PlanSummary]:
    """The county agreements first, for the districts' plans to be read against, then the rest."""
    return sorted(summaries, key=lambda plan: (plan.kind != AGREEMENT, plan.folder))


def _plan_row(plan: PlanSummary) -> PlanRow:
    built = set(plan.files)
    documents = [(FORMAT_NAMES.get(kind, name), name) for kind, name in OUTPUT_NAMES.items()]
    links = tuple(
        Link(f"{plan.folder}/{name}", text, plan.title)
        for text, name in [*documents, ("Changes since the last version", CHANGES_PAGE)]
        if name in built
    )
    home = OUTPUT_NAMES["html"]
    return PlanRow(
        title=plan.title,
        href=f"{plan.folder}/{home}" if home in built else None,
        area=plan.area,
        period=plan.period,
        kind=KINDS.get(plan.kind, plan.kind),
        status=plan.status.capitalize(),
        revision=plan.revision or "None",
        links=links,
    )


def _column(plan: PlanSummary) -> str:
    return f"{plan.title} (county agreement)" if plan.kind == AGREEMENT else plan.title


def _priority_matrix(plans: list[PlanSummary]) -> Matrix:
    titles: dict[str, str] = {}
    for plan in plans:
        for priority in plan.priorities:
            titles.setdefault(priority.id, priority.title)
    held = [{priority.id: priority.title for priority in plan.priorities} for plan in plans]
    rows = tuple(
        MatrixRow(title, f"id: {id_}", tuple(_one(holder.get(id_)) for holder in held))
        for id_, title in titles.items()
    )
    return Matrix("Priorities across plans, matched by id", "Priority", _columns(plans), rows, "Not held")


def _strand_matrix(plans: list[PlanSummary]) -> Matrix:
    rows = tuple(
        MatrixRow(
            rule.id.replace("-", " ").capitalize(),
            rule.title,
            tuple(tuple(p.title for p in plan.priorities if rule.id in p.strands) for plan in plans),
        )
        for rule in strands()
    )
    caption = "Priorities serving each statutory strand"
    return Matrix(caption, "Statutory strand", _columns(plans), rows, "None")


def _columns(plans: list[PlanSummary]) -> tuple[str, ...]:
    return tuple(_column(plan) for plan in plans)


def _one(title: str | None) -> tuple[str, ...]:
    return () if title is None else (title,)


def _police_plans(plans: list[PlanSummary]) -> list[PolicePlanSummary]:
    """Each police and crime plan the plans name, once: plans name the same one by its title."""
    named: dict[str, PolicePlanSummary] = {}
    for plan in plans:
        if plan.police_plan is not None:
            named.setdefault(plan.police_plan.title, plan.police_plan)
    return list(named.values())


def _police_view(plans: list[PlanSummary], police: PolicePlanSummary) -> PoliceView:
    naming = [plan for plan in plans if plan.police_plan and plan.police_plan.title == police.title]
    titles: dict[str, str] = {}
    for plan in naming:
        for objective in plan.police_plan.objectives if plan.police_plan else ():
            titles.setdefault(objective.id, objective.title)
    rows = tuple(
        ObjectiveRow(
            title,
            tuple(f"{plan.title}: {p.title}" for plan in naming for p in plan.priorities if id_ in p.serves),
        )
        for id_, title in titles.items()
    )
    return PoliceView(
        police.title,
        police.period,
        tuple(plan.title for plan in naming),
        rows,
        tuple(row.title for row in rows if not row.served_by),
    )

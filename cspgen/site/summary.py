"""What the index page needs of a plan, small enough to send back from a worker process."""

from __future__ import annotations

from dataclasses import dataclass

from cspgen.plan.model import PlanBundle


@dataclass(frozen=True)
class PrioritySummary:
    id: str
    title: str
    strands: tuple[str, ...]
    serves: tuple[str, ...]


@dataclass(frozen=True)
class ObjectiveSummary:
    id: str
    title: str


@dataclass(frozen=True)
class PolicePlanSummary:
    title: str
    period: str | None
    objectives: tuple[ObjectiveSummary, ...]


@dataclass(frozen=True)
class PlanSummary:
    folder: str
    title: str
    area: str
    period: str
    kind: str
    status: str
    revision: str | None
    priorities: tuple[PrioritySummary, ...]
    police_plan: PolicePlanSummary | None
    files: tuple[str, ...]  # what its build wrote, by name


def years(start: int, end: int) -> str:
    return f"{start}–{end}"


def summarise(folder: str, bundle: PlanBundle, files: tuple[str, ...]) -> PlanSummary:
    plan = bundle.plan
    priorities = tuple(
        PrioritySummary(doc.id, doc.priority.title, tuple(doc.priority.strands), tuple(doc.priority.serves))
        for doc in bundle.priorities
    )
    return PlanSummary(
        folder=folder,
        title=plan.title,
        area=plan.area,
        period=years(plan.period.start, plan.period.end),
        kind=plan.kind,
        status=plan.status,
        revision=plan.revision,
        priorities=priorities,
        police_plan=_police_plan(bundle),
        files=files,
    )


def _police_plan(bundle: PlanBundle) -> PolicePlanSummary | None:
    policing = bundle.police_and_crime_plan
    if policing is None:
        return None
    period = years(policing.period.start, policing.period.end) if policing.period else None
    objectives = tuple(ObjectiveSummary(o.id, o.title) for o in policing.objectives)
    return PolicePlanSummary(policing.title, period, objectives)

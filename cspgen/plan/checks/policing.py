"""The police and crime plan: every objective a priority says it serves is one the plan names.

Issue 16 will check that each plan has regard to the objectives; that needs `serves` to be right.
"""

from __future__ import annotations

from collections.abc import Iterator

from cspgen.diagnostics import Diagnostic
from cspgen.plan.checks.report import at
from cspgen.plan.errors import did_you_mean
from cspgen.plan.model import PlanBundle


def check_served_objectives(bundle: PlanBundle) -> Iterator[Diagnostic]:
    policing = bundle.police_and_crime_plan
    objectives = [objective.id for objective in policing.objectives] if policing else []
    for doc in bundle.priorities:
        for n, served in enumerate(doc.priority.serves):
            if served in objectives:
                continue
            if policing is None:
                message = (
                    f"`{served}` names a police and crime plan objective, but the plan has none: "
                    "add `police_and_crime_plan` with its `objectives` to plan.yaml, or share a "
                    "county's police-and-crime-plan.yaml"
                )
            else:
                message = (
                    f"`{served}` is not an objective of the police and crime plan"
                    f"{did_you_mean(served, objectives)}; use one of the ids under "
                    "the police and crime plan's `objectives`"
                )
            yield at(doc.source, ("serves", n), "unknown-objective", message)

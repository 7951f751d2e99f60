"""Priority headings: a heading the plan renames for a part that no priority has is never shown."""

from __future__ import annotations

from collections.abc import Iterator

from cspgen.diagnostics import Diagnostic
from cspgen.plan.checks.report import warning_at_key
from cspgen.plan.model import PlanBundle


def check_priority_headings(bundle: PlanBundle) -> Iterator[Diagnostic]:
    headings = bundle.plan.priority_headings
    for name in sorted(headings.model_fields_set, key=list(type(headings).model_fields).index):
        if any(getattr(doc.priority, name) for doc in bundle.priorities):
            continue
        yield warning_at_key(
            bundle.plan_source,
            ("priority_headings", name),
            "unused-heading",
            f"`priority_headings.{name}` is never shown: no priority has `{name}`; "
            f"remove it, or give a priority its `{name}`",
        )

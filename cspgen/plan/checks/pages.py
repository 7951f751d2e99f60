"""Page breaks the printed plan cannot make: a setting that would be ignored is said, not dropped."""

from __future__ import annotations

from collections.abc import Iterator

from cspgen.diagnostics import Diagnostic
from cspgen.plan.checks.report import at
from cspgen.plan.model import PlanBundle
from cspgen.plan.source import FieldPath


def check_page_breaks(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """The contents has a page of its own, so whatever comes first after it starts a new page."""
    plan = bundle.plan
    if plan.foreword is not None:
        return
    first: FieldPath = ("sections", 0) if plan.sections else ("appendices", 0)
    parts = plan.sections or plan.appendices
    if parts and parts[0].new_page is False:
        yield at(
            bundle.plan_source,
            (*first, "new_page"),
            "ignored-new-page",
            "the first part after the contents always starts a new page; remove `new_page: false`",
            warn=True,
        )

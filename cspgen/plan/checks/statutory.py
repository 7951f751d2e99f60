"""Each statutory strand in force during the plan's period is served by some priority."""

from __future__ import annotations

from collections.abc import Iterator

from cspgen.diagnostics import Diagnostic, warning
from cspgen.plan import statutory
from cspgen.plan.dates import long_date
from cspgen.plan.model import PlanBundle


def check_statutory(bundle: PlanBundle) -> Iterator[Diagnostic]:
    report = statutory.assess(bundle)
    where = bundle.plan_source.position(("period",))
    for finding in report:
        if finding.required and not finding.served_by:
            rule = finding.rule
            yield warning(
                bundle.plan_source.path,
                where.line,
                where.column,
                "statutory-strand",
                f"no priority serves the statutory strand `{rule.id}` ({rule.summary}; {rule.source}, "
                f"in force from {long_date(rule.in_force)}); add `{rule.id}` to the `strands` of the "
                "priorities that address it",
                "period",
            )

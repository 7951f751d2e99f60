"""Each required duty in force during the plan's period is shown by the plan.

A statutory strand no priority serves is a warning for every plan, as it has always been. Another
required duty the plan does not show is a warning while the plan is a `draft`: that is when an
officer can still record it. An approved, published plan is a record of what was decided, often a
transcription, and cannot be made to say what it did not; `cspgen check` still gives it every verdict.
"""

from __future__ import annotations

from collections.abc import Iterator

from cspgen.diagnostics import Diagnostic, warning
from cspgen.plan.law.shown import would_show
from cspgen.plan.law.verdicts import Finding, assess
from cspgen.plan.model import PlanBundle


def check_statutory(bundle: PlanBundle) -> Iterator[Diagnostic]:
    draft = bundle.plan.status == "draft"
    for finding in assess(bundle):
        if finding.verdict != "not shown" or not finding.required:
            continue
        if finding.rule.strand:
            yield _strand_not_served(bundle, finding)
        elif draft:
            yield _duty_not_shown(bundle, finding)


def _strand_not_served(bundle: PlanBundle, finding: Finding) -> Diagnostic:
    rule = finding.rule
    where = bundle.plan_source.position(("period",))
    return warning(
        bundle.plan_source.path,
        where.line,
        where.column,
        "statutory-strand",
        f"no priority serves the statutory strand `{rule.id}` ({rule.title}; {rule.source}, "
        f"{finding.why}); add `{rule.id}` to the `strands` of the priorities that address it",
        "period",
    )


def _duty_not_shown(bundle: PlanBundle, finding: Finding) -> Diagnostic:
    rule = finding.rule
    fields = " and ".join(would_show(condition) for condition in finding.missing)
    return warning(
        bundle.plan_source.path,
        1,
        1,
        "duty-not-shown",
        f"the plan does not show the duty `{rule.id}` ({rule.title}; {rule.source}, {finding.why}): "
        f"record {fields}; `cspgen check` explains each duty",
        "",
    )

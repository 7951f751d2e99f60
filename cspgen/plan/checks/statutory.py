"""Each required duty in force during the plan's period is shown by the plan, or `validate` warns.

Every plan is warned, draft or published: a required duty the plan does not show is the truth about
the plan, and `--strict` (CI) refuses it until it is recorded. A statutory strand no priority serves
is located at `period`, as it has always been; another duty at the field that would show it when
that is written (say `public_meetings`, lacking a year), else at the plan.yaml key nearest where it
would go, with the field's path, the rule, its source and what to record. `cspgen check` gives every
verdict, advisory ones and the duties met included.
"""

from __future__ import annotations

from collections.abc import Iterator

from cspgen.diagnostics import Diagnostic, warning
from cspgen.plan import schema
from cspgen.plan.law.shown import PARTNERS, PRIORITIES, alternatives, would_show_all
from cspgen.plan.law.verdicts import Finding, assess
from cspgen.plan.model import PlanBundle
from cspgen.plan.source import FieldPath

PLAN_KEYS = tuple(schema.Plan.model_fields)  # plan.yaml's keys, in the order the format declares them


def check_statutory(bundle: PlanBundle) -> Iterator[Diagnostic]:
    for finding in assess(bundle):
        if finding.verdict != "not shown" or not finding.required:
            continue
        if finding.rule.strand:
            yield _strand_not_served(bundle, finding)
        else:
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
    fields = would_show_all(finding.missing)
    lacking = "".join(f"; {gap}" for gap in finding.lacking)
    field, place = _place(bundle, alternatives(finding.missing[0])[0].path)
    where = bundle.plan_source.position(place, key=True)
    return warning(
        bundle.plan_source.path,
        where.line,
        where.column,
        "duty-not-shown",
        f"the plan does not show the duty `{rule.id}` ({rule.title}; {rule.source}, {finding.why}){lacking}: "
        f"record {fields}; `cspgen check` explains each duty",
        field,
    )


def _place(bundle: PlanBundle, path: str) -> tuple[str, FieldPath]:
    """The path of the field that would show a duty, and where in plan.yaml to point at for it."""
    if path.startswith(PRIORITIES):
        return path, ("period",)
    if path.startswith(PARTNERS):
        return "partnership.partners", ("partnership", "partners")
    field = path.removeprefix("**.")
    keys = tuple(segment.removesuffix("[]") for segment in field.split("."))
    written = bundle.plan_source.data
    if isinstance(written, dict) and keys[0] in written:
        return field, _written_part(written, keys)
    return field, (_nearest_key(written, keys[0]),)


def _written_part(data: dict[str, object], keys: tuple[str, ...]) -> FieldPath:
    """The longest start of `keys` that is written, short of a list's items: the list is the place."""
    found: list[str] = []
    node: object = data
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            break
        found.append(key)
        node = node[key]
    return tuple(found)


def _nearest_key(data: object, key: str) -> str:
    """The written top-level key closest before `key` in the format's order, else closest after it."""
    written = set(data) if isinstance(data, dict) else set()
    index = PLAN_KEYS.index(key) if key in PLAN_KEYS else len(PLAN_KEYS)
    before = [name for name in PLAN_KEYS[:index] if name in written]
    after = [name for name in PLAN_KEYS[index + 1 :] if name in written]
    return before[-1] if before else after[0] if after else "period"

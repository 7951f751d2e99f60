"""Two versions of a plan compared by meaning: what a committee needs to know changed.

Items are matched by identity, not position (matching.py), so an action moved to another
objective or retitled is reported as moved or reworded, never as one removed and one added.
Validated models are compared, so a change of layout alone is never a change; which of their
fields are compared, and how, follows the models themselves (fields.py).
"""

from __future__ import annotations

from cspgen.plan.model import PlanBundle
from cspgen.revisions.change import Group, PlanDiff
from cspgen.revisions.parts import definition_changes, glossary_changes, partner_changes, plan_changes
from cspgen.revisions.priorities import priority_groups


def compare(old: PlanBundle, new: PlanBundle, old_label: str, new_label: str) -> PlanDiff:
    groups = [
        Group("Plan", tuple(plan_changes(old.plan, new.plan))),
        Group("Partners", tuple(partner_changes(old, new))),
        *priority_groups(old, new),
        Group("Glossary", tuple(glossary_changes(old, new))),
        Group("Definitions", tuple(definition_changes(old, new))),
    ]
    kept = tuple(group for group in groups if group.changes)
    return PlanDiff(new.plan.title, old_label, new_label, kept)


def new_plan(new: PlanBundle, old_label: str, new_label: str) -> PlanDiff:
    note = f"The plan is new: it did not exist at {old_label}."
    return PlanDiff(new.plan.title, old_label, new_label, (), note)

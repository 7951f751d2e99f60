"""Ids and leads: priority and item ids are unique, and every lead is a partner."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from cspgen.diagnostics import Diagnostic
from cspgen.plan import schema
from cspgen.plan.checks.report import at
from cspgen.plan.errors import did_you_mean
from cspgen.plan.model import PlanBundle
from cspgen.plan.source import FieldPath


def check_leads(bundle: PlanBundle) -> Iterator[Diagnostic]:
    partners = [partner.id for partner in bundle.partners]
    known = set(partners)
    for doc in bundle.priorities:
        for path, lead in _leads(doc.priority):
            if lead in known:
                continue
            yield at(
                doc.source,
                path,
                "unknown-partner",
                f"`{lead}` is not a partner of the plan{did_you_mean(lead, partners)}; add it to "
                "`partnership.partners` in plan.yaml or use one of its ids",
            )


def lead_fields(bundle: PlanBundle) -> set[tuple[Path, FieldPath]]:
    """Where `lead:` fields are written: their texts are partner ids, checked here, never prose."""
    return {(doc.source.path, path[:-1]) for doc in bundle.priorities for path, _ in _leads(doc.priority)}


def _leads(priority: schema.Priority) -> Iterator[tuple[FieldPath, str]]:
    for o, objective in enumerate(priority.objectives):
        for a, action in enumerate(objective.actions):
            for n, lead in enumerate(action.lead):
                yield ("objectives", o, "actions", a, "lead", n), lead
    for m, measure in enumerate(priority.measures):
        for n, lead in enumerate(measure.lead):
            yield ("measures", m, "lead", n), lead


def check_priority_ids(bundle: PlanBundle) -> Iterator[Diagnostic]:
    first: dict[str, str] = {}
    for doc in bundle.priorities:
        if doc.id in first:
            yield at(
                doc.source,
                ("id",),
                "duplicate-id",
                f"priority id `{doc.id}` is also used by {first[doc.id]}",
            )
        first.setdefault(doc.id, doc.source.path.name)


def check_item_ids(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """Explicit ids of objectives, actions, commitments and outcomes are unique: diff matches on them."""
    seen: dict[str, str] = {}
    for doc in bundle.priorities:
        for path, item_id in _item_ids(doc.priority):
            if item_id is None:
                continue
            if item_id in seen:
                yield at(doc.source, path, "duplicate-id", f"id `{item_id}` is also used in {seen[item_id]}")
            seen.setdefault(item_id, doc.source.path.name)


def _item_ids(priority: schema.Priority) -> Iterator[tuple[FieldPath, str | None]]:
    for o, objective in enumerate(priority.objectives):
        yield ("objectives", o, "id"), objective.id
        for a, action in enumerate(objective.actions):
            yield ("objectives", o, "actions", a, "id"), action.id
    promises: dict[str, Sequence[schema.Commitment | schema.Outcome]] = {
        "commitments": priority.commitments,
        "outcomes": priority.outcomes,
    }
    for name, items in promises.items():
        for n, item in enumerate(items):
            yield (name, n, "id"), item.id

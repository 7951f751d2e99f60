"""Priorities, objectives and actions compared, grouped under the priority they belong to.

Objectives and actions are matched across the whole plan, so one moved between priorities
is told as moved; an action is also recognised by a dated progress text it kept.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field

from cspgen.plan import schema
from cspgen.plan.model import PlanBundle, PriorityDoc
from cspgen.revisions.change import Change, Group
from cspgen.revisions.commitments import promise_changes
from cspgen.revisions.content import content_changes
from cspgen.revisions.fields import Rule, field_changes, model_changes, value_text
from cspgen.revisions.matching import Item, match
from cspgen.revisions.measures import assessment_changes, measure_changes


@dataclass
class _Groups:
    """Changes gathered under the priority they belong to, in the new plan's order."""

    headings: dict[str, str] = field(default_factory=dict)
    changes: dict[str, list[Change]] = field(default_factory=dict)

    def open(self, key: str, heading: str) -> None:
        self.headings.setdefault(key, heading)
        self.changes.setdefault(key, [])

    def add(self, key: str, changes: Iterable[Change]) -> None:
        self.changes[key].extend(changes)

    def groups(self) -> Iterator[Group]:
        for key, heading in self.headings.items():
            yield Group(heading, tuple(_opened_periods(self.changes[key])))


def _opened_periods(changes: list[Change]) -> list[Change]:
    """A rollover's empty updates, one per action, said once: the period and how many actions."""
    counts = Counter(change.field for change in changes if _is_opened(change))
    said: set[str] = set()
    kept: list[Change] = []
    for change in changes:
        if not _is_opened(change) or counts[change.field] < 2:
            kept.append(change)
        elif change.field not in said:
            said.add(change.field)
            period = change.field.removeprefix("progress ")
            context = f", still to be written, in {counts[change.field]} actions"
            kept.append(Change("added", "progress update", period, context=context))
    return kept


def _is_opened(change: Change) -> bool:
    return change.kind == "added" and change.field.startswith("progress ") and change.new is None


def priority_groups(old: PlanBundle, new: PlanBundle) -> Iterator[Group]:
    priorities = match(
        [Item(d, d.priority.title, "", i, d.priority.id, d.id) for i, d in enumerate(old.priorities)],
        [Item(d, d.priority.title, "", i, d.priority.id, d.id) for i, d in enumerate(new.priorities)],
    )
    groups = _Groups()
    home: dict[str, str] = {}  # old priority id -> the group it is reported under
    for doc in new.priorities:
        groups.open(doc.id, doc.heading)
    for a, b in priorities.pairs:
        home[a.value.id] = b.value.id
        groups.add(b.value.id, _priority_changes(a.value, b.value))
    for item in priorities.added:
        groups.add(item.value.id, [Change("added", "priority", item.title, context=_size(item.value))])
    for item in priorities.removed:
        key = f"removed:{item.value.id}"
        home[item.value.id] = key
        label = item.value.label
        groups.open(key, f"{item.title} (was {label})" if label else item.title)
        groups.add(key, [Change("removed", "priority", item.title, context=_size(item.value))])
    added_priorities = {item.value.id for item in priorities.added}
    _objectives_and_actions(old, new, home, groups, added_priorities)
    yield from groups.groups()


def _size(doc: PriorityDoc) -> str:
    objectives = len(doc.priority.objectives)
    actions = sum(len(objective.actions) for objective in doc.priority.objectives)
    if not objectives:
        return ""
    return (
        f", with {objectives} objective{'s' * (objectives != 1)} and {actions} action{'s' * (actions != 1)}"
    )


def _priority_changes(old: PriorityDoc, new: PriorityDoc) -> Iterator[Change]:
    title = new.priority.title
    before, after = old.priority, new.priority
    if old.label and new.label and old.label != new.label:
        yield Change("moved", "priority", title, "", old.label, new.label)
    elif before.label != after.label:
        yield from field_changes("priority", title, "label", old.label, new.label)

    def reworded() -> Iterator[Change]:
        if before.title != title:
            yield Change("reworded", "priority", title, "", before.title, title)

    rules: dict[str, Rule] = {
        "title": reworded,
        "definition": functools.partial(
            content_changes, "priority", title, before.definition, after.definition, "definition"
        ),
        "why": functools.partial(content_changes, "priority", title, before.why, after.why),
        "response": functools.partial(
            content_changes, "priority", title, before.response, after.response, "response"
        ),
        "commitments": functools.partial(
            promise_changes, "commitment", before.commitments, after.commitments
        ),
        "outcomes": functools.partial(promise_changes, "outcome", before.outcomes, after.outcomes),
        "measures": functools.partial(measure_changes, old, new),
        "assessment": functools.partial(assessment_changes, title, before.assessment, after.assessment),
    }
    yield from model_changes("priority", title, before, after, rules)


@dataclass(frozen=True)
class _Placed:
    """An objective or action with where it stands: `key` names its objective within its plan."""

    doc: PriorityDoc
    objective: schema.Objective
    key: str
    action: schema.Action | None = None


def _objectives_and_actions(
    old: PlanBundle, new: PlanBundle, home: dict[str, str], groups: _Groups, quiet: set[str]
) -> None:
    """Objectives, then actions, matched across the whole plan so moves between priorities are seen."""
    objectives = match(
        [
            Item(p, p.objective.title, home[p.doc.id], i, p.objective.id)
            for i, p in enumerate(_objectives(old, "old"))
        ],
        [
            Item(p, p.objective.title, p.doc.id, i, p.objective.id)
            for i, p in enumerate(_objectives(new, "new"))
        ],
    )
    becomes = {a.value.key: b.value.key for a, b in objectives.pairs}
    for a, b in objectives.pairs:
        groups.add(b.parent, _objective_changes(a, b))
    for item in objectives.added:
        if item.parent not in quiet:
            groups.add(item.parent, [Change("added", "objective", item.title)])
    for item in objectives.removed:
        if not item.parent.startswith("removed:"):
            size = len(item.value.objective.actions)
            context = f", with {size} action{'s' * (size != 1)}" if size else ""
            groups.add(item.parent, [Change("removed", "objective", item.title, context=context)])
    actions = match(
        [
            Item(p, _title(p), becomes.get(p.key, p.key), i, _action_id(p))
            for i, p in enumerate(_actions(old, "old"))
        ],
        [Item(p, _title(p), p.key, i, _action_id(p)) for i, p in enumerate(_actions(new, "new"))],
        _history,
    )
    for a, b in actions.pairs:
        groups.add(b.value.doc.id, _action_changes(a, b))
    for item in actions.added:
        if item.value.doc.id not in quiet:
            groups.add(item.value.doc.id, [_added_action(item.value)])
    gone = {item.value.key for item in objectives.removed}
    for item in actions.removed:
        if item.value.key not in gone:
            groups.add(home[item.value.doc.id], [Change("removed", "action", item.title)])


def _objectives(bundle: PlanBundle, side: str) -> Iterator[_Placed]:
    for doc in bundle.priorities:
        for index, objective in enumerate(doc.priority.objectives):
            yield _Placed(doc, objective, f"{side}:{doc.id}#{index}")


def _actions(bundle: PlanBundle, side: str) -> Iterator[_Placed]:
    for placed in _objectives(bundle, side):
        for action in placed.objective.actions:
            yield _Placed(placed.doc, placed.objective, placed.key, action)


def _title(placed: _Placed) -> str:
    return placed.action.title if placed.action else placed.objective.title


def _action_id(placed: _Placed) -> str | None:
    return placed.action.id if placed.action else None


def _history(placed: _Placed) -> set[Hashable]:
    """Dated progress texts: two actions sharing one are the same, however the title was rewritten."""
    assert placed.action is not None
    return {(u.period, u.text) for u in placed.action.progress if u.text}


def _where(placed: _Placed) -> str:
    return f"objective “{placed.objective.title}” ({placed.doc.reference})"


def _objective_changes(a: Item[_Placed], b: Item[_Placed]) -> Iterator[Change]:
    before, after = a.value.objective, b.value.objective
    title = after.title
    if a.parent != b.parent:
        yield Change("moved", "objective", title, "", a.value.doc.reference, b.value.doc.reference)

    def reworded() -> Iterator[Change]:
        if before.title != title:
            yield Change("reworded", "objective", title, "", before.title, title)

    yield from model_changes("objective", title, before, after, {"title": reworded})


def _added_action(placed: _Placed) -> Change:
    assert placed.action is not None
    lead = f"; lead {value_text(placed.action.lead)}" if placed.action.lead else ""
    return Change("added", "action", placed.action.title, context=f" under {_where(placed)}{lead}")


def _action_changes(a: Item[_Placed], b: Item[_Placed]) -> Iterator[Change]:
    before, after = a.value.action, b.value.action
    assert before is not None and after is not None
    title = after.title
    if a.parent != b.parent:
        yield Change("moved", "action", title, "", _where(a.value), _where(b.value))

    def reworded() -> Iterator[Change]:
        if before.title != title:
            yield Change("reworded", "action", title, "", before.title, title)

    rules: dict[str, Rule] = {
        "title": reworded,
        "lead": functools.partial(_lead_changes, title, before.lead, after.lead),
        "progress": functools.partial(_progress_changes, title, before.progress, after.progress),
    }
    yield from model_changes("action", title, before, after, rules)


def _lead_changes(title: str, old: list[str], new: list[str]) -> Iterator[Change]:
    if old == new:
        return
    gained = [lead for lead in new if lead not in old]
    lost = [lead for lead in old if lead not in new]
    notes = [f"{', '.join(gained)} added" if gained else "", f"{', '.join(lost)} removed" if lost else ""]
    note = "; ".join(part for part in notes if part) or "reordered"
    yield from field_changes("action", title, "lead", old, new, context=f" ({note})")


def _progress_changes(title: str, old: list[schema.Update], new: list[schema.Update]) -> Iterator[Change]:
    before = {update.period: update.text for update in old}
    after = {update.period: update.text for update in new}
    unwritten = {update.period for update in new if update.status == "to-write" or not update.text}
    for period, text in after.items():
        label = f"progress {period}"
        if period not in before:
            note = " (still to be written)" if period in unwritten else ""
            yield Change("added", "action", title, label, new=text or None, context=note, long_text=True)
        elif before[period] != text:
            yield from field_changes("action", title, label, before[period], text, long_text=True)
    for period, text in before.items():
        if period not in after:
            yield Change("removed", "action", title, f"progress {period}", old=text or None, long_text=True)

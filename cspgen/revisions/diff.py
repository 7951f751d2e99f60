"""Two versions of a plan compared by meaning: what a committee needs to know changed.

Items are matched by identity, not position: explicit `id:` fields first, then the
priority file's slug, then the same title, then a close title (a rewording), and for
actions the same dated progress text. So an action moved to another objective or
retitled is reported as moved or reworded, never as one removed and one added.
Validated models are compared, so a change of layout alone is never a change.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from cspgen.plan import schema
from cspgen.plan.figures import format_plain
from cspgen.plan.model import PlanBundle, PriorityDoc, expansion

Kind = Literal["added", "removed", "moved", "reworded", "changed"]
KINDS: tuple[Kind, ...] = ("added", "removed", "moved", "reworded", "changed")
T = TypeVar("T")

SAME_PARENT = 0.6  # how alike two titles must be to be one item reworded
OTHER_PARENT = 0.8  # ...when the item also moved


@dataclass(frozen=True)
class Change:
    """One change. `field` names a part of the item (`lead`, `progress 2021-22`); empty for the item."""

    kind: Kind
    subject: str
    name: str = ""
    field: str = ""
    old: str | None = None
    new: str | None = None
    context: str = ""
    long_text: bool = False


@dataclass(frozen=True)
class Group:
    heading: str
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class PlanDiff:
    title: str
    old_label: str
    new_label: str
    groups: tuple[Group, ...]
    note: str = ""

    def count(self, kind: Kind) -> int:
        return sum(change.kind == kind for group in self.groups for change in group.changes)

    @property
    def total(self) -> int:
        return sum(len(group.changes) for group in self.groups)

    def summary(self) -> str:
        if not self.total:
            return "no changes"
        parts = [f"{self.count(kind)} {kind}" for kind in KINDS if self.count(kind)]
        return f"{self.total} change{'s' * (self.total != 1)}: {', '.join(parts)}"


def compare(old: PlanBundle, new: PlanBundle, old_label: str, new_label: str) -> PlanDiff:
    groups = [
        Group("Plan", tuple(_plan_changes(old.plan, new.plan))),
        Group("Partners", tuple(_partner_changes(old, new))),
        *_priority_groups(old, new),
        Group("Glossary", tuple(_glossary_changes(old, new))),
        Group("Definitions", tuple(_definition_changes(old, new))),
    ]
    kept = tuple(group for group in groups if group.changes)
    return PlanDiff(new.plan.title, old_label, new_label, kept)


def new_plan(new: PlanBundle, old_label: str, new_label: str) -> PlanDiff:
    note = f"The plan is new: it did not exist at {old_label}."
    return PlanDiff(new.plan.title, old_label, new_label, (), note)


# --- matching ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Item(Generic[T]):
    """Something to match: `id` is explicit (different ids never match), `hint` a derived one."""

    value: T
    title: str
    parent: str
    position: int
    id: str | None = None
    hint: str | None = None


@dataclass(frozen=True)
class Matching(Generic[T]):
    pairs: list[tuple[Item[T], Item[T]]]
    removed: list[Item[T]]
    added: list[Item[T]]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def similarity(left: str, right: str) -> float:
    return _word_similarity(words(left), words(right))


def _word_similarity(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


FUZZY_CANDIDATES = 64  # new items an old one is compared with when fewer would not be all of them

Pair = tuple[Item[T], Item[T]]


def match(
    old: list[Item[T]], new: list[Item[T]], history: Callable[[T], set[Hashable]] | None = None
) -> Matching[T]:
    """Pair old items with new ones, surest first; what is left was removed or added.

    Same ids, hints or titles are looked up, not compared pair by pair; a close title is
    looked for among the new items sharing the old one's rarest words (every new item while
    there are few). With `history`, items under the same parent sharing an entry match.
    """
    pairs: list[Pair[T]] = []
    left_old, left_new = list(old), list(new)
    titles = {id(item): words(item.title) for item in [*old, *new]}

    def take(candidates: Iterable[Pair[T]], accept: Callable[[Item[T], Item[T]], float | None]) -> None:
        scored = []
        for a, b in candidates:
            if a.id and b.id and a.id != b.id:
                continue
            score = accept(a, b)
            if score is not None:
                scored.append((-score, a.position, b.position, a, b))
        scored.sort(key=lambda entry: entry[:3])
        taken: set[int] = set()
        for _, _, _, a, b in scored:
            if id(a) not in taken and id(b) not in taken:
                pairs.append((a, b))
                taken.update((id(a), id(b)))
        left_old[:] = [item for item in left_old if id(item) not in taken]
        left_new[:] = [item for item in left_new if id(item) not in taken]

    def keyed(key: Callable[[Item[T]], Iterable[Hashable]]) -> Iterator[Pair[T]]:
        return _keyed_pairs(left_old, left_new, key)

    take(keyed(lambda item: [item.id] if item.id else []), lambda a, b: 1.0)
    take(keyed(lambda item: [item.hint] if item.hint else []), lambda a, b: 1.0)
    take(keyed(lambda item: [tuple(titles[id(item)])]), lambda a, b: 1.0 + (a.parent == b.parent))

    def alike(a: Item[T], b: Item[T]) -> float | None:
        if a.id and b.id:
            return None
        needed = SAME_PARENT if a.parent == b.parent else OTHER_PARENT
        one, other = titles[id(a)], titles[id(b)]
        if one and other and 2.0 * min(len(one), len(other)) / (len(one) + len(other)) < needed:
            return None  # even every word in common would not be alike enough (difflib's bound)
        score = _word_similarity(one, other)
        return score + 0.1 * (a.parent == b.parent) if score >= needed else None

    take(_close_pairs(left_old, left_new, titles), alike)
    if history is not None:
        entries = history
        take(keyed(lambda item: [(item.parent, entry) for entry in entries(item.value)]), lambda a, b: 1.0)
    pairs.sort(key=lambda pair: pair[1].position)
    return Matching(pairs, left_old, left_new)


def _keyed_pairs(
    old: list[Item[T]], new: list[Item[T]], key: Callable[[Item[T]], Iterable[Hashable]]
) -> Iterator[Pair[T]]:
    """Each old item with every new one sharing a key, in the order of the two lists."""
    found: dict[Hashable, list[int]] = {}
    for number, item in enumerate(new):
        for value in key(item):
            found.setdefault(value, []).append(number)
    for a in old:
        numbers = {number for value in key(a) for number in found.get(value, ())}
        yield from ((a, new[number]) for number in sorted(numbers))


def _close_pairs(old: list[Item[T]], new: list[Item[T]], titles: dict[int, list[str]]) -> Iterator[Pair[T]]:
    """The pairs worth comparing for a close title: all of them while there are few new items,
    else each old item with the new ones sharing its rarest words, up to FUZZY_CANDIDATES."""
    if len(new) <= FUZZY_CANDIDATES:
        yield from ((a, b) for a in old for b in new)
        return
    holding: dict[str, list[int]] = {}
    for number, item in enumerate(new):
        for word in dict.fromkeys(titles[id(item)]):
            holding.setdefault(word, []).append(number)
    for a in old:
        rarest = sorted(dict.fromkeys(titles[id(a)]), key=lambda word: (len(holding.get(word, ())), word))
        chosen: set[int] = set()
        for word in rarest:
            numbers = holding.get(word, [])
            if chosen and len(chosen) + len(numbers) > FUZZY_CANDIDATES:
                break
            chosen.update(numbers[: FUZZY_CANDIDATES - len(chosen)])
        yield from ((a, new[number]) for number in sorted(chosen))


# --- the plan ---------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        return format_plain(value)
    if isinstance(value, list | tuple):
        return ", ".join(_text(item) for item in value)
    return str(value)


def _field(subject: str, name: str, label: str, old: object, new: object, **extra: Any) -> Iterator[Change]:
    """A changed value: added when it was empty, removed when it is now empty."""
    before, after = _text(old), _text(new)
    if before == after:
        return
    kind: Kind = "changed" if before and after else "added" if after else "removed"
    yield Change(kind, subject, name, label, before or None, after or None, **extra)


def _plan_changes(old: schema.Plan, new: schema.Plan) -> Iterator[Change]:
    for label, attribute in (
        ("title", "title"),
        ("subtitle", "subtitle"),
        ("kind", "kind"),
        ("area", "area"),
        ("revision", "revision"),
        ("published", "published"),
        ("status", "status"),
        ("shared folders", "shared"),
    ):
        yield from _field("plan", "", label, getattr(old, attribute), getattr(new, attribute))
    yield from _field("plan", "", "period", _period(old.period), _period(new.period))
    yield from _field("plan", "", "partnership", old.partnership.name, new.partnership.name)
    yield from _foreword_changes(old.foreword, new.foreword)
    yield from _part_changes("sections", old.sections, new.sections)
    yield from _part_changes("appendices", old.appendices, new.appendices)


def _period(period: schema.Period) -> str:
    return f"{period.start}–{period.end}"


def _foreword_changes(old: schema.Foreword | None, new: schema.Foreword | None) -> Iterator[Change]:
    if old is None or new is None:
        if new is not None:
            yield Change("added", "foreword", new.title)
        if old is not None:
            yield Change("removed", "foreword", old.title)
        return
    yield from _field("foreword", new.title, "title", old.title, new.title)
    signed = [(s.name, s.role) if s else None for s in (old.signatory, new.signatory)]
    if signed[0] != signed[1]:
        yield from _field("foreword", new.title, "signed by", _signatory(old), _signatory(new))
    yield from _content_changes("foreword", new.title, old.content, new.content)


def _signatory(foreword: schema.Foreword) -> str:
    signatory = foreword.signatory
    if signatory is None:
        return ""
    return f"{signatory.name}, {signatory.role}" if signatory.role else signatory.name


def _flat_parts(parts: list[Any], trail: str = "") -> Iterator[tuple[str, schema.Section | schema.Generated]]:
    for part in parts:
        if isinstance(part, schema.Section):
            title = f"{trail} › {part.title}" if trail else part.title
            yield title, part
            yield from _flat_parts(part.subsections, title)
        else:
            yield f"{trail} › {part.generated}" if trail else part.generated, part


def _part_items(parts: list[Any]) -> list[Item[schema.Section | schema.Generated]]:
    items: list[Item[schema.Section | schema.Generated]] = []
    for position, (title, part) in enumerate(_flat_parts(parts)):
        if isinstance(part, schema.Section):
            items.append(Item(part, title, "", position, hint=part.id or schema.slugify(part.title)))
        else:
            items.append(Item(part, title, "", position, id=f"generated-{part.generated}"))
    return items


def _part_changes(where: str, old: list[Any], new: list[Any]) -> Iterator[Change]:
    subject = "section" if where == "sections" else "appendix"
    found = match(_part_items(old), _part_items(new))
    for item in found.removed:
        yield Change("removed", _part_subject(item.value, subject), item.title)
    for item in found.added:
        yield Change("added", _part_subject(item.value, subject), item.title)
    for a, b in found.pairs:
        before, after = a.value, b.value
        if isinstance(before, schema.Section) and isinstance(after, schema.Section):
            if before.title != after.title:
                yield Change("reworded", subject, after.title, "", before.title, after.title)
            yield from _content_changes(subject, b.title, before.content, after.content)
        elif isinstance(before, schema.Generated) and isinstance(after, schema.Generated):
            for label in ("title", "intro"):
                yield from _field(
                    "generated part", after.generated, label, getattr(before, label), getattr(after, label)
                )


def _part_subject(part: object, subject: str) -> str:
    return "generated part" if isinstance(part, schema.Generated) else subject


def _content_changes(subject: str, name: str, old: Any, new: Any) -> Iterator[Change]:
    """Text compared as text; tables and charts figure by figure."""
    old_blocks, new_blocks = schema.blocks_of(old), schema.blocks_of(new)
    old_text = "\n\n".join(block for block in old_blocks if isinstance(block, str))
    new_text = "\n\n".join(block for block in new_blocks if isinstance(block, str))
    if old_text != new_text:
        yield from _field(subject, name, "text", old_text, new_text, long_text=True)
    yield from _table_changes(_tables(old_blocks), _tables(new_blocks))
    yield from _chart_changes(_charts(old_blocks), _charts(new_blocks))
    old_contacts = [
        _contact(c) for b in old_blocks if isinstance(b, schema.ContactsBlock) for c in b.contacts
    ]
    new_contacts = [
        _contact(c) for b in new_blocks if isinstance(b, schema.ContactsBlock) for c in b.contacts
    ]
    for contact in old_contacts:
        if contact not in new_contacts:
            yield Change("removed", "contact", contact, context=f" in {subject} “{name}”")
    for contact in new_contacts:
        if contact not in old_contacts:
            yield Change("added", "contact", contact, context=f" in {subject} “{name}”")


def _contact(contact: schema.Contact) -> str:
    details = [contact.role, *contact.address, contact.phone, contact.email]
    return ", ".join([contact.name, *(part for part in details if part)])


def _tables(blocks: list[Any]) -> list[schema.Table]:
    return [block.table for block in blocks if isinstance(block, schema.TableBlock)]


def _charts(blocks: list[Any]) -> list[schema.Chart]:
    return [block.chart for block in blocks if isinstance(block, schema.ChartBlock)]


def _table_changes(old: list[schema.Table], new: list[schema.Table]) -> Iterator[Change]:
    return _figure_changes("table", old, new, lambda table: table.caption, _cells)


def _cells(table: schema.Table) -> dict[tuple[str, str], str]:
    """Each cell by (row name, column label): rows are named by their first cell, else their number."""
    cells = {}
    for index, row in enumerate(table.rows):
        name = _text(row[0]) if table.row_headers and row and row[0] is not None else f"row {index + 1}"
        for column, value in zip(table.columns, row, strict=False):
            cells[(name, column.label)] = _text(value)
    return cells


def _chart_changes(old: list[schema.Chart], new: list[schema.Chart]) -> Iterator[Change]:
    return _figure_changes("chart", old, new, lambda chart: chart.title, _points)


def _figure_changes(
    kind: str,
    old: list[Any],
    new: list[Any],
    title_of: Callable[[Any], str],
    cells_of: Callable[[Any], dict[tuple[str, str], str]],
) -> Iterator[Change]:
    """Tables and charts alike: matched by title, then compared cell by cell."""
    found = match(
        [Item(value, title_of(value), "", i) for i, value in enumerate(old)],
        [Item(value, title_of(value), "", i) for i, value in enumerate(new)],
    )
    for item in found.removed:
        yield Change("removed", kind, item.title)
    for item in found.added:
        yield Change("added", kind, item.title)
    for a, b in found.pairs:
        if a.title != b.title:
            yield Change("reworded", kind, b.title, "", a.title, b.title)
        yield from _grid_changes(kind, b.title, cells_of(a.value), cells_of(b.value))


def _points(chart: schema.Chart) -> dict[tuple[str, str], str]:
    return {
        (series.label, category): _text(value)
        for series in chart.series
        for category, value in zip(chart.categories, series.values, strict=False)
    }


def _grid_changes(
    subject: str, name: str, old: dict[tuple[str, str], str], new: dict[tuple[str, str], str]
) -> Iterator[Change]:
    """Figures by row and column: a new row is one change, not one per cell."""
    old_rows = {row for row, _ in old}
    new_rows = {row for row, _ in new}
    for row in _ordered(new, new_rows - old_rows):
        yield Change("added", subject, name, f"“{row}”", new=_row_text(new, row))
    for row in _ordered(old, old_rows - new_rows):
        yield Change("removed", subject, name, f"“{row}”", old=_row_text(old, row))
    for key, after in new.items():
        if key[0] in old_rows and old.get(key, "") != after:
            yield from _field(subject, name, f"“{key[0]}” / {key[1]}", old.get(key, ""), after)
    for key, before in old.items():
        if key[0] in new_rows and key not in new and before:
            yield Change("removed", subject, name, f"“{key[0]}” / {key[1]}", old=before)


def _ordered(cells: dict[tuple[str, str], str], rows: set[str]) -> list[str]:
    return list(dict.fromkeys(row for row, _ in cells if row in rows))


def _row_text(cells: dict[tuple[str, str], str], row: str) -> str:
    """The row's other cells: `Deliberate fires 97`."""
    return ", ".join(
        f"{column} {value}"
        for (name, column), value in cells.items()
        if name == row and value and value != row
    )


def _partner_changes(old: PlanBundle, new: PlanBundle) -> Iterator[Change]:
    before = {partner.id: partner for partner in old.partners}
    after = {partner.id: partner for partner in new.partners}
    for key, partner in after.items():
        if key not in before:
            yield Change("added", "partner", key, new=partner.name)
    for key, partner in before.items():
        if key not in after:
            yield Change("removed", "partner", key, old=partner.name)
    for key in (key for key in after if key in before):
        yield from _field("partner", key, "name", before[key].name, after[key].name)
        yield from _field("partner", key, "statutory", before[key].statutory, after[key].statutory)


def _glossary_changes(old: PlanBundle, new: PlanBundle) -> Iterator[Change]:
    before, after = old.glossary.terms, new.glossary.terms
    for term in (term for term in after if term not in before):
        yield Change("added", "term", term, new=expansion(after[term]))
    for term in (term for term in before if term not in after):
        yield Change("removed", "term", term, old=expansion(before[term]))
    for term in (term for term in after if term in before):
        yield from _field("term", term, "expansion", expansion(before[term]), expansion(after[term]))


def _definition_changes(old: PlanBundle, new: PlanBundle) -> Iterator[Change]:
    before, after = old.definitions.terms, new.definitions.terms
    for term in (term for term in after if term not in before):
        yield Change("added", "definition", term)
    for term in (term for term in before if term not in after):
        yield Change("removed", "definition", term)
    for term in (term for term in after if term in before):
        yield from _field(
            "definition",
            term,
            "text",
            schema.definition_text(before[term]),
            schema.definition_text(after[term]),
            long_text=True,
        )


# --- priorities, objectives, actions, measures ---------------------------------------------------


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


def _priority_groups(old: PlanBundle, new: PlanBundle) -> Iterator[Group]:
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
        groups.open(key, f"{item.title} (was {item.value.label})")
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
    if old.label != new.label:
        yield Change("moved", "priority", title, "", old.label, new.label)
    if old.priority.title != title:
        yield Change("reworded", "priority", title, "", old.priority.title, title)
    yield from _field("priority", title, "delivered by", old.priority.group, new.priority.group)
    yield from _field("priority", title, "statutory strands", old.priority.strands, new.priority.strands)
    yield from _content_changes("priority", title, old.priority.why, new.priority.why)
    yield from _measure_changes(old, new)
    yield from _assessment_changes(title, old.priority.assessment, new.priority.assessment)


def _assessment_changes(
    title: str, old: schema.Assessment | None, new: schema.Assessment | None
) -> Iterator[Change]:
    if old is None or new is None:
        if old is not new:
            yield Change("added" if new else "removed", "risk and threat assessment", title)
        return
    for level in ("strategic", "operational"):
        for scope in ("county", "local"):
            before = getattr(getattr(old, level), scope)
            after = getattr(getattr(new, level), scope)
            label = f"{level} response ({scope})"
            yield from _field(
                "assessment", title, label, "\n\n".join(before), "\n\n".join(after), long_text=True
            )
    yield from _field("assessment", title, "focus", old.decision.focus, new.decision.focus)
    yield from _field("assessment", title, "funding", old.decision.funding, new.decision.funding)
    yield from _field(
        "assessment",
        title,
        "decision",
        "\n\n".join(old.decision.notes),
        "\n\n".join(new.decision.notes),
        long_text=True,
    )


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
    return f"objective “{placed.objective.title}” ({placed.doc.label})"


def _objective_changes(a: Item[_Placed], b: Item[_Placed]) -> Iterator[Change]:
    before, after = a.value, b.value
    title = after.objective.title
    if a.parent != b.parent:
        yield Change("moved", "objective", title, "", before.doc.label, after.doc.label)
    if before.objective.title != title:
        yield Change("reworded", "objective", title, "", before.objective.title, title)
    yield from _field("objective", title, "theme", before.objective.theme, after.objective.theme)


def _added_action(placed: _Placed) -> Change:
    assert placed.action is not None
    lead = f"; lead {_text(placed.action.lead)}" if placed.action.lead else ""
    return Change("added", "action", placed.action.title, context=f" under {_where(placed)}{lead}")


def _action_changes(a: Item[_Placed], b: Item[_Placed]) -> Iterator[Change]:
    before, after = a.value.action, b.value.action
    assert before is not None and after is not None
    title = after.title
    if a.parent != b.parent:
        yield Change("moved", "action", title, "", _where(a.value), _where(b.value))
    if before.title != title:
        yield Change("reworded", "action", title, "", before.title, title)
    if before.lead != after.lead:
        gained = [lead for lead in after.lead if lead not in before.lead]
        lost = [lead for lead in before.lead if lead not in after.lead]
        notes = [f"{', '.join(gained)} added" if gained else "", f"{', '.join(lost)} removed" if lost else ""]
        note = "; ".join(part for part in notes if part) or "reordered"
        yield from _field("action", title, "lead", before.lead, after.lead, context=f" ({note})")
    yield from _field("action", title, "due", before.due, after.due)
    yield from _progress_changes(title, before.progress, after.progress)


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
            yield from _field("action", title, label, before[period], text, long_text=True)
    for period, text in before.items():
        if period not in after:
            yield Change("removed", "action", title, f"progress {period}", old=text or None, long_text=True)


def _measure_changes(old: PriorityDoc, new: PriorityDoc) -> Iterator[Change]:
    found = match(
        [Item(m, m.title, "", i, hint=m.indicator) for i, m in enumerate(old.priority.measures)],
        [Item(m, m.title, "", i, hint=m.indicator) for i, m in enumerate(new.priority.measures)],
    )
    for item in found.added:
        yield Change("added", "measure", item.title, context=_figures_note(item.value))
    for item in found.removed:
        yield Change("removed", "measure", item.title)
    for a, b in found.pairs:
        before, after = a.value, b.value
        title = after.title
        if before.title != title:
            yield Change("reworded", "measure", title, "", before.title, title)
        for label in ("indicator", "direction", "unit", "theme", "change"):
            yield from _field("measure", title, label, getattr(before, label), getattr(after, label))
        yield from _field("measure", title, "lead", before.lead, after.lead)
        yield from _field("measure", title, "note", before.note, after.note, long_text=True)
        yield from _field("measure", title, "baseline", _figure(before.baseline), _figure(after.baseline))
        yield from _field("measure", title, "target", _figure(before.target), _figure(after.target))
        yield from _series("measure", title, "milestone", before.milestones, after.milestones)
        yield from _series("measure", title, "actual", before.actuals, after.actuals)


def _figure(figure: schema.Figure | None) -> str:
    if figure is None:
        return ""
    note = f" ({figure.note})" if figure.note else ""
    return f"{format_plain(figure.value)} in {figure.period}{note}"


def _figures_note(measure: schema.Measure) -> str:
    parts = [
        f"{label} {_figure(figure)}"
        for label, figure in (("baseline", measure.baseline), ("target", measure.target))
        if figure
    ]
    return f" ({'; '.join(parts)})" if parts else ""


def _series(
    subject: str, name: str, label: str, old: list[schema.Figure], new: list[schema.Figure]
) -> Iterator[Change]:
    """Yearly figures by period: a new year's actual is added, a corrected one changed."""
    before = {figure.period: figure for figure in old}
    after = {figure.period: figure for figure in new}
    for period, figure in after.items():
        value = _value(figure)
        if period not in before:
            yield Change("added", subject, name, f"{label} {period}", new=value)
        else:
            yield from _field(subject, name, f"{label} {period}", _value(before[period]), value)
    for period, figure in before.items():
        if period not in after:
            yield Change("removed", subject, name, f"{label} {period}", old=_value(figure))


def _value(figure: schema.Figure) -> str:
    return format_plain(figure.value) + (f" ({figure.note})" if figure.note else "")

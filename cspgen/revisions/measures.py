"""A priority's measures and its risk and threat assessment compared."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from cspgen.plan import schema
from cspgen.plan.figures import format_plain
from cspgen.plan.model import PriorityDoc
from cspgen.revisions.change import Change
from cspgen.revisions.fields import Rule, field_changes, figure_text, model_changes
from cspgen.revisions.matching import Item, match


def measure_changes(old: PriorityDoc, new: PriorityDoc) -> Iterator[Change]:
    found = match(
        [Item(m, m.title, "", i, hint=m.indicator) for i, m in enumerate(old.priority.measures)],
        [Item(m, m.title, "", i, hint=m.indicator) for i, m in enumerate(new.priority.measures)],
    )
    for item in found.added:
        yield Change("added", "measure", item.title, context=_figures_note(item.value))
    for item in found.removed:
        yield Change("removed", "measure", item.title)
    for a, b in found.pairs:
        yield from _paired_measure_changes(a.value, b.value)


def _paired_measure_changes(before: schema.Measure, after: schema.Measure) -> Iterator[Change]:
    title = after.title

    def reworded() -> Iterator[Change]:
        if before.title != title:
            yield Change("reworded", "measure", title, "", before.title, title)

    rules: dict[str, Rule] = {
        "title": reworded,
        "milestones": functools.partial(_series, title, "milestone", before.milestones, after.milestones),
        "actuals": functools.partial(_series, title, "actual", before.actuals, after.actuals),
    }
    yield from model_changes("measure", title, before, after, rules)


def _figures_note(measure: schema.Measure) -> str:
    parts = [
        f"{label} {figure_text(figure)}"
        for label, figure in (("baseline", measure.baseline), ("target", measure.target))
        if figure
    ]
    return f" ({'; '.join(parts)})" if parts else ""


def _series(name: str, label: str, old: list[schema.Figure], new: list[schema.Figure]) -> Iterator[Change]:
    """Yearly figures by period: a new year's actual is added, a corrected one changed."""
    before = {figure.period: figure for figure in old}
    after = {figure.period: figure for figure in new}
    for period, figure in after.items():
        value = _value(figure)
        if period not in before:
            yield Change("added", "measure", name, f"{label} {period}", new=value)
        else:
            yield from field_changes("measure", name, f"{label} {period}", _value(before[period]), value)
    for period, figure in before.items():
        if period not in after:
            yield Change("removed", "measure", name, f"{label} {period}", old=_value(figure))


def _value(figure: schema.Figure) -> str:
    return format_plain(figure.value) + (f" ({figure.note})" if figure.note else "")


def assessment_changes(
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
            yield from field_changes(
                "assessment", title, label, "\n\n".join(before), "\n\n".join(after), long_text=True
            )
    yield from field_changes("assessment", title, "focus", old.decision.focus, new.decision.focus)
    yield from field_changes("assessment", title, "funding", old.decision.funding, new.decision.funding)
    yield from field_changes(
        "assessment",
        title,
        "decision",
        "\n\n".join(old.decision.notes),
        "\n\n".join(new.decision.notes),
        long_text=True,
    )

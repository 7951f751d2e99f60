"""Key figures compared one by one: matched by label, then field by field, so a new value is one change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cspgen.plan import schema
from cspgen.revisions.change import Change
from cspgen.revisions.fields import field_changes, model_changes
from cspgen.revisions.matching import Item, match

SUBJECT = "key figure"

Sourced = tuple[schema.KeyFigure, str | None]  # a figure and the source of the block it is in


def key_figure_changes(old_blocks: list[Any], new_blocks: list[Any]) -> Iterator[Change]:
    old, new = _figures(old_blocks), _figures(new_blocks)
    found = match(
        [Item(value, value[0].label, "", i) for i, value in enumerate(old)],
        [Item(value, value[0].label, "", i) for i, value in enumerate(new)],
    )
    for item in found.removed:
        yield Change("removed", SUBJECT, item.title)
    for item in found.added:
        yield Change("added", SUBJECT, item.title)
    for a, b in found.pairs:
        (before, old_source), (after, new_source) = a.value, b.value

        def reworded(old_label: str = a.title, new_label: str = b.title) -> Iterator[Change]:
            if old_label != new_label:
                yield Change("reworded", SUBJECT, new_label, "", old_label, new_label)

        yield from model_changes(SUBJECT, b.title, before, after, {"label": reworded})
        yield from field_changes(SUBJECT, b.title, "source", old_source, new_source)


def _figures(blocks: list[Any]) -> list[Sourced]:
    return [
        (figure, block.key_figures.source)
        for block in blocks
        if isinstance(block, schema.KeyFiguresBlock)
        for figure in block.key_figures.figures
    ]

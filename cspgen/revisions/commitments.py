"""A priority's commitments and outcomes compared item by item: added, removed or reworded.

They are matched within their priority by id, then by title or a close rewording, so a
reworded commitment is told as reworded, never as one removed and one added.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cspgen.plan import schema
from cspgen.revisions.change import Change
from cspgen.revisions.matching import Item, match

Promise = schema.Commitment | schema.Outcome


def promise_changes(subject: str, old: Sequence[Promise], new: Sequence[Promise]) -> Iterator[Change]:
    """`subject` is what the items are called in a change: `commitment` or `outcome`."""
    matched = match(
        [Item(item, item.title, "", index, item.id) for index, item in enumerate(old)],
        [Item(item, item.title, "", index, item.id) for index, item in enumerate(new)],
    )
    for before, after in matched.pairs:
        if before.title != after.title:
            yield Change("reworded", subject, after.title, "", before.title, after.title)
    for item in matched.removed:
        yield Change("removed", subject, item.title)
    for item in matched.added:
        yield Change("added", subject, item.title)

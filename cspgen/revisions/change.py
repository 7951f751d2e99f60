"""What a comparison of two versions of a plan finds: changes, grouped as a committee reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["added", "removed", "moved", "reworded", "changed"]
KINDS: tuple[Kind, ...] = ("added", "removed", "moved", "reworded", "changed")


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

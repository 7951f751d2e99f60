"""The rules of data/statutory.yaml as values: each duty with its source, words and dates per nation."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import yaml

from cspgen.plan.parse import Loader

RULES_FILE = resources.files("cspgen.plan") / "data" / "statutory.yaml"

Nation = Literal["england", "wales"]
NATIONS: tuple[Nation, ...] = ("england", "wales")
Level = Literal["required", "advisory"]


@dataclass(frozen=True)
class InForce:
    """From `start` until the day before `repealed` (open-ended when it is None)."""

    start: datetime.date
    repealed: datetime.date | None = None

    def during(self, first: datetime.date, last: datetime.date) -> bool:
        """In force on some day from `first` to `last`."""
        return self.start <= last and (self.repealed is None or self.repealed > first)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    source: str
    url: str
    quote: str
    nations: dict[Nation, InForce]
    level: Level
    applies_to: frozenset[str]
    confirmed: bool
    note: str
    shown_by: tuple[str, ...]
    strand: bool = False


@functools.cache
def rules() -> tuple[Rule, ...]:
    data: dict[str, Any] = yaml.load(RULES_FILE.read_text(encoding="utf-8"), Loader=Loader)
    kinds = frozenset(data["applies_to"])
    return tuple(_rule(item, kinds) for item in data["rules"])


def strands() -> tuple[Rule, ...]:
    """The rules a priority names in `strands:`: the strategies s.6(1) asks for, and engagement."""
    return tuple(rule for rule in rules() if rule.strand)


def _rule(item: dict[str, Any], kinds: frozenset[str]) -> Rule:
    return Rule(
        id=item["id"],
        title=item["title"],
        source=item["source"],
        url=item["url"],
        quote=" ".join(str(item["quote"]).split()),
        nations={nation: _in_force(dates) for nation, dates in item["nations"].items()},
        level=item["level"],
        applies_to=frozenset(item.get("applies_to", kinds)),
        confirmed=bool(item["confirmed"]),
        note=" ".join(str(item.get("note", "")).split()),
        shown_by=tuple(item["shown_by"]),
        strand=bool(item.get("strand", False)),
    )


def _in_force(dates: dict[str, Any]) -> InForce:
    repealed = dates.get("repealed")
    return InForce(_date(dates["in_force"]), None if repealed is None else _date(repealed))


def _date(value: object) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))

"""Each rule's verdict for a plan, as of the plan's period and nation: met, not shown or not applicable.

A rule applies when it is in force on any day of the period (1 January of `start` to 31 December of
`end`) in the plan's nation and to its kind of document: a plan is refreshed each year, and each
refresh must meet the law of its year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from cspgen.plan.dates import long_date
from cspgen.plan.law.rules import NATIONS, InForce, Nation, Rule, rules
from cspgen.plan.law.shown import Where, shown
from cspgen.plan.model import PlanBundle

Verdict = Literal["met", "not shown", "not applicable"]


@dataclass(frozen=True)
class Finding:
    rule: Rule
    verdict: Verdict
    why: str  # not applicable: the reason; otherwise the dates it is in force
    where: tuple[Where, ...] = ()  # met: what shows each of `shown_by`
    missing: tuple[str, ...] = ()  # not shown: the entries of `shown_by` the plan does not show

    @property
    def required(self) -> bool:
        return self.verdict != "not applicable" and self.rule.level == "required"


@dataclass(frozen=True)
class Setting:
    """What the verdicts are judged as of: the years and the nation."""

    start: int
    end: int
    nation: Nation
    kind: str

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.start, 1, 1)

    @property
    def last(self) -> datetime.date:
        return datetime.date(self.end, 12, 31)


def setting_of(bundle: PlanBundle) -> Setting:
    plan = bundle.plan
    return Setting(plan.period.start, plan.period.end, plan.nation, plan.kind)


def assess(bundle: PlanBundle) -> tuple[Finding, ...]:
    setting = setting_of(bundle)
    return tuple(judge(bundle, rule, setting) for rule in rules())


def judge(bundle: PlanBundle, rule: Rule, setting: Setting) -> Finding:
    reason = not_applicable_because(rule, setting)
    if reason is not None:
        return Finding(rule, "not applicable", reason)
    dates = in_force_words(rule.nations[setting.nation])
    places = [(condition, shown(bundle, condition)) for condition in rule.shown_by]
    missing = tuple(condition for condition, where in places if where is None)
    if missing:
        return Finding(rule, "not shown", dates, missing=missing)
    return Finding(rule, "met", dates, where=tuple(where for _, where in places if where is not None))


def not_applicable_because(rule: Rule, setting: Setting) -> str | None:
    if setting.kind not in rule.applies_to:
        return f"not asked of a {setting.kind}"
    dates = rule.nations.get(setting.nation)
    if dates is None:
        only = " and ".join(nation.title() for nation in NATIONS if nation in rule.nations)
        return f"{only} only"
    if not dates.during(setting.first, setting.last):
        return f"not in force in {setting.start}–{setting.end}: {in_force_words(dates)}"
    return None


def in_force_words(dates: InForce) -> str:
    words = f"in force from {long_date(dates.start)}"
    if dates.repealed is not None:
        words += f" until {long_date(dates.repealed - datetime.timedelta(days=1))}"
    return words

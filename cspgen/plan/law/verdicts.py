"""Each rule's verdict for a plan, as of the plan's period and nation: met, not shown or not applicable.

A rule applies when it is in force on any day of the period (1 January of `start` to 31 December of
`end`) in the plan's nation and to its kind of document: a plan is refreshed each year, and each
refresh must meet the law of its year.

What must happen each year (a public meeting) is asked of each year of the period that has begun
by the day the plan is judged as of: its `published` date, else the day the command runs (given by
the command line as `PlanBundle.today`), else the period's last day. A draft is judged as of the
day the command runs even when it keeps a `published` date: that is the last edition's (a rollover
leaves it), and the refresh is still being written. No clock is read here, so the
same plan and the same day give the same verdicts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from cspgen.plan.dates import long_date
from cspgen.plan.law.rules import NATIONS, InForce, Nation, Rule, rules
from cspgen.plan.law.shown import Where, shown, yearly, years_missing
from cspgen.plan.model import PlanBundle

Verdict = Literal["met", "not shown", "not applicable"]


@dataclass(frozen=True)
class Finding:
    rule: Rule
    verdict: Verdict
    why: str  # not applicable: the reason; otherwise the dates it is in force
    where: tuple[Where, ...] = ()  # what shows each entry of `shown_by` the plan shows (all, when met)
    missing: tuple[str, ...] = ()  # not shown: the entries of `shown_by` the plan does not show
    lacking: tuple[
        str, ...
    ] = ()  # not shown: what is missing year by year, e.g. `no public meeting recorded in 2021`

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
    as_of: datetime.date

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.start, 1, 1)

    @property
    def last(self) -> datetime.date:
        return datetime.date(self.end, 12, 31)

    @property
    def begun(self) -> tuple[int, ...]:
        """The years of the period that have begun by the day the plan is judged as of."""
        return tuple(range(self.start, min(self.end, self.as_of.year) + 1))


def setting_of(bundle: PlanBundle) -> Setting:
    plan = bundle.plan
    start, end = plan.period.start, plan.period.end
    return Setting(start, end, plan.nation, plan.kind, _as_of(bundle, end))


def _as_of(bundle: PlanBundle, end: int) -> datetime.date:
    published = bundle.plan.published
    if published is not None and not (bundle.plan.status == "draft" and bundle.today is not None):
        year, month, *_ = (int(part) for part in published.split("-"))
        return datetime.date(year, month, 1)
    return bundle.today or datetime.date(end, 12, 31)


def assess(bundle: PlanBundle) -> tuple[Finding, ...]:
    setting = setting_of(bundle)
    return tuple(judge(bundle, rule, setting) for rule in rules())


def judge(bundle: PlanBundle, rule: Rule, setting: Setting) -> Finding:
    reason = not_applicable_because(rule, setting)
    if reason is not None:
        return Finding(rule, "not applicable", reason)
    dates = in_force_words(rule.nations[setting.nation])
    places: list[Where] = []
    missing: list[str] = []
    lacking: list[str] = []
    for condition in rule.shown_by:
        term = yearly(condition)
        if term is not None:
            gap = years_missing(bundle, term, setting.begun)
            if gap:
                missing.append(condition)
                lacking.append(f"no {_noun(term.path)} recorded in {years_words(gap)}")
                continue
            if not setting.begun:
                continue  # no year of the period has begun: nothing is due yet
        where = shown(bundle, condition)
        if not where:
            missing.append(condition)
        places.extend(where)
    if missing:
        return Finding(rule, "not shown", dates, tuple(places), tuple(missing), tuple(lacking))
    return Finding(rule, "met", dates, where=tuple(places))


def _noun(path: str) -> str:
    """What one entry of the list at `path` is called: `public_meetings[].date` → `public meeting`."""
    return path.split(".")[0].removesuffix("[]").replace("_", " ").removesuffix("s")


def years_words(years: tuple[int, ...]) -> str:
    words = [str(year) for year in years]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


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

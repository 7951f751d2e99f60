"""Which statutory strands a plan's priorities serve, judged by the law in force during its period.

The rules are data (data/statutory.yaml), each with its legal source and commencement date.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from cspgen.plan.dates import long_date
from cspgen.plan.model import PlanBundle
from cspgen.plan.parse import Loader

RULES_FILE = resources.files("cspgen.plan") / "data" / "statutory.yaml"


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    source: str
    in_force: datetime.date


@dataclass(frozen=True)
class Finding:
    rule: Rule
    required: bool
    served_by: tuple[str, ...]


@functools.cache
def rules() -> tuple[tuple[Rule, ...], frozenset[str]]:
    data: dict[str, Any] = yaml.load(RULES_FILE.read_text(encoding="utf-8"), Loader=Loader)
    loaded = tuple(
        Rule(item["id"], item["summary"], item["source"], _date(item["in_force"])) for item in data["strands"]
    )
    return loaded, frozenset(data["applies_to"])


def _date(value: object) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def in_force_during(rule: Rule, end: int) -> bool:
    """A duty that starts before the plan's last year ends must be met by the plan's refreshes."""
    return rule.in_force <= datetime.date(end, 12, 31)


def assess(bundle: PlanBundle) -> list[Finding]:
    all_rules, kinds = rules()
    applies = bundle.plan.kind in kinds
    period = bundle.plan.period
    findings = []
    for rule in all_rules:
        served = tuple(doc.reference for doc in bundle.priorities if rule.id in doc.priority.strands)
        required = applies and in_force_during(rule, period.end)
        findings.append(Finding(rule, required, served))
    return findings


def format_report(bundle: PlanBundle, label: str) -> str:
    """What `cspgen check` prints for one plan, headed by `label`: a line for every strand."""
    period = bundle.plan.period
    lines = [f"{label}: statutory strands for {period.start}–{period.end} ({bundle.plan.kind})"]
    for finding in assess(bundle):
        rule = finding.rule
        lines.append(f"  {rule.id}: {_state(finding)} ({rule.source}, in force {long_date(rule.in_force)})")
    return "\n".join(lines) + "\n"


def _state(finding: Finding) -> str:
    if finding.served_by:
        served = "served by " + ", ".join(finding.served_by)
        return served if finding.required else served + " (not yet statutory in this period)"
    return "NOT SERVED by any priority" if finding.required else "not required for this plan"

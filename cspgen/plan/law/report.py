"""What `cspgen check` prints for a plan: every rule, its verdict, its source and words, and where."""

from __future__ import annotations

from typing import Any

from cspgen.plan.law.shown import would_show, would_show_all
from cspgen.plan.law.verdicts import Finding, assess, setting_of
from cspgen.plan.model import PlanBundle

MARKS = {"met": "met", "not shown": "NOT SHOWN", "not applicable": "not applicable"}


def format_report(bundle: PlanBundle, label: str) -> str:
    """Headed by `label`."""
    setting = setting_of(bundle)
    lines = [
        f"{label}: what the law asks of this {setting.kind}, {setting.start}–{setting.end}, "
        f"in {setting.nation.title()}"
    ]
    for finding in assess(bundle):
        lines += _finding_lines(bundle, finding)
    return "\n".join(lines) + "\n"


def _finding_lines(bundle: PlanBundle, finding: Finding) -> list[str]:
    rule = finding.rule
    level = "" if finding.verdict == "not applicable" else f" ({rule.level})"
    lines = [f"  {MARKS[finding.verdict]}: {rule.id}{level}: {rule.title}"]
    lines.append(f"    {rule.source}, {finding.why}")
    if finding.verdict == "not applicable":
        return lines
    lines.append(f"    “{rule.quote}”")
    if not rule.confirmed:
        lines.append(f"    not confirmed: {rule.note}")
    if finding.verdict == "met":
        lines.append("    shown at " + ", ".join(where.shown(bundle.folder) for where in finding.where))
    else:
        if finding.where:
            lines.append(
                "    partly shown at " + ", ".join(where.shown(bundle.folder) for where in finding.where)
            )
        lines += [f"    {gap}" for gap in finding.lacking]
        lines.append("    would be shown by " + would_show_all(finding.missing))
    return lines


def report_data(bundle: PlanBundle, label: str) -> dict[str, Any]:
    """The same report as data, for `cspgen check --report json`: one entry per rule, every verdict."""
    setting = setting_of(bundle)
    return {
        "plan": label,
        "kind": setting.kind,
        "period": {"start": setting.start, "end": setting.end},
        "nation": setting.nation,
        "duties": [_finding_data(bundle, finding) for finding in assess(bundle)],
    }


def _finding_data(bundle: PlanBundle, finding: Finding) -> dict[str, Any]:
    rule = finding.rule
    return {
        "id": rule.id,
        "title": rule.title,
        "level": rule.level,
        "verdict": finding.verdict,
        "why": finding.why,
        "source": rule.source,
        "url": rule.url,
        "quote": rule.quote,
        "confirmed": rule.confirmed,
        "note": rule.note,
        "shown_at": [where.shown(bundle.folder) for where in finding.where],
        "lacking": list(finding.lacking),
        "would_be_shown_by": [would_show(condition) for condition in finding.missing],
    }

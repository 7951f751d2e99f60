"""How this plan meets the law: a table of each duty that applies in the plan's period and nation.

The same verdicts as `cspgen check`, told for a reader of the plan: the duty, its source, whether
the plan shows it, and what in the plan shows it (a priority, a partner, or what the plan records).
"""

from __future__ import annotations

from cspgen.document.content import Part
from cspgen.document.ids import Ids
from cspgen.document.nodes import Cell, TableNode
from cspgen.document.tables import text_cell
from cspgen.plan.law.shown import Where
from cspgen.plan.law.verdicts import Finding, assess, setting_of
from cspgen.plan.model import PlanBundle

HEADINGS = ("Duty", "Source", "Shown", "Where the plan shows it")
VERDICTS = {"met": "Yes", "not shown": "Not shown"}
RECORDED = {
    "strategic_assessment": "The strategic assessment",
    "sent_to_pcc": "The date sent to the police and crime commissioner",
    "consultation": "The consultation held",
    "public_meetings": "The public meetings held",
    "resources": "How resources are allocated",
    "serious_violence_strategy": "The serious violence strategy",
    "accessibility_statement": "The accessibility statement",
    "police_and_crime_plan": "The police and crime plan",
}


def law_part(bundle: PlanBundle, ids: Ids) -> Part:
    applying = [finding for finding in assess(bundle) if finding.verdict != "not applicable"]
    if not applying:
        return None
    setting = setting_of(bundle)
    head = (tuple(text_cell(text, header=True, scope="col") for text in HEADINGS),)
    rows = tuple(_row(bundle, finding) for finding in applying)
    caption = f"The duties in force in {setting.start} to {setting.end} in {setting.nation.title()}"
    return (TableNode(caption=caption, head=head, bodies=(rows,), css="law"),), []


def _row(bundle: PlanBundle, finding: Finding) -> tuple[Cell, ...]:
    rule = finding.rule
    where = "; ".join(dict.fromkeys(_place(bundle, place) for place in finding.where))
    return (
        text_cell(rule.title[0].upper() + rule.title[1:], header=True, scope="row"),
        text_cell(rule.source),
        text_cell(VERDICTS[finding.verdict]),
        text_cell(where or "Not recorded in the plan"),
    )


def _place(bundle: PlanBundle, where: Where) -> str:
    """What shows a duty, as a reader of the plan would find it."""
    for doc in bundle.priorities:
        if doc.source.path == where.file:
            return doc.heading
    top = where.field.split(".")[0].split("[")[0]
    if top in RECORDED:
        return RECORDED[top]
    if where.field.endswith(".name"):
        return "The partnership's members"
    return "The plan's sections"

"""Stage 3: checks that need the whole plan, one module per family of check.

Cross-references (links, acronyms and the glossary, leads and ids), figures, the statutory
strands, the generated parts, what a yearly refresh left to write, and example text left in.
"""

from __future__ import annotations

from cspgen.diagnostics import Diagnostic
from cspgen.plan.checks.acronyms import check_acronyms, check_unused_entries
from cspgen.plan.checks.columns import check_percent_columns
from cspgen.plan.checks.figures import check_figures
from cspgen.plan.checks.headings import check_priority_headings
from cspgen.plan.checks.ids import check_item_ids, check_leads, check_priority_ids
from cspgen.plan.checks.keyfigures import check_key_figures
from cspgen.plan.checks.links import check_links, link_uses
from cspgen.plan.checks.pages import check_page_breaks
from cspgen.plan.checks.parts import check_generated_parts
from cspgen.plan.checks.placeholders import check_placeholders
from cspgen.plan.checks.policing import check_served_objectives
from cspgen.plan.checks.statutory import check_statutory
from cspgen.plan.checks.unwritten import check_unwritten
from cspgen.plan.model import PlanBundle

__all__ = ["check_plan", "link_uses"]


def check_plan(bundle: PlanBundle) -> list[Diagnostic]:
    return [
        *check_acronyms(bundle),
        *check_unused_entries(bundle),
        *check_statutory(bundle),
        *check_links(bundle),
        *check_figures(bundle),
        *check_key_figures(bundle),
        *check_percent_columns(bundle),
        *check_leads(bundle),
        *check_served_objectives(bundle),
        *check_priority_ids(bundle),
        *check_item_ids(bundle),
        *check_generated_parts(bundle),
        *check_priority_headings(bundle),
        *check_unwritten(bundle),
        *check_placeholders(bundle),
        *check_page_breaks(bundle),
    ]

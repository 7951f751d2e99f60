"""plan.json: the plan as open data (cspgen/plan/opendata.py says what it holds).

Written from the validated plan rather than the document, so its text is the plan's own:
Markdown stays Markdown and acronyms are as the plan wrote them.
"""

from __future__ import annotations

import json

from cspgen.plan.model import PlanBundle
from cspgen.plan.opendata import plan_data


def write_plan_json(bundle: PlanBundle) -> str:
    """Keys in the models' order, which is the schema's; everything else as the plan orders it."""
    # A value the models cannot serialise as their schema says is cspgen's bug: fail, never write it.
    data = plan_data(bundle).model_dump(mode="json", by_alias=True, warnings="error")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

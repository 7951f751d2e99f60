"""cspgen diff on plan.yaml's record of how the plan meets the law, and on the nation and dates it is judged by."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .running import Cli
from .test_diff import FIXTURES, edit, git
from .test_diff_commitments import changes


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """The minimal plan, which records every duty it meets, committed in a git repository."""
    root = tmp_path / "council"
    plan = root / "plans" / "example"
    shutil.copytree(FIXTURES / "minimal", plan)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "2024 plan")
    return plan


def test_the_law_record_is_told_field_by_field_and_meeting_by_meeting(cli: Cli, plan: Path) -> None:
    yaml = plan / "plan.yaml"
    edit(yaml, "date: 2023-11}", "date: 2023-12, by: the CSP strategy group}")
    edit(yaml, "sent_to_pcc: 2024-04\n", "sent_to_pcc: 2024-05\n")
    edit(
        yaml,
        "  - {date: 2024-03, what: Public meeting on the draft plan}\n",
        "  - {date: 2024-03, what: Public meeting on the draft plan}\n"
        "  - {date: 2025-02, what: Public meeting on the refresh}\n",
    )
    edit(yaml, "consultation:\n  - {date: 2023-12, what: Residents' survey on the draft priorities}\n", "")
    edit(yaml, "    - {authority: prison, name: Example Prison}\n", "")
    edit(
        yaml,
        "status: published\n",
        "status: published\nresources: {statement: Each partner funds its own actions.}\n",
    )
    assert changes(cli, plan) == [
        "Plan",
        "  ~ Strategic assessment: Example Strategic Assessment 2023, November 2023 → Example Strategic "
        "Assessment 2023, December 2023, by the CSP strategy group",
        "  ~ Sent to the police and crime commissioner: 2024-04 → 2024-05",
        "  − Consultation removed, was Residents' survey on the draft priorities (December 2023)",
        "  + Public meetings added: Public meeting on the refresh (February 2025)",
        "  + Resources added: Each partner funds its own actions.",
        "  ~ Serious violence strategy: https://example.gov.uk/serious-violence, consulted: Example County "
        "Council (educational authority); Example Prison (prison authority); Youth Custody Service (youth "
        "custody authority) → https://example.gov.uk/serious-violence, consulted: Example County Council "
        "(educational authority); Youth Custody Service (youth custody authority)",
    ]


def test_the_nation_the_police_and_crime_plan_and_the_accessibility_statement_are_told(
    cli: Cli, plan: Path
) -> None:
    yaml = plan / "plan.yaml"
    edit(
        yaml,
        "period: {start: 2024, end: 2027}\n",
        "nation: wales\nperiod: {start: 2024, end: 2027}\n"
        "police_and_crime_plan: {title: Police and Crime Plan, objectives: [{id: safer, title: Safer streets}]}\n"
        "accessibility_statement: https://example.gov.uk/accessibility\n",
    )
    assert changes(cli, plan) == [
        "Plan",
        "  ~ Nation: england → wales",
        "  + Police and crime plan added: Police and Crime Plan, objectives: Safer streets (safer)",
        "  + Accessibility statement added: https://example.gov.uk/accessibility",
    ]

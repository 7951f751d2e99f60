"""cspgen diff on a priority's definition, response, commitments and outcomes, and on numbering."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .running import Cli
from .test_diff import FIXTURES, edit, git

PRIORITY = """\
title: Tackling domestic abuse
definition: Abuse between partners or family members.
why: Domestic abuse is one in six of all crimes.
response: We fund an advocacy service.
strands: [crime-and-disorder, substance-misuse, reoffending, serious-violence, community-engagement]
commitments:
  - id: advocacy
    title: Keep the advocacy service open
  - title: Train front-line staff
  - title: Work with schools on healthy relationships
outcomes:
  - title: More victims report abuse
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A plan in a git repository whose one priority has commitments and outcomes."""
    root = tmp_path / "council"
    plan = root / "plans" / "example"
    shutil.copytree(FIXTURES / "minimal", plan)
    (plan / "priorities" / "01-anti-social-behaviour.yaml").unlink()
    (plan / "priorities" / "01-domestic-abuse.yaml").write_text(PRIORITY, encoding="utf-8")
    (plan / "glossary.yaml").write_text("terms: {}\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "2024 plan")
    return plan


def changes(cli: Cli, plan: Path) -> list[str]:
    result = cli("diff", plan, "--color", "never")
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stdout.splitlines()[3:] if line]


def test_commitments_and_outcomes_are_told_item_by_item(cli: Cli, plan: Path) -> None:
    priority = plan / "priorities" / "01-domestic-abuse.yaml"
    edit(
        priority,
        "Keep the advocacy service open",
        "Keep the independent advocacy service open to every victim",
    )
    edit(priority, "  - title: Train front-line staff\n", "")
    edit(
        priority,
        "Work with schools on healthy relationships",
        "Work with every school on healthy relationships",
    )
    edit(
        priority,
        "  - title: More victims report abuse\n",
        "  - title: More victims report abuse\n  - title: Fewer repeat victims\n",
    )
    edit(
        priority,
        "definition: Abuse between partners or family members.",
        "definition: Abuse between partners.",
    )
    edit(priority, "response: We fund an advocacy service.", "response: We fund two advocacy services.")
    assert changes(cli, plan) == [
        "Priority 1: Tackling domestic abuse",
        "  ~ Priority “Tackling domestic abuse”: definition rewritten",
        "      Abuse between [-partners or family members.-] {+partners.+}",
        "  ~ Priority “Tackling domestic abuse”: response rewritten",
        "      We fund [-an-] {+two+} advocacy [-service.-] {+services.+}",
        "  ~ Commitment reworded",
        "      Was: Keep the advocacy service open",
        "      Now: Keep the independent advocacy service open to every victim",
        "  ~ Commitment reworded",
        "      Was: Work with schools on healthy relationships",
        "      Now: Work with every school on healthy relationships",
        "  − Commitment removed: “Train front-line staff”",
        "  + Outcome added: “Fewer repeat victims”",
    ]


def test_turning_numbering_off_is_one_setting_not_every_priority_moved(cli: Cli, plan: Path) -> None:
    edit(plan / "plan.yaml", "status: published\n", "status: published\npriority_numbering: false\n")
    edit(
        plan / "priorities" / "01-domestic-abuse.yaml",
        "title: Tackling domestic abuse\n",
        'title: Tackling domestic abuse\nlabel: ""\n',
    )
    assert changes(cli, plan) == [
        "Plan",
        "  ~ Priority numbering: yes → no",
        "Tackling domestic abuse",
        "  − Priority “Tackling domestic abuse”: label removed, was Priority 1",
    ]


def test_a_renamed_priority_heading_is_a_plan_setting_change(cli: Cli, plan: Path) -> None:
    edit(
        plan / "plan.yaml",
        "status: published\n",
        "status: published\npriority_headings:\n  outcomes: Results\n",
    )
    assert changes(cli, plan) == [
        "Plan",
        "  ~ Priority headings › outcomes: What we expect to achieve → Results",
    ]

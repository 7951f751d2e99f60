"""What the law asks of a plan: the rule file cites each duty, and each verdict follows the period and nation."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cspgen.build import validate
from cspgen.plan.law.rules import rules
from cspgen.plan.law.verdicts import assess

from .running import Run

Cli = Callable[..., Run]
ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
REPORTS = GOLDEN / "law"
KITCHEN_SINK = GOLDEN / "cases" / "kitchen-sink" / "plan"
SEEDS = sorted(p for p in (ROOT / "plans").iterdir() if (p / "plan.yaml").exists())
LAW_RECORD = """strategic_assessment: {title: Example Strategic Assessment 2023, date: 2023-11}
sent_to_pcc: 2024-05
consultation:
  - {date: 2024-01, what: Residents' survey}
public_meetings:
  - {date: 2024-03, what: Town meeting}
"""


def test_every_rule_cites_its_law_with_words_and_dates() -> None:
    for rule in rules():
        assert rule.source and rule.title and rule.quote, rule.id
        assert rule.url.startswith("https://www.legislation.gov.uk/"), rule.id
        assert rule.nations and set(rule.nations) <= {"england", "wales"}, rule.id
        for dates in rule.nations.values():
            assert dates.repealed is None or dates.repealed > dates.start, rule.id
        assert rule.level in ("required", "advisory"), rule.id
        assert rule.shown_by, rule.id
        if not rule.confirmed:
            assert rule.level == "advisory" and rule.note, rule.id


def _as_of(plan: Path, year: int, nation: str = "england", extra: str = "") -> dict[str, str]:
    yaml = plan / "plan.yaml"
    text = re.sub(
        r"period: \{start: \d+, end: \d+\}", f"period: {{start: {year}, end: {year}}}", yaml.read_text()
    )
    yaml.write_text(re.sub(r"(?m)^nation: .*\n", "", text) + f"nation: {nation}\n" + extra)
    bundle, found = validate(plan)
    assert bundle is not None, found
    return {finding.rule.id: finding.verdict for finding in assess(bundle)}


APPLIES = {  # rule: the years, of 2008, 2014, 2020 and 2024, an English plan answers to it
    "crime-and-disorder": {2008, 2014, 2020, 2024},
    "reoffending": {2014, 2020, 2024},
    "serious-violence": {2024},
    "serious-violence-duty": {2024},
    "responsible-health-pct": {2008},
    "responsible-health-ccg": {2014, 2020},
    "responsible-health-icb": {2024},
    "plan-sent-to-pcc": {2014, 2020, 2024},
    "police-and-crime-objectives": {2014, 2020, 2024},
    "prevent": {2020, 2024},
    "asb-case-reviews": {2014, 2020, 2024},
    "accessibility-statement": {2020, 2024},
}


@pytest.mark.parametrize("year", [2008, 2014, 2020, 2024])
def test_a_plan_answers_to_the_law_in_force_in_its_period(minimal_plan: Path, year: int) -> None:
    verdicts = _as_of(minimal_plan, year)
    applying = {rule for rule, years in APPLIES.items() if year in years}
    assert {rule for rule in APPLIES if verdicts[rule] != "not applicable"} == applying


def test_a_welsh_plan_answers_to_the_welsh_law(minimal_plan: Path) -> None:
    verdicts = _as_of(minimal_plan, 2024, "wales")
    england_only = [
        "community-engagement",
        "strategic-assessment",
        "plan-sent-to-pcc",
        "responsible-health-icb",
    ]
    assert [verdicts[rule] for rule in england_only] == ["not applicable"] * 4
    assert verdicts["responsible-health-lhb"] != "not applicable"
    assert verdicts["wales-strategy-regulations"] != "not applicable"


def test_the_2007_substitution_is_dated_for_each_nation(cli: Cli, minimal_plan: Path) -> None:
    substance = "s.6(1)(b), as substituted by the Police and Justice Act 2006, in force from "
    _as_of(minimal_plan, 2007)
    assert substance + "1 August 2007\n" in cli("check", minimal_plan).stdout
    _as_of(minimal_plan, 2007, "wales")
    assert substance + "19 November 2007\n" in cli("check", minimal_plan).stdout


def test_what_the_plan_records_meets_the_duty_and_says_where(cli: Cli, minimal_plan: Path) -> None:
    before = _as_of(minimal_plan, 2024)
    assert before["strategic-assessment"] == before["consultation-and-meetings"] == "not shown"
    after = _as_of(minimal_plan, 2024, extra=LAW_RECORD)
    assert (
        after["strategic-assessment"]
        == after["consultation-and-meetings"]
        == after["plan-sent-to-pcc"]
        == "met"
    )
    report = cli("check", minimal_plan).stdout
    assert "    shown at plan.yaml:23 (strategic_assessment)\n" in report
    assert "    shown at plan.yaml:26 (consultation), plan.yaml:28 (public_meetings)\n" in report


def test_a_draft_is_warned_of_each_required_duty_it_does_not_show(cli: Cli, minimal_plan: Path) -> None:
    _as_of(minimal_plan, 2024)
    assert "duty-not-shown" not in cli("validate", "--strict", minimal_plan).stderr  # published
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text().replace("status: published", "status: draft"))
    result = cli("validate", minimal_plan)
    assert result.exit_code == 0
    shown = re.findall(r"the duty `([a-z-]+)`", result.stderr)
    assert sorted(shown) == [
        "consultation-and-meetings",
        "plan-sent-to-pcc",
        "responsible-health-icb",
        "serious-violence-duty",
        "strategic-assessment",
    ]
    assert "record `strategic_assessment` in plan.yaml" in result.stderr
    assert cli("validate", "--strict", minimal_plan).exit_code == 1
    plan.write_text(plan.read_text() + LAW_RECORD)
    assert "`strategic-assessment`" not in cli("validate", minimal_plan).stderr


@pytest.mark.parametrize(
    "plan", [*SEEDS, KITCHEN_SINK], ids=lambda plan: plan.parent.name if plan.name == "plan" else plan.name
)
def test_check_reports_of_the_seed_plans_and_the_kitchen_sink(
    cli: Cli, plan: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader can verify each verdict from the plan: each report is kept beside the others."""
    monkeypatch.chdir(ROOT)
    report = cli("check", plan.relative_to(ROOT)).stdout
    name = plan.parent.parent.name if plan == KITCHEN_SINK else plan.name
    expected = REPORTS / f"{'kitchen-sink' if plan == KITCHEN_SINK else name}.txt"
    if update_golden:
        expected.write_text(report, encoding="utf-8", newline="\n")
        return
    assert report == expected.read_text(encoding="utf-8"), f"run with --update-golden if intended: {expected}"


def test_a_section_the_law_record_names_must_exist(minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text() + "serious_violence_strategy: {section: about-the-districtt}\n")
    _, found = validate(minimal_plan)
    assert [(d.line, d.path, d.code) for d in found] == [
        (22, "serious_violence_strategy.section", "dead-anchor")
    ]
    assert "did you mean `#about-the-district`?" in found[0].message
    plan.write_text(plan.read_text().replace("districtt", "district"))
    assert validate(minimal_plan)[1] == []

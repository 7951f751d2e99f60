"""What the law asks of a plan: the rule file cites each duty, and each verdict follows the period and nation."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cspgen.build import validate
from cspgen.plan import dates as plan_dates
from cspgen.plan.law.rules import rules
from cspgen.plan.law.verdicts import assess

from .running import Run

Cli = Callable[..., Run]
ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
REPORTS = GOLDEN / "law"
KITCHEN_SINK = GOLDEN / "cases" / "kitchen-sink" / "plan"
SEEDS = sorted(p for p in (ROOT / "plans").iterdir() if (p / "plan.yaml").exists())
LAW_KEYS = (
    "strategic_assessment",
    "sent_to_pcc",
    "consultation",
    "public_meetings",
    "serious_violence_strategy",
)


def _without_law_record(plan: Path) -> str:
    """The minimal plan's law record taken out (each field with its indented lines); returns it."""
    yaml = plan / "plan.yaml"
    kept: list[str] = []
    record: list[str] = []
    for line in yaml.read_text().splitlines(keepends=True):
        if not line.startswith(" "):
            into = record if line.startswith(LAW_KEYS) else kept
        into.append(line)
    yaml.write_text("".join(kept))
    return "".join(record)


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
    record = _without_law_record(minimal_plan)
    before = _as_of(minimal_plan, 2024)
    assert before["strategic-assessment"] == before["consultation-and-meetings"] == "not shown"
    after = _as_of(minimal_plan, 2024, extra=record)
    met = (
        "strategic-assessment",
        "consultation-and-meetings",
        "plan-sent-to-pcc",
        "serious-violence-consultation",
    )
    assert [after[rule] for rule in met] == ["met"] * 4
    report = cli("check", minimal_plan).stdout
    assert "    shown at plan.yaml:26 (strategic_assessment)\n" in report
    assert "    shown at plan.yaml:29 (consultation), plan.yaml:31 (public_meetings[0].date)\n" in report


def test_every_plan_is_warned_of_each_required_duty_it_does_not_show_where_it_would(
    cli: Cli, minimal_plan: Path
) -> None:
    assert cli("validate", "--strict", minimal_plan).exit_code == 0
    plan = minimal_plan / "plan.yaml"
    record = _without_law_record(minimal_plan)
    icb = "    - id: ICB\n      name: Example Integrated Care Board\n      statutory: true\n"
    plan.write_text(plan.read_text().replace(icb, ""))
    _, found = validate(minimal_plan)
    assert [(d.line, d.column, d.path, d.message.split("`")[1]) for d in found] == [
        (4, 3, "partnership.partners", "responsible-health-icb"),
        (15, 1, "consultation", "consultation-and-meetings"),
        (15, 1, "sent_to_pcc", "plan-sent-to-pcc"),
        (15, 1, "serious_violence_strategy.consulted[].authority", "serious-violence-consultation"),
        (15, 1, "serious_violence_strategy", "serious-violence-duty"),
        (15, 1, "strategic_assessment", "strategic-assessment"),
    ]
    assert {d.code for d in found} == {"duty-not-shown"}
    assessment = next(d.message for d in found if d.path == "strategic_assessment")
    assert assessment.startswith(
        "the plan does not show the duty `strategic-assessment` (the priorities come"
    )
    assert (
        "SI 2007/1830 reg. 3(1)(a)" in assessment
        and "record `strategic_assessment` in plan.yaml" in assessment
    )
    assert cli("validate", "--strict", minimal_plan).exit_code == 1
    plan.write_text(plan.read_text().replace("status: published\n", "status: published\n" + record))
    found = validate(minimal_plan)[1]
    assert [(d.line, d.path) for d in found] == [(4, "partnership.partners")]


def test_a_duty_partly_recorded_is_located_at_what_is_written(minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(
        plan.read_text().replace("  - {date: 2024-03, what: Public", "  - {date: 2023-03, what: Public")
    )
    found = validate(minimal_plan)[1]
    assert [(d.line, d.column, d.path) for d in found] == [(22, 1, "public_meetings[].date")]
    assert "; no public meeting recorded in 2024: record " in found[0].message


def _meetings(plan: Path, years: list[int], published: str | None) -> None:
    yaml = plan / "plan.yaml"
    held = "".join(f"\n  - {{date: '{year}', what: Public meeting}}" for year in years) or " []"
    text = re.sub(r"(?m)^public_meetings:(\n  .*)*$", f"public_meetings:{held}", yaml.read_text())
    dated = f"published: {published}\n" if published else ""
    yaml.write_text(re.sub(r"(?m)^published: .*\n", "", text).replace("status:", dated + "status:"))


def _lacking(plan: Path, today: datetime.date | None = None) -> tuple[str, ...]:
    bundle, found = validate(plan, today=today)
    assert bundle is not None, found
    return next(
        finding.lacking for finding in assess(bundle) if finding.rule.id == "consultation-and-meetings"
    )


def test_a_public_meeting_is_asked_for_each_year_begun_by_the_day_the_plan_is_judged_as_of(
    cli: Cli, minimal_plan: Path
) -> None:
    _meetings(minimal_plan, [2024], "2026-05")  # judged as of its publication
    assert _lacking(minimal_plan) == ("no public meeting recorded in 2025 or 2026",)
    _meetings(minimal_plan, [2024, 2026], "2026-05")
    assert _lacking(minimal_plan) == ("no public meeting recorded in 2025",)
    report = cli("check", minimal_plan).stdout
    assert "    no public meeting recorded in 2025\n    would be shown by a `public_meetings` entry" in report
    _meetings(minimal_plan, [2024], None)  # unpublished: as of the day given from the command line
    assert _lacking(minimal_plan, datetime.date(2025, 1, 1)) == ("no public meeting recorded in 2025",)
    assert _lacking(minimal_plan, datetime.date(2024, 12, 31)) == ()
    assert _lacking(minimal_plan) == (
        "no public meeting recorded in 2025, 2026 or 2027",
    )  # no day: the period's end
    _meetings(minimal_plan, [], "2023-10")  # published before its period begins: no year is due yet
    bundle = validate(minimal_plan)[0]
    assert bundle is not None
    assert next(f.verdict for f in assess(bundle) if f.rule.id == "consultation-and-meetings") == "met"


def test_the_serious_violence_strategy_names_each_authority_it_must_consult(
    cli: Cli, minimal_plan: Path
) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text().replace("    - {authority: prison, name: Example Prison}\n", ""))
    found = validate(minimal_plan)[1]
    assert [(d.line, d.path) for d in found] == [(26, "serious_violence_strategy.consulted[].authority")]
    assert "s.8(4)" in found[0].message
    assert (
        "record `serious_violence_strategy.consulted[].authority` in plan.yaml saying “prison”;"
        in found[0].message
    )
    report = cli("check", minimal_plan).stdout
    assert "  NOT SHOWN: serious-violence-consultation (required)" in report


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
    plan.write_text(
        plan.read_text().replace(
            "  link: https://example.gov.uk/serious-violence\n", "  section: about-the-districtt\n"
        )
    )
    _, found = validate(minimal_plan)
    assert [(d.line, d.path, d.code) for d in found] == [
        (25, "serious_violence_strategy.section", "dead-anchor")
    ]
    assert "did you mean `#about-the-district`?" in found[0].message
    plan.write_text(plan.read_text().replace("districtt", "district"))
    assert validate(minimal_plan)[1] == []


@pytest.mark.parametrize("command", ["validate", "site"])
def test_every_command_judges_an_unpublished_plan_as_of_today(
    command: str, cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    """The test day is 1 June 2026 (SOURCE_DATE_EPOCH, tests/conftest.py): 2027 has not begun."""
    _meetings(minimal_plan, [2024], None)
    args = ["--out", str(tmp_path / "site"), "--format", "html"] if command == "site" else []
    result = cli(command, minimal_plan.parent if command == "site" else minimal_plan, *args)
    assert "no public meeting recorded in 2025 or 2026:" in result.stderr, result.stderr


def test_today_is_the_reproducible_builds_day_when_one_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    assert plan_dates.today() == datetime.date(2026, 6, 1)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert plan_dates.today() == datetime.datetime.now(datetime.UTC).date()


def test_a_draft_refresh_is_judged_as_of_today_not_its_last_editions_date(minimal_plan: Path) -> None:
    """`rollover` makes the plan a draft and leaves last year's `published`: the refresh owes this year."""
    _meetings(minimal_plan, [2024], "2024-06")
    assert _lacking(minimal_plan, datetime.date(2026, 6, 1)) == ()
    yaml = minimal_plan / "plan.yaml"
    yaml.write_text(yaml.read_text().replace("status: published", "status: draft"))
    assert _lacking(minimal_plan, datetime.date(2026, 6, 1)) == (
        "no public meeting recorded in 2025 or 2026",
    )

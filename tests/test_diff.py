"""cspgen diff: two commits of a plan in a throwaway git repository, compared by meaning."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from cspgen.cli.comparing import Colour, use_colour

from .running import Cli

FIXTURES = Path(__file__).resolve().parent / "fixtures"

PRIORITY = """\
title: Reducing anti-social behaviour
why: ASB incidents rose by 10% last year.
strands: [crime-and-disorder, substance-misuse, reoffending, serious-violence, community-engagement]
objectives:
  - title: Increase awareness of how to report ASB
    actions:
      - title: Run awareness events
        lead: [Council, Police]
        due: March 2025
        progress:
          - period: 2024-25
            text: Four events were held.
      - title: Hand out leaflets at every event
        lead: [Council]
  - id: patrols
    title: Patrol the hotspots
    actions:
      - id: evening-patrols
        title: Evening patrols in the town centre
        lead: [Police]
      - title: Close the alleyway behind the shops
        lead: [Council]
  - title: Survey residents about ASB
    actions:
      - title: Annual residents' survey
        lead: [Council]
  - title: Keep streets clean
    actions:
      - title: Weekly street cleaning in the town centre
        lead: [Council]
measures:
  - title: ASB incidents
    direction: decrease
    baseline: {period: 2023, value: 1000}
    target: {period: 2027, value: 900}
    actuals:
      - {period: 2024, value: 980}
"""

SECOND = """\
title: Tackling drug dealing
objectives:
  - title: Disrupt county lines
    actions:
      - title: Joint operations with the Police
        lead: [Police]
"""

THIRD = """\
title: Reducing fly-tipping
objectives:
  - title: Clear fly-tipping within two days
    actions:
      - title: Fast clearance team
        lead: [Council]
"""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Officer",
            "-c",
            "user.email=officer@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A plan repository with one commit: the minimal plan, grown to two priorities."""
    root = tmp_path / "council"
    plan = root / "plans" / "example"
    shutil.copytree(FIXTURES / "minimal", plan)
    (plan / "priorities" / "01-anti-social-behaviour.yaml").write_text(PRIORITY, encoding="utf-8")
    (plan / "priorities" / "02-drug-dealing.yaml").write_text(SECOND, encoding="utf-8")
    (plan / "priorities" / "03-fly-tipping.yaml").write_text(THIRD, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "2024 plan")
    return root


def plan_of(repo: Path) -> Path:
    return repo / "plans" / "example"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refresh(repo: Path) -> None:
    """Next year's plan, with one change of every kind a committee is told about."""
    plan = plan_of(repo)
    asb = plan / "priorities" / "01-anti-social-behaviour.yaml"
    edit(asb, "title: Run awareness events\n", "title: Run awareness events in every town\n")
    edit(asb, "lead: [Council, Police]\n", "lead: [Council, Police, Fire]\n")
    edit(asb, "due: March 2025\n", "due: March 2026\n")
    edit(
        asb,
        "            text: Four events were held.\n",
        "            text: Four events were held.\n          - period: 2025-26\n            text: Six events.\n",
    )
    edit(asb, "      - title: Hand out leaflets at every event\n        lead: [Council]\n", "")
    edit(asb, "title: Patrol the hotspots\n", "title: Patrol the hotspots every weekend\n")
    edit(asb, "target: {period: 2027, value: 900}", "target: {period: 2027, value: 850}")
    edit(
        asb,
        "      - {period: 2024, value: 980}\n",
        "      - {period: 2024, value: 980}\n      - {period: 2025, value: 940}\n",
    )
    edit(asb, "title: Evening patrols in the town centre\n", "title: Night-time economy patrols\n")
    edit(
        asb,
        "  - title: Survey residents about ASB\n    actions:\n      - title: Annual residents' survey\n        lead: [Council]\n",
        "",
    )
    clean = "  - title: Keep streets clean\n    actions:\n      - title: Weekly street cleaning in the town centre\n        lead: [Council]\n"
    edit(asb, clean, "")
    # the alleyway action and the street cleaning objective move to the fly-tipping priority
    edit(asb, "      - title: Close the alleyway behind the shops\n        lead: [Council]\n", "")
    fly = plan / "priorities" / "03-fly-tipping.yaml"
    edit(
        fly,
        "        lead: [Council]\n",
        "        lead: [Council]\n      - title: Close the alleyway behind the shops\n        lead: [Council]\n",
    )
    fly.write_text(
        fly.read_text(encoding="utf-8")
        + "  - title: Prosecute offenders\n    actions:\n      - title: Cameras at known sites\n        lead: [Council]\n"
        + clean,
        encoding="utf-8",
    )
    # drug dealing is dropped; fly-tipping becomes Priority 2; a new priority 3 is added
    (plan / "priorities" / "02-drug-dealing.yaml").unlink()
    fly.rename(plan / "priorities" / "02-fly-tipping.yaml")
    (plan / "priorities" / "03-hate-crime.yaml").write_text(
        "title: Hate crime\nobjectives:\n  - title: Increase reporting\n    actions:\n"
        "      - title: Third-party reporting centres\n        lead: [Council]\n",
        encoding="utf-8",
    )
    edit(
        plan / "plan.yaml",
        "    - id: Police\n      name: Example Police\n      statutory: true\n",
        "    - id: Police\n      name: Example Police\n      statutory: true\n"
        "    - id: Fire\n      name: Example Fire and Rescue Service\n      statutory: true\n",
    )
    edit(plan / "plan.yaml", "published: 2024-04\n", "published: 2025-04\nrevision: 2025 refresh\n")
    edit(
        plan / "glossary.yaml",
        "  ASB: Anti-Social Behaviour\n",
        "  ASB: Anti-Social Behaviour\n  FRS: Fire and Rescue Service\n",
    )


def test_a_refresh_is_described_change_by_change(cli: Cli, repo: Path) -> None:
    refresh(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "2025 refresh")
    result = cli("diff", plan_of(repo), "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    commit = git(repo, "rev-parse", "--short=7", "HEAD~1").strip()
    assert lines[1].startswith(f"from HEAD~1 ({commit}) to HEAD (")
    expected = [
        "Plan",
        "  + Revision added: 2025 refresh",
        "  ~ Published: 2024-04 → 2025-04",
        "Partners",
        "  + Partner added: “Fire” (Example Fire and Rescue Service)",
        "Priority 1: Reducing anti-social behaviour",
        "  ~ Measure “ASB incidents”: target 900 in 2027 → 850 in 2027",
        "  + Measure “ASB incidents”: actual 2025 added: 940",
        "  ~ Objective reworded",
        "      Was: Patrol the hotspots",
        "      Now: Patrol the hotspots every weekend",
        "  − Objective removed: “Survey residents about ASB”, with 1 action",
        "  ~ Action reworded",
        "      Was: Run awareness events",
        "      Now: Run awareness events in every town",
        "  ~ Action “Run awareness events in every town”: lead Council, Police → Council, Police, Fire (Fire added)",
        "  ~ Action “Run awareness events in every town”: due March 2025 → March 2026",
        "  + Action “Run awareness events in every town”: progress 2025-26 added",
        "      Text: Six events.",
        "  ~ Action reworded",
        "      Was: Evening patrols in the town centre",
        "      Now: Night-time economy patrols",
        "  − Action removed: “Hand out leaflets at every event”",
        "Priority 2: Reducing fly-tipping",
        "  → Priority moved: “Reducing fly-tipping”, from Priority 3 to Priority 2",
        "  → Objective moved: “Keep streets clean”, from Priority 1 to Priority 2",
        "  + Objective added: “Prosecute offenders”",
        "  → Action moved: “Close the alleyway behind the shops”, from objective “Patrol the hotspots” (Priority 1) "
        "to objective “Clear fly-tipping within two days” (Priority 2)",
        "  + Action added: “Cameras at known sites” under objective “Prosecute offenders” (Priority 2); lead Council",
        "Priority 3: Hate crime",
        "  + Priority added: “Hate crime”, with 1 objective and 1 action",
        "Tackling drug dealing (was Priority 2)",
        "  − Priority removed: “Tackling drug dealing”, with 1 objective and 1 action",
        "Glossary",
        "  + Term added: “FRS” (Fire and Rescue Service)",
    ]
    assert [line for line in lines[3:] if line] == expected
    assert lines[1].endswith(": 21 changes: 8 added, 3 removed, 3 moved, 3 reworded, 4 changed")


def test_no_changes_when_the_yaml_is_only_laid_out_differently(cli: Cli, repo: Path) -> None:
    plan = plan_of(repo)
    asb = plan / "priorities" / "01-anti-social-behaviour.yaml"
    edit(asb, "lead: [Council, Police]\n", "lead:\n          - Council\n          - Police\n")
    edit(asb, "title: Reducing anti-social behaviour\n", "title: 'Reducing anti-social behaviour'\n")
    edit(
        asb,
        "why: ASB incidents rose by 10% last year.\n",
        "why: >-\n  ASB incidents rose\n  by 10% last year.\n",
    )
    edit(asb, "baseline: {period: 2023, value: 1000}", "baseline:\n      period: 2023\n      value: 1000")
    edit(
        plan / "plan.yaml", "period: {start: 2024, end: 2027}\n", "period:\n    start: 2024\n    end: 2027\n"
    )
    assert cli("fmt", plan).exit_code == 0
    assert git(repo, "status", "--porcelain").strip(), "the layout should have changed on disk"
    result = cli("diff", plan)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].endswith(": no changes")
    assert len(result.stdout.splitlines()) == 2


def test_table_and_chart_figures_show_old_and_new(cli: Cli, repo: Path) -> None:
    plan = plan_of(repo) / "plan.yaml"
    table = (
        "    content:\n      - table:\n          caption: Deliberate fires\n          columns:\n"
        "            - label: Year\n            - label: Fires\n              type: number\n"
        "          rows:\n            - [2023, 151]\n"
    )
    edit(plan, "    content: |\n      Example district has **three** towns.\n", table)
    git(repo, "commit", "-qam", "figures")
    edit(plan, "            - [2023, 151]\n", "            - [2023, 150]\n            - [2024, 112]\n")
    lines = cli("diff", plan_of(repo)).stdout.splitlines()
    assert lines[3:] == [
        "Plan",
        "  + Table “Deliberate fires”: “2024” added: Fires 112",
        "  ~ Table “Deliberate fires”: “2023” / Fires 151 → 150",
    ]


def test_rewritten_text_shows_the_words_that_changed(cli: Cli, repo: Path) -> None:
    asb = plan_of(repo) / "priorities" / "01-anti-social-behaviour.yaml"
    edit(asb, "text: Four events were held.", "text: Five events were held.")
    long_before = (
        "ASB incidents rose by 10% last year, "
        + "mostly in the town centre and the parks, " * 3
        + "at night."
    )
    edit(asb, "why: ASB incidents rose by 10% last year.", f"why: {long_before}")
    git(repo, "commit", "-qam", "longer why")
    edit(asb, "text: Five events were held.", "text: Four events were held.")
    edit(asb, "rose by 10% last year", "rose by 12% last year")
    edit(asb, "at night.", "in the evening.")
    lines = cli("diff", plan_of(repo)).stdout.splitlines()
    assert lines[3:] == [
        "Priority 1: Reducing anti-social behaviour",
        "  ~ Priority “Reducing anti-social behaviour”: text rewritten",
        "      ASB incidents rose by [-10%-] {+12%+} last year, mostly in the town … the town centre and "
        "the parks, [-at night.-] {+in the evening.+}",
        "  ~ Action “Run awareness events”: progress 2024-25 rewritten",
        "      [-Five-] {+Four+} events were held.",
    ]


def test_markdown_for_a_pull_request_comment(cli: Cli, repo: Path) -> None:
    refresh(repo)
    result = cli("diff", plan_of(repo), "--format", "md")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("### Changes to Example Community Safety Partnership Plan 2024–2027\n")
    assert "Compared `HEAD (" in text and "` with `working tree`:" in text
    assert "#### Priority 2: Reducing fly-tipping\n" in text
    assert (
        "- Action reworded\n  - Was: Run awareness events\n  - Now: Run awareness events in every town\n"
        in text
    )


def test_an_html_page_escapes_what_the_plan_says(cli: Cli, repo: Path) -> None:
    edit(
        plan_of(repo) / "priorities" / "01-anti-social-behaviour.yaml",
        "Run awareness events\n",
        "Run <script>alert(1)</script> events\n",
    )
    result = cli("diff", plan_of(repo), "--format", "html")
    assert result.exit_code == 0
    page = result.stdout
    assert "<script>" not in page
    assert "Run &lt;script&gt;alert(1)&lt;/script&gt; events" in page
    assert '<html lang="en-GB">' in page and '<main id="main"' in page


def test_build_writes_changes_beside_the_plan(cli: Cli, repo: Path, tmp_path: Path) -> None:
    refresh(repo)
    out = tmp_path / "site"
    result = cli("build", plan_of(repo), "--format", "html", "--out", out, "--changes-since", "HEAD")
    assert result.exit_code == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == [".cspgen-build", "changes.html", "index.html"]
    page = (out / "changes.html").read_text(encoding="utf-8")
    assert "with this version" in page
    assert "Reducing fly-tipping" in page
    assert '<a href="index.html">' in page


def test_build_changes_since_needs_html(cli: Cli, repo: Path) -> None:
    result = cli("build", plan_of(repo), "--format", "md", "--changes-since", "HEAD")
    assert result.exit_code == 2


def test_unknown_revision_and_no_repository_are_usage_errors(cli: Cli, repo: Path, tmp_path: Path) -> None:
    assert cli("diff", plan_of(repo), "no-such-tag").exit_code == 2
    outside = tmp_path / "loose"
    shutil.copytree(FIXTURES / "minimal", outside)
    result = cli("diff", outside)
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr


def test_an_invalid_earlier_version_is_reported_at_its_revision(cli: Cli, repo: Path) -> None:
    asb = plan_of(repo) / "priorities" / "01-anti-social-behaviour.yaml"
    edit(asb, "        due: March 2025\n", "        deu: March 2025\n")
    git(repo, "commit", "-qam", "typo")
    edit(asb, "        deu: March 2025\n", "        due: March 2025\n")
    result = cli("diff", plan_of(repo), "--report", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert [(d["file"], d["code"]) for d in found] == [
        ("HEAD:plans/example/priorities/01-anti-social-behaviour.yaml", "unknown-field")
    ]
    github = cli("diff", plan_of(repo), "--report", "github")
    assert github.stdout.startswith(
        "::error file=HEAD%3Aplans/example/priorities/01-anti-social-behaviour.yaml,line=9"
    )


def test_a_plan_new_since_the_revision(cli: Cli, repo: Path) -> None:
    shutil.copytree(plan_of(repo), repo / "plans" / "second")
    result = cli("diff", repo / "plans" / "second")
    assert result.exit_code == 0
    assert "The plan is new: it did not exist at HEAD" in result.stdout


def test_colour_follows_the_terminal_and_no_color(
    cli: Cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refresh(repo)
    assert "\x1b[" in cli("diff", plan_of(repo), "--color", "always").stdout
    assert "\x1b[" not in cli("diff", plan_of(repo)).stdout
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(Colour.auto)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Colour.auto)


def test_the_ci_guide_shows_the_workflow_file_as_it_is() -> None:
    docs = FIXTURES.parent.parent / "docs"
    workflow = (docs / "plan-repository-workflow.yml").read_text(encoding="utf-8")
    assert f"```yaml\n{workflow}```\n" in (docs / "ci.md").read_text(encoding="utf-8")
    assert 'cspgen diff "$plan" "$BASE" HEAD --format md' in workflow


def test_pre_commit_hooks_run_cspgen_commands_that_exist(cli: Cli) -> None:
    hooks = yaml.safe_load((FIXTURES.parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["cspgen-validate", "cspgen-fmt-check", "cspgen-fmt"]
    for hook in hooks:
        program, *arguments = hook["entry"].split()
        assert program == "cspgen"
        assert cli(*arguments, "--help").exit_code == 0, hook["entry"]


def test_many_actions_reworded_alike_are_each_paired_with_their_own_old_wording(cli: Cli, repo: Path) -> None:
    """More reworded actions than the close-title pass compares each with: every one still finds its own."""
    asb = plan_of(repo) / "priorities" / "01-anti-social-behaviour.yaml"
    surgeries = "".join(
        f"      - title: Hold a street surgery in ward {i}\n        lead: [Council]\n" for i in range(150)
    )
    edit(asb, "    actions:\n", "    actions:\n" + surgeries)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "surgeries")
    asb.write_text(
        asb.read_text(encoding="utf-8").replace("surgery in ward", "surgery for ward"), encoding="utf-8"
    )
    result = cli("diff", plan_of(repo), "HEAD", "--color", "never")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].endswith(": 150 changes: 150 reworded")
    was = [
        line.split()[-1] for line in lines if line.strip().startswith("Was: Hold a street surgery in ward")
    ]
    now = [
        line.split()[-1] for line in lines if line.strip().startswith("Now: Hold a street surgery for ward")
    ]
    assert was == now == [str(i) for i in range(150)]


def test_a_change_to_a_plan_setting_is_reported(cli: Cli, repo: Path) -> None:
    """Settings diff had no hand-written line for: compared because the model has the field."""
    edit(
        plan_of(repo) / "plan.yaml",
        "status: published\n",
        "status: published\nexpand_acronyms: false\nformats: [html, md, docx]\n"
        "action_plan:\n  columns:\n    lead: Lead partner\n",
    )
    result = cli("diff", plan_of(repo), "--color", "never")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[3:] == [
        "Plan",
        "  ~ Formats: html, md → html, md, docx",
        "  ~ Expand acronyms: yes → no",
        "  ~ Action plan › columns › lead: Lead → Lead partner",
    ]


def test_a_key_figure_changed_is_told_field_by_field(cli: Cli, repo: Path) -> None:
    plan = plan_of(repo) / "plan.yaml"
    figures = (
        "    content:\n      - key_figures:\n          source: Example Police, 2023\n          figures:\n"
        "            - label: Domestic abuse crimes\n              value: 1240\n              unit: crimes\n"
        "              previous: {period: 2021/22, value: 1181}\n"
        "            - label: Licensed premises\n              value: 212\n"
    )
    edit(plan, "    content: |\n      Example district has **three** towns.\n", figures)
    git(repo, "commit", "-qam", "key figures")
    edit(plan, "value: 1240\n", "value: 1302\n")
    edit(plan, "{period: 2021/22, value: 1181}", "{period: 2022/23, value: 1240}")
    edit(plan, "Example Police, 2023", "Example Police, 2024")
    edit(plan, "            - label: Licensed premises\n              value: 212\n", "")
    lines = cli("diff", plan_of(repo)).stdout.splitlines()
    assert lines[3:] == [
        "Plan",
        "  − Key figure removed: “Licensed premises”",
        "  ~ Key figure “Domestic abuse crimes”: value 1240 → 1302",
        "  ~ Key figure “Domestic abuse crimes”: previous 1181 in 2021/22 → 1240 in 2022/23",
        "  ~ Key figure “Domestic abuse crimes”: source Example Police, 2023 → Example Police, 2024",
    ]

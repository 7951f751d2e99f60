"""`cspgen new` writes every file it promises or none, and says why when it cannot."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from .running import Run

Cli = Callable[..., Run]
ROOT = Path(__file__).resolve().parent.parent


def everything_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def test_a_folder_that_is_a_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "plan").write_text("mine")
    result = cli("new", tmp_path / "plan", "--schemas", tmp_path / "schemas")
    assert result.exit_code == 2
    assert f"{tmp_path / 'plan'} is a file" in result.stderr
    assert (tmp_path / "plan").read_text() == "mine"
    assert everything_under(tmp_path) == [tmp_path / "plan"]


def test_a_folder_inside_a_file_is_a_usage_error_and_nothing_is_created(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "plans").write_text("mine")
    result = cli("new", tmp_path / "plans" / "district-2026", "--schemas", tmp_path / "schemas")
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "Not a directory; nothing was created" in result.stderr
    assert "created" not in result.stderr.replace("nothing was created", "")
    assert everything_under(tmp_path) == [tmp_path / "plans"]


def test_schemas_that_is_a_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "schemas").write_text("mine")
    result = cli("new", tmp_path / "district-2026", "--schemas", tmp_path / "schemas")
    assert result.exit_code == 2
    assert "--schemas" in result.stderr and "is a file" in result.stderr
    assert everything_under(tmp_path) == [tmp_path / "schemas"]


def test_a_failure_after_the_plan_files_takes_them_away_again(cli: Cli, tmp_path: Path) -> None:
    """The schemas are written last: when they cannot be, the plan written before them goes too."""
    (tmp_path / "shared").write_text("mine")
    (tmp_path / "plans").mkdir()
    result = cli("new", tmp_path / "plans" / "district-2026", "--schemas", tmp_path / "shared" / "schemas")
    assert result.exit_code == 2
    assert "nothing was created" in result.stderr
    assert "created " not in result.stderr
    assert everything_under(tmp_path) == [tmp_path / "plans", tmp_path / "shared"]


def test_an_empty_existing_folder_is_filled_and_kept(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "district-2026").mkdir()
    result = cli("new", tmp_path / "district-2026", "--schemas", tmp_path / "schemas")
    assert result.exit_code == 0, result.stderr
    created = [
        line.removeprefix("created ") for line in result.stderr.splitlines() if line.startswith("created ")
    ]
    assert created and all(Path(path).is_file() for path in created)
    assert sorted(Path(path) for path in created) == [
        path for path in everything_under(tmp_path) if path.is_file()
    ]


@pytest.mark.parametrize("scaffold", ["missing", "empty"])
def test_an_installation_without_plan_templates_says_so_and_creates_nothing(
    tmp_path: Path, scaffold: str
) -> None:
    """As when the templates were left out of the wheel: `new` once claimed success and wrote no plan."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "cspgen", site / "cspgen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(site / "cspgen" / "commands" / "templates")
    if scaffold == "empty":
        (site / "cspgen" / "commands" / "templates").mkdir()
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    found = subprocess.run(
        [sys.executable, "-c", "import cspgen; print(cspgen.__file__)"],
        cwd=work, env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert Path(found.stdout.strip()).is_relative_to(site)
    result = subprocess.run(
        [sys.executable, "-m", "cspgen", "new", "plans/district-2026"],
        cwd=work, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 3
    assert "this installation of cspgen has no plan templates" in result.stderr
    assert "Traceback" not in result.stderr and "created" not in result.stderr
    assert everything_under(work) == []


PLACES = [
    "plan.yaml:6:9: title",
    "plan.yaml:10:10: partnership.name",
    "plan.yaml:13:14: partnership.partners[0].name",
    "plan.yaml:16:14: partnership.partners[1].name",
    "plan.yaml:19:14: partnership.partners[2].name",
    "plan.yaml:22:14: partnership.partners[3].name",
    "plan.yaml:25:14: partnership.partners[4].name",
    "plan.yaml:29:8: area",
    "plan.yaml:39:5: foreword.content",
    "plan.yaml:42:12: foreword.signatory.name",
    "plan.yaml:43:12: foreword.signatory.role",
    "plan.yaml:48:7: sections[0].content",
    "plan.yaml:51:10: sections[1].content[0]",
    "plan.yaml:59:17: sections[1].content[1].table.rows[0][0]",
    "plan.yaml:60:17: sections[1].content[1].table.rows[1][0]",
    "plan.yaml:68:7: sections[7].content",
    "priorities/01-anti-social-behaviour.yaml:3:9: title",
    "priorities/01-anti-social-behaviour.yaml:6:3: why",
    "priorities/01-anti-social-behaviour.yaml:9:13: objectives[0].title",
    "priorities/01-anti-social-behaviour.yaml:11:17: objectives[0].actions[0].title",
    "priorities/01-anti-social-behaviour.yaml:18:13: measures[0].title",
    "priorities/02-substance-misuse.yaml:4:9: title",
    "priorities/02-substance-misuse.yaml:7:3: definition",
    "priorities/02-substance-misuse.yaml:9:3: why",
    "priorities/02-substance-misuse.yaml:11:3: response",
    "priorities/02-substance-misuse.yaml:13:13: commitments[0].title",
    "priorities/02-substance-misuse.yaml:15:13: outcomes[0].title",
    "priorities/03-serious-violence-and-reoffending.yaml:2:9: title",
    "priorities/03-serious-violence-and-reoffending.yaml:5:3: why",
    "priorities/03-serious-violence-and-reoffending.yaml:7:13: objectives[0].title",
    "priorities/03-serious-violence-and-reoffending.yaml:9:17: objectives[0].actions[0].title",
]
NAMED = (
    "plan.yaml:6:9: title",
    "plan.yaml:10:10: partnership.name",
    "plan.yaml:13:14:",
    "plan.yaml:29:8: area",
)
MARKER = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)


def placeholder_places(stderr: str, plan: Path) -> list[str]:
    return [
        line.removeprefix(f"{plan}/").split(": `[[")[0]
        for line in stderr.splitlines()
        if line.endswith("[warning: placeholder]")
    ]


def test_the_scaffold_fails_strict_validation_at_each_placeholder_until_all_are_written(
    cli: Cli, tmp_path: Path
) -> None:
    plan = tmp_path / "plans" / "district-2026"
    assert cli("new", plan, "--schemas", tmp_path / "schemas").exit_code == 0
    untouched = cli("validate", "--strict", plan)
    assert untouched.exit_code == 1
    assert placeholder_places(untouched.stderr, plan) == PLACES
    assert "0 errors, 36 warnings" in untouched.stderr
    assert "published:" not in (plan / "plan.yaml").read_text().replace("# published:", "")
    for path in plan.rglob("*.yaml"):
        path.write_text(MARKER.sub(r"\1", path.read_text()))
    written = cli("validate", "--strict", plan)
    assert written.exit_code == 1
    assert {line.rsplit("[warning: ", 1)[-1] for line in written.stderr.splitlines()[:-1]} == {
        "duty-not-shown]"
    }
    text = (plan / "plan.yaml").read_text()
    (plan / "plan.yaml").write_text(text.replace("YYYY-MM-DD", "2026-03-02").replace("YYYY-MM", "2026-01"))
    law = (plan / "plan.yaml").read_text().split("# What the law asks")[1]
    recorded = re.sub(r"(?m)^# (?=\S|  )", "", law.split("\n", 2)[2].split("\n# - generated")[0])
    (plan / "plan.yaml").write_text((plan / "plan.yaml").read_text() + recorded + "\n")
    assert cli("validate", "--strict", plan).exit_code == 0, cli("validate", plan).stderr


def test_names_given_to_new_are_written_instead_of_placeholders(cli: Cli, tmp_path: Path) -> None:
    plan = tmp_path / "ashfield-2025"
    names = {
        "--title": "Ashfield Community Safety Plan 2025–2028",
        "--partnership": "Ashfield Community Safety Partnership",
        "--council": "Ashfield District Council",
        "--area": "Ashfield: the district",
    }
    created = cli(
        "new", plan, "--schemas", tmp_path / "schemas", *(part for item in names.items() for part in item)
    )
    assert created.exit_code == 0, created.stderr
    written = yaml.safe_load((plan / "plan.yaml").read_text())
    assert [written["title"], written["partnership"]["name"], written["area"]] == [
        names["--title"],
        names["--partnership"],
        names["--area"],
    ]
    assert written["partnership"]["partners"][0]["name"] == names["--council"]
    assert cli("fmt", "--check", plan).exit_code == 0  # in fmt's layout from the start, as CI checks
    places = placeholder_places(cli("validate", plan).stderr, plan)
    assert places == [place for place in PLACES if not place.startswith(NAMED)]

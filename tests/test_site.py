"""`cspgen site`: every plan of a folder built at once, with an index page, golden and all-or-nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cspgen.write import MANIFEST

from .running import Cli
from .test_golden import GIT_ENV

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "golden" / "sites"
# The repository's own plans, and a county of three tiny plans with an agreement and police objectives.
CASES = {"repository": ROOT / "plans", "county": SITES / "county" / "plans"}
COUNTY = CASES["county"]


def written(site: Path) -> str:
    """The files the site holds, one a line, as its manifest lists them."""
    return (site / MANIFEST).read_text(encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_site_golden(name: str, cli: Cli, tmp_path: Path, update_golden: bool) -> None:
    site = tmp_path / "site"
    run = cli("site", CASES[name], "--out", site)
    assert run.exit_code == 0, run.stderr
    actual = {"index.html": (site / "index.html").read_text(encoding="utf-8"), "files.txt": written(site)}
    expected = SITES / name
    expected.mkdir(exist_ok=True)
    for file_name, text in actual.items():
        if update_golden:
            (expected / file_name).write_text(text, encoding="utf-8", newline="\n")
        else:
            wanted = (expected / file_name).read_text(encoding="utf-8")
            assert text == wanted, f"{expected / file_name} differs; run with --update-golden if intended"


def test_each_plan_is_linked_in_the_formats_its_build_wrote_and_no_other(cli: Cli, tmp_path: Path) -> None:
    run = cli("site", COUNTY, "--out", tmp_path / "site", "--format", "html")
    assert run.exit_code == 0, run.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="amber-2024/index.html"' in index
    assert "plan.md" not in index
    assert not (tmp_path / "site" / "amber-2024" / "plan.md").exists()


def test_a_failing_plan_leaves_the_previous_site_untouched(cli: Cli, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(COUNTY, plans)
    site = tmp_path / "site"
    assert cli("site", plans, "--out", site).exit_code == 0
    before = snapshot(site)
    (plans / "brook-2024" / "priorities" / "02-new.yaml").write_text("title: New\nstrand: [crime]\n")
    shutil.rmtree(plans / "amber-2024")  # would leave the site, were it written

    run = cli("site", plans, "--out", site)

    assert run.exit_code == 1
    assert "02-new.yaml:2:1: strand: unknown field" in run.stderr
    assert f"{plans / 'brook-2024'}: not built (1 error, 0 warnings)" in run.stderr
    assert f"site: 1 of 2 plans not built; {site} left as it was" in run.stderr
    assert snapshot(site) == before


def test_a_plan_removed_from_the_folder_leaves_the_site_when_it_is_rebuilt(cli: Cli, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(COUNTY, plans)
    site = tmp_path / "site"
    assert cli("site", plans, "--out", site).exit_code == 0
    shutil.rmtree(plans / "brook-2024")

    assert cli("site", plans, "--out", site).exit_code == 0

    assert not (site / "brook-2024").exists()
    assert "brook-2024" not in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Amber 2024", "a site's plan folder is named in lower case words joined by hyphens"),
        ("images", "a plan folder named `images` would be taken for a folder of pictures"),
    ],
)
def test_a_plan_folder_the_site_cannot_name_is_a_usage_error(
    name: str, message: str, cli: Cli, tmp_path: Path
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(COUNTY, plans)
    (plans / "brook-2024").rename(plans / name)

    run = cli("site", plans, "--out", tmp_path / "site")

    assert (run.exit_code, run.stderr) == (2, f"cspgen: {plans / name}: {message}\n")
    assert not (tmp_path / "site").exists()


def test_an_unknown_objective_is_located_with_the_nearest_id(cli: Cli, tmp_path: Path) -> None:
    shutil.copytree(COUNTY, tmp_path / "plans")
    plan = tmp_path / "plans" / "amber-2024"
    priority = plan / "priorities" / "01-domestic-abuse.yaml"
    priority.write_text(priority.read_text().replace("[protect-vulnerable-people]", "[protect-vulnerable]"))

    run = cli("validate", plan)

    assert run.exit_code == 1
    assert (
        f"{priority}:3:10: serves[0]: `protect-vulnerable` is not an objective of the police and crime plan "
        "(did you mean `protect-vulnerable-people`?); use one of the ids under the police and crime "
        "plan's `objectives` [error: unknown-objective]\n"
    ) in run.stderr


def test_an_objective_without_a_police_and_crime_plan_is_an_error(cli: Cli, tmp_path: Path) -> None:
    shutil.copytree(COUNTY, tmp_path / "plans")
    plan = tmp_path / "plans" / "brook-2024"
    priority = plan / "priorities" / "01-drugs.yaml"
    priority.write_text(priority.read_text() + "serves: [safer-roads]\n")

    run = cli("validate", plan)

    assert run.exit_code == 1
    assert (
        f"{priority}:4:10: serves[0]: `safer-roads` names a police and crime plan objective, but the plan "
        "has none: add `police_and_crime_plan` with its `objectives` to plan.yaml, or share a county's "
        "police-and-crime-plan.yaml [error: unknown-objective]\n"
    ) in run.stderr


def test_a_plans_own_police_and_crime_plan_wins_over_its_shared_folders(cli: Cli, tmp_path: Path) -> None:
    shutil.copytree(COUNTY, tmp_path / "plans")
    plan = tmp_path / "plans" / "amber-2024"
    own = "police_and_crime_plan:\n  title: Own plan\n  objectives:\n    - {id: own-objective, title: Own}\n"
    (plan / "plan.yaml").write_text((plan / "plan.yaml").read_text(encoding="utf-8") + own, encoding="utf-8")

    run = cli("validate", plan)

    assert run.exit_code == 1
    assert "`protect-vulnerable-people` is not an objective of the police and crime plan;" in run.stderr


def test_changes_since_writes_and_links_each_plans_changes_page(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plans = tmp_path / "council" / "plans"
    shutil.copytree(COUNTY, plans)
    for name, value in GIT_ENV.items():
        monkeypatch.setenv(name, value)
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "As approved"]):
        subprocess.run(["git", *command], cwd=plans.parent, check=True, capture_output=True, timeout=60)
    (plans / "amber-2024" / "priorities" / "03-fraud.yaml").write_text("title: Fraud\n", encoding="utf-8")

    run = cli("site", plans, "--out", tmp_path / "site", "--changes-since", "HEAD")

    assert run.exit_code == 0, run.stderr
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="amber-2024/changes.html">Changes since the last version' in index
    assert "Fraud" in (tmp_path / "site" / "amber-2024" / "changes.html").read_text(encoding="utf-8")


def test_a_link_put_in_place_of_a_plans_folder_is_never_followed(cli: Cli, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli("site", COUNTY, "--out", site).exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("theirs", encoding="utf-8")
    shutil.rmtree(site / "amber-2024")
    (site / "amber-2024").symlink_to(elsewhere)

    run = cli("site", COUNTY, "--out", site)

    assert run.exit_code == 1
    assert "output-not-written" in run.stderr
    assert [path.name for path in elsewhere.iterdir()] == ["index.html"]
    assert (elsewhere / "index.html").read_text(encoding="utf-8") == "theirs"

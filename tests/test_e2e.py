"""End to end: the real command, run as users run it; two runs in different environments agree byte for byte."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(
    path.name
    for path in (ROOT / "plans").iterdir()
    if (path / "plan.yaml").exists() and not path.name.startswith("_")
)


KITCHEN_SINK = Path("tests") / "golden" / "cases" / "kitchen-sink" / "plan"
# Two settings that differ in everything a build must not depend on; the time zones are 26 hours
# apart, so at any moment they disagree on the date, and a clock anywhere in the output shows.
ENVIRONMENTS = (
    {"PYTHONHASHSEED": "0", "TZ": "Etc/GMT+12", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C"},
)


def cspgen(
    *args: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cspgen", *map(str, args)]
    environment = {**os.environ, **env} if env else None
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, check=False, timeout=600
    )


# The required duties each plan's own text does not show (tests/golden/law/ has every verdict): the
# truth about the plan, so `validate` warns of each and `--strict` refuses the plans that have any.
NOT_SHOWN = {
    "bolsover-2017": [],
    "bolsover-2020": [
        "responsible-health-icb",
        "plan-sent-to-pcc",
        "consultation-and-meetings",
        "serious-violence-consultation",
        "serious-violence-duty",
    ],
    "derbyshire-2014": ["responsible-health-ccg", "agreement-sent-to-pcc", "consultation-and-meetings"],
    "north-east-derbyshire-2008": ["consultation-and-meetings"],
}


def _duties_not_shown(stderr: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {plan: [] for plan in PLANS}
    for plan, duty in re.findall(
        r"(?m)^plans/([a-z0-9-]+)/plan\.yaml:.*?the duty `([a-z-]+)`.*\[warning: duty-not-shown\]$", stderr
    ):
        found[plan].append(duty)
    return found


def test_every_plan_validates_with_a_warning_for_each_duty_its_text_does_not_show() -> None:
    result = cspgen("validate")
    assert result.returncode == 0, result.stderr
    warnings = sum(len(duties) for duties in NOT_SHOWN.values())
    assert f"{len(PLANS)} plans checked: 0 errors, {warnings} warnings; valid" in result.stderr
    assert _duties_not_shown(result.stderr) == NOT_SHOWN
    assert cspgen("validate", "--strict").returncode == 1
    assert cspgen("validate", "--strict", "plans/bolsover-2017").returncode == 0


@pytest.mark.parametrize("plan", PLANS)
def test_plan_builds_with_its_default_formats(plan: str, tmp_path: Path) -> None:
    result = cspgen("build", f"plans/{plan}", "--out", tmp_path, *(() if NOT_SHOWN[plan] else ("--strict",)))
    assert result.returncode == 0, result.stderr
    assert _duties_not_shown(result.stderr)[plan] == NOT_SHOWN[plan]
    assert sorted(path.name for path in tmp_path.iterdir()) == [".cspgen-build", "index.html", "plan.md"]


@pytest.mark.pdf
def test_every_format_is_byte_identical_across_processes_and_environments(tmp_path: Path) -> None:
    """Two processes: one from the repository with a relative path, one from elsewhere with an absolute one."""
    (tmp_path / "elsewhere").mkdir()
    runs = [
        (ROOT, KITCHEN_SINK, tmp_path / "first"),
        (tmp_path / "elsewhere", ROOT / KITCHEN_SINK, Path("second")),
    ]
    for (cwd, plan, out), env in zip(runs, ENVIRONMENTS, strict=True):
        result = cspgen("build", plan, "--out", out, "--format", "html,md,pdf,docx", cwd=cwd, env=env)
        assert result.returncode == 0, result.stderr
    first, second = tmp_path / "first", tmp_path / "elsewhere" / "second"
    names = sorted(str(path.relative_to(first)) for path in first.rglob("*") if path.is_file())
    assert names == [
        ".cspgen-build",
        "images/border.a5a8926c.png",
        "images/ward-map.d0ab1206.png",
        "index.html",
        "plan.docx",
        "plan.md",
        "plan.pdf",
    ]
    assert sorted(str(path.relative_to(second)) for path in second.rglob("*") if path.is_file()) == names
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), f"{name} is not deterministic"
    with zipfile.ZipFile(first / "plan.docx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_no_plan_specific_code_or_templates() -> None:
    """One model for every CSP: nothing in the code or templates names a seed plan."""
    for path in (ROOT / "cspgen").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".j2", ".css", ".html", ".md"):
            text = path.read_text(encoding="utf-8").lower()
            assert "bolsover" not in text and "derbyshire" not in text, path

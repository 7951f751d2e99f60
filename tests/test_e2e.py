"""End to end: every plan in the repository builds through the real command, twice, identically."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(
    path.name
    for path in (ROOT / "plans").iterdir()
    if (path / "plan.yaml").exists() and not path.name.startswith("_")
)


def cspgen(*args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cspgen", *map(str, args)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_every_plan_validates_strictly() -> None:
    result = cspgen("validate", "--strict")
    assert result.returncode == 0, result.stderr
    assert f"{len(PLANS)} plans checked: 0 errors, 0 warnings; valid" in result.stderr


@pytest.mark.parametrize("plan", PLANS)
def test_plan_builds_deterministically(plan: str, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        result = cspgen("build", f"plans/{plan}", "--out", out, "--strict")
        assert result.returncode == 0, result.stderr
    names = sorted(path.name for path in first.iterdir())
    assert names == ["index.html", "plan.md"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), (
            f"{plan}/{name} is not deterministic"
        )


def test_no_plan_specific_code_or_templates() -> None:
    """One model for every CSP: nothing in the code or templates names a seed plan."""
    for path in (ROOT / "cspgen").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".j2", ".css", ".html", ".md"):
            text = path.read_text(encoding="utf-8").lower()
            assert "bolsover" not in text and "derbyshire" not in text, path

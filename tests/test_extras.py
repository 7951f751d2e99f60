"""PDF and Word output without their extras: one line saying what to install, exit 2, nothing written.

Each run puts modules first on the path that fail to import as the missing library would
(or as WeasyPrint does when Pango is missing), so cspgen sees an installation without them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .serving import serve_once

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BOUND = 120
NOT_INSTALLED = 'raise ModuleNotFoundError("No module named {0!r}", name={0!r})\n'
NO_PANGO = "raise OSError(\"cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file\")\n"


def without(tmp_path: Path, **modules: str) -> dict[str, str]:
    """An environment in which each named module raises as given when imported."""
    shadow = tmp_path / "shadow"
    shadow.mkdir(exist_ok=True)
    for name, body in modules.items():
        (shadow / f"{name}.py").write_text(body.format(name))
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(shadow), str(ROOT)])}


def cspgen(env: dict[str, str], *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cspgen", *map(str, args)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=BOUND, check=False,
    )  # fmt: skip


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    target = tmp_path / "plans" / "example"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


@pytest.mark.parametrize(
    ("formats", "modules", "line"),
    [
        (
            "html,pdf",
            {"weasyprint": NOT_INSTALLED},
            "cspgen: PDF output needs WeasyPrint: pip install 'cspgen[pdf]' (WeasyPrint needs the Pango "
            "library too; on Debian or Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0)",
        ),
        (
            "pdf",
            {"weasyprint": NO_PANGO},
            "cspgen: PDF output needs the Pango library, which WeasyPrint could not load (cannot load "
            "library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file); on Debian or "
            "Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0",
        ),
        (
            "md,docx",
            {"docx": NOT_INSTALLED},
            "cspgen: Word output needs python-docx: pip install 'cspgen[docx]'",
        ),
    ],
)
def test_a_format_without_its_extra_says_what_to_install(
    tmp_path: Path, plan: Path, formats: str, modules: dict[str, str], line: str
) -> None:
    out = tmp_path / "out"
    result = cspgen(
        without(tmp_path, **modules), "build", plan, "--format", formats, "--out", out, cwd=tmp_path
    )
    assert (result.returncode, result.stderr) == (2, line + "\n")
    assert not out.exists()


def test_a_plan_whose_formats_need_an_extra_writes_nothing(tmp_path: Path, plan: Path) -> None:
    with (plan / "plan.yaml").open("a", encoding="utf-8") as file:
        file.write("formats: [html, md, docx]\n")
    out = tmp_path / "out"
    result = cspgen(without(tmp_path, docx=NOT_INSTALLED), "build", plan, "--out", out, cwd=tmp_path)
    assert result.returncode == 2
    assert "pip install 'cspgen[docx]'" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_validate_and_serve_need_neither_extra(tmp_path: Path, plan: Path) -> None:
    env = without(tmp_path, weasyprint=NOT_INSTALLED, docx=NOT_INSTALLED)
    validated = cspgen(env, "validate", "--strict", plan, cwd=tmp_path)
    assert validated.returncode == 0, validated.stderr
    status, page = serve_once(
        [sys.executable, "-m", "cspgen", "serve", str(plan), "--port", "0"], tmp_path, env
    )
    assert status == 200
    assert "<title>Example Community Safety Partnership Plan" in page

"""cspgen as a council gets it: a wheel built from this checkout, installed in a fresh venv elsewhere.

Every other test imports cspgen from the checkout, where templates and data sit beside the code
whether or not they are packaged; these run the installed `cspgen` from folders outside it.
One pip install, so the whole workflow is one test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from .serving import serve_once

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "dev.lock"
BOUND = 180  # seconds any one command may take on a busy machine


pytestmark = pytest.mark.installed


def run(
    *command: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=BOUND,
        check=False,
    )


def package_files() -> set[str]:
    """What must be packaged: every file under cspgen/ (templates, CSS, scaffold, data), not bytecode."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "cspgen").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = run(sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "-q", "-w", out, cwd=out)
    assert built.returncode == 0, built.stderr
    return next(out.glob("cspgen-*.whl"))


def test_the_wheel_carries_every_template_css_scaffold_file_and_the_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = package_files()
    assert {"cspgen/writers/templates/html/style.css", "cspgen/plan/data/statutory.yaml"} <= expected
    assert any(name.startswith("cspgen/commands/templates/priorities/") for name in expected)
    assert expected - names == set()


def test_the_sdist_carries_the_templates(tmp_path: Path) -> None:
    built = run(sys.executable, "-m", "build", "--sdist", "-o", tmp_path, ROOT, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    with tarfile.open(next(tmp_path.glob("cspgen-*.tar.gz"))) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert package_files() | {"pyproject.toml", "README.md", "LICENSE"} <= names


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv outside the checkout with `cspgen[all]`, at the versions the lock names."""
    folder = tmp_path_factory.mktemp("venv")
    created = run(sys.executable, "-m", "venv", "--without-pip", folder, cwd=folder)
    assert created.returncode == 0, created.stderr
    python = folder / "bin" / "python"
    installed = run(
        sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-compile",
        "-c", LOCK, f"{wheel}[all]", cwd=folder,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    return folder


@pytest.fixture
def user_env(venv: Path) -> dict[str, str]:
    """As in a plan repository's shell: the venv's `cspgen` first on PATH, nothing pointing at this checkout."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env.update(GIT_AUTHOR_NAME="cspgen", GIT_AUTHOR_EMAIL="cspgen@example.org")
    env.update(GIT_COMMITTER_NAME="cspgen", GIT_COMMITTER_EMAIL="cspgen@example.org")
    return env


def plan_repository(folder: Path, env: dict[str, str]) -> Path:
    """bolsover-2020 and the shared content it names, committed, then one edit committed."""
    plans = folder / "plans"
    shutil.copytree(ROOT / "plans" / "bolsover-2020", plans / "bolsover-2020")
    shutil.copytree(ROOT / "plans" / "_shared", plans / "_shared")
    assert run("git", "init", "-q", cwd=folder, env=env).returncode == 0
    commit(folder, env, "first version")
    plan = plans / "bolsover-2020" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("Working together to reduce crime", "Working together to cut crime"))
    commit(folder, env, "second version")
    return plans / "bolsover-2020"


def commit(folder: Path, env: dict[str, str], message: str) -> None:
    for command in (["add", "-A"], ["commit", "-q", "-m", message]):
        done = run("git", *command, cwd=folder, env=env)
        assert done.returncode == 0, done.stderr


def test_installed_cspgen_runs_a_plan_repository(
    venv: Path, user_env: dict[str, str], tmp_path: Path
) -> None:
    work = tmp_path / "council"
    work.mkdir()
    cspgen = shutil.which("cspgen", path=user_env["PATH"])
    assert cspgen == str(venv / "bin" / "cspgen")
    imported = run("python", "-c", "import cspgen; print(cspgen.__file__)", cwd=work, env=user_env)
    assert Path(imported.stdout.strip()).is_relative_to(venv), imported.stdout + imported.stderr

    new = run(cspgen, "new", "plans/new-district-2026", cwd=work, env=user_env)
    assert new.returncode == 0, new.stderr
    created = re.findall(r"^created (.+)$", new.stderr, re.MULTILINE)
    assert "plans/new-district-2026/plan.yaml" in created
    assert all((work / path).is_file() for path in created)
    scaffold = run(cspgen, "validate", "plans/new-district-2026", cwd=work, env=user_env)
    assert scaffold.returncode == 0, scaffold.stderr
    assert "[warning: placeholder]" in scaffold.stderr

    plan = plan_repository(work / "repo", user_env)
    repo = plan.parent.parent
    relative = plan.relative_to(repo)
    valid = run(cspgen, "validate", relative, cwd=repo, env=user_env)
    assert valid.returncode == 0, valid.stderr
    problems = [line for line in valid.stderr.splitlines() if line.startswith(str(relative))]
    assert problems and all(line.endswith("[warning: duty-not-shown]") for line in problems), valid.stderr
    built = run(
        cspgen,
        "build",
        relative,
        "--format",
        "html,md,pdf,docx",
        "--out",
        work / "out",
        cwd=repo,
        env=user_env,
    )
    assert built.returncode == 0, built.stderr
    magic = {"index.html": b"<!DOCTYPE html>", "plan.md": b"# ", "plan.pdf": b"%PDF-", "plan.docx": b"PK"}
    for name, start in magic.items():
        data = (work / "out" / name).read_bytes()
        assert data.startswith(start) and len(data) > 20_000, name
    diff = run(cspgen, "diff", relative, "HEAD~1", "HEAD", cwd=repo, env=user_env)
    assert diff.returncode == 0, diff.stderr
    assert "Working together to cut crime" in diff.stdout
    formatted = run(cspgen, "fmt", "--check", "plans", cwd=repo, env=user_env)
    assert formatted.returncode == 0, formatted.stderr

    copy = work / "rollover" / "plans"
    shutil.copytree(repo / "plans", copy)
    rolled = run(cspgen, "rollover", copy / "bolsover-2020", "--year", "2021", cwd=work, env=user_env)
    assert rolled.returncode == 0, rolled.stderr
    updated = re.findall(r"^updated (.+)$", rolled.stderr, re.MULTILINE)
    assert updated and all(Path(path).is_relative_to(copy) for path in updated)
    assert run("git", "status", "--porcelain", cwd=repo, env=user_env).stdout == ""

    status, page = serve_once([cspgen, "serve", str(relative), "--port", "0"], repo, user_env)
    assert status == 200
    assert "<title>Bolsover Community Safety Partnership Plan 2020 – 2023</title>" in page

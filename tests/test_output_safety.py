"""`build --out` writes only into a folder cspgen made, and only over the files it wrote there."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cspgen.build import build

from .running import Run

Cli = Callable[..., Run]
MANIFEST = ".cspgen-build"


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every path below `folder` with its bytes (None for a folder), links not followed."""
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        found[name] = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    return found


def _refused(result: Run, *words: str) -> None:
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("where", "words"),
    [
        ("plan", ("is the plan folder",)),
        ("plan/site", ("inside the plan folder",)),
        ("plans", ("contains the plan folder",)),
        ("root", ("contains the plan folder",)),
    ],
)
def test_out_at_inside_or_above_the_plan_is_refused_even_with_clean(
    where: str, words: tuple[str, ...], cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    out = {
        "plan": minimal_plan,
        "plan/site": minimal_plan / "site",
        "plans": minimal_plan.parent,
        "root": tmp_path,
    }[where]
    before = _tree(tmp_path)
    _refused(cli("build", minimal_plan, "--out", out), *words)
    _refused(cli("build", minimal_plan, "--out", out, "--clean"), *words)
    assert _tree(tmp_path) == before


def test_a_repository_is_never_an_output_folder(cli: Cli, minimal_plan: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    for extra in ((), ("--clean",)):
        _refused(cli("build", minimal_plan, "--out", repo, *extra), ".git")
    assert _tree(repo) == {".git": None, ".git/HEAD": b"ref: refs/heads/main\n"}


def test_a_folder_cspgen_did_not_make_is_kept_unless_clean_is_asked(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    (site / "blog").mkdir(parents=True)
    (site / "CNAME").write_text("plan.example.org\n")
    (site / "blog" / "post.html").write_text("<p>mine</p>\n")
    before = _tree(site)
    _refused(cli("build", minimal_plan, "--out", site), "not made by cspgen", "--clean")
    assert _tree(site) == before
    result = cli("build", minimal_plan, "--out", site, "--clean")
    assert result.exit_code == 0, result.stderr
    assert sorted(_tree(site)) == [MANIFEST, "index.html", "plan.md"]


def test_a_rebuild_replaces_only_what_cspgen_wrote(cli: Cli, minimal_plan: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert cli("build", minimal_plan, "--out", site).exit_code == 0
    (site / "CNAME").write_text("plan.example.org\n")
    folder = site.stat().st_ino
    result = cli("build", minimal_plan, "--out", site, "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert sorted(_tree(site)) == [MANIFEST, "CNAME", "plan.md"]
    assert site.stat().st_ino == folder, "the folder was swapped, so for a moment there was none"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans", "site"]


def test_a_manifest_never_names_anything_but_cspgen_files(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert cli("build", minimal_plan, "--out", site).exit_code == 0
    (site / "CNAME").write_text("plan.example.org\n")
    (site / MANIFEST).write_text("index.html\nplan.md\nCNAME\n../plans/example/plan.yaml\n")
    assert cli("build", minimal_plan, "--out", site, "--format", "md").exit_code == 0
    assert sorted(_tree(site)) == [MANIFEST, "CNAME", "plan.md"]
    assert (minimal_plan / "plan.yaml").exists()


def test_what_a_killed_build_left_is_cleared_by_the_next(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert cli("build", minimal_plan, "--out", site).exit_code == 0
    (site / ".cspgen-staging-0123456789abcdef").mkdir()
    (site / ".cspgen-staging-0123456789abcdef" / "index.html").write_text("half\n")
    assert cli("build", minimal_plan, "--out", site).exit_code == 0
    assert sorted(_tree(site)) == [MANIFEST, "index.html", "plan.md"]


def test_the_manifest_lists_the_files_and_is_deterministic(minimal_plan: Path, tmp_path: Path) -> None:
    for out in (tmp_path / "a", tmp_path / "b"):
        assert not build(minimal_plan, out, ("html", "md")).failed()
    manifest = (tmp_path / "a" / MANIFEST).read_text(encoding="utf-8")
    assert manifest == (tmp_path / "b" / MANIFEST).read_text(encoding="utf-8")
    assert [line for line in manifest.splitlines() if not line.startswith("#")] == ["index.html", "plan.md"]


def test_an_older_cspgen_output_is_rebuilt(
    cli: Cli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(minimal_plan.parent.parent)
    legacy = Path("build/example")
    legacy.mkdir(parents=True)
    (legacy / "index.html").write_text("from an older cspgen\n")
    (legacy / "plan.pdf").write_text("from an older cspgen\n")
    result = cli("build", "plans/example", "--format", "html")
    assert result.exit_code == 0, result.stderr
    assert "older cspgen" not in (legacy / "index.html").read_text()
    assert sorted(_tree(legacy)) == [MANIFEST, "index.html", "plan.pdf"]


def test_out_that_is_a_file_or_below_one_is_refused(cli: Cli, minimal_plan: Path, tmp_path: Path) -> None:
    essay = tmp_path / "essay.txt"
    essay.write_text("my essay\n")
    _refused(cli("build", minimal_plan, "--out", essay), "is a file")
    _refused(cli("build", minimal_plan, "--out", essay / "sub"), "is a file")
    _refused(cli("build", minimal_plan, "--out", essay, "--clean"), "is a file")
    assert essay.read_text() == "my essay\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["essay.txt", "plans"]


def test_a_symlinked_out_is_refused(cli: Cli, minimal_plan: Path, tmp_path: Path) -> None:
    real = tmp_path / "real"
    assert cli("build", minimal_plan, "--out", real).exit_code == 0
    before = _tree(real)
    link = tmp_path / "link"
    link.symlink_to(real)
    for extra in ((), ("--clean",)):
        _refused(cli("build", minimal_plan, "--out", link, *extra), "symbolic link")
    assert link.is_symlink() and _tree(real) == before


def test_files_beside_the_output_are_never_touched(cli: Cli, minimal_plan: Path, tmp_path: Path) -> None:
    mine = tmp_path / ".site.old"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine\n")
    for _ in range(2):
        assert cli("build", minimal_plan, "--out", tmp_path / "site").exit_code == 0
    assert (mine / "keep.txt").read_text() == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.old", "plans", "site"]


@pytest.mark.parametrize("out", [".", "/", "/proc/cspgen-test"])
def test_unusable_folders_are_usage_errors(
    out: str, cli: Cli, minimal_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(minimal_plan.parent.parent)
    _refused(cli("build", "plans/example", "--out", out), f"--out {out}")


def test_clean_never_empties_home_or_the_working_folder(
    cli: Cli, minimal_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "work").mkdir(parents=True)
    (home / "work" / "notes.txt").write_text("mine\n")
    monkeypatch.setenv("HOME", str(home))
    _refused(cli("build", minimal_plan, "--out", home, "--clean"), "home folder")
    monkeypatch.chdir(home / "work")
    _refused(cli("build", minimal_plan, "--out", ".", "--clean"), "working folder")
    assert (home / "work" / "notes.txt").read_text() == "mine\n"


def _build_md(plan: Path, out: Path) -> None:
    sys.exit(1 if build(plan, out, ("md",)).failed() else 0)


def test_concurrent_builds_into_one_folder_take_turns(minimal_plan: Path, tmp_path: Path) -> None:
    """Forked after one build, so the twenty share its start-up and run at once."""
    alone, site = tmp_path / "alone", tmp_path / "site"
    assert not build(minimal_plan, alone, ("md",)).failed()
    fork = multiprocessing.get_context("fork")
    builds = [fork.Process(target=_build_md, args=(minimal_plan, site)) for _ in range(20)]
    for process in builds:
        process.start()
    for process in builds:
        process.join(timeout=120)
    assert [process.exitcode for process in builds] == [0] * 20
    assert _tree(site) == _tree(alone)


def test_a_failed_write_leaves_the_previous_output(
    cli: Cli, minimal_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    assert cli("build", minimal_plan, "--out", site).exit_code == 0
    before = _tree(site)
    (minimal_plan / "glossary.yaml").write_text("terms:\n  ASB: Changed\n")
    real_write = os.write

    def disk_full(fd: int, data: bytes | memoryview) -> int:
        if b"Changed" in bytes(data):
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", disk_full)
    result = cli("build", minimal_plan, "--out", site)
    monkeypatch.undo()
    assert result.exit_code == 1, result.stderr
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    assert _tree(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans", "site"]

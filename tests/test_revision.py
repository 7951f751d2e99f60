"""Reading a plan at a git revision never writes what the revision's tree names.

The hostile trees are made with `git mktree`, as a pull request from outside could bring them:
paths with `..` or empty parts, a link beside a folder of the same name, a submodule. Each must
be refused with a located error (exit 1, never 3), and no file may appear where it points.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from .running import Cli
from .test_diff import FIXTURES, git

PLAN = "plans/example"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal plan committed once; temporary folders go under tmp_path, so an escape stays in it."""
    monkeypatch.setattr(tempfile, "tempdir", str(_folder(tmp_path / "temporary")))
    root = tmp_path / "council"
    shutil.copytree(FIXTURES / "minimal", root / PLAN)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "plan")
    return root


def _folder(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


def _run(repo: Path, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=repo, input=stdin, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def blob(repo: Path, text: str) -> str:
    return _run(repo, "hash-object", "-w", "--stdin", stdin=text)


def tree(repo: Path, *entries: tuple[str, str, str]) -> str:
    """A tree object of (mode, object id, name) entries, names taken as they are."""
    kinds = {"040000": "tree", "160000": "commit"}
    lines = "".join(f"{mode} {kinds.get(mode, 'blob')} {obj}\t{name}\0" for mode, obj, name in entries)
    return _run(repo, "mktree", "-z", stdin=lines)


def listing(repo: Path, treeish: str) -> list[tuple[str, str, str]]:
    found = []
    for line in _run(repo, "ls-tree", treeish).splitlines():
        meta, name = line.split("\t", 1)
        mode, _kind, obj = meta.split()
        found.append((mode, obj, name))
    return found


def commit_with_plan_entries(repo: Path, *extra: tuple[str, str, str], without: str = "") -> str:
    """A commit after HEAD whose plan folder holds HEAD's files (less `without`) and the extra entries."""
    kept = [e for e in listing(repo, f"HEAD:{PLAN}") if e[2] != without]
    plans = tree(repo, ("040000", tree(repo, *kept, *extra), "example"))
    top = tree(repo, *[e for e in listing(repo, "HEAD") if e[2] != "plans"], ("040000", plans, "plans"))
    return _run(repo, "commit-tree", top, "-p", "HEAD", "-m", "hostile")


def nested(repo: Path, names: list[str], leaf: tuple[str, str, str]) -> str:
    """Trees inside trees: names[0] outermost; the innermost holds `leaf`."""
    inner = tree(repo, leaf)
    for name in reversed(names[1:]):
        inner = tree(repo, ("040000", inner, name))
    return inner


def diff_json(cli: Cli, repo: Path, revision: str):  # type: ignore[no-untyped-def]
    return cli("diff", repo / PLAN, revision, "--report", "json")


def test_dot_dot_entries_are_refused_and_nothing_is_written_where_they_point(
    cli: Cli, repo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "escaped" / "pwned.yaml"
    payload = ("100644", blob(repo, "title: pwned\n"), "pwned.yaml")
    climb = nested(repo, ["zz", *[".."] * 5, "escaped"], payload)
    hostile = commit_with_plan_entries(repo, ("040000", climb, "zz"))

    result = diff_json(cli, repo, hostile)

    assert not target.exists()
    assert not target.parent.exists()
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    path = f"{PLAN}/zz/../../../../../escaped/pwned.yaml"
    assert [(d["file"], d["line"], d["column"], d["code"]) for d in found] == [
        (f"{hostile}:{path}", 1, 1, "git-tree-path")
    ]


def test_a_link_beside_a_folder_of_the_same_name_is_refused(cli: Cli, repo: Path, tmp_path: Path) -> None:
    elsewhere = _folder(tmp_path / "elsewhere")
    through = nested(repo, ["priorities"], ("100644", blob(repo, "title: pwned\n"), "pwned.yaml"))
    hostile = commit_with_plan_entries(
        repo,
        ("120000", blob(repo, str(elsewhere)), "priorities"),
        ("040000", through, "priorities"),
        without="priorities",
    )

    result = diff_json(cli, repo, hostile)

    assert list(elsewhere.iterdir()) == []
    assert result.exit_code == 1
    found = {(d["file"], d["code"]) for d in json.loads(result.stdout)}
    assert (f"{hostile}:{PLAN}/priorities", "git-tree-entry") in found


def test_a_file_and_a_folder_of_one_name_are_refused(cli: Cli, repo: Path) -> None:
    inside = nested(repo, ["glossary.yaml"], ("100644", blob(repo, "terms: {}\n"), "more.yaml"))
    hostile = commit_with_plan_entries(repo, ("040000", inside, "glossary.yaml"))

    result = diff_json(cli, repo, hostile)

    assert result.exit_code == 1
    found = [(d["file"], d["code"], d["message"]) for d in json.loads(result.stdout)]
    glossary = f"{hostile}:{PLAN}/glossary.yaml"
    assert [(file, code) for file, code, _ in found] == [
        (glossary, "git-tree-conflict"),
        (glossary, "unreadable"),  # what is left is a folder, as it would be in a working tree
    ]
    assert "a file and a folder have this name" in found[0][2]


def test_an_empty_path_part_is_a_located_error(cli: Cli, repo: Path) -> None:
    empty = nested(repo, [""], ("100644", blob(repo, "title: pwned\n"), "pwned.yaml"))
    hostile = commit_with_plan_entries(repo, ("040000", empty, ""))

    result = diff_json(cli, repo, hostile)

    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert (problem["file"], problem["line"], problem["code"]) == (f"{hostile}:{PLAN}", 1, "git-tree")
    assert "empty filename" in problem["message"]


def test_a_file_name_cannot_write_lines_into_the_report(cli: Cli, repo: Path) -> None:
    name = "x\n::warning file=plan.yaml::injected.yaml"
    hostile = commit_with_plan_entries(repo, ("100644", blob(repo, "title: x\n"), name))

    result = cli("diff", repo / PLAN, hostile, "--report", "github")

    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(
        f"::error file={hostile}%3A{PLAN}/x\\x0a%3A%3Awarning file=plan.yaml%3A%3Ainjected.yaml,"
    )
    assert "title=git-tree-path::" in line


def test_links_and_submodules_in_a_revision_are_not_read(cli: Cli, repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("terms:\n  KEY: a secret\n", encoding="utf-8")
    head = _run(repo, "rev-parse", "HEAD")
    hostile = commit_with_plan_entries(
        repo,
        ("120000", blob(repo, str(secret)), "glossary.yaml"),
        ("160000", head, "vendored"),
        without="glossary.yaml",
    )

    result = diff_json(cli, repo, hostile)

    assert result.exit_code == 1
    assert sorted((d["file"], d["line"], d["code"]) for d in json.loads(result.stdout)) == [
        (f"{hostile}:{PLAN}/glossary.yaml", 1, "git-tree-entry"),
        (f"{hostile}:{PLAN}/vendored", 1, "git-tree-entry"),
    ]


def test_build_changes_since_a_hostile_revision_fails_and_writes_nothing(
    cli: Cli, repo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "escaped" / "pwned.yaml"
    payload = ("100644", blob(repo, "title: pwned\n"), "pwned.yaml")
    climb = nested(repo, ["zz", *[".."] * 5, "escaped"], payload)
    hostile = commit_with_plan_entries(repo, ("040000", climb, "zz"))
    out = tmp_path / "site"

    result = cli("build", repo / PLAN, "--out", out, "--format", "html", "--changes-since", hostile)

    assert result.exit_code == 1
    assert not target.exists()
    assert not out.exists()
    assert f"{hostile}:{PLAN}/zz/../" in result.stdout + result.stderr


def test_a_shared_folder_is_read_from_the_revision(cli: Cli, repo: Path) -> None:
    shared = repo / "plans" / "_shared" / "county"
    shared.mkdir(parents=True)
    (shared / "glossary.yaml").write_text("terms:\n  CCTV: Closed Circuit Television\n", encoding="utf-8")
    plan = repo / PLAN / "plan.yaml"
    plan.write_text(plan.read_text().replace("partnership:\n", "shared: [county]\npartnership:\n", 1))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "county glossary")
    (shared / "glossary.yaml").write_text("terms:\n  CCTV: Closed-circuit television\n", encoding="utf-8")

    result = cli("diff", repo / PLAN, "--color", "never")

    assert result.exit_code == 0, result.stdout + result.stderr
    assert "Closed Circuit Television" in result.stdout
    assert "Closed-circuit television" in result.stdout

"""A plan as it was at a git revision, read with git itself and validated like any other.

The revision's plan folder (and the `_shared` folder beside it) is written into a temporary
folder and put through the normal pipeline (`cspgen.build.validate`), so an old version is
compared as a validated model, never as raw YAML.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from .build import validate
from .diagnostics import Diagnostic, Severity, error
from .model import PlanBundle

WORKING_TREE = "working tree"


@dataclass(frozen=True)
class Repository:
    root: Path
    plan: PurePosixPath  # the plan folder, relative to the root


@dataclass(frozen=True)
class Loaded:
    """A plan at a revision: its bundle, or why there is none (`missing` when it did not exist)."""

    label: str
    bundle: PlanBundle | None
    diagnostics: list[Diagnostic]
    missing: bool = False


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False, timeout=120
    )


def repository(folder: Path) -> Repository | str:
    """Where the plan folder sits in its git repository, or why it is not in one."""
    if not folder.is_dir():
        return f"no such plan folder: {folder}"
    try:
        found = _git(folder, "rev-parse", "--show-toplevel", "--show-prefix")
    except FileNotFoundError:
        return "git is not installed; cspgen reads earlier versions of a plan with git"
    if found.returncode != 0:
        return f"{folder} is not inside a git repository"
    lines = found.stdout.decode("utf-8", "replace").splitlines()
    root = Path(lines[0])
    prefix = lines[1].rstrip("/") if len(lines) > 1 else ""
    return Repository(root, PurePosixPath(prefix))


def resolve(repo: Repository, revision: str) -> str | None:
    """The full commit id a revision names, or None when git knows no such revision."""
    if revision.startswith("-"):
        return None
    found = _git(repo.root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    return found.stdout.decode().strip() if found.returncode == 0 else None


def load_revision(repo: Repository, revision: str) -> Loaded:
    """Validate the plan as it was at `revision`; file names in problems read `REV:path`."""
    commit = resolve(repo, revision)
    if commit is None:
        return Loaded(
            revision, None, [error(str(repo.plan), 1, 1, "git-revision", f"unknown revision `{revision}`")]
        )
    label = f"{revision} ({commit[:7]})" if revision != commit else commit[:7]
    shared = repo.plan.parent / "_shared"
    entries = _tree(repo, commit, [repo.plan, shared])
    if not any(PurePosixPath(path).parent == repo.plan for _, _, path in entries):
        return Loaded(label, None, [], missing=True)
    with tempfile.TemporaryDirectory(prefix="cspgen-rev-") as temporary:
        root = Path(temporary)
        _write_tree(repo, entries, root)
        bundle, diagnostics = validate(root / repo.plan)
        located = [_at_revision(d, root, revision) for d in diagnostics]
    return Loaded(label, bundle, located)


def _tree(repo: Repository, commit: str, folders: list[PurePosixPath]) -> list[tuple[str, str, str]]:
    """(mode, object id, path) of every file under the folders at the commit."""
    specs = [f"{folder}/" if str(folder) != "." else "." for folder in folders]
    listing = _git(repo.root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *specs)
    entries = []
    for record in listing.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not record:
            continue
        meta, path = record.split("\t", 1)
        mode, kind, obj = meta.split()
        if kind == "blob":
            entries.append((mode, obj, path))
    return entries


def _write_tree(repo: Repository, entries: list[tuple[str, str, str]], root: Path) -> None:
    """Write the blobs as files (links as links, so the loader judges them as in a working tree)."""
    if not entries:
        return
    batch = _git(
        repo.root, "cat-file", "--batch", stdin="".join(f"{obj}\n" for _, obj, _ in entries).encode()
    )
    data = batch.stdout
    offset = 0
    for mode, _obj, path in entries:
        header_end = data.index(b"\n", offset)
        size = int(data[offset:header_end].split()[2])
        body = data[header_end + 1 : header_end + 1 + size]
        offset = header_end + 1 + size + 1
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == "120000":
            target.symlink_to(body.decode("utf-8", "surrogateescape"))
        else:
            target.write_bytes(body)


def _at_revision(diagnostic: Diagnostic, root: Path, revision: str) -> Diagnostic:
    try:
        relative = Path(diagnostic.file).resolve().relative_to(root.resolve())
    except ValueError:
        return diagnostic
    return replace(diagnostic, file=f"{revision}:{relative.as_posix()}")


def working_tree(folder: Path) -> Loaded:
    bundle, diagnostics = validate(folder)
    return Loaded(WORKING_TREE, bundle, diagnostics)


def errors_only(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """An earlier version's warnings are not this version's business; its errors stop a comparison."""
    return [d for d in diagnostics if d.severity is Severity.ERROR]

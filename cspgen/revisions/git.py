"""A plan as it was at a git revision, read with git itself and validated like any other.

The revision's plan folder (and the `_shared` folder beside it) is read into memory, never
written out: a tree from a pull request may hold `..` paths or links that would land a file
anywhere. Only plain files with plain paths are kept; every other entry is a located error.
The files then go through the normal pipeline (`cspgen.build.validate`), so an old version is
compared as a validated model, never as raw YAML.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path, PurePosixPath

from cspgen.build import validate
from cspgen.diagnostics import Diagnostic, Severity, error, sorted_diagnostics
from cspgen.plan.load import MAX_FILE_BYTES, SourceFile, parse_source, too_large
from cspgen.plan.model import PlanBundle
from cspgen.plan.picture import MAX_IMAGE_BYTES

WORKING_TREE = "working tree"
PLAIN_FILE_MODES = frozenset({"100644", "100755"})
_NOT_PLAIN = {"120000": "a link", "160000": "a submodule"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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


@dataclass(frozen=True)
class Entry:
    """One line of `git ls-tree -r -l`: `size` is None for what is not a blob."""

    mode: str
    obj: str
    size: int | None
    path: str


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
    entries, failure = _tree(repo, commit, [repo.plan, shared])
    if failure is not None:
        return Loaded(label, None, [error(f"{revision}:{repo.plan}", 1, 1, "git-tree", failure)])
    if not any(PurePosixPath(entry.path).parent == repo.plan for entry in entries):
        return Loaded(label, None, [], missing=True)
    kept, refused = _judged(entries, revision)
    blobs, unread = _blobs(repo, kept, revision)
    bundle, diagnostics = validate(repo.root / repo.plan, files=RevisionFiles(repo.root, blobs))
    located = [_at_revision(d, repo.root, revision) for d in diagnostics]
    return Loaded(label, None if refused else bundle, sorted_diagnostics([*refused, *unread, *located]))


def _tree(repo: Repository, commit: str, folders: list[PurePosixPath]) -> tuple[list[Entry], str | None]:
    """Every entry under the folders at the commit, or what git said when it could not list them."""
    specs = [f"{folder}/" if str(folder) != "." else "." for folder in folders]
    listing = _git(
        repo.root, "--literal-pathspecs", "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", *specs
    )
    if listing.returncode != 0:
        said = listing.stderr.decode("utf-8", "backslashreplace").strip().splitlines()
        return [], "git cannot list the files of this revision: " + (said[-1] if said else "no reason given")
    entries = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, _kind, obj, size = meta.decode("ascii").split()
        entries.append(
            Entry(mode, obj, int(size) if size.isdigit() else None, path.decode("utf-8", "backslashreplace"))
        )
    return entries, None


def _judged(entries: list[Entry], revision: str) -> tuple[list[Entry], list[Diagnostic]]:
    """The plain files at plain paths, and a located error for every other entry."""
    folders = {
        "/".join(parts[:end])
        for parts in (e.path.split("/") for e in entries)
        for end in range(1, len(parts))
    }
    seen: set[str] = set()
    kept: list[Entry] = []
    refused: list[Diagnostic] = []
    for entry in entries:
        problem = _problem(entry, folders, seen, revision)
        seen.add(entry.path)
        if problem is None:
            kept.append(entry)
        else:
            refused.append(error(f"{revision}:{_shown(entry.path)}", 1, 1, *problem))
    return kept, refused


def _problem(entry: Entry, folders: set[str], seen: set[str], revision: str) -> tuple[str, str] | None:
    """(code, message) when the entry is no plain file at a plain path."""
    if any(part in ("", ".", "..") for part in entry.path.split("/")):
        return "git-tree-path", f"this path in `{revision}` has an empty, `.` or `..` part; it is not read"
    if _CONTROL.search(entry.path):
        return "git-tree-path", f"this path in `{revision}` holds a control character; it is not read"
    if entry.mode not in PLAIN_FILE_MODES:
        what = _NOT_PLAIN.get(entry.mode, f"an entry of mode {entry.mode}")
        return "git-tree-entry", f"this is {what} in `{revision}`; only plain files are read from a revision"
    if entry.path in folders:
        return (
            "git-tree-conflict",
            f"a file and a folder have this name in `{revision}`; the file is not read",
        )
    if entry.path in seen:
        return "git-tree-conflict", f"two entries have this name in `{revision}`; the second is not read"
    return None


def _shown(path: str) -> str:
    """A path fit to print: a newline in a file name must not start a line of a report."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", path)


def _blobs(
    repo: Repository, entries: list[Entry], revision: str
) -> tuple[dict[PurePosixPath, bytes | None], list[Diagnostic]]:
    """The files' bytes from one `git cat-file --batch`; None for a file too large to read at all."""
    blobs: dict[PurePosixPath, bytes | None] = {PurePosixPath(e.path): None for e in entries}
    limit = max(MAX_FILE_BYTES, MAX_IMAGE_BYTES)  # a plan's pictures may be larger than its YAML
    wanted = [e for e in entries if e.size is not None and e.size <= limit]
    if not wanted:
        return blobs, []
    batch = _git(repo.root, "cat-file", "--batch", stdin="".join(f"{e.obj}\n" for e in wanted).encode())
    offset, unread = 0, []
    for entry in wanted:
        body, offset = _next_blob(batch.stdout, offset)
        if body is None:
            del blobs[PurePosixPath(entry.path)]
            unread.append(
                error(
                    f"{revision}:{entry.path}", 1, 1, "git-tree", f"git cannot read this file of {revision}"
                )
            )
        else:
            blobs[PurePosixPath(entry.path)] = body
    return blobs, unread


def _next_blob(data: bytes, offset: int) -> tuple[bytes | None, int]:
    """One answer of `cat-file --batch` (`ID blob SIZE`, the bytes, a newline; or `ID missing`)."""
    header_end = data.find(b"\n", offset)
    if header_end < 0:
        return None, len(data)
    header = data[offset:header_end].split()
    if len(header) != 3 or header[1] != b"blob" or not header[2].isdigit():
        return None, header_end + 1
    start = header_end + 1
    end = start + int(header[2])
    return data[start:end], end + 1


class RevisionFiles:
    """A revision's files in memory, named as if under the repository's root; nothing is on disk.

    A revision read this way holds no links, so paths are judged by their letters alone.
    """

    def __init__(self, root: Path, blobs: dict[PurePosixPath, bytes | None]) -> None:
        self._root = root
        self._blobs = blobs
        self._children: dict[PurePosixPath, set[PurePosixPath]] = {}
        for path in blobs:
            for child, parent in pairwise((path, *path.parents)):
                self._children.setdefault(parent, set()).add(child)

    def _key(self, path: Path) -> PurePosixPath | None:
        try:
            return PurePosixPath(Path(os.path.normpath(path)).relative_to(self._root))
        except ValueError:
            return None

    def is_dir(self, path: Path) -> bool:
        return self._key(path) in self._children

    def exists(self, path: Path) -> bool:
        return self._key(path) in self._blobs or self.is_dir(path)

    def is_link(self, path: Path) -> bool:
        return False

    def children(self, folder: Path) -> list[Path]:
        key = self._key(folder)
        if key is None:
            return []
        return sorted(self._root / child for child in self._children.get(key, set()))

    def resolve(self, path: Path) -> Path:
        return Path(os.path.normpath(path))

    def read(self, path: Path, root: Path) -> tuple[SourceFile | None, list[Diagnostic]]:
        key = self._key(path)
        if key is None or key not in self._blobs:
            what = "a folder, not a file" if self.is_dir(path) else "not in the revision"
            return None, [error(path, 1, 1, "unreadable", f"cannot read the file: it is {what}")]
        raw = self._blobs[key]
        return (None, [too_large(path)]) if raw is None else parse_source(path, raw)

    def read_bytes(self, path: Path, root: Path, limit: int) -> tuple[bytes | None, list[Diagnostic]]:
        key = self._key(path)
        if key is None or key not in self._blobs:
            what = "a folder, not a file" if self.is_dir(path) else "not in the revision"
            return None, [error(path, 1, 1, "unreadable", f"cannot read the file: it is {what}")]
        raw = self._blobs[key]
        return (None, [too_large(path, limit)]) if raw is None or len(raw) > limit else (raw, [])


def _at_revision(diagnostic: Diagnostic, root: Path, revision: str) -> Diagnostic:
    try:
        relative = Path(os.path.normpath(diagnostic.file)).relative_to(root)
    except ValueError:
        return diagnostic
    return replace(diagnostic, file=f"{revision}:{relative.as_posix()}")


def working_tree(folder: Path) -> Loaded:
    bundle, diagnostics = validate(folder)
    return Loaded(WORKING_TREE, bundle, diagnostics)


def errors_only(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """An earlier version's warnings are not this version's business; its errors stop a comparison."""
    return [d for d in diagnostics if d.severity is Severity.ERROR]

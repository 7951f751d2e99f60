"""Stage 1: read a plan folder's files, each safely, into plain data with positions.

Which files make a plan (plan.yaml, priorities/NN-slug.yaml, the optional glossary and
definitions, and the shared folders it names) and how each is read from the disk without
hanging, swamping or leaking out of the plan; cspgen/plan/parse.py turns the bytes into data.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cspgen.diagnostics import Diagnostic, error
from cspgen.plan.parse import MAX_FILE_BYTES, parse_source, too_large
from cspgen.plan.source import FieldPath, Position, SourceFile, format_path

__all__ = [  # the names other packages read from here
    "DISK",
    "MAX_FILE_BYTES",
    "FieldPath",
    "Files",
    "LoadedPlan",
    "Position",
    "SourceFile",
    "format_path",
    "load_file",
    "load_plan",
    "parse_source",
    "read_source",
    "too_large",
]

PRIORITY_NAME = re.compile(r"^(\d{1,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$")


SHARED_FILES = ("partners", "glossary", "definitions")
POLICE_AND_CRIME_PLAN = "police-and-crime-plan"  # a county's, shared as its plans' `police_and_crime_plan`


@dataclass(frozen=True)
class PriorityFile:
    number: int
    slug: str
    source: SourceFile


@dataclass(frozen=True)
class SharedFolder:
    """County-wide content under plans/_shared/NAME that several plans draw on."""

    name: str
    partners: SourceFile | None
    glossary: SourceFile | None
    definitions: SourceFile | None
    police_and_crime_plan: SourceFile | None = None


@dataclass(frozen=True)
class LoadedPlan:
    folder: Path
    plan: SourceFile
    priorities: tuple[PriorityFile, ...]
    glossary: SourceFile | None
    definitions: SourceFile | None
    shared: tuple[SharedFolder, ...] = ()


Reader = Callable[[Path, Path], tuple[SourceFile | None, list[Diagnostic]]]


class Files(Protocol):
    """Where a plan's files are: on disk, or held in memory from a git revision (cspgen.revision)."""

    def is_dir(self, path: Path) -> bool: ...

    def exists(self, path: Path) -> bool: ...

    def is_link(self, path: Path) -> bool: ...

    def children(self, folder: Path) -> list[Path]: ...

    def resolve(self, path: Path) -> Path: ...

    def read(self, path: Path, root: Path) -> tuple[SourceFile | None, list[Diagnostic]]: ...

    def read_bytes(self, path: Path, root: Path, limit: int) -> tuple[bytes | None, list[Diagnostic]]: ...


class Disk:
    """The working tree, links and all: `load_file` judges where a link leads."""

    def is_dir(self, path: Path) -> bool:
        return path.is_dir()

    def exists(self, path: Path) -> bool:
        return path.exists()

    def is_link(self, path: Path) -> bool:
        return path.is_symlink()

    def children(self, folder: Path) -> list[Path]:
        return sorted(folder.iterdir())

    def resolve(self, path: Path) -> Path:
        return path.resolve()

    def read(self, path: Path, root: Path) -> tuple[SourceFile | None, list[Diagnostic]]:
        return load_file(path, root)

    def read_bytes(self, path: Path, root: Path, limit: int) -> tuple[bytes | None, list[Diagnostic]]:
        return read_source(path, root, limit)


DISK = Disk()


def load_plan(
    folder: Path, read: Reader | None = None, files: Files = DISK
) -> tuple[LoadedPlan | None, list[Diagnostic]]:
    """Read every file of a plan folder; all problems come back, none are raised.

    `read` loads one file (default `files.read`): `cspgen serve` passes one that remembers files.
    """
    read = read or files.read
    if not files.is_dir(folder):
        return None, [error(folder, 1, 1, "plan-missing", "no such plan folder")]
    root = files.resolve(folder)
    plan_path = folder / "plan.yaml"
    if not files.exists(plan_path):
        return None, [error(plan_path, 1, 1, "plan-missing", "a plan folder needs a plan.yaml")]
    plan, found = read(plan_path, root)
    diagnostics = list(found)
    priorities: list[PriorityFile] = []
    for path, number, slug, problem in _priority_files(folder, files):
        if problem is not None:
            diagnostics.append(problem)
            continue
        source, found = read(path, root)
        diagnostics += found
        if source is not None:
            priorities.append(PriorityFile(number, slug, source))
    optional, found = _optional_files(folder, root, ("glossary", "definitions"), read, files)
    diagnostics += found
    if plan is None:
        return None, diagnostics
    shared, found = _shared_folders(folder, plan, read, files)
    loaded = LoadedPlan(
        folder, plan, tuple(priorities), optional["glossary"], optional["definitions"], shared
    )
    return loaded, [*diagnostics, *found]


def _optional_files(
    folder: Path, root: Path, names: tuple[str, ...], read: Reader, files: Files
) -> tuple[dict[str, SourceFile | None], list[Diagnostic]]:
    found_files: dict[str, SourceFile | None] = {}
    diagnostics: list[Diagnostic] = []
    for name in names:
        path = folder / f"{name}.yaml"
        found_files[name] = None
        if files.exists(path) or files.is_link(path):
            found_files[name], found = read(path, root)
            diagnostics += found
    return found_files, diagnostics


def _shared_folders(
    folder: Path, plan: SourceFile, read: Reader, files: Files
) -> tuple[tuple[SharedFolder, ...], list[Diagnostic]]:
    names = plan.data.get("shared") if isinstance(plan.data, dict) else None
    if not isinstance(names, list):
        return (), []
    shared_root = folder / ".." / "_shared"
    shared: list[SharedFolder] = []
    diagnostics: list[Diagnostic] = []
    for index, name in enumerate(names):
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name):
            continue
        path = shared_root / name
        if not files.is_dir(path):
            diagnostics.append(_shared_missing(plan, index, name, files.resolve(path)))
            continue
        found_files, found = _optional_files(
            path, files.resolve(shared_root), (*SHARED_FILES, POLICE_AND_CRIME_PLAN), read, files
        )
        diagnostics += found
        shared.append(
            SharedFolder(
                name,
                found_files["partners"],
                found_files["glossary"],
                found_files["definitions"],
                found_files[POLICE_AND_CRIME_PLAN],
            )
        )
    return tuple(shared), diagnostics


def _shared_missing(plan: SourceFile, index: int, name: str, looked: Path) -> Diagnostic:
    where = plan.position(("shared", index))
    return error(
        plan.path,
        where.line,
        where.column,
        "shared-missing",
        f"there is no shared folder `{name}` (looked for {looked})",
        f"shared[{index}]",
    )


def _priority_files(folder: Path, files: Files) -> Iterator[tuple[Path, int, str, Diagnostic | None]]:
    directory = folder / "priorities"
    if not files.is_dir(directory):
        return
    numbers: dict[int, Path] = {}
    for path in files.children(directory):
        if path.name.startswith(".") or files.is_dir(path):
            continue
        match = PRIORITY_NAME.match(path.name)
        if match is None:
            yield (
                path,
                0,
                "",
                error(
                    path,
                    1,
                    1,
                    "priority-name",
                    "priority files are named NN-slug.yaml, e.g. 01-anti-social-behaviour.yaml",
                ),
            )
            continue
        number = int(match.group(1))
        if number in numbers:
            yield (
                path,
                0,
                "",
                error(
                    path,
                    1,
                    1,
                    "priority-number",
                    f"priority number {number} is also used by {numbers[number].name}",
                ),
            )
            continue
        numbers[number] = path
        yield path, number, match.group(2), None


def load_file(path: Path, root: Path | None = None) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read one YAML file; `root` is the folder it must not escape through a link."""
    raw, problems = read_source(path, root)
    if raw is None:
        return None, problems
    return parse_source(path, raw)


def read_source(
    path: Path, root: Path | None = None, limit: int = MAX_FILE_BYTES
) -> tuple[bytes | None, list[Diagnostic]]:
    """A plan file's bytes, read so that no file can hang, swamp or leak out of a plan.

    Every reader of plan files comes here. Only an ordinary file is opened (a FIFO would
    wait for a writer forever), it is checked again once open, so it cannot be swapped
    in between, and no more than the limit is read whatever its size claims. A hard link
    may share the file with any place on the disk, which no path shows, so it is refused
    as a link out of the plan is.
    """
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        return None, [error(path, 1, 1, "unreadable", "cannot read the file: its links go round in a loop")]
    if root is not None and not real.is_relative_to(root):
        return None, [_refused(path, "outside-plan", "this file links to a place outside the plan folder")]
    try:
        expected = os.stat(real, follow_symlinks=False)
        if not stat.S_ISREG(expected.st_mode):
            return None, [_not_a_file(path)]
        handle = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as problem:
        return None, [error(path, 1, 1, "unreadable", f"cannot read the file: {problem.strerror}")]
    try:
        opened = os.fstat(handle)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
            expected.st_dev,
            expected.st_ino,
        ):
            return None, [_not_a_file(path)]
        if opened.st_nlink > 1:
            return None, [
                _refused(path, "hard-linked", "this file is hard-linked, so it may be outside the plan")
            ]
        if opened.st_size > limit:
            return None, [too_large(path, limit)]
        raw = _read_at_most(handle, limit + 1)
    except OSError as problem:
        return None, [error(path, 1, 1, "unreadable", f"cannot read the file: {problem.strerror}")]
    finally:
        os.close(handle)
    if len(raw) > limit:
        return None, [too_large(path, limit)]
    return raw, []


def _read_at_most(handle: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(handle, min(left, 1024 * 1024))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _refused(path: Path, code: str, why: str) -> Diagnostic:
    return error(path, 1, 1, code, f"{why}; copy the file in instead")


def _not_a_file(path: Path) -> Diagnostic:
    return error(path, 1, 1, "not-a-file", "this is not an ordinary file; save the plan file as one")

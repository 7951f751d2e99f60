"""Stage 5: write the rendered files into a folder cspgen owns, and over nothing else.

A folder is cspgen's when it holds the manifest `.cspgen-build` (the files the last build
wrote), when it is empty, or when it holds only files an older cspgen wrote before there
was a manifest. Any other folder is the user's: refused unless `clean` asks for it to be
emptied. The folder itself is never renamed or removed, so neither a reader nor a kill ever
finds it missing: the new files are written into a staging folder inside it, then each is
renamed over its old version, and only then are the files the old manifest listed and this
build did not write removed. Builds into one folder take turns under a lock on it. The plan's
pictures go into an `images` folder inside it, reached only through a handle opened without
following links, so a link put in its place cannot lead a write or a removal elsewhere.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from cspgen.writers.files import OUTPUT_NAMES

MANIFEST = ".cspgen-build"
STAGING_PREFIX = ".cspgen-staging-"
CHANGES_PAGE = "changes.html"  # made by revisions/changes.py for `build --changes-since`
DELIVERABLES = frozenset({*OUTPUT_NAMES.values(), CHANGES_PAGE})
# What cspgen wrote before it kept a manifest: a folder of only these is taken as its output. A
# plan.json alone, which no such cspgen wrote, may be anyone's data.
UNLISTED_OUTPUTS = frozenset({"index.html", "plan.md", "plan.pdf", "plan.docx", CHANGES_PAGE})
PICTURES = "images"
PICTURE_NAME = re.compile(r"images/[a-z0-9]+(?:-[a-z0-9]+)*\.[0-9a-f]{8}\.(?:png|jpg)")  # plan/images.py
# `cspgen site` writes each plan's files in a folder named as the plan's folder is.
PLAN_FOLDER = re.compile(r"(?P<folder>[a-z0-9]+(?:-[a-z0-9]+)*)/(?P<name>.+)")
LOCK_WAIT_SECONDS = 60.0
_MANIFEST_HEADER = "# Written by cspgen: a rebuild replaces or removes the files listed here, nothing else.\n"
_MANIFEST_LIMIT = 64 * 1024


def output_problem(out: Path, plan: Path, clean: bool = False) -> str | None:
    """Why `out` must not be the output of `plan`, as a sentence naming it; None when it may.

    Checked before the plan is built, so a refusal costs nothing and touches nothing.
    """
    return _shape_problem(out) or _place_problem(out, plan, clean) or _ownership_problem(out, clean)


def _shape_problem(out: Path) -> str | None:
    """A link, a file, or a place where no folder can be made."""
    if out.is_symlink():
        return f"--out {out} is a symbolic link; cspgen never writes through a link, so give a real folder"
    absolute = Path(os.path.abspath(out))
    existing = next(path for path in (absolute, *absolute.parents) if os.path.lexists(path))
    if not existing.is_dir():
        if existing == absolute:
            return f"--out {out} is a file, not a folder; choose a folder"
        return f"--out {out}: {existing} is a file, so there can be no folder inside it"
    if existing != absolute:
        return _creatable_problem(out, existing)
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"--out {out}: cannot write files in this folder (permission denied)"
    return None


def _creatable_problem(out: Path, parent: Path) -> str | None:
    """Whether a folder can be made in `parent`, found by making one: permissions do not tell (/proc)."""
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".cspgen-probe-", dir=parent))
    except OSError as problem:
        return f"--out {out}: cannot create a folder in {parent} ({problem.strerror})"
    return None


def _place_problem(out: Path, plan: Path, clean: bool) -> str | None:
    """Folders no build may replace: the plan's own, those above it, repositories, home, the root."""
    target, plan_root = out.resolve(), plan.resolve()
    if target == plan_root:
        return f"--out {out} is the plan folder; building there would replace the plan"
    if target.is_relative_to(plan_root):
        return f"--out {out} lies inside the plan folder {plan}; choose a folder outside it"
    if plan_root.is_relative_to(target):
        return f"--out {out} contains the plan folder {plan}; choose a folder outside it"
    if target.is_relative_to(plan_root.parent / "_shared"):
        return f"--out {out} lies inside the shared plan folders; choose a folder outside them"
    if (target / "plan.yaml").exists():
        return f"--out {out} holds a plan.yaml, so it is a plan folder; choose another folder"
    if ".git" in target.parts or os.path.lexists(target / ".git"):
        return f"--out {out} is or holds a git folder (.git); choose a folder of its own for the output"
    home = Path.home().resolve()
    if target == Path(target.anchor) or home.is_relative_to(target):
        return f"--out {out} is the root or your home folder, or contains it; choose a folder of its own"
    if clean and Path.cwd().resolve().is_relative_to(target):
        return f"--clean would empty --out {out}, the working folder or one above it; choose another --out"
    return None


def _ownership_problem(out: Path, clean: bool) -> str | None:
    if clean or not out.is_dir():
        return None
    try:
        folder = os.open(out, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        try:
            return None if _owned(folder) else _not_ours(out)
        finally:
            os.close(folder)
    except OSError as problem:
        return f"--out {out}: cannot read the folder ({problem.strerror})"


def _not_ours(out: Path) -> str:
    return (
        f"--out {out} was not made by cspgen and is not empty; "
        "choose another --out, or pass --clean to replace what it holds"
    )


def _owned(folder: int) -> bool:
    """cspgen's manifest is there, or nothing is but files cspgen writes (an older cspgen's output)."""
    names = [name for name in os.listdir(folder) if not name.startswith(STAGING_PREFIX)]
    if MANIFEST in names:
        return _is_file(folder, MANIFEST)
    return all(name in UNLISTED_OUTPUTS and _is_file(folder, name) for name in names if _exists(folder, name))


def _is_file(folder: int, name: str) -> bool:
    return stat.S_ISREG(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)


def _exists(folder: int, name: str) -> bool:
    """Still there: a build that holds the lock may remove a file between listing and looking."""
    try:
        os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def is_deliverable(name: str) -> bool:
    """A name cspgen writes: one of its pages, or a copy of a picture under its hashed name,
    either in the folder itself or, for a site, in a plan's folder inside it."""
    inner = PLAN_FOLDER.fullmatch(name)
    if inner is not None and inner["folder"] != PICTURES:
        name = inner["name"]
    return name in DELIVERABLES or PICTURE_NAME.fullmatch(name) is not None


def write_output(out: Path, files: dict[str, str | bytes], clean: bool = False) -> str | None:
    """Write `files` into `out`; why not, if it could not, with the previous output as it was."""
    unknown = sorted(name for name in files if not is_deliverable(name))
    if unknown:
        raise ValueError(f"not a cspgen output file: {', '.join(unknown)}")
    try:
        out.mkdir(parents=True, exist_ok=True)
        folder = os.open(out, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError as problem:
        return f"cannot create the output folder {out}: {problem.strerror}"
    try:
        if not _lock(folder):
            return (
                f"another cspgen build has been writing to {out} for {LOCK_WAIT_SECONDS:.0f} s; "
                "try again when it has finished"
            )
        if not clean and not _owned(folder):
            return _not_ours(out)
        return _replace_contents(folder, out, files, clean)
    except OSError as problem:
        return f"cannot write the output in {out}: {problem.strerror}"
    finally:
        os.close(folder)  # and with it the lock


def _lock(folder: int) -> bool:
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(folder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)


def _replace_contents(folder: int, out: Path, files: dict[str, str | bytes], clean: bool) -> str | None:
    _remove_staging_left_by_a_kill(folder)
    previous = _manifest(folder)
    name = STAGING_PREFIX + secrets.token_hex(8)
    os.mkdir(name, 0o700, dir_fd=folder)
    staging = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder)
    try:
        try:
            _stage(staging, files, previous)
        except OSError as problem:
            return f"cannot write the output in {out}: {problem.strerror}; the previous output is as it was"
        try:
            if clean:
                _empty(folder, keep=name)
            _move_in(folder, staging, files, previous)
        except OSError as problem:
            return f"the output in {out} was only partly replaced ({problem.strerror}); build again"
    finally:
        os.close(staging)
        shutil.rmtree(name, dir_fd=folder, ignore_errors=True)
    return None


def _stage(staging: int, files: dict[str, str | bytes], previous: set[str]) -> None:
    """Every file is written in full before any old one is replaced: a full disk changes nothing."""
    for name, content in sorted(files.items()):
        with _folder_of(staging, name, make=True) as (inner, leaf):
            _write_file(inner, leaf, content.encode("utf-8") if isinstance(content, str) else content)
    _write_file(staging, MANIFEST, _manifest_text(set(files)).encode("utf-8"))
    # In place while the files move in, so a kill part-way leaves every file listed.
    _write_file(staging, MANIFEST + ".all", _manifest_text(set(files) | previous).encode("utf-8"))


def _move_in(folder: int, staging: int, files: dict[str, str | bytes], previous: set[str]) -> None:
    os.replace(MANIFEST + ".all", MANIFEST, src_dir_fd=staging, dst_dir_fd=folder)
    for name in sorted(files):
        with _folder_of(staging, name) as (source, leaf), _folder_of(folder, name, make=True) as (target, _):
            os.replace(leaf, leaf, src_dir_fd=source, dst_dir_fd=target)
    for name in sorted(previous - set(files)):
        _remove_file(folder, name)
    for inner in sorted(_folders_of(previous) - _folders_of(set(files)), key=len, reverse=True):
        with contextlib.suppress(OSError):  # still holding something, or never made
            _remove_folder(folder, inner)
    os.replace(MANIFEST, MANIFEST, src_dir_fd=staging, dst_dir_fd=folder)


def _folders_of(names: set[str]) -> set[str]:
    """Every folder the names lie in, `a` and `a/images` for `a/images/x.png`."""
    return {name.rsplit("/", depth)[0] for name in names for depth in range(1, name.count("/") + 1)}


def _remove_folder(folder: int, name: str) -> None:
    with _folder_of(folder, name) as (parent, leaf):
        os.rmdir(leaf, dir_fd=parent)


@contextlib.contextmanager
def _folder_of(folder: int, name: str, make: bool = False) -> Iterator[tuple[int, str]]:
    """The folder a name lives in, as a handle, and its last part; each folder on the way
    (`images/`, a site's plan folder) is opened, never followed."""
    *inner, leaf = name.split("/")
    with contextlib.ExitStack() as handles:
        for part in inner:
            if make:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o777, dir_fd=folder)
            folder = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder)
            handles.callback(os.close, folder)
        yield folder, leaf


def _write_file(folder: int, name: str, data: bytes) -> None:
    handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666, dir_fd=folder)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
    finally:
        os.close(handle)


def _remove_file(folder: int, name: str) -> None:
    """A file the last build wrote; whatever else now stands under its name is left alone."""
    try:
        with _folder_of(folder, name) as (inner, leaf):
            if _is_file(inner, leaf):
                os.unlink(leaf, dir_fd=inner)
    except (FileNotFoundError, NotADirectoryError):
        pass


def _manifest_text(names: set[str]) -> str:
    return _MANIFEST_HEADER + "".join(f"{name}\n" for name in sorted(names))


def _manifest(folder: int) -> set[str]:
    """The files the last build wrote; only cspgen's own file names are ever believed."""
    try:
        handle = os.open(MANIFEST, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    except OSError as problem:
        if problem.errno in (errno.ENOENT, errno.ELOOP):
            return set()
        raise
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return set()
        text = os.read(handle, _MANIFEST_LIMIT).decode("utf-8", "replace")
    finally:
        os.close(handle)
    return {name for name in (line.strip() for line in text.splitlines()) if is_deliverable(name)}


def _remove_staging_left_by_a_kill(folder: int) -> None:
    for name in os.listdir(folder):
        if name.startswith(STAGING_PREFIX) and stat.S_ISDIR(
            os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
        ):
            shutil.rmtree(name, dir_fd=folder)


def _empty(folder: int, keep: str) -> None:
    """What `--clean` asked for: everything in the folder goes, links removed and never followed."""
    for name in os.listdir(folder):
        if name == keep:
            continue
        if stat.S_ISDIR(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode):
            shutil.rmtree(name, dir_fd=folder)
        else:
            os.unlink(name, dir_fd=folder)

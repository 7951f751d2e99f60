"""Stage 1: read a plan folder's YAML into plain data, remembering where every node was.

PyYAML's composer gives us nodes with marks; we build the data ourselves so that
we can refuse what a plan must never contain (object tags, aliases, duplicate
keys) and keep a map from each field path to its line and column.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import yaml

from cspgen.diagnostics import Diagnostic, error

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - libyaml is in the wheels we pin
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64  # levels of nesting; a real plan needs about a dozen
MAX_DIGITS = 18
PRIORITY_NAME = re.compile(r"^(\d{1,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$")
FieldPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_INTEGER = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_TRUE_FALSE = {"true": True, "false": False}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SCALAR_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp"))


class Position(NamedTuple):
    """A tuple, not a dataclass: a large plan has a hundred thousand of them, made in a hurry."""

    line: int
    column: int


@dataclass(frozen=True)
class SourceFile:
    """One YAML file's data with the position of every value and every key."""

    path: Path
    data: Any
    values: dict[FieldPath, Position] = field(repr=False)
    keys: dict[FieldPath, Position] = field(repr=False)
    text: str = field(default="", repr=False)

    def locate(self, path: FieldPath, needle: str) -> Position:
        """Where `needle` first appears inside the value at `path`: a word inside a long text."""
        start = self.position(path)
        index = self._index
        if not 0 < start.line <= len(index.starts):
            return start
        found = index.find(needle, index.starts[start.line - 1] + start.column - 1)
        if found is None:
            return start
        line = bisect.bisect_right(index.starts, found)
        return Position(line, found - index.starts[line - 1] + 1)

    @functools.cached_property
    def _index(self) -> _TextIndex:
        return _TextIndex(self.text)

    def position(self, path: FieldPath, *, key: bool = False) -> Position:
        """The nearest known position: the node itself, else its closest ancestor."""
        lookup = self.keys if key else self.values
        for length in range(len(path), -1, -1):
            prefix = path[:length]
            if prefix in lookup:
                return lookup[prefix]
            if key and prefix in self.values:
                return self.values[prefix]
        return Position(1, 1)


_WORD_RUN = re.compile(r"\w+")
_WORD_CHARACTER = re.compile(r"\w")


class _TextIndex:
    """A file's lines joined by newlines, where each line starts, and where each word starts.

    Made once per file: a file with thousands of warnings asks for thousands of positions, and
    scanning the text from the start for each would cost the square of its size.
    """

    def __init__(self, text: str) -> None:
        lines = text.splitlines()
        self.joined = "\n".join(lines)
        self.starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
        if not lines:
            self.starts = []

    @functools.cached_property
    def words(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for word in _WORD_RUN.finditer(self.joined):
            found.setdefault(word.group(), []).append(word.start())
        return found

    def find(self, needle: str, offset: int) -> int | None:
        """The first place from `offset` where `needle` stands as a whole word, not inside another.

        Such a place starts a run of word characters equal to the needle's first run, so only
        those runs are tried.
        """
        head = _WORD_RUN.match(needle)
        if head is None:
            pattern = re.compile(r"(?<![\w])" + re.escape(needle) + r"(?![\w])")
            found = pattern.search(self.joined, offset)
            return None if found is None else found.start()
        places = self.words.get(head.group(), [])
        for number in range(bisect.bisect_left(places, offset), len(places)):
            place = places[number]
            end = place + len(needle)
            if self.joined.startswith(needle, place) and not _WORD_CHARACTER.match(self.joined, end):
                return place
        return None


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


@dataclass(frozen=True)
class LoadedPlan:
    folder: Path
    plan: SourceFile
    priorities: tuple[PriorityFile, ...]
    glossary: SourceFile | None
    definitions: SourceFile | None
    shared: tuple[SharedFolder, ...] = ()


class _Refused(Exception):
    """A node that must not be turned into data; carries the diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


Reader = Callable[[Path, Path], tuple[SourceFile | None, list[Diagnostic]]]


class Files(Protocol):
    """Where a plan's files are: on disk, or held in memory from a git revision (cspgen.revision)."""

    def is_dir(self, path: Path) -> bool: ...

    def exists(self, path: Path) -> bool: ...

    def is_link(self, path: Path) -> bool: ...

    def children(self, folder: Path) -> list[Path]: ...

    def resolve(self, path: Path) -> Path: ...

    def read(self, path: Path, root: Path) -> tuple[SourceFile | None, list[Diagnostic]]: ...


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


DISK = Disk()


def load_plan(
    folder: Path, read: Reader | None = None, files: Files = DISK
) -> tuple[LoadedPlan | None, list[Diagnostic]]:
    """Read every file of a plan folder; all problems come back, none are raised.

    `read` loads one file (default `files.read`): `cspgen serve` passes one that remembers files.
    """
    read = read or files.read
    diagnostics: list[Diagnostic] = []
    if not files.is_dir(folder):
        return None, [error(folder, 1, 1, "plan-missing", "no such plan folder")]
    root = files.resolve(folder)
    plan_path = folder / "plan.yaml"
    if not files.exists(plan_path):
        return None, [error(plan_path, 1, 1, "plan-missing", "a plan folder needs a plan.yaml")]
    plan, found = read(plan_path, root)
    diagnostics += found
    priorities: list[PriorityFile] = []
    for path, number, slug, problem in _priority_files(folder, files):
        if problem is not None:
            diagnostics.append(problem)
            continue
        source, found = read(path, root)
        diagnostics += found
        if source is not None:
            priorities.append(PriorityFile(number, slug, source))
    optional = _optional_files(folder, root, ("glossary", "definitions"), diagnostics, read, files)
    if plan is None:
        return None, diagnostics
    shared = tuple(_shared_folders(folder, plan, diagnostics, read, files))
    loaded = LoadedPlan(
        folder, plan, tuple(priorities), optional["glossary"], optional["definitions"], shared
    )
    return loaded, diagnostics


def _optional_files(
    folder: Path,
    root: Path,
    names: tuple[str, ...],
    diagnostics: list[Diagnostic],
    read: Reader,
    files: Files,
) -> dict[str, SourceFile | None]:
    found_files: dict[str, SourceFile | None] = {}
    for name in names:
        path = folder / f"{name}.yaml"
        found_files[name] = None
        if files.exists(path) or files.is_link(path):
            found_files[name], found = read(path, root)
            diagnostics += found
    return found_files


def _shared_folders(
    folder: Path, plan: SourceFile, diagnostics: list[Diagnostic], read: Reader, files: Files
) -> Iterator[SharedFolder]:
    names = plan.data.get("shared") if isinstance(plan.data, dict) else None
    if not isinstance(names, list):
        return
    shared_root = folder / ".." / "_shared"
    for index, name in enumerate(names):
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name):
            continue
        where = plan.position(("shared", index))
        path = shared_root / name
        if not files.is_dir(path):
            diagnostics.append(
                error(
                    plan.path,
                    where.line,
                    where.column,
                    "shared-missing",
                    f"there is no shared folder `{name}` (looked for {files.resolve(path)})",
                    f"shared[{index}]",
                )
            )
            continue
        shared = _optional_files(
            path,
            files.resolve(shared_root),
            ("partners", "glossary", "definitions"),
            diagnostics,
            read,
            files,
        )
        yield SharedFolder(name, shared["partners"], shared["glossary"], shared["definitions"])


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


def read_source(path: Path, root: Path | None = None) -> tuple[bytes | None, list[Diagnostic]]:
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
        if opened.st_size > MAX_FILE_BYTES:
            return None, [too_large(path)]
        raw = _read_at_most(handle, MAX_FILE_BYTES + 1)
    except OSError as problem:
        return None, [error(path, 1, 1, "unreadable", f"cannot read the file: {problem.strerror}")]
    finally:
        os.close(handle)
    if len(raw) > MAX_FILE_BYTES:
        return None, [too_large(path)]
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


def too_large(path: Path) -> Diagnostic:
    return error(path, 1, 1, "too-large", f"the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MiB")


def parse_source(path: Path, raw: bytes) -> tuple[SourceFile | None, list[Diagnostic]]:
    """The data in a file's bytes, wherever they came from (a disk, a git revision), with every
    node's position kept; refusals are diagnostics."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [too_large(path)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line, column = _line_column(raw, problem.start)
        return None, [error(path, line, column, "encoding", "the file is not UTF-8 text; save it as UTF-8")]
    try:
        too_deep = _too_deep(path, text)
        if too_deep is not None:
            return None, [too_deep]
        node = _compose(text)
    except yaml.MarkedYAMLError as problem:
        return None, [_syntax_error(path, problem, text)]
    except yaml.YAMLError as problem:
        return None, [error(path, 1, 1, "yaml-syntax", str(problem))]
    if node is None:
        return None, [error(path, 1, 1, "empty-file", "the file is empty")]
    builder = _Builder(path)
    try:
        data = builder.build(node, ())
    except _Refused as refused:
        return None, [_locate_alias(refused.diagnostic, text)]
    return SourceFile(path, data, builder.values, builder.keys, text), builder.problems


def _locate_alias(problem: Diagnostic, text: str) -> Diagnostic:
    """Composed nodes share the anchor's mark; the first alias event says where `*name` is."""
    if problem.code != "alias":
        return problem
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            mark = event.start_mark
            return replace(problem, line=mark.line + 1, column=mark.column + 1)
    return problem


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def _too_deep(path: Path, text: str) -> Diagnostic | None:
    """Counted from parser events, before composing: the composer (and libyaml's) recurses per level."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                return error(
                    path,
                    line,
                    column,
                    "too-deep",
                    f"lists and mappings nest more than {MAX_DEPTH} levels deep",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _compose(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    return node


TAB_MESSAGE = "a tab character is not allowed here; indent with spaces"
_FRIENDLIER = (
    ("found duplicate anchor", "the same anchor is defined twice"),
    ("expected a single document", "the file holds more than one YAML document (a `---` line); keep one"),
    (
        "mapping values are not allowed here",
        "a colon in text needs the whole value in quotes, or the indentation is off",
    ),
)


def _syntax_error(path: Path, problem: yaml.MarkedYAMLError, source: str) -> Diagnostic:
    mark = problem.problem_mark or problem.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    text = " ".join(part for part in (problem.context, problem.problem) if part)
    for needle, friendly in _FRIENDLIER:
        if needle in text:
            text = friendly
            break
    lines = source.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: max(column, 1)]:
        text = TAB_MESSAGE
        column = lines[line - 1].index("\t") + 1
    return error(path, line, column, "yaml-syntax", f"YAML syntax: {text}")


class _Builder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.values: dict[FieldPath, Position] = {}
        self.keys: dict[FieldPath, Position] = {}
        self.problems: list[Diagnostic] = []
        self._seen: set[int] = set()

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        mark = node.start_mark
        position = Position(mark.line + 1, mark.column + 1)
        identity = id(node)
        if identity in self._seen:
            raise _Refused(
                self._error(
                    path,
                    "alias",
                    "anchors and aliases (`&name`, `*name`) are not supported; write the value out",
                )
            )
        self._seen.add(identity)
        self.values[path] = position
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, _TAG + "seq", path)
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        self._check_tag(node, _TAG + "map", path)
        data: dict[str, Any] = {}
        first: dict[str, Position] = {}
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            key_position = Position(mark.line + 1, mark.column + 1)
            if key_node.tag == _TAG + "merge":
                raise _Refused(
                    self._error(
                        path,
                        "alias",
                        "merge keys (`<<`) are not supported; write the fields out",
                        key_position,
                    )
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(self._error(path, "key-type", "a key must be plain text", key_position))
            self._check_tag(key_node, None, path)
            key = str(key_node.value)
            if key in first:
                earlier = first[key]
                self.problems.append(
                    self._error(
                        (*path, key),
                        "duplicate-key",
                        f"duplicate key `{key}` (first given at line {earlier.line}); give each key once",
                        key_position,
                    )
                )
                continue
            first[key] = key_position
            child = (*path, key)
            self._check_characters(key, child, key_position)
            self.keys[child] = key_position
            data[key] = self.build(value_node, child)
        return data

    def _scalar(self, node: yaml.Node, path: FieldPath) -> Any:
        tag = node.tag
        value = str(node.value)
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return _TRUE_FALSE.get(value.lower(), value)
        if tag == _TAG + "int":
            return self._integer(value, path) if _INTEGER.match(value) else value
        if tag == _TAG + "float":
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        self._check_tag(node, _TAG + "str", path, allowed=(_TAG + "timestamp",))
        self._check_characters(value, path)
        return value

    def _integer(self, value: str, path: FieldPath) -> int | str:
        digits = value.replace("_", "").lstrip("+-")
        if len(digits) > MAX_DIGITS:
            self.problems.append(
                self._error(path, "number-too-large", f"a {len(digits)}-digit number is too large")
            )
            return value
        return int(value.replace("_", ""))

    def _check_characters(self, value: str, path: FieldPath, position: Position | None = None) -> None:
        """Escapes like "\\x07" put control characters in text that no output format can carry."""
        found = _CONTROL.search(value)
        if found is not None:
            character = found.group(0)
            self.problems.append(
                self._error(
                    path,
                    "control-character",
                    f"the text holds the control character U+{ord(character):04X} "
                    f"(character {found.start() + 1} of the text); remove it",
                    position,
                )
            )

    def _check_tag(
        self, node: yaml.Node, expected: str | None, path: FieldPath, allowed: tuple[str, ...] = ()
    ) -> None:
        fine = node.tag == expected or node.tag in allowed if expected else node.tag in _SCALAR_TAGS
        if fine:
            return
        position = Position(node.start_mark.line + 1, node.start_mark.column + 1)
        raise _Refused(
            self._error(
                path, "yaml-tag", f"the YAML tag `{node.tag}` is not allowed in a plan; remove it", position
            )
        )

    def _error(
        self, path: FieldPath, code: str, message: str, position: Position | None = None
    ) -> Diagnostic:
        where = position or self.values.get(path, Position(1, 1))
        return error(self.path, where.line, where.column, code, message, format_path(path))


def format_path(path: FieldPath) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text

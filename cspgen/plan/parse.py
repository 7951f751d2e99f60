"""Stage 1, one file: YAML bytes into plain data, remembering where every node was.

PyYAML's composer gives us nodes with marks; we build the data ourselves so that
we can refuse what a plan must never contain (object tags, aliases, duplicate
keys) and keep a map from each field path to its line and column.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from cspgen.diagnostics import Diagnostic, error
from cspgen.plan.source import FieldPath, Position, SourceFile, format_path

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - libyaml is in the wheels we pin
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

__all__ = ["MAX_FILE_BYTES", "Loader", "parse_source", "too_large"]

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64  # levels of nesting; a real plan needs about a dozen
MAX_DIGITS = 18

_TAG = "tag:yaml.org,2002:"
_INTEGER = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_TRUE_FALSE = {"true": True, "false": False}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SCALAR_TAGS = frozenset(_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp"))


class _Refused(Exception):
    """A node that must not be turned into data; carries the diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def too_large(path: Path, limit: int = MAX_FILE_BYTES) -> Diagnostic:
    return error(path, 1, 1, "too-large", f"the file is larger than {limit // 1024 // 1024} MiB")


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
    for event in yaml.parse(text, Loader=Loader):
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
    for event in yaml.parse(text, Loader=Loader):
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
    loader = Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    return node


TAB_MESSAGE = "a tab character is not allowed here; indent with spaces"
_FRIENDLIER = (
    ("found duplicate anchor", "the same anchor is defined twice"),
    ("expected a single document", "the file holds more than one YAML document (a `---` line); keep one"),
)
_COLON = "mapping values are not allowed"  # PyYAML ends it "here", libyaml "in this context"
_COLON_MESSAGE = "a colon followed by a space starts a new field; put the whole text in quotes"
_FIELD_LINE = re.compile(r"^(?P<indent>\s*(?:- )?)(?P<key>[^\s:#'\"-][^:#]*?):\s+(?P<value>[^'\"\s].*?)\s*$")


def _syntax_error(path: Path, problem: yaml.MarkedYAMLError, source: str) -> Diagnostic:
    mark = problem.problem_mark or problem.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    text = " ".join(part for part in (problem.context, problem.problem) if part)
    lines = source.splitlines()
    for needle, friendly in _FRIENDLIER:
        if needle in text:
            text = friendly
            break
    if _COLON in text:
        text = _colon_message(lines[line - 1] if 0 < line <= len(lines) else "")
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: max(column, 1)]:
        text = TAB_MESSAGE
        column = lines[line - 1].index("\t") + 1
    return error(path, line, column, "yaml-syntax", f"YAML syntax: {text}")


def _colon_message(line: str) -> str:
    """The usual cause is a title with a colon in it: show the officer their own line, quoted."""
    found = _FIELD_LINE.match(line)
    if found is None or ": " not in found["value"]:
        return f"{_COLON_MESSAGE}, or check the indentation"
    quoted = json.dumps(found["value"], ensure_ascii=False)
    return f"{_COLON_MESSAGE}: {found['indent'].lstrip()}{found['key']}: {quoted}"


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

"""`cspgen fmt`: every plan file in one layout, so a year's diff shows only what changed.

The layout (docs/guide.md, "One layout for every file"):
- two spaces per level, list dashes two spaces in from their key;
- text with line breaks is a literal block (`|`) and its lines are never wrapped;
- other text stays on its key's line when that fits in 100 columns, else it becomes a folded
  block (`>-`) wrapped at 100 columns;
- quotes only where YAML needs them, and then double quotes;
- key order, comments, blank lines and one-line `[a, b]` or `{a: 1}` collections of plain values
  stay as written; bracketed collections holding other collections become indented lines.

ruamel.yaml's round trip keeps the comments. The result is read back with cspgen's own loader
and must give exactly the same data, or the file is left as it was: fmt never changes meaning.
"""

from __future__ import annotations

import bisect
import io
import os
import re
import tempfile
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from cspgen.diagnostics import Diagnostic, error
from cspgen.plan.load import load_file
from cspgen.plan.parse import Loader

WIDTH = 100
INDENT = 2
_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()


class _PlanEmitter(Emitter):
    """Double quotes rather than single, as the guide teaches, unless the text holds `"` or `\\`."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        value = self.event.value if self.event is not None else ""
        if style == "'" and '"' not in value and "\\" not in value:
            return '"'
        return style


class _PlanRepresenter(RoundTripRepresenter):
    """An empty value is written `null`, wherever it stands."""


def _null(representer: RoundTripRepresenter, _value: None) -> ScalarNode:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


_PlanRepresenter.add_representer(type(None), _null)


def round_trip() -> YAML:
    """The ruamel.yaml reader and writer set to the canonical layout."""
    handler = YAML()
    handler.Representer = _PlanRepresenter
    handler.Emitter = _PlanEmitter
    handler.indent(mapping=INDENT, sequence=INDENT * 2, offset=INDENT)
    handler.width = 1_000_000  # folding is decided here, never by the emitter
    handler.preserve_quotes = False
    return handler


def load_tree(text: str) -> Any:
    return round_trip().load(text)


def dump_tree(tree: Any) -> str:
    """Write a round-trip tree in the canonical layout."""
    stream = io.StringIO()
    canonical = _canonical(tree, 0)
    round_trip().dump(canonical, stream)
    return stream.getvalue()


def canonical_text(text: str) -> str:
    return dump_tree(load_tree(text))


# --- the layout ----------------------------------------------------------------------------


def _canonical(node: Any, column: int) -> Any:
    """Restyle every scalar for the column it will be written at; `column` is where keys or dashes go."""
    if isinstance(node, CommentedMap):
        _block_unless_plain(node, node.values())
        for key in list(node.keys()):
            value = node[key]
            starts_at = column + len(str(key)) + 2
            restyled = _restyle(value, starts_at, column + INDENT, node.fa.flow_style())
            if restyled is not value:
                _move_comment(node.ca.items.get(key), 2, value, restyled)
                OrderedDict.__setitem__(node, key, restyled)
            elif isinstance(value, CommentedMap | CommentedSeq):
                _canonical(value, column + INDENT)
    elif isinstance(node, CommentedSeq):
        _block_unless_plain(node, node)
        for index, value in enumerate(node):
            restyled = _restyle(value, column + INDENT, column + INDENT, node.fa.flow_style())
            if restyled is not value:
                _move_comment(node.ca.items.get(index), 0, value, restyled)
                list.__setitem__(node, index, restyled)
            elif isinstance(value, CommentedMap | CommentedSeq):
                _canonical(value, column + INDENT)
    return node


def _block_unless_plain(node: CommentedMap | CommentedSeq, values: Iterable[Any]) -> None:
    """Brackets suit short plain values; collections and text with line breaks get indented lines."""
    if node.fa.flow_style() and any(
        isinstance(value, CommentedMap | CommentedSeq) or (isinstance(value, str) and "\n" in value)
        for value in values
    ):
        node.fa.set_block_style()


def _restyle(value: Any, starts_at: int, block_indent: int, in_flow: bool) -> Any:
    """The string in its canonical style; anything else unchanged (the same object)."""
    if not isinstance(value, str):
        return value
    text = str(value)
    wanted: str
    if not in_flow and "\n" in text and _fits_literal(text):
        wanted = LiteralScalarString(text)
    elif not in_flow and starts_at + len(text) > WIDTH and _foldable(text):
        wanted = _folded(text, WIDTH - block_indent)
    elif _read_as_other_than_text(text):
        wanted = DoubleQuotedScalarString(text)
    else:
        wanted = text
    if type(wanted) is type(value) and wanted == value and not isinstance(value, FoldedScalarString):
        return value
    return wanted


def _read_as_other_than_text(text: str) -> bool:
    """Plain text that YAML 1.1 (which cspgen reads) takes for a number, date or true/false."""
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag != _STR


def _fits_literal(text: str) -> bool:
    return all(line.replace("\t", "").isprintable() and line == line.rstrip(" ") for line in text.split("\n"))


def _foldable(text: str) -> bool:
    return text.isprintable() and text == text.strip() and "  " not in text and " " in text


def _folded(text: str, width: int) -> FoldedScalarString:
    """A folded block wrapped greedily: an edit reflows only the lines after it, so diffs stay small."""
    folded: FoldedScalarString = FoldedScalarString(text)
    folded.fold_pos = _breaks(text, width)  # type: ignore[attr-defined]
    return folded


def _breaks(text: str, width: int) -> list[int]:
    """Where greedy wrapping at `width` breaks the text: the positions of single spaces."""
    positions: list[int] = []
    line_start = 0
    last_space = -1
    for index, character in enumerate(text):
        if character != " ":
            continue
        if index - line_start > width and last_space > line_start:
            positions.append(last_space)
            line_start = last_space + 1
        last_space = index
    if len(text) - line_start > width and last_space > line_start:
        positions.append(last_space)
    return positions


_BLOCK = (LiteralScalarString, FoldedScalarString)


def _move_comment(slots: list[Any] | None, index: int, old: Any, new: Any) -> None:
    """A comment after a block scalar starts on the next line; after a one-line value it needs `\\n`."""
    if not slots or len(slots) <= index or not isinstance(slots[index], CommentToken):
        return
    token = slots[index]
    was_block, is_block = isinstance(old, _BLOCK), isinstance(new, _BLOCK)
    if was_block and not is_block:
        token.value = "\n" + " " * token.column + token.value
    elif is_block and not was_block and token.value.startswith("\n"):
        token.value = token.value[1:].lstrip(" ")


# --- files -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Formatted:
    """One file: its text now, its canonical text (None when it cannot be formatted) and why."""

    path: Path
    original: str
    text: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text is not None and self.text != self.original

    def first_difference(self) -> int:
        """The first line that would change, for an annotation on the right line."""
        old, new = self.original.splitlines(), (self.text or "").splitlines()
        for number, (before, after) in enumerate(zip(old, new, strict=False), start=1):
            if before != after:
                return number
        return min(len(old), len(new)) + 1


def plan_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML files of plan and shared folders (searched recursively), or the files named."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            found.update((file, None) for file in sorted(_yaml_below(path)))
        else:
            found[path] = None
    return list(found)


def _yaml_below(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*.yaml"):
        if not path.is_dir() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            yield path


def format_file(path: Path) -> Formatted:
    if path.is_symlink():
        return Formatted(path, "", None, [link_refused(path)])
    loaded, problems = load_file(path)
    if loaded is None or problems:
        return Formatted(path, loaded.text if loaded else "", None, problems)
    original = loaded.text
    try:
        text = settled(original)
    except YAMLError as problem:
        return Formatted(path, original, None, [_failed(path, f"cannot lay the file out: {problem}")])
    if text is None:
        message = "this file's layout does not settle in a few passes, so it was left as it was"
        return Formatted(path, original, None, [_failed(path, message)])
    refused = rewrite_problem(path, original, loaded.data, text)
    return Formatted(path, original, None, [refused]) if refused else Formatted(path, original, text)


PASSES = 4


def settled(text: str) -> str | None:
    """The layout after as many passes as it takes to stop changing, so `fmt --check` passes after `fmt`."""
    for _ in range(PASSES):
        again = canonical_text(text)
        if again == text:
            return text
        text = again
    return None


def _failed(path: Path, message: str, line: int = 1, column: int = 1) -> Diagnostic:
    return error(path, line, column, "fmt-failed", message)


def link_refused(path: Path) -> Diagnostic:
    message = "this file is a link; fmt and rollover rewrite only real files, so copy the file in instead"
    return error(path, 1, 1, "fmt-link", message)


def rewrite_problem(
    path: Path, before: str, expected: Any, after: str, doing: str = "laying this file out"
) -> Diagnostic | None:
    """Why `after` may not replace `before`: it reads differently from `expected`, or loses a comment."""
    if after == before:
        return None
    if not identical(expected, read_back(path, after)):
        line = _first_difference(before, after)
        message = f"{doing} would change what it says, so it was left as it was"
        return _failed(path, message, line)
    lost = lost_comments(before, after)
    if lost:
        first = lost[0]
        message = f"{doing} would lose the comment `{first.text[:60]}`, so it was left as it was"
        return _failed(path, message, first.line, first.column)
    return None


def _first_difference(before: str, after: str) -> int:
    old, new = before.splitlines(), after.splitlines()
    for number, (one, other) in enumerate(zip(old, new, strict=False), start=1):
        if one != other:
            return number
    return min(len(old), len(new)) + 1


@dataclass(frozen=True)
class Comment:
    text: str
    line: int
    column: int


_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ \t]+(#.*)")


def comments(text: str) -> list[Comment]:
    """Every comment in a YAML text: a `#` outside any scalar (or after a block scalar's indicator)."""
    spans: list[tuple[int, int]] = []
    found: list[Comment] = []
    breaks = [found.start() for found in re.finditer("\n", text)]
    for token in yaml.scan(text, Loader=Loader):
        if isinstance(token, yaml.ScalarToken):
            start, end = token.start_mark.index, token.end_mark.index
            spans.append((start, end))
            header = _BLOCK_HEADER.match(text, start) if token.style in ("|", ">") else None
            if header is not None:
                found.append(_comment_at(text, header.start(1), breaks))
    spans.sort()
    position, span = 0, 0
    while (position := text.find("#", position)) != -1:
        while span < len(spans) and spans[span][1] <= position:
            span += 1
        inside = span < len(spans) and spans[span][0] <= position
        if not inside and (position == 0 or text[position - 1] in " \t\n"):
            found.append(_comment_at(text, position, breaks))
            position = text.find("\n", position)
            if position == -1:
                break
        else:
            position += 1
    return sorted(found, key=lambda comment: (comment.line, comment.column))


def _comment_at(text: str, index: int, breaks: list[int]) -> Comment:
    """`breaks`: where the text's line breaks are, so a file of many comments is not recounted for each."""
    end = text.find("\n", index)
    body = text[index : end if end != -1 else len(text)]
    before = bisect.bisect_left(breaks, index)
    line_start = breaks[before - 1] + 1 if before else 0
    return Comment(body.lstrip("#").strip(), before + 1, index - line_start + 1)


def lost_comments(before: str, after: str) -> list[Comment]:
    """Comments of `before` that `after` no longer has; one that gained a prefix (`# new # old`) is kept."""
    merged = [comment.text for comment in comments(after)]
    kept = Counter(merged)
    endings = {text[place + 2 :] for text in merged for place in _places(text, "# ")}
    lost = []
    for comment in comments(before):
        if kept[comment.text] > 0:
            kept[comment.text] -= 1
        elif comment.text in endings:
            continue
        else:
            lost.append(comment)
    return lost


def _places(text: str, part: str) -> Iterator[int]:
    place = text.find(part)
    while place != -1:
        yield place
        place = text.find(part, place + 1)


def same_meaning(path: Path, data: Any, text: str) -> bool:
    """Read `text` as cspgen would and compare: same values, same types, same order."""
    return identical(data, read_back(path, text))


def read_back(path: Path, text: str) -> Any:
    """The data cspgen's loader reads from `text` as if it were `path`; None if it refuses it."""
    with tempfile.TemporaryDirectory(prefix="cspgen-fmt-") as folder:
        copy = Path(folder) / path.name
        copy.write_text(text, encoding="utf-8", newline="\n")
        loaded, problems = load_file(copy)
    return loaded.data if loaded is not None and not problems else None


def identical(left: Any, right: Any) -> bool:
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(identical(left[key], right[key]) for key in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(identical(a, b) for a, b in zip(left, right, strict=True))
    return bool(left == right)


def write_text(path: Path, text: str) -> None:
    """Replace the file in one step, so an interrupted run never leaves half a file."""
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="\n", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        handle.write(text)
    if path.exists():
        os.chmod(handle.name, path.stat().st_mode & 0o777)
    os.replace(handle.name, path)


def not_formatted(result: Formatted) -> Diagnostic:
    return error(
        result.path,
        result.first_difference(),
        1,
        "not-formatted",
        "the file is not in cspgen's layout; run `cspgen fmt` on it",
    )

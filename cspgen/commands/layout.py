"""The canonical layout of plan YAML (docs/guide.md, "One layout for every file").

- two spaces per level, list dashes two spaces in from their key;
- text with line breaks is a literal block (`|`) and its lines are never wrapped;
- other text stays on its key's line when that fits in 100 columns, else it becomes a folded
  block (`>-`) wrapped at 100 columns;
- quotes only where YAML needs them, and then double quotes;
- key order, comments, blank lines and one-line `[a, b]` or `{a: 1}` collections of plain values
  stay as written; bracketed collections holding other collections become indented lines.

ruamel.yaml's round trip keeps the comments; `rewrite` checks that a new layout means the same.
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

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

"""A YAML file's data with the line and column of every value and key, and its field paths."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

FieldPath = tuple[str | int, ...]


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


def format_path(path: FieldPath) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text

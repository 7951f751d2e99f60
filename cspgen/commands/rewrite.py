"""A plan file is rewritten only when the new text means the same and keeps every comment.

`cspgen fmt` and `cspgen rollover` both check a new text here before it replaces a file,
and write it in one step, so an interrupted run never leaves half a file.
"""

from __future__ import annotations

import bisect
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cspgen.diagnostics import Diagnostic, error
from cspgen.plan.load import load_file
from cspgen.plan.parse import Loader


def failed(path: Path, message: str, line: int = 1, column: int = 1) -> Diagnostic:
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
        line = first_difference(before, after)
        message = f"{doing} would change what it says, so it was left as it was"
        return failed(path, message, line)
    lost = lost_comments(before, after)
    if lost:
        first = lost[0]
        message = f"{doing} would lose the comment `{first.text[:60]}`, so it was left as it was"
        return failed(path, message, first.line, first.column)
    return None


def first_difference(before: str, after: str) -> int:
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

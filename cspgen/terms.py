"""Acronyms and defined terms in the text a reader sees.

Two uses share these helpers: the check stage reports acronyms missing from the
glossary and glossary or definition entries nothing uses; the render stage expands
each acronym on first use (WCAG technique G102) and links defined terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .load import FieldPath, SourceFile

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'’]*(?:/[A-Za-z0-9][A-Za-z0-9&'’]*)*")
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")
_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’|'|’)$")
HIDDEN_FIELDS = frozenset(
    {
        "id", "kind", "status", "published", "shared", "generated", "strands", "focus", "funding",
        "type", "direction", "sum_of", "share_of", "total", "row_headers", "allow_acronyms", "lead_ids",
    }
)  # fmt: skip


def is_acronym(word: str) -> bool:
    """Two or more capitals and no lower-case letters: ASB, NI, DV/SV, 101."""
    letters = [char for char in word if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


@dataclass(frozen=True)
class Use:
    """One acronym as written (`PCSOs`), the forms it may be listed under, and where it starts."""

    written: str
    forms: tuple[str, ...]
    start: int


def acronym_uses(text: str) -> Iterator[Use]:
    """Acronyms in running text, with plurals (PCSOs) and possessives (CSP's) reduced to their stem.

    Runs of capitalised words (SOUTH WEST DISTRICT in a table) are shouting, not acronyms.
    """
    text = _POSTCODE.sub(lambda match: " " * len(match.group()), text)
    words = list(_WORD.finditer(text))
    shouting = _shouting_runs(text, words)
    for index, match in enumerate(words):
        if index in shouting:
            continue
        written = _POSSESSIVE.sub("", match.group())
        forms = _forms(written)
        if forms:
            yield Use(written, forms, match.start())


def _forms(written: str) -> tuple[str, ...]:
    forms: list[str] = []
    if is_acronym(written):
        forms.append(written)
    elif written.endswith("s") and is_acronym(written[:-1]):
        forms += [written, written[:-1]]
    if "/" in written:
        for part in written.split("/"):
            forms += [form for form in _forms(part) if form not in forms]
    return tuple(forms)


def _shouting_runs(text: str, words: list[re.Match[str]]) -> set[int]:
    capitals = [is_acronym(match.group()) for match in words]
    skip: set[int] = set()
    run: list[int] = []
    for index, match in enumerate(words):
        joined = bool(run) and text[words[run[-1]].end() : match.start()].strip() == ""
        if capitals[index] and (joined or not run):
            run.append(index)
            continue
        if _is_shouting(run, words):
            skip.update(run)
        run = [index] if capitals[index] else []
    if _is_shouting(run, words):
        skip.update(run)
    return skip


def _is_shouting(run: list[int], words: list[re.Match[str]]) -> bool:
    """Two or more long words in capitals (AMBER VALLEY), not a pair of acronyms (PSPO FP)."""
    return sum(len(words[i].group()) >= 4 for i in run) >= 2


def visible_strings(source: SourceFile) -> Iterator[tuple[FieldPath, str]]:
    """Every text value a reader sees, with its field path (ids, kinds and settings left out)."""

    def walk(data: object, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
        if isinstance(data, str):
            yield path, data
        elif isinstance(data, dict):
            for key, value in data.items():
                if key not in HIDDEN_FIELDS:
                    yield from walk(value, (*path, key))
        elif isinstance(data, list):
            for index, value in enumerate(data):
                yield from walk(value, (*path, index))

    yield from walk(source.data, ())


def phrase_pattern(term: str) -> re.Pattern[str]:
    """A defined term and its simple variants: any case, plural, hyphen or space between words."""
    words = re.findall(r"[A-Za-z0-9]+", term)
    if not words:
        return re.compile(re.escape(term))
    body = r"[\s\-]+".join(re.escape(word) for word in words)
    return re.compile(rf"(?<![\w-])({body})(?:s|es|'s|’s)?(?![\w-])", re.IGNORECASE)


def normal(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))

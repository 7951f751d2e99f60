"""Acronyms expanded on first use and defined terms linked, over the whole document.

A pass over the document model in reading order: the first time an acronym from
the glossary appears it is written out (WCAG technique G102), later uses carry
their expansion and link to the glossary entry; a defined term is linked to its
definition from its first use in each section. Headings are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cspgen.document.nodes import (
    Abbr,
    Block,
    Cell,
    DefinitionList,
    Document,
    Inline,
    KeyFigure,
    KeyFigures,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Styled,
    TableNode,
    TermRef,
    Text,
)
from cspgen.plan import model, schema, terms


@dataclass
class _Reading:
    """What the reader has met so far; the only mutable state, local to one pass."""

    expansions: dict[str, str]
    glossary_ids: dict[str, str]
    definition_ids: dict[str, str]
    phrases: dict[str, terms.Phrase]
    any_phrase: re.Pattern[str] | None = None
    seen: set[str] = field(default_factory=set)
    write_out: bool = True
    linked_here: set[str] = field(default_factory=set)
    skip_definitions: bool = False


def expand_document(
    document: Document,
    glossary: schema.Glossary,
    partners: tuple[schema.Partner, ...] = (),
    write_out: bool = True,
) -> Document:
    """Partners' short names expand to their full names unless the glossary says otherwise."""
    expansions = {partner.id: partner.name for partner in partners if terms.is_acronym(partner.id)}
    expansions.update(
        (term, model.expansion(value))
        for term, value in glossary.terms.items()
        if terms.is_acronym(term) or terms.is_acronym(term.rstrip("s"))
    )
    glossary_ids, definition_ids = _anchors(document.sections)
    phrases = {term: terms.phrase(term) for term in definition_ids}
    reading = _Reading(
        expansions=expansions,
        glossary_ids=glossary_ids,
        definition_ids=definition_ids,
        phrases=phrases,
        any_phrase=terms.any_key(phrases.values()),
        write_out=write_out,
    )
    notice = tuple(_block(block, reading) for block in document.notice)  # the cover is read first
    return replace(
        document, notice=notice, sections=tuple(_section(section, reading) for section in document.sections)
    )


def _anchors(sections: tuple[Section, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """Where each glossary entry and each definition is, from the document itself."""
    glossary: dict[str, str] = {}
    definitions: dict[str, str] = {}
    for section in sections:
        if section.role == "definition":
            definitions[section.title] = section.id
        for block in section.blocks:
            if isinstance(block, DefinitionList):
                glossary.update((item.term, item.id) for item in block.items)
        inner_glossary, inner_definitions = _anchors(section.children)
        glossary.update(inner_glossary)
        definitions.update(inner_definitions)
    return glossary, definitions


def _section(section: Section, reading: _Reading, inside_definitions: bool = False) -> Section:
    """Terms link from their first use in each section, but never from the definitions themselves."""
    skip = inside_definitions or any(child.role == "definition" for child in section.children)
    _note_expanded_in_heading(section.title, reading)
    reading.linked_here = set()
    reading.skip_definitions = skip
    blocks = tuple(_block(block, reading) for block in section.blocks)
    children = tuple(_section(child, reading, skip) for child in section.children)
    return replace(section, blocks=blocks, children=children)


def _note_expanded_in_heading(title: str, reading: _Reading) -> None:
    """A heading such as `Anti-Social Behaviour (ASB)` already gives the reader the expansion."""
    for use in terms.acronym_uses(title):
        term = next((form for form in use.forms if form in reading.expansions), None)
        end = use.start + len(use.written)
        if term and _already_expanded(title, use.start, end, reading.expansions[term]):
            reading.seen.add(term)


def _block(block: Block, reading: _Reading) -> Block:
    if isinstance(block, Paragraph):
        return Paragraph(_inlines(block.children, reading))
    if isinstance(block, ListBlock):
        return replace(block, items=tuple(tuple(_block(b, reading) for b in item) for item in block.items))
    if isinstance(block, Quote):
        return Quote(tuple(_block(b, reading) for b in block.children))
    if isinstance(block, TableNode):
        return replace(
            block,
            bodies=tuple(
                tuple(tuple(_cell(c, reading) for c in row) for row in body) for body in block.bodies
            ),
        )
    if isinstance(block, KeyFigures):
        return replace(block, figures=tuple(_key_figure(figure, reading) for figure in block.figures))
    return block


def _key_figure(figure: KeyFigure, reading: _Reading) -> KeyFigure:
    label, value = _inlines(figure.label, reading), _inlines(figure.value, reading)
    return KeyFigure(label, value, tuple(_inlines(detail, reading) for detail in figure.details))


def _cell(cell: Cell, reading: _Reading) -> Cell:
    return replace(cell, blocks=tuple(_block(block, reading) for block in cell.blocks))


def _inlines(nodes: tuple[Inline, ...], reading: _Reading, in_link: bool = False) -> tuple[Inline, ...]:
    result: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            result.extend(_text(node.text, reading, in_link))
        elif isinstance(node, Styled):
            result.append(Styled(node.style, _inlines(node.children, reading, in_link)))
        elif isinstance(node, Link):
            result.append(Link(node.href, _inlines(node.children, reading, True)))
        else:
            result.append(node)
    return tuple(result)


def _text(text: str, reading: _Reading, in_link: bool) -> list[Inline]:
    """Acronyms first, seeing the whole text (to spot `anti-social behaviour (ASB)`), then terms."""
    pieces: list[Inline] = []
    for piece in _acronyms(text, reading, in_link):
        if isinstance(piece, Text) and not in_link and not reading.skip_definitions:
            pieces.extend(_definitions(piece.text, reading))
        else:
            pieces.append(piece)
    return pieces


def _definitions(text: str, reading: _Reading) -> list[Inline]:
    """Each piece of text links its first not-yet-linked term, then the text before and after it
    is searched again, left before right; a stack, not recursion, as a paragraph may use
    a thousand terms."""
    pieces: list[Inline] = []
    pending: list[str | Inline] = [text]
    while pending:
        item = pending.pop()
        if not isinstance(item, str):
            pieces.append(item)
            continue
        found = _first_unlinked_term(item, reading)
        if found is None:
            if item:
                pieces.append(Text(item))
            continue
        term, match = found
        reading.linked_here.add(term)
        link = TermRef((Text(match.group()),), reading.definition_ids[term])
        pending += [item[match.end() :], link, item[: match.start()]]
    return pieces


def _first_unlinked_term(text: str, reading: _Reading) -> tuple[str, re.Match[str]] | None:
    folded = terms.folded(text)
    if reading.any_phrase is not None and reading.any_phrase.search(folded) is None:
        return None
    for term, phrase in reading.phrases.items():
        if term in reading.linked_here:
            continue
        match = phrase.search(text, folded)
        if match is not None:
            return term, match
    return None


def _acronyms(text: str, reading: _Reading, in_link: bool) -> list[Inline]:
    pieces: list[Inline] = []
    position = 0
    for use in terms.acronym_uses(text):
        term = next(
            (key for form in use.forms for key in (form, form + "s") if key in reading.expansions), None
        )
        if term is None:
            continue
        expansion = reading.expansions[term]
        end = use.start + len(use.written)
        if use.start > position:
            pieces.append(Text(text[position : use.start]))
        spelled_out = _already_expanded(text, use.start, end, expansion)
        first = reading.write_out and term not in reading.seen and not spelled_out
        reading.seen.add(term)
        target = None if (first or in_link or spelled_out) else reading.glossary_ids.get(term)
        pieces.append(Abbr(use.written, expansion, first, target))
        position = end
    if position < len(text):
        pieces.append(Text(text[position:]))
    return pieces


def _already_expanded(text: str, start: int, end: int, expansion: str) -> bool:
    """`anti-social behaviour (ASB)` or `ASB (anti-social behaviour)` needs no second expansion.

    Only the text next to the use is read: a paragraph can hold thousands of uses.
    """
    before = _visible_before(text, start)
    after = _visible_from(text, end)
    opened = before >= 0 and text[before] == "("
    if opened and after < len(text) and text[after] == ")":
        return True  # the author is introducing it: `Safer Communities Board (SCB)`
    wanted = _loose(expansion)
    if opened and _loose_tail(text, before, len(wanted)) == wanted:
        return True
    if after < len(text) and text[after] == "(":
        close = text.find(")", after + 1)
        return _loose(text[after + 1 : close if close != -1 else len(text)]) == wanted
    return False


def _visible_before(text: str, start: int) -> int:
    """Where the last character before `start` that is not white space is; -1 if there is none."""
    index = start - 1
    while index >= 0 and text[index].isspace():
        index -= 1
    return index


def _visible_from(text: str, end: int) -> int:
    """Where the first character from `end` that is not white space is; the text's length if none."""
    index = end
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _loose_tail(text: str, end: int, count: int) -> list[str]:
    """The last `count` words of `_loose(text[:end])`, reading back only as far as they need."""
    if count == 0:
        return _loose(text[:end])
    width = 64
    while True:
        begin = max(0, end - width)
        found = _loose(text[begin:end])
        if begin == 0 or len(found) > count:  # the first word found may be cut short
            return found[-count:]
        width *= 4


def _loose(text: str) -> list[str]:
    """Words for comparing expansions: case, hyphens and plural endings ignored."""
    return [word.removesuffix("s") for word in terms.normal(text).split()]

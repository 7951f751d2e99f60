"""Definitions (one entry a term links to) and the glossary (acronyms and terms, in reading order).

Both print the plan's own entries and only the shared ones it uses (cspgen/plan/usage.py).
"""

from __future__ import annotations

import re

from cspgen.document.content import Part
from cspgen.document.ids import Ids
from cspgen.document.nodes import Block, DefinitionItem, DefinitionList, Paragraph, Section, Text
from cspgen.document.prose import parse
from cspgen.plan import schema
from cspgen.plan.model import PlanBundle, expansion
from cspgen.plan.usage import printed_entries

LETTER_INDEX_FROM = 60  # entries: below this a glossary fits on a couple of screens


def sort_key(term: str) -> str:
    """Glossary order a reader expects: case and punctuation ignored."""
    return re.sub(r"[^0-9a-z]+", "", term.lower()) or term.lower()


def definitions_part(bundle: PlanBundle, ids: Ids) -> Part:
    printed = printed_entries(bundle).definitions
    terms = {term: value for term, value in bundle.definitions.terms.items() if term in printed}
    if not terms:
        return None
    children = [
        Section(
            ids.claim(f"def-{schema.slugify(term)}"),
            term,
            3,
            parse(schema.definition_text(text)),
            in_contents=False,
            role="definition",
        )
        for term, text in terms.items()
    ]
    return (), children


def glossary_part(bundle: PlanBundle, ids: Ids) -> Part:
    printed = printed_entries(bundle).glossary
    terms = {term: value for term, value in bundle.glossary.terms.items() if term in printed}
    if not terms:
        return None
    items = []
    for term in sorted(terms, key=lambda t: (sort_key(t), t)):
        value = terms[term]
        note = () if isinstance(value, str) or not value.note else parse(value.note)
        blocks: tuple[Block, ...] = (Paragraph((Text(expansion(value)),)), *note)
        items.append(DefinitionItem(term, ids.claim(f"glossary-{schema.slugify(term)}"), blocks))
    return (DefinitionList(tuple(items), _letter_index(items)),), []


def _letter_index(items: list[DefinitionItem]) -> tuple[tuple[str, str], ...]:
    if len(items) < LETTER_INDEX_FROM:
        return ()
    index: dict[str, str] = {}
    for item in items:
        letter = (sort_key(item.term)[:1] or "#").upper()
        index.setdefault(letter, item.id)
    return tuple(index.items())

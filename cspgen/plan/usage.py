"""Which glossary and definitions entries the document prints: every one of the plan's own, and
of a shared folder's only those the plan uses (or marks `reference: true`).

A county's shared glossary serves many plans; printed whole it would fill each with terms its
text never says. Used means said in the plan's own files, or in a shared entry that is itself
printed: a printed definition that names an acronym brings that acronym's entry with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cspgen.plan import schema, terms
from cspgen.plan.model import PlanBundle, expansion
from cspgen.plan.sheets.texts import data_texts
from cspgen.plan.source import SourceFile
from cspgen.plan.walk import defined_terms, visible_texts


@dataclass(frozen=True)
class Printed:
    glossary: frozenset[str]
    definitions: frozenset[str]


def printed_entries(bundle: PlanBundle) -> Printed:
    glossary, definitions = bundle.glossary.terms, bundle.definitions.terms
    if not bundle.plan.shared:
        return Printed(frozenset(glossary), frozenset(definitions))
    printed_glossary = _kept(glossary, _written(bundle.glossary_source, schema.Glossary))
    printed_definitions = _kept(definitions, _written(bundle.definitions_source, schema.Definitions))
    texts = [
        found.text for source, model in bundle.own_files() for found in visible_texts(source.data, model)
    ]
    texts += [text for _, text in data_texts(bundle)]
    texts += _entry_texts(printed_glossary, printed_definitions, bundle)
    while True:
        corpus, acronyms = terms.Corpus(texts), _acronyms_in(texts)
        new_glossary = {
            term
            for term in glossary.keys() - printed_glossary
            if (term in acronyms if _is_acronym_term(term) else corpus.mentions(terms.phrase(term)))
        }
        new_definitions = {
            term for term in definitions.keys() - printed_definitions if corpus.mentions(terms.phrase(term))
        }
        if not new_glossary and not new_definitions:
            return Printed(frozenset(printed_glossary), frozenset(printed_definitions))
        printed_glossary |= new_glossary
        printed_definitions |= new_definitions
        texts += _entry_texts(new_glossary, new_definitions, bundle)


def _written(source: SourceFile | None, model: type[schema.Glossary | schema.Definitions]) -> set[str]:
    """The terms of the plan's own file: shared entries of the same name are overridden by them."""
    if source is None:
        return set()
    return {found.text for found in defined_terms(source.data, model)}


def _kept(entries: Mapping[str, Any], own: set[str]) -> set[str]:
    return {term for term, value in entries.items() if term in own or schema.is_reference(value)}


def _entry_texts(glossary: set[str], definitions: set[str], bundle: PlanBundle) -> list[str]:
    """What a printed entry shows, where it may name other terms."""
    texts: list[str] = []
    for term in sorted(glossary):
        value = bundle.glossary.terms[term]
        texts.append(expansion(value))
        if isinstance(value, schema.GlossaryEntry) and value.note:
            texts.append(value.note)
    texts += [schema.definition_text(bundle.definitions.terms[term]) for term in sorted(definitions)]
    return texts


def _is_acronym_term(term: str) -> bool:
    return terms.is_acronym(term) or terms.is_acronym(term.rstrip("s"))


def _acronyms_in(texts: list[str]) -> set[str]:
    """Each acronym as it may be listed: `PCSOs` counts for `PCSO` and `PCSOs`."""
    return {
        key
        for text in texts
        for use in terms.acronym_uses(text)
        for form in use.forms
        for key in (form, form + "s")
    }

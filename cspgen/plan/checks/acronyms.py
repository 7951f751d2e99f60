"""Acronyms a reader meets are in the glossary, and every glossary or definition entry is used."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cspgen.diagnostics import Diagnostic
from cspgen.plan import schema, terms
from cspgen.plan.checks.ids import lead_fields
from cspgen.plan.checks.report import at_text, warning_at_key
from cspgen.plan.datacell import DataCell
from cspgen.plan.model import PlanBundle, TypedFile
from cspgen.plan.sheets.texts import data_texts
from cspgen.plan.source import FieldPath, SourceFile
from cspgen.plan.walk import defined_terms, visible_texts


def check_acronyms(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """Every acronym a reader meets is in the glossary (or the plan's allow-list); first use reported.

    A lead is a partner id, not prose: one that is no partner is `unknown-partner`, said once.
    """
    known = set(bundle.glossary.terms) | set(bundle.plan.allow_acronyms) | {p.id for p in bundle.partners}
    leads = lead_fields(bundle)
    first: dict[str, tuple[SourceFile, FieldPath, str]] = {}
    count: dict[str, int] = {}
    for source, model in bundle.own_files():
        for found in visible_texts(source.data, model):
            if {(source.path, found.path), (source.path, found.path[:-1])} & leads:
                continue  # a lead, in a list or written alone
            for use in terms.acronym_uses(found.text):
                if any(key in known for form in use.forms for key in (form, form + "s")):
                    continue
                stem = use.forms[-1]
                count[stem] = count.get(stem, 0) + 1
                first.setdefault(stem, (source, found.path, use.written))
    in_files: dict[str, tuple[DataCell, str]] = {}
    for cell, text in data_texts(bundle):
        for use in terms.acronym_uses(text):
            if not any(key in known for form in use.forms for key in (form, form + "s")):
                count[use.forms[-1]] = count.get(use.forms[-1], 0) + 1
                in_files.setdefault(use.forms[-1], (cell, use.written))
    for stem, (source, path, written) in first.items():
        yield at_text(source, path, written, "acronym-undefined", _undefined(written, count[stem]), warn=True)
    for stem, (cell, written) in in_files.items():
        if stem not in first:
            yield cell.diagnostic("acronym-undefined", _undefined(written, count[stem]), warn=True)


def _undefined(written: str, times: int) -> str:
    more = f" (and {times - 1} more time{'s' * (times > 2)})" if times > 1 else ""
    return (
        f"`{written}` is used here{more} but is not in the glossary; add it to glossary.yaml, "
        "or to `allow_acronyms` in plan.yaml if it needs no expansion"
    )


def check_unused_entries(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """An entry the plan never uses is clutter or a typo, unless it is marked `reference: true`."""
    if bundle.glossary_source is not None:
        used = _used_glossary_terms(bundle)
        own = TypedFile(bundle.glossary_source, schema.Glossary)
        for term, value in _own_terms(own, bundle.glossary.terms).items():
            if term not in used and not schema.is_reference(value):
                yield warning_at_key(
                    bundle.glossary_source,
                    ("terms", term),
                    "glossary-unused",
                    f"glossary entry `{term}` is not used anywhere in the plan; remove it, check its "
                    "spelling, or mark it `reference: true`",
                )
    if bundle.definitions_source is not None:
        yield from _unused_definitions(bundle, bundle.definitions_source)


def _unused_definitions(bundle: PlanBundle, source: SourceFile) -> Iterator[Diagnostic]:
    elsewhere = terms.Corpus(
        [
            found.text
            for other, model in bundle.own_files()
            if other is not source
            for found in visible_texts(other.data, model)
        ]
    )
    merged = bundle.definitions.terms
    definitions = terms.Corpus([schema.definition_text(value) for value in merged.values()])
    number = {term: index for index, term in enumerate(merged)}
    for term, value in _own_terms(TypedFile(source, schema.Definitions), merged).items():
        if schema.is_reference(value):
            continue
        phrase = terms.phrase(term)
        if not elsewhere.mentions(phrase) and not definitions.mentions(phrase, skip={number[term]}):
            yield warning_at_key(
                source,
                ("terms", term),
                "definition-unused",
                f"definition of `{term}` is not used anywhere in the plan; remove it, use the term, "
                "or mark it `reference: true`",
            )


def _own_terms(own: TypedFile, merged: dict[str, Any]) -> dict[str, Any]:
    """The entries written in the plan's own file (shared ones are the county's business)."""
    written = (found.text for found in defined_terms(own.source.data, own.model))
    return {term: merged[term] for term in written if term in merged}


def _used_glossary_terms(bundle: PlanBundle) -> set[str]:
    """Acronyms by their uses, phrases through one corpus of every text: each is looked up once."""
    glossary = bundle.glossary.terms
    acronyms = {term for term in glossary if terms.is_acronym(term) or terms.is_acronym(term.rstrip("s"))}
    used: set[str] = set()
    texts: list[str] = []
    own_entry_texts: dict[str | int, set[int]] = {}
    for source, model in bundle.own_files():
        for found in visible_texts(source.data, model):
            path = found.path
            owner = path[1] if source is bundle.glossary_source and len(path) > 1 else None
            for use in terms.acronym_uses(found.text):
                if owner in use.forms:
                    continue
                used.update(key for form in use.forms for key in (form, form + "s") if key in acronyms)
            if owner is not None:
                own_entry_texts.setdefault(owner, set()).add(len(texts))
            texts.append(found.text)
    for _, text in data_texts(bundle):
        used.update(
            key
            for use in terms.acronym_uses(text)
            for form in use.forms
            for key in (form, form + "s")
            if key in acronyms
        )
        texts.append(text)
    corpus = terms.Corpus(texts)
    for term in glossary:
        if term not in acronyms and corpus.mentions(
            terms.phrase(term), skip=own_entry_texts.get(term, set())
        ):
            used.add(term)
    return used

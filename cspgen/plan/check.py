"""Stage 3: checks that need the whole plan: cross-references and unique anchors."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from cspgen.diagnostics import Diagnostic, error, warning
from cspgen.plan import figures, schema, statutory, terms
from cspgen.plan.dates import long_date
from cspgen.plan.load import FieldPath, SourceFile, format_path
from cspgen.plan.markdown import allowed_link, link_targets
from cspgen.plan.model import PlanBundle


def check_plan(bundle: PlanBundle) -> list[Diagnostic]:
    return [
        *check_acronyms(bundle),
        *check_unused_entries(bundle),
        *check_statutory(bundle),
        *check_links(bundle),
        *check_figures(bundle),
        *check_leads(bundle),
        *check_priority_ids(bundle),
        *check_item_ids(bundle),
        *check_generated_parts(bundle),
        *check_unwritten(bundle),
    ]


def _at(source: SourceFile, path: FieldPath, code: str, message: str, *, warn: bool = False) -> Diagnostic:
    where = source.position(path)
    make = warning if warn else error
    return make(source.path, where.line, where.column, code, message, format_path(path))


def sources(bundle: PlanBundle) -> Iterator[SourceFile]:
    yield bundle.plan_source
    for doc in bundle.priorities:
        yield doc.source
    yield from bundle.shared_sources
    for source in (bundle.glossary_source, bundle.definitions_source):
        if source is not None:
            yield source


def strings(data: object, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text value in a file with its field path, keys included (glossary terms are keys)."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*path, index))


def link_uses(bundle: PlanBundle) -> Iterator[tuple[SourceFile, FieldPath, str]]:
    """Every link target written in the plan, with the file and field it was written in."""
    for source in sources(bundle):
        for path, text in strings(source.data):
            for target in link_targets(text):
                yield source, path, target


def check_links(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """Links other than http, https, mailto and in-page anchors are refused, never rendered.

    Whether an in-page anchor names a place is known once the document is composed:
    see cspgen/document/anchors.py.
    """
    for source, path, target in link_uses(bundle):
        if not allowed_link(target):
            where = source.locate(path, target)
            yield error(
                source.path,
                where.line,
                where.column,
                "unsafe-link",
                f"link to `{target[:60]}` is not allowed; links must start with "
                "https://, http://, mailto: or #",
                format_path(path),
            )


def tables(bundle: PlanBundle) -> Iterator[tuple[SourceFile, FieldPath, schema.Table]]:
    """Every table in the plan with the file and field path it was written at."""

    def in_content(
        content: schema.Content | str, path: FieldPath
    ) -> Iterator[tuple[FieldPath, schema.Table]]:
        if isinstance(content, list):
            for index, block in enumerate(content):
                if isinstance(block, schema.TableBlock):
                    yield (*path, index, "table"), block.table

    def in_sections(parts: list[Any], path: FieldPath) -> Iterator[tuple[FieldPath, schema.Table]]:
        for index, part in enumerate(parts):
            if isinstance(part, schema.Section):
                yield from in_content(part.content, (*path, index, "content"))
                yield from in_sections(part.subsections, (*path, index, "subsections"))

    plan = bundle.plan
    for path, table in (
        *in_sections(plan.sections, ("sections",)),
        *in_sections(plan.appendices, ("appendices",)),
    ):
        yield bundle.plan_source, path, table
    if plan.foreword:
        for path, table in in_content(plan.foreword.content, ("foreword", "content")):
            yield bundle.plan_source, path, table
    for doc in bundle.priorities:
        for path, table in in_content(doc.priority.why, ("why",)):
            yield doc.source, path, table


def check_figures(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """A published figure that disagrees with the one computed from its sources is an error."""
    for source, path, table in tables(bundle):
        for r, row in enumerate(table.rows):
            total_row = figures.is_total_row(table, row)
            for c, column in enumerate(table.columns):
                typed = row[c]
                if not figures.is_number(typed):
                    continue
                assert isinstance(typed, int | float)
                if total_row and column.total:
                    computed: float | int | None = figures.column_total(table, c)
                    what = f"the total of column `{column.label}`"
                elif column.sum_of or column.share_of:
                    computed = figures.computed_cell(table, row, c)
                    sources = " + ".join(column.sum_of) or " of ".join(column.share_of)
                    what = f"`{column.label}` ({sources})"
                else:
                    continue
                if computed is not None and not figures.agrees(typed, computed):
                    yield _at(
                        source,
                        (*path, "rows", r, c),
                        "figure-mismatch",
                        f"{what} is {figures.format_plain(computed)} but {typed} is written; "
                        "correct it, or leave the cell empty to have it computed",
                    )
    for doc in bundle.priorities:
        for m, measure in enumerate(doc.priority.measures):
            if measure.change is None or measure.baseline is None or not measure.actuals:
                continue
            computed = figures.percent_change(measure.baseline.value, measure.actuals[-1].value)
            if computed is not None and not figures.agrees(measure.change, computed):
                yield _at(
                    doc.source,
                    ("measures", m, "change"),
                    "figure-mismatch",
                    f"the change from the baseline to the latest actual is {computed}% but "
                    f"{measure.change}% is written",
                )


def _own_sources(bundle: PlanBundle) -> list[SourceFile]:
    return [source for source in sources(bundle) if source not in bundle.shared_sources]


def check_acronyms(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """Every acronym a reader meets is in the glossary (or the plan's allow-list); first use reported."""
    known = set(bundle.glossary.terms) | set(bundle.plan.allow_acronyms) | {p.id for p in bundle.partners}
    first: dict[str, tuple[SourceFile, FieldPath, str]] = {}
    count: dict[str, int] = {}
    for source in _own_sources(bundle):
        for path, text in terms.visible_strings(source):
            for use in terms.acronym_uses(text):
                if any(key in known for form in use.forms for key in (form, form + "s")):
                    continue
                stem = use.forms[-1]
                count[stem] = count.get(stem, 0) + 1
                first.setdefault(stem, (source, path, use.written))
    for stem, (source, path, written) in first.items():
        where = source.locate(path, written)
        more = f" (and {count[stem] - 1} more time{'s' * (count[stem] > 2)})" if count[stem] > 1 else ""
        yield warning(
            source.path,
            where.line,
            where.column,
            "acronym-undefined",
            f"`{written}` is used here{more} but is not in the glossary; add it to glossary.yaml, "
            "or to `allow_acronyms` in plan.yaml if it needs no expansion",
            format_path(path),
        )


def check_unused_entries(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """An entry the plan never uses is clutter or a typo, unless it is marked `reference: true`."""
    if bundle.glossary_source is not None:
        used = _used_glossary_terms(bundle)
        for term, value in _own_terms(bundle.glossary_source, bundle.glossary.terms).items():
            if term not in used and not schema.is_reference(value):
                yield _key_warning(
                    bundle.glossary_source,
                    ("terms", term),
                    "glossary-unused",
                    f"glossary entry `{term}` is not used anywhere in the plan; remove it, check its "
                    "spelling, or mark it `reference: true`",
                )
    if bundle.definitions_source is not None:
        elsewhere = terms.Corpus(
            [
                text
                for source in _own_sources(bundle)
                if source is not bundle.definitions_source
                for _, text in terms.visible_strings(source)
            ]
        )
        merged = bundle.definitions.terms
        definitions = terms.Corpus([schema.definition_text(value) for value in merged.values()])
        number = {term: index for index, term in enumerate(merged)}
        own = _own_terms(bundle.definitions_source, merged)
        for term, value in own.items():
            if schema.is_reference(value):
                continue
            phrase = terms.phrase(term)
            if not elsewhere.mentions(phrase) and not definitions.mentions(phrase, skip={number[term]}):
                yield _key_warning(
                    bundle.definitions_source,
                    ("terms", term),
                    "definition-unused",
                    f"definition of `{term}` is not used anywhere in the plan; remove it, use the term, "
                    "or mark it `reference: true`",
                )


def _own_terms(source: SourceFile, merged: dict[str, Any]) -> dict[str, Any]:
    """The entries written in the plan's own file (shared ones are the county's business)."""
    written = source.data.get("terms", {}) if isinstance(source.data, dict) else {}
    return {term: merged[term] for term in written if term in merged}


def _used_glossary_terms(bundle: PlanBundle) -> set[str]:
    """Acronyms by their uses, phrases through one corpus of every text: each is looked up once."""
    glossary = bundle.glossary.terms
    acronyms = {term for term in glossary if terms.is_acronym(term) or terms.is_acronym(term.rstrip("s"))}
    used: set[str] = set()
    texts: list[str] = []
    own_entry_texts: dict[str | int, set[int]] = {}
    for source in _own_sources(bundle):
        for path, text in terms.visible_strings(source):
            owner = path[1] if source is bundle.glossary_source and len(path) > 1 else None
            for use in terms.acronym_uses(text):
                if owner in use.forms:
                    continue
                used.update(key for form in use.forms for key in (form, form + "s") if key in acronyms)
            if owner is not None:
                own_entry_texts.setdefault(owner, set()).add(len(texts))
            texts.append(text)
    corpus = terms.Corpus(texts)
    for term in glossary:
        if term not in acronyms and corpus.mentions(
            terms.phrase(term), skip=own_entry_texts.get(term, set())
        ):
            used.add(term)
    return used


def _key_warning(source: SourceFile, path: FieldPath, code: str, message: str) -> Diagnostic:
    where = source.position(path, key=True)
    return warning(source.path, where.line, where.column, code, message, format_path(path))


def check_statutory(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """Each statutory strand in force during the plan's period is served by some priority."""
    report = statutory.assess(bundle)
    where = bundle.plan_source.position(("period",))
    for finding in report:
        if finding.required and not finding.served_by:
            rule = finding.rule
            yield warning(
                bundle.plan_source.path,
                where.line,
                where.column,
                "statutory-strand",
                f"no priority serves the statutory strand `{rule.id}` ({rule.summary}; {rule.source}, "
                f"in force from {long_date(rule.in_force)}); add `{rule.id}` to the `strands` of the "
                "priorities that address it",
                "period",
            )


def check_leads(bundle: PlanBundle) -> Iterator[Diagnostic]:
    partners = [partner.id for partner in bundle.partners]
    known = set(partners)
    for doc in bundle.priorities:
        for path, lead in _leads(doc.priority):
            if lead in known:
                continue
            close = difflib.get_close_matches(lead, partners, n=1, cutoff=0.6)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            yield _at(
                doc.source,
                path,
                "unknown-partner",
                f"`{lead}` is not a partner of the plan{hint}; add it to "
                "`partnership.partners` in plan.yaml or use one of its ids",
            )


def _leads(priority: schema.Priority) -> Iterator[tuple[FieldPath, str]]:
    for o, objective in enumerate(priority.objectives):
        for a, action in enumerate(objective.actions):
            for n, lead in enumerate(action.lead):
                yield ("objectives", o, "actions", a, "lead", n), lead
    for m, measure in enumerate(priority.measures):
        for n, lead in enumerate(measure.lead):
            yield ("measures", m, "lead", n), lead


def check_priority_ids(bundle: PlanBundle) -> Iterator[Diagnostic]:
    first: dict[str, str] = {}
    for doc in bundle.priorities:
        if doc.id in first:
            yield _at(
                doc.source,
                ("id",),
                "duplicate-id",
                f"priority id `{doc.id}` is also used by {first[doc.id]}",
            )
        first.setdefault(doc.id, doc.source.path.name)


def check_item_ids(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """Explicit objective and action ids must be unique: `cspgen diff` matches on them."""
    seen: dict[str, str] = {}
    for doc in bundle.priorities:
        for o, objective in enumerate(doc.priority.objectives):
            items: list[tuple[FieldPath, str | None]] = [(("objectives", o, "id"), objective.id)]
            items += [
                (("objectives", o, "actions", a, "id"), action.id)
                for a, action in enumerate(objective.actions)
            ]
            for path, item_id in items:
                if item_id is None:
                    continue
                if item_id in seen:
                    yield _at(
                        doc.source, path, "duplicate-id", f"id `{item_id}` is also used in {seen[item_id]}"
                    )
                seen.setdefault(item_id, doc.source.path.name)


def check_generated_parts(bundle: PlanBundle) -> Iterator[Diagnostic]:
    placed: dict[str, FieldPath] = {}
    for list_name in ("sections", "appendices"):
        parts: list[schema.Section | schema.Generated] = getattr(bundle.plan, list_name)
        for index, part in enumerate(parts):
            if not isinstance(part, schema.Generated):
                continue
            path: FieldPath = (list_name, index, "generated")
            if part.generated in placed:
                yield _at(
                    bundle.plan_source,
                    path,
                    "duplicate-part",
                    f"`{part.generated}` is placed twice; keep one",
                )
            placed[part.generated] = path
    empty = {
        "definitions": not bundle.definitions.terms,
        "glossary": not bundle.glossary.terms,
        "assessment": not any(doc.priority.assessment for doc in bundle.priorities),
        "measures": not any(doc.priority.measures for doc in bundle.priorities),
    }
    for name, where in placed.items():
        if empty.get(name):
            yield _at(
                bundle.plan_source,
                where,
                "empty-part",
                f"`{name}` is placed but the plan has nothing to put in it",
                warn=True,
            )


def _short(title: str, width: int = 60) -> str:
    return title if len(title) <= width else title[: title.rfind(" ", 0, width)] + " …"


TO_UPDATE = "cspgen: to update"  # the comment `cspgen rollover` puts beside figures carried forward
_TO_UPDATE_COMMENT = re.compile(r"(?:^|\s)#\s*" + re.escape(TO_UPDATE) + r"\b")


def check_unwritten(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """Nothing a yearly refresh left to write is published without a word: updates and marked figures."""
    for doc in bundle.priorities:
        for o, objective in enumerate(doc.priority.objectives):
            for a, action in enumerate(objective.actions):
                for u, update in enumerate(action.progress):
                    if update.status == "written" and update.text:
                        continue
                    todo = (
                        "the text is still to be written" if not update.text else "remove `status: to-write`"
                    )
                    yield _at(
                        doc.source,
                        ("objectives", o, "actions", a, "progress", u),
                        "unwritten-update",
                        f"the {update.period} progress update of “{_short(action.title)}” is not "
                        f"finished: {todo}",
                        warn=True,
                    )
    for source in _own_sources(bundle):
        for number, line in enumerate(source.text.splitlines(), start=1):
            found = _TO_UPDATE_COMMENT.search(line)
            if found:
                yield warning(
                    source.path,
                    number,
                    line.index("#", found.start()) + 1,
                    "figures-to-update",
                    "figures here were carried forward from an earlier year; update them, then delete "
                    f"the `# {TO_UPDATE} …` comment",
                )

"""The plan's own changes: settings, foreword, sections, appendices, partners, glossary, definitions."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from cspgen.plan import schema
from cspgen.plan.model import PlanBundle, expansion
from cspgen.revisions.change import Change
from cspgen.revisions.content import content_changes
from cspgen.revisions.fields import field_changes, model_changes
from cspgen.revisions.matching import Item, match

Part = schema.Section | schema.Generated


def plan_changes(old: schema.Plan, new: schema.Plan) -> Iterator[Change]:
    return model_changes(
        "plan",
        "",
        old,
        new,
        {
            "foreword": functools.partial(_foreword_changes, old.foreword, new.foreword),
            "sections": functools.partial(_part_changes, "section", old.sections, new.sections),
            "appendices": functools.partial(_part_changes, "appendix", old.appendices, new.appendices),
        },
    )


def _foreword_changes(old: schema.Foreword | None, new: schema.Foreword | None) -> Iterator[Change]:
    if old is None or new is None:
        if new is not None:
            yield Change("added", "foreword", new.title)
        if old is not None:
            yield Change("removed", "foreword", old.title)
        return
    content = functools.partial(content_changes, "foreword", new.title, old.content, new.content)
    yield from model_changes("foreword", new.title, old, new, {"content": content})


def _flat_parts(parts: list[Any], trail: str = "") -> Iterator[tuple[str, Part]]:
    for part in parts:
        if isinstance(part, schema.Section):
            title = f"{trail} › {part.title}" if trail else part.title
            yield title, part
            yield from _flat_parts(part.subsections, title)
        else:
            yield f"{trail} › {part.generated}" if trail else part.generated, part


def _part_items(parts: list[Any]) -> list[Item[Part]]:
    items: list[Item[Part]] = []
    for position, (title, part) in enumerate(_flat_parts(parts)):
        if isinstance(part, schema.Section):
            items.append(Item(part, title, "", position, hint=part.id or schema.slugify(part.title)))
        else:
            items.append(Item(part, title, "", position, id=f"generated-{part.generated}"))
    return items


def _part_changes(subject: str, old: list[Any], new: list[Any]) -> Iterator[Change]:
    found = match(_part_items(old), _part_items(new))
    for item in found.removed:
        yield Change("removed", _part_subject(item.value, subject), item.title)
    for item in found.added:
        yield Change("added", _part_subject(item.value, subject), item.title)
    for a, b in found.pairs:
        yield from _paired_part_changes(subject, b.title, a.value, b.value)


def _paired_part_changes(subject: str, trail: str, before: Part, after: Part) -> Iterator[Change]:
    if isinstance(before, schema.Section) and isinstance(after, schema.Section):

        def reworded() -> Iterator[Change]:
            if before.title != after.title:
                yield Change("reworded", subject, after.title, "", before.title, after.title)

        content = functools.partial(content_changes, subject, trail, before.content, after.content)
        yield from model_changes(subject, trail, before, after, {"title": reworded, "content": content})
    elif isinstance(before, schema.Generated) and isinstance(after, schema.Generated):
        yield from model_changes("generated part", after.generated, before, after)


def _part_subject(part: Part, subject: str) -> str:
    return "generated part" if isinstance(part, schema.Generated) else subject


def partner_changes(old: PlanBundle, new: PlanBundle) -> Iterator[Change]:
    before = {partner.id: partner for partner in old.partners}
    after = {partner.id: partner for partner in new.partners}
    for key, partner in after.items():
        if key not in before:
            yield Change("added", "partner", key, new=partner.name)
    for key, partner in before.items():
        if key not in after:
            yield Change("removed", "partner", key, old=partner.name)
    for key in (key for key in after if key in before):
        yield from model_changes("partner", key, before[key], after[key])


def glossary_changes(old: PlanBundle, new: PlanBundle) -> Iterator[Change]:
    before, after = old.glossary.terms, new.glossary.terms
    for term in (term for term in after if term not in before):
        yield Change("added", "term", term, new=expansion(after[term]))
    for term in (term for term in before if term not in after):
        yield Change("removed", "term", term, old=expansion(before[term]))
    for term in (term for term in after if term in before):
        yield from field_changes("term", term, "expansion", expansion(before[term]), expansion(after[term]))
        yield from field_changes(
            "term", term, "note", _note(before[term]), _note(after[term]), long_text=True
        )


def _note(value: schema.GlossaryValue) -> str | None:
    return None if isinstance(value, str) else value.note


def definition_changes(old: PlanBundle, new: PlanBundle) -> Iterator[Change]:
    before, after = old.definitions.terms, new.definitions.terms
    for term in (term for term in after if term not in before):
        yield Change("added", "definition", term)
    for term in (term for term in before if term not in after):
        yield Change("removed", "definition", term)
    for term in (term for term in after if term in before):
        yield from field_changes(
            "definition",
            term,
            "text",
            schema.definition_text(before[term]),
            schema.definition_text(after[term]),
            long_text=True,
        )

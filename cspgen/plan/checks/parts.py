"""Generated parts: each placed once, and only where the plan has something to put in it."""

from __future__ import annotations

from collections.abc import Iterator

from cspgen.diagnostics import Diagnostic
from cspgen.plan import schema
from cspgen.plan.checks.report import at
from cspgen.plan.model import PlanBundle
from cspgen.plan.source import FieldPath
from cspgen.plan.usage import printed_entries


def check_generated_parts(bundle: PlanBundle) -> Iterator[Diagnostic]:
    placed: dict[str, FieldPath] = {}
    for list_name in ("sections", "appendices"):
        parts: list[schema.Section | schema.Generated] = getattr(bundle.plan, list_name)
        for index, part in enumerate(parts):
            if not isinstance(part, schema.Generated):
                continue
            path: FieldPath = (list_name, index, "generated")
            if part.generated in placed:
                yield at(
                    bundle.plan_source,
                    path,
                    "duplicate-part",
                    f"`{part.generated}` is placed twice; keep one",
                )
            placed[part.generated] = path
    printed = printed_entries(bundle)
    partnership = bundle.plan.partnership
    empty = {
        "definitions": not printed.definitions,
        "glossary": not printed.glossary,
        "foreword": bundle.plan.foreword is None,
        "partners": not (
            partnership.partners
            or partnership.address
            or partnership.phone
            or partnership.email
            or partnership.website
        ),
        "assessment": not any(doc.priority.assessment for doc in bundle.priorities),
        "measures": not any(doc.priority.measures for doc in bundle.priorities),
    }
    for name, where in placed.items():
        if empty.get(name):
            yield at(
                bundle.plan_source,
                where,
                "empty-part",
                f"`{name}` is placed but the plan has nothing to put in it",
                warn=True,
            )

"""The priorities part: why each priority matters and who delivers it."""

from __future__ import annotations

from cspgen.document.content import Part, content_blocks
from cspgen.document.ids import Ids
from cspgen.document.nodes import Paragraph, Section, Text
from cspgen.plan.model import PlanBundle


def priorities_part(bundle: PlanBundle, ids: Ids) -> Part:
    if not bundle.priorities:
        return None
    children = []
    for doc in bundle.priorities:
        blocks = list(content_blocks(doc.priority.why, ids, bundle.images))
        if doc.priority.group:
            blocks.append(Paragraph((Text(f"Delivered by: {doc.priority.group}"),)))
        children.append(Section(ids.claim(f"priority-{doc.id}"), doc.heading, 3, tuple(blocks)))
    return (), children

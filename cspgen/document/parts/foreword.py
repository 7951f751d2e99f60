"""The foreword: first unless the plan places it with `- generated: foreword`, signed when it says who by."""

from __future__ import annotations

from cspgen.document.content import Part, content_blocks
from cspgen.document.ids import Ids
from cspgen.document.nodes import Block, Signature
from cspgen.plan.model import PlanBundle


def foreword_part(bundle: PlanBundle, ids: Ids) -> Part:
    foreword = bundle.plan.foreword
    if foreword is None:
        return None
    blocks: list[Block] = list(content_blocks(foreword.content, ids, bundle.images))
    if foreword.signatory:
        blocks.append(Signature(foreword.signatory.name, foreword.signatory.role))
    return tuple(blocks), []

"""The partnership shown: its address and how to reach it, then its members, responsible authorities first."""

from __future__ import annotations

from cspgen.document.content import Part
from cspgen.document.front import reach
from cspgen.document.ids import Ids
from cspgen.document.nodes import Block, Break, Inline, Link, ListBlock, Paragraph, Text
from cspgen.plan import schema
from cspgen.plan.model import PlanBundle

STATUTORY_LABEL = "Responsible authorities under the Crime and Disorder Act 1998:"
OTHERS_LABEL = "Other partners:"


def partners_part(bundle: PlanBundle, ids: Ids) -> Part:
    partnership = bundle.plan.partnership
    blocks = (*_address(partnership), *_members(partnership.partners))
    return (blocks, []) if blocks else None


def _address(partnership: schema.Partnership) -> tuple[Block, ...]:
    """The partnership's name and postal address as one paragraph, then its telephone, email and website."""
    ways = reach(partnership.phone, partnership.email, partnership.website)
    if not partnership.address and not ways:
        return ()
    lines: list[Inline] = [Text(partnership.name)]
    for line in partnership.address:
        lines += [Break(), Text(line)]
    return (Paragraph(tuple(lines)), *ways)


def _members(partners: list[schema.Partner]) -> tuple[Block, ...]:
    """Responsible authorities and the other partners as two lists, each said in words, not by a mark."""
    statutory = [partner for partner in partners if partner.statutory]
    others = [partner for partner in partners if not partner.statutory]
    blocks: list[Block] = []
    if statutory:
        blocks += [Paragraph((Text(STATUTORY_LABEL),)), _list(statutory)]
    if others:
        if statutory:
            blocks.append(Paragraph((Text(OTHERS_LABEL),)))
        blocks.append(_list(others))
    return tuple(blocks)


def _list(partners: list[schema.Partner]) -> ListBlock:
    return ListBlock(tuple((Paragraph((_name(partner),)),) for partner in partners))


def _name(partner: schema.Partner) -> Inline:
    text = Text(partner.name)
    return Link(partner.website, (text,)) if partner.website else text

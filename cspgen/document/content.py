"""A plan's own content (prose, tables, charts, contacts, pictures) as blocks; a generated part's shape."""

from __future__ import annotations

from collections.abc import Mapping

from cspgen.document import charts
from cspgen.document.ids import Ids
from cspgen.document.keyfigures import key_figures
from cspgen.document.nodes import Block, Contact, Contacts, Figure, Section
from cspgen.document.prose import parse
from cspgen.document.tables import chart_table, data_table
from cspgen.plan import schema
from cspgen.plan.picture import ImageFile

# A generated part's blocks under its own heading and its subsections; None when the plan has nothing for it.
Part = tuple[tuple[Block, ...], list[Section]] | None
Images = Mapping[str, ImageFile]  # the pictures plan/images.py read, by `file:` as written


def content_blocks(content: schema.Content | str, ids: Ids, images: Images) -> tuple[Block, ...]:
    """`images` are the pictures plan/images.py read; one it could not read is its error, not a block."""
    blocks: list[Block] = []
    for item in schema.blocks_of(content):
        if isinstance(item, str):
            blocks.extend(parse(item))
        elif isinstance(item, schema.TableBlock):
            blocks.append(data_table(item.table))
        elif isinstance(item, schema.ChartBlock):
            anchor = ids.claim(f"chart-{schema.slugify(item.chart.title)}")
            blocks.append(charts.chart(item.chart, anchor, chart_table(item.chart)))
        elif isinstance(item, schema.ContactsBlock):
            blocks.append(Contacts(tuple(_contact(contact) for contact in item.contacts)))
        elif isinstance(item, schema.KeyFiguresBlock):
            blocks.append(key_figures(item.key_figures))
        elif isinstance(item, schema.ImageBlock) and item.image.file in images:
            picture = item.image
            blocks.append(Figure(images[picture.file], picture.alt or "", picture.caption, picture.source))
    return tuple(blocks)


def _contact(contact: schema.Contact) -> Contact:
    return Contact(contact.name, contact.role, tuple(contact.address), contact.phone, contact.email)

"""The cover's alternative-formats notice and licence, and the lines that say how to reach someone."""

from __future__ import annotations

from cspgen.document.nodes import Block, Break, Inline, Link, Paragraph, Text
from cspgen.plan import schema


def notice_blocks(notice: schema.AlternativeFormats | None) -> tuple[Block, ...]:
    if notice is None:
        return ()
    return (Paragraph((Text(notice.text),)), *reach(notice.phone, notice.email, notice.website))


def licence_inlines(licence: schema.Licence | None) -> tuple[Inline, ...]:
    if licence is None:
        return ()
    name = Text(licence.name)
    return (Link(licence.url, (name,)),) if licence.url else (name,)


def reach(phone: str | None, email: str | None, website: str | None) -> tuple[Block, ...]:
    """One paragraph, a line for each way given, each a link a reader can follow or dial."""
    lines: list[tuple[Inline, ...]] = []
    if phone:
        lines.append((Text("Telephone: "), Link(schema.phone_link(phone), (Text(phone),))))
    if email:
        lines.append((Text("Email: "), Link(f"mailto:{email}", (Text(email),))))
    if website:
        lines.append((Text("Website: "), Link(website, (Text(shown_address(website)),))))
    if not lines:
        return ()
    inlines: list[Inline] = []
    for index, line in enumerate(lines):
        if index:
            inlines.append(Break())
        inlines.extend(line)
    return (Paragraph(tuple(inlines)),)


def shown_address(website: str) -> str:
    """An address as print shows it, `www.ashfield.gov.uk`: the link itself keeps `https://`."""
    return website.removeprefix("https://").rstrip("/")

"""Bookmarks on headings and glossary entries, named as Word accepts, and the links that point at them."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

BOOKMARK_NAME_LIMIT = 40  # Word's own limit; a longer name is cut and the bookmark lost
BOOKMARK_HASH_LENGTH = 6
NOT_IN_BOOKMARK_NAME = re.compile(r"[^A-Za-z0-9_]")


def add_bookmark(paragraph: Any, anchor: str) -> None:
    """Marks the whole paragraph, written last so it holds all of it, as Word marks a heading.

    The HTML id stands in for the name, on both ends, until `_name_bookmarks` gives the
    bookmark a name Word accepts and a number that pairs its ends.
    """

    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:name"), anchor)
    end.set(qn("w:name"), anchor)
    element = paragraph._p
    if element.pPr is not None:
        element.pPr.addnext(start)
    else:
        element.insert(0, start)
    element.append(end)


def name_bookmarks(body: Any) -> None:
    """Every bookmark and every in-document link gets its Word name, from one mapping.

    Naming after the whole document is written lets a link come before its target;
    naming in document order keeps two builds identical.
    """

    names = BookmarkNames()
    numbers: dict[str, str] = {}
    for number, start in enumerate(body.iter(qn("w:bookmarkStart"))):
        anchor = start.get(qn("w:name"))
        numbers[anchor] = str(number)
        start.set(qn("w:id"), numbers[anchor])
        start.set(qn("w:name"), names.of(anchor))
    for end in body.iter(qn("w:bookmarkEnd")):
        end.set(qn("w:id"), numbers[end.attrib.pop(qn("w:name"))])
    for link in body.iter(qn("w:hyperlink")):
        anchor = link.get(qn("w:anchor"))
        if anchor is not None:
            link.set(qn("w:anchor"), names.of(anchor))


class BookmarkNames:
    """HTML ids made into Word bookmark names, one name per id, never one name for two ids.

    Word wants a letter first, then letters, digits and underscores, at most 40 of them,
    and sees no difference of case. A name cut short or already taken ends in a hash of the id.
    """

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.taken: set[str] = set()

    def of(self, anchor: str) -> str:
        if anchor not in self.names:
            self.names[anchor] = self._claim(anchor)
        return self.names[anchor]

    def _claim(self, anchor: str) -> str:
        readable = NOT_IN_BOOKMARK_NAME.sub("_", anchor)
        if not readable[:1].isalpha():
            readable = f"id_{readable}"
        name, tries = readable, 0
        while len(name) > BOOKMARK_NAME_LIMIT or name.casefold() in self.taken:
            digest = hashlib.sha256(f"{anchor}#{tries}".encode()).hexdigest()[:BOOKMARK_HASH_LENGTH]
            name = f"{readable[: BOOKMARK_NAME_LIMIT - BOOKMARK_HASH_LENGTH - 1].rstrip('_')}_{digest}"
            tries += 1
        self.taken.add(name.casefold())
        return name

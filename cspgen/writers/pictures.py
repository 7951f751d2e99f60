"""The pictures a document shows, by the name each copy takes in the output folder.

HTML and Markdown link to these copies; the PDF is laid out from them and nothing else; Word
embeds the bytes each figure carries.
"""

from __future__ import annotations

from collections.abc import Iterator

from cspgen.document.nodes import Document, Figure, Section


def picture_files(document: Document) -> dict[str, bytes]:
    return {figure.image.output_name: figure.image.data for figure in figures(document.sections)}


def figures(sections: tuple[Section, ...]) -> Iterator[Figure]:
    for section in sections:
        yield from (block for block in section.blocks if isinstance(block, Figure))
        yield from figures(section.children)

"""The plan's Markdown, as the check stage reads it: which links a plan may carry.

Prose fields are CommonMark with raw HTML, images and code blocks off. Only http, https,
mailto and in-page (#) links are allowed; the writers drop any other, so the check stage
reports each one first, at its place in the YAML.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

ALLOWED_LINK = re.compile(r"^(https?://|mailto:|#)", re.IGNORECASE)


def allowed_link(url: str) -> bool:
    return bool(ALLOWED_LINK.match(url.strip()))


@functools.cache
def _any_link_parser() -> MarkdownIt:
    """The prose parser, but keeping every link, so the check stage sees what a writer would refuse."""
    from markdown_it import MarkdownIt  # here: a plan without links never loads the parser

    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.disable(["image", "code", "fence", "html_block", "html_inline", "reference", "hr"])
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def link_targets(markdown: str) -> list[str]:
    """Every link target written in the text; a link shown inside a code span is text, not a link."""
    if "](" not in markdown and "<" not in markdown:
        return []
    targets = []
    for token in _any_link_parser().parse(markdown):
        for child in token.children or ():
            if child.type == "link_open":
                targets.append(str(child.attrs.get("href", "")))
    return targets

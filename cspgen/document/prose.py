"""Markdown prose from YAML, parsed into document nodes.

Raw HTML is off (it stays visible text), images, code blocks and fences are off
(an indented line must never turn into a code block in a council plan), and
only http, https and mailto links survive.
"""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from cspgen.document.nodes import Block, Break, Code, Inline, Link, ListBlock, Paragraph, Quote, Styled, Text
from cspgen.plan.markdown import allowed_link


@functools.cache
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.disable(["image", "code", "fence", "html_block", "html_inline", "reference", "hr"])
    parser.enable(["strikethrough"])
    parser.validateLink = allowed_link  # type: ignore[method-assign]
    return parser


@functools.lru_cache(maxsize=4096)
def parse(markdown: str) -> tuple[Block, ...]:
    tree = SyntaxTreeNode(_parser().parse(markdown))
    return tuple(block for node in tree.children for block in _blocks(node))


def _blocks(node: SyntaxTreeNode) -> list[Block]:
    kind = node.type
    if kind == "paragraph":
        return [Paragraph(_inlines(node.children[0]))]
    if kind == "heading":
        return [Paragraph((Styled("strong", _inlines(node.children[0])),))]
    if kind in ("bullet_list", "ordered_list"):
        items = tuple(
            tuple(block for child in item.children for block in _blocks(child)) for item in node.children
        )
        start = int(str(node.attrs.get("start", 1))) if kind == "ordered_list" else 1
        return [ListBlock(items, ordered=kind == "ordered_list", start=start)]
    if kind == "blockquote":
        return [Quote(tuple(block for child in node.children for block in _blocks(child)))]
    raise _unknown(kind)


def _inlines(node: SyntaxTreeNode) -> tuple[Inline, ...]:
    result: list[Inline] = []
    for child in node.children:
        kind = child.type
        if kind == "text":
            _append_text(result, child.content)
        elif kind == "softbreak":
            _append_text(result, " ")
        elif kind == "hardbreak":
            result.append(Break())
        elif kind == "code_inline":
            result.append(Code(child.content))
        elif kind in ("em", "strong", "s"):
            style = {"em": "em", "strong": "strong", "s": "del"}[kind]
            result.append(Styled(style, _inlines(child)))  # type: ignore[arg-type]
        elif kind == "link":
            result.append(Link(str(child.attrs["href"]), _inlines(child)))
        else:
            raise _unknown(kind)
    return tuple(result)


def _unknown(kind: str) -> TypeError:
    """The parser is set to make only the kinds above; another would be lost from every format."""
    return TypeError(f"the prose parser made a `{kind}` node, which cspgen has no document node for")


def _append_text(result: list[Inline], text: str) -> None:
    if result and isinstance(result[-1], Text):
        result[-1] = Text(result[-1].text + text)
    else:
        result.append(Text(text))


def plain_text(inlines: tuple[Inline, ...]) -> str:
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, Styled | Link):
            parts.append(plain_text(node.children))
        elif isinstance(node, Break):
            parts.append(" ")
    return "".join(parts)

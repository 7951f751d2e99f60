"""Links in the plan's Markdown: only web, mail and in-page links are allowed."""

from __future__ import annotations

from collections.abc import Iterator

from cspgen.diagnostics import Diagnostic
from cspgen.plan.checks.report import at_text
from cspgen.plan.markdown import allowed_link, link_targets
from cspgen.plan.model import PlanBundle
from cspgen.plan.source import FieldPath, SourceFile
from cspgen.plan.walk import markdown_texts


def link_uses(bundle: PlanBundle) -> Iterator[tuple[SourceFile, FieldPath, str]]:
    """Every link target written in the plan's Markdown, with the file and field it was written in."""
    for source, model in bundle.files():
        for found in markdown_texts(source.data, model):
            for target in link_targets(found.text):
                yield source, found.path, target


def check_links(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """Links other than http, https, mailto and in-page anchors are refused, never rendered.

    Whether an in-page anchor names a place is known once the document is composed:
    see cspgen/document/anchors.py.
    """
    for source, path, target in link_uses(bundle):
        if not allowed_link(target):
            yield at_text(
                source,
                path,
                target,
                "unsafe-link",
                f"link to `{target[:60]}` is not allowed; links must start with "
                "https://, http://, mailto: or #",
            )

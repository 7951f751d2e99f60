"""What a yearly refresh left to write: unwritten progress updates and figures marked to update."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cspgen.diagnostics import Diagnostic, warning
from cspgen.plan.checks.report import at
from cspgen.plan.model import PlanBundle


def _short(title: str, width: int = 60) -> str:
    return title if len(title) <= width else title[: title.rfind(" ", 0, width)] + " …"


TO_UPDATE = "cspgen: to update"  # the comment `cspgen rollover` puts beside figures carried forward
_TO_UPDATE_COMMENT = re.compile(r"(?:^|\s)#\s*" + re.escape(TO_UPDATE) + r"\b")


def check_unwritten(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """Nothing a yearly refresh left to write is published without a word: updates and marked figures."""
    for doc in bundle.priorities:
        for o, objective in enumerate(doc.priority.objectives):
            for a, action in enumerate(objective.actions):
                for u, update in enumerate(action.progress):
                    if update.status == "written" and update.text:
                        continue
                    todo = (
                        "the text is still to be written" if not update.text else "remove `status: to-write`"
                    )
                    yield at(
                        doc.source,
                        ("objectives", o, "actions", a, "progress", u),
                        "unwritten-update",
                        f"the {update.period} progress update of “{_short(action.title)}” is not "
                        f"finished: {todo}",
                        warn=True,
                    )
    for source, _ in bundle.own_files():
        for number, line in enumerate(source.text.splitlines(), start=1):
            found = _TO_UPDATE_COMMENT.search(line)
            if found:
                yield warning(
                    source.path,
                    number,
                    line.index("#", found.start()) + 1,
                    "figures-to-update",
                    "figures here were carried forward from an earlier year; update them, then delete "
                    f"the `# {TO_UPDATE} …` comment",
                )

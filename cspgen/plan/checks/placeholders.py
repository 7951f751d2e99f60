"""Example text left in a plan: `cspgen new` marks every text an officer must write as `[[…]]`.

The marker is in double square brackets because no published prose reads like that, an officer can
search for `[[`, and it stays visible in every output if it is missed. Any plan is checked, not
only a new one, and its shared folders too, since their text is printed in the plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cspgen.diagnostics import Diagnostic
from cspgen.plan.checks.report import at_text
from cspgen.plan.model import PlanBundle
from cspgen.plan.walk import visible_texts

PLACEHOLDER = re.compile(r"\[\[.*?\]\]", re.DOTALL)
_SHOWN = 60


def check_placeholders(bundle: PlanBundle) -> Iterator[Diagnostic]:
    """One warning at each `[[…]]` still in a text a reader would see."""
    for source, model in bundle.files():
        for found in visible_texts(source.data, model):
            for marker in PLACEHOLDER.findall(found.text):
                yield at_text(
                    source,
                    found.path,
                    marker.splitlines()[0],
                    "placeholder",
                    f"`{_short(marker)}` is example text to replace: write the plan's own words here, "
                    "or remove the field if it is optional",
                    warn=True,
                )


def _short(marker: str) -> str:
    flat = " ".join(marker.split())
    return flat if len(flat) <= _SHOWN else flat[: flat.rfind(" ", 0, _SHOWN)] + " …]]"

"""The site written at once: every plan's files in a folder named as its plan folder is, and the
index beside them, through cspgen.write, so a reader never sees half a site and a failed plan
changes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cspgen.site.index import index_view
from cspgen.site.prepare import Prepared
from cspgen.site.summary import PlanSummary
from cspgen.write import write_output
from cspgen.writers.files import OUTPUT_NAMES
from cspgen.writers.templates import environment

INDEX = OUTPUT_NAMES["html"]
DEFAULT_TITLE = "Community safety plans"


def site_files(title: str, prepared: Sequence[Prepared]) -> dict[str, str | bytes]:
    """Every plan built: their files under their folders' names, and the index page."""
    files: dict[str, str | bytes] = {}
    summaries: list[PlanSummary] = []
    for plan in prepared:
        if plan.files is None or plan.summary is None:
            raise ValueError(f"{plan.folder} was not built, so there is no site to write")
        files.update((f"{plan.summary.folder}/{name}", content) for name, content in plan.files.items())
        summaries.append(plan.summary)
    files[INDEX] = index_page(title, summaries)
    return files


def index_page(title: str, summaries: Sequence[PlanSummary]) -> str:
    template = environment(autoescape=True).get_template("html/site.html.j2")
    return template.render(site=index_view(title, summaries))


def publish(out: Path, title: str, prepared: Sequence[Prepared], clean: bool = False) -> str | None:
    """Why the site could not be written, or None; the previous site stays as it was if not."""
    return write_output(out, site_files(title, prepared), clean)

"""Where the printed plan starts a new page, and how long it runs next to the document it transcribes."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from .builds import Builds
from .dumps import WordParagraph, read_docx
from .running import Cli

ROOT = Path(__file__).resolve().parent.parent
# The source PDF's length where its contents page gives one: the page of its last entry
# (/work/shared/seeds: Bolsover's "Equality and Diversity 24", North East Derbyshire's
# "Appendix 1 ... 40-48"), so a lower bound. The other two seeds print no page numbers.
SOURCE_PAGES = {"bolsover-2020": 24, "north-east-derbyshire-2008": 48}
MAX_RATIO = 1.3


@pytest.mark.pdf
@pytest.mark.parametrize("plan", sorted(SOURCE_PAGES))
def test_printed_length_is_near_the_source(plan: str, builds: Builds) -> None:
    built = builds.of(ROOT / "plans" / plan)
    with pikepdf.open(built.path("plan.pdf")) as pdf:
        pages = len(pdf.pages)
    assert pages <= MAX_RATIO * SOURCE_PAGES[plan], f"{pages} pages, the source has {SOURCE_PAGES[plan]}"


def test_only_major_parts_and_what_the_plan_asks_start_a_new_page(minimal_plan: Path, cli: Cli) -> None:
    plan = minimal_plan / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace(
        "  - generated: glossary\n",
        "  - title: Our towns\n    new_page: true\n    content: Three towns.\n"
        "  - title: Our villages\n    content: Ten villages.\n"
        "  - generated: glossary\nappendices:\n  - title: Consultation\n    content: Who we asked.\n",
    )
    plan.write_text(text, encoding="utf-8")
    out = minimal_plan.parent / "out"
    result = cli("build", minimal_plan, "--out", out, "--format", "docx")
    assert result.exit_code == 0, result.stdout
    _, blocks = read_docx(out / "plan.docx")
    breaks = [
        "".join(getattr(run, "text", "") for run in block.inlines)
        for block in blocks
        if isinstance(block, WordParagraph) and block.new_page
    ]
    assert breaks == ["Contents", "About the district", "Action plan", "Our towns", "Consultation"]


def test_a_first_part_told_to_follow_on_is_a_located_warning(minimal_plan: Path, cli: Cli) -> None:
    plan = minimal_plan / "plan.yaml"
    first = "  - title: About the district\n"
    plan.write_text(plan.read_text(encoding="utf-8").replace(first, first + "    new_page: false\n"))
    result = cli("validate", minimal_plan)
    assert result.exit_code == 0, result.stdout
    assert (
        "plan.yaml:32:15: sections[0].new_page: the first part after the contents always starts a new "
        "page; remove `new_page: false` [warning: ignored-new-page]"
    ) in result.stderr

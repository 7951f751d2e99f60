"""The cover's alternative-formats notice, the foreword where the plan puts it, the partners part,
and a shared folder's entries printed only where the plan uses them."""

from __future__ import annotations

from pathlib import Path

from cspgen.build import validate
from tests.running import Cli
from tests.test_shared import share

NOTICE = """alternative_formats:
  text: This plan is available in large print on request.
  phone: 01623 450000
  email: csp@example.gov.uk
"""


def edit_plan(plan: Path, before: str, after: str) -> None:
    path = plan / "plan.yaml"
    text = path.read_text()
    assert before in text
    path.write_text(text.replace(before, after, 1))


def built_markdown(cli: Cli, plan: Path, tmp_path: Path) -> str:
    out = tmp_path / "out"
    result = cli("build", plan, "--out", out, "--format", "md,html")
    assert result.exit_code == 0, result.stdout + result.stderr
    return (out / "plan.md").read_text()


def built_html(tmp_path: Path) -> str:
    return (tmp_path / "out" / "index.html").read_text()


def test_notice_stands_on_the_cover_before_the_contents_with_links_to_dial_and_mail(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    edit_plan(minimal_plan, "partnership:\n", NOTICE + "partnership:\n")
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    assert markdown.index("- **Status:** Published") < markdown.index("This plan is available in large print")
    assert markdown.index("large print") < markdown.index("## Contents")
    html = built_html(tmp_path)
    header = html[html.index("<header") : html.index("</header>")]
    assert '<a href="tel:01623450000">01623 450000</a>' in header
    assert '<a href="mailto:csp@example.gov.uk">csp@example.gov.uk</a>' in header


def test_contact_shapes_are_checked_where_they_are_written(minimal_plan: Path) -> None:
    edit_plan(
        minimal_plan,
        "partnership:\n",
        "alternative_formats:\n  text: Large print on request.\n  phone: ring the office\n"
        "  email: csp at example.gov.uk\npartnership:\n  website: http://example.gov.uk\n",
    )
    _, found = validate(minimal_plan)
    assert [(d.line, d.column, d.path, d.code, d.message) for d in found] == [
        (
            4,
            10,
            "alternative_formats.phone",
            "bad-value",
            "expected a telephone number in digits, e.g. `01623 450000` or `+44 1623 450000`; "
            "got `ring the office`",
        ),
        (
            5,
            10,
            "alternative_formats.email",
            "bad-value",
            "expected an email address, e.g. `community.safety@ashfield.gov.uk`; got `csp at example.gov.uk`",
        ),
        (
            7,
            12,
            "partnership.website",
            "bad-value",
            "expected a web address starting `https://`, e.g. `https://www.ashfield.gov.uk`; "
            "got `http://example.gov.uk`",
        ),
    ]


def test_notice_without_a_way_to_ask_is_an_error(minimal_plan: Path) -> None:
    edit_plan(
        minimal_plan,
        "partnership:\n",
        "alternative_formats:\n  text: Large print on request.\npartnership:\n",
    )
    _, found = validate(minimal_plan)
    assert [(d.line, d.path, d.code, d.message) for d in found] == [
        (
            3,
            "alternative_formats",
            "invalid",
            "say how to ask for another format: give `phone`, `email` or `website`",
        )
    ]


def test_foreword_goes_where_the_plan_places_it(cli: Cli, minimal_plan: Path, tmp_path: Path) -> None:
    edit_plan(
        minimal_plan,
        "sections:\n  - title: About the district\n",
        "foreword:\n  title: A word from the chair\n  content: We keep the district safe.\n"
        "sections:\n  - title: About the district\n",
    )
    edit_plan(
        minimal_plan, "  - generated: priorities\n", "  - generated: foreword\n  - generated: priorities\n"
    )
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings[:3] == ["## Contents", "## About the district", "## A word from the chair"]


def test_partners_part_lists_the_members_by_whether_they_are_responsible_authorities(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    edit_plan(
        minimal_plan,
        "      statutory: true\n    - id: Police",
        "      statutory: true\n      website: https://example.gov.uk\n"
        "    - id: Charity\n      name: Example Victim Support\n    - id: Police",
    )
    edit_plan(minimal_plan, "  - generated: glossary\n", "  - generated: partners\n  - generated: glossary\n")
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    part = markdown[markdown.index("## The partnership") : markdown.index("## Glossary")]
    assert part.split("\n\n")[1:] == [
        "Responsible authorities under the Crime and Disorder Act 1998:",
        "- [Example District Council](<https://example.gov.uk>)\n- Example Police\n- Example Integrated Care Board",
        "Other partners:",
        "- Example Victim Support",
        "",
    ]


def test_partners_part_is_not_added_unless_placed(cli: Cli, minimal_plan: Path, tmp_path: Path) -> None:
    assert "## The partnership" not in built_markdown(cli, minimal_plan, tmp_path)


def test_placed_foreword_or_partners_with_nothing_to_show_warn(minimal_plan: Path) -> None:
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(priority.read_text().replace("        lead: [Council, Police]\n", ""))
    plan = minimal_plan / "plan.yaml"
    lines = plan.read_text().splitlines(keepends=True)
    plan.write_text("".join([*lines[:3], "  partners: []\n", *lines[13:]]))
    edit_plan(minimal_plan, "  - generated: glossary\n", "  - generated: foreword\n  - generated: partners\n")
    _, found = validate(minimal_plan)
    assert [(d.line, d.path, d.code, d.message) for d in found if d.code == "empty-part"] == [
        (
            27,
            "sections[3].generated",
            "empty-part",
            "`foreword` is placed but the plan has nothing to put in it",
        ),
        (
            28,
            "sections[4].generated",
            "empty-part",
            "`partners` is placed but the plan has nothing to put in it",
        ),
    ]


def test_only_the_shared_entries_the_plan_uses_are_printed(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    share(
        minimal_plan,
        glossary="terms:\n  CCTV: Closed Circuit Television\n  DFRS: Fire and Rescue Service\n"
        "  MARAC: Multi Agency Risk Assessment Conference\n"
        "  PCC: {expansion: Police and Crime Commissioner, reference: true}\n",
    )
    (minimal_plan.parent / "_shared" / "county" / "definitions.yaml").write_text(
        "terms:\n  Hotspot: A street with a MARAC case.\n  Acquisitive crime: Theft and burglary.\n"
    )
    edit_plan(minimal_plan, "has **three** towns.", "has **three** towns, each with CCTV and a hotspot.")
    edit_plan(
        minimal_plan, "  - generated: glossary\n", "  - generated: definitions\n  - generated: glossary\n"
    )
    markdown = built_markdown(cli, minimal_plan, tmp_path)
    back = markdown[markdown.index("## Definitions") :].splitlines()
    assert [line for line in back if line.startswith(("- **", "### "))] == [
        "### Hotspot",
        "- **ASB**: Anti-Social Behaviour",
        "- **CCTV**: Closed Circuit Television",
        "- **MARAC**: Multi Agency Risk Assessment Conference",
        "- **PCC**: Police and Crime Commissioner",
    ]


def test_definitions_placed_with_only_unused_shared_entries_warn(minimal_plan: Path) -> None:
    share(minimal_plan, partners="partners: []\n")
    (minimal_plan.parent / "_shared" / "county" / "definitions.yaml").write_text(
        "terms:\n  Acquisitive crime: Theft and burglary.\n"
    )
    edit_plan(
        minimal_plan, "  - generated: glossary\n", "  - generated: definitions\n  - generated: glossary\n"
    )
    _, found = validate(minimal_plan)
    assert [(d.path, d.code, d.message) for d in found] == [
        (
            "sections[3].generated",
            "empty-part",
            "`definitions` is placed but the plan has nothing to put in it",
        )
    ]

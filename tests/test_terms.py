"""Acronyms, glossary and definitions checked against the prose, and the statutory strands."""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from pathlib import Path

import pytest

from cspgen.build import validate
from cspgen.document.parts.glossary import sort_key
from cspgen.plan import schema
from cspgen.plan.law.rules import strands
from cspgen.plan.law.verdicts import assess
from cspgen.plan.load import load_plan
from cspgen.plan.model import model_plan
from cspgen.plan.terms import acronym_uses

from .builds import rendered_text
from .running import Run

Cli = Callable[..., Run]
ROOT = Path(__file__).resolve().parent.parent
PRIORITY = "priorities/01-anti-social-behaviour.yaml"


def written(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(use.written, use.forms) for use in acronym_uses(text)]


def test_plurals_possessives_and_slashes() -> None:
    assert written("PCSOs and the CSP's plan, with DV/SV and NI 16") == [
        ("PCSOs", ("PCSOs", "PCSO")),
        ("CSP", ("CSP",)),
        ("DV/SV", ("DV/SV", "DV", "SV")),
        ("NI", ("NI",)),
    ]


def test_shouting_and_postcodes_are_not_acronyms() -> None:
    assert written("NORTH EAST DISTRICT and AMBER VALLEY, Doe Lea S44 5NY, ASB") == [("ASB", ("ASB",))]


def test_undefined_acronym_is_located_and_fails_strict(cli: Cli, minimal_plan: Path) -> None:
    priority = minimal_plan / PRIORITY
    priority.write_text(priority.read_text().replace("last year.", "last year, said the PCSOs."))
    result = cli("validate", minimal_plan)
    assert result.exit_code == 0
    line = next(row for row in result.stderr.splitlines() if "acronym-undefined" in row)
    row = next(i for i, text in enumerate(priority.read_text().splitlines()) if "PCSOs" in text)
    column = priority.read_text().splitlines()[row].index("PCSOs") + 1
    assert line.startswith(
        f"{minimal_plan / PRIORITY}:{row + 1}:{column}: why: `PCSOs` is used here but is not in the glossary"
    )
    assert cli("validate", "--strict", minimal_plan).exit_code == 1
    assert cli("build", "--strict", minimal_plan, "--out", minimal_plan.parent / "out").exit_code == 1


def test_allow_list_covers_capitalised_words(minimal_plan: Path) -> None:
    priority = minimal_plan / PRIORITY
    priority.write_text(priority.read_text().replace("last year.", "last year in EREWASH."))
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text() + "allow_acronyms: [EREWASH]\n")
    assert validate(minimal_plan)[1] == []


def test_unused_glossary_entry_is_reported(minimal_plan: Path) -> None:
    (minimal_plan / "glossary.yaml").write_text(
        "terms:\n  ASB: Anti-Social Behaviour\n  IDVA: Independent Domestic Violence Advocate\n"
    )
    [problem] = validate(minimal_plan)[1]
    assert (Path(problem.file).name, problem.line, problem.column, problem.code) == (
        "glossary.yaml",
        3,
        3,
        "glossary-unused",
    )


def test_unused_definition_is_reported(minimal_plan: Path) -> None:
    (minimal_plan / "definitions.yaml").write_text(
        "terms:\n  Anti-social behaviour: Conduct causing alarm.\n  Arson: Setting fire on purpose.\n"
    )
    [problem] = validate(minimal_plan)[1]
    assert (Path(problem.file).name, problem.line, problem.code) == (
        "definitions.yaml",
        3,
        "definition-unused",
    )


def test_defined_term_links_to_its_definition_once_per_section(minimal_plan: Path) -> None:
    (minimal_plan / "definitions.yaml").write_text("terms:\n  Town: A settlement.\n")
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text().replace("has **three** towns.", "has three towns. Each town is busy."))
    bundle, found = validate(minimal_plan)
    assert bundle is not None and found == []
    files = rendered_text(bundle, ("html", "md"))
    assert 'has three <a class="term" href="#def-town">towns</a>. Each town is busy.' in files["index.html"]
    assert "has three [towns][]. Each town is busy." in files["plan.md"]
    assert "[towns]: #town" in files["plan.md"]


def test_first_use_expands_and_later_uses_are_abbreviations(minimal_plan: Path) -> None:
    bundle, _ = validate(minimal_plan)
    assert bundle is not None
    files = rendered_text(bundle, ("html", "md"))
    html = files["index.html"]
    assert 'Anti-Social Behaviour (<abbr title="Anti-Social Behaviour">ASB</abbr>) incidents rose' in html
    assert (
        '<a class="term abbr-link" href="#glossary-asb"><abbr title="Anti-Social Behaviour">ASB</abbr></a></th>'
        in html
    )
    assert "Anti-Social Behaviour (ASB) incidents rose by 10% last year." in files["plan.md"]


def test_bolsover_asb_is_expanded_once_then_abbreviated() -> None:
    loaded, _ = load_plan(ROOT / "plans" / "bolsover-2020")
    assert loaded is not None
    bundle, _ = model_plan(loaded)
    assert bundle is not None
    html = rendered_text(bundle, ("html",))["index.html"]
    main = html[html.index("<main") :]
    abbr = '<abbr title="Anti-Social Behaviour">ASB</abbr>'
    first = main.index(abbr)
    assert re.search(r"[Aa]nti-[Ss]ocial [Bb]ehaviour(</a>)? \($", main[:first])
    linked = main.count(f'<a class="term abbr-link" href="#glossary-asb">{abbr}</a>')
    assert linked > 5
    assert first < main.index(f'href="#glossary-asb">{abbr}')


def test_glossary_sorted_ignoring_case_and_punctuation() -> None:
    assert sorted(["NW", "DV/SV", "asb-team", "ASB", "CCTV"], key=sort_key) == [
        "ASB",
        "asb-team",
        "CCTV",
        "DV/SV",
        "NW",
    ]


@pytest.mark.parametrize(
    ("start", "end", "required"),
    [
        (2008, 2011, {"crime-and-disorder", "substance-misuse", "community-engagement", "reoffending"}),
        (2020, 2022, {"crime-and-disorder", "substance-misuse", "community-engagement", "reoffending"}),
        (
            2020,
            2023,
            {
                "crime-and-disorder",
                "substance-misuse",
                "community-engagement",
                "reoffending",
                "serious-violence",
            },
        ),
        (
            2024,
            2027,
            {
                "crime-and-disorder",
                "substance-misuse",
                "community-engagement",
                "reoffending",
                "serious-violence",
            },
        ),
        (2004, 2007, {"crime-and-disorder", "substance-misuse", "community-engagement"}),
    ],
)
def test_statutory_strands_follow_the_law_in_force(
    minimal_plan: Path, start: int, end: int, required: set[str]
) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text().replace("{start: 2024, end: 2027}", f"{{start: {start}, end: {end}}}"))
    priority = minimal_plan / PRIORITY
    priority.write_text(re.sub(r"strands: \[.*\]", "strands: [crime-and-disorder]", priority.read_text()))
    bundle, found = validate(minimal_plan)
    assert bundle is not None
    assert {f.rule.id for f in assess(bundle) if f.required and f.rule.strand} == required
    missing = {d.message.split("`")[1] for d in found if d.code == "statutory-strand"}
    assert missing == required - {"crime-and-disorder"}
    assert all(
        "Act" in d.message or "Regulations" in d.message for d in found if d.code == "statutory-strand"
    )


def test_the_strands_a_priority_may_name_are_the_statutory_rules() -> None:
    assert sorted(typing.get_args(schema.Strand)) == sorted(rule.id for rule in strands())


@pytest.mark.parametrize("lead", ["YOT", "[YOT]"])
def test_a_lead_is_a_partner_id_not_an_acronym_use(minimal_plan: Path, lead: str) -> None:
    """An unknown lead is said once, as a partner: it was also an undefined acronym, in brackets or not."""
    priority = minimal_plan / PRIORITY
    priority.write_text(priority.read_text().replace("lead: [Council, Police]", f"lead: {lead}"))
    _, found = validate(minimal_plan)
    assert [(d.line, d.code) for d in found] == [(7, "unknown-partner")]


def test_prioritisation_documents_are_exempt(minimal_plan: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text().replace("status: published", "status: published\nkind: prioritisation"))
    priority = minimal_plan / PRIORITY
    priority.write_text(re.sub(r"strands: \[.*\]", "strands: []", priority.read_text()))
    assert [d.code for d in validate(minimal_plan)[1]] == []


def test_check_command_reports_strands(cli: Cli, minimal_plan: Path) -> None:
    result = cli("check", minimal_plan)
    assert result.exit_code == 0
    assert "  met: reoffending (required): a strategy for the reduction of re-offending\n" in result.stdout


def test_many_undefined_acronyms_are_each_located_at_their_first_whole_word(
    cli: Cli, minimal_plan: Path
) -> None:
    """A comment above names PCSO and a longer word holds it first: each warning points at the word itself."""
    priority = minimal_plan / PRIORITY
    why = "# PCSO and SCB\nwhy: |\n  PCSOX work with the SCB, DV/SVX.\n  PCSO patrols, PCSO visits\n  and DV/SV support. SCB again.\n"
    priority.write_text(priority.read_text().replace("why: ASB incidents rose by 10% last year.\n", why))
    result = cli("validate", minimal_plan)
    assert result.exit_code == 0, result.stderr
    found = {
        row.split("`")[1]: row.split(": ", 1)[0].split(":")[-2:]
        for row in result.stderr.splitlines()
        if "acronym-undefined" in row
    }
    assert found == {
        "PCSOX": ["4", "3"],
        "SCB": ["4", "23"],
        "PCSO": ["5", "3"],
        "DV/SV": ["6", "7"],
        "DV/SVX": ["4", "28"],
    }


@pytest.mark.parametrize(
    ("why", "shown"),
    [
        ("Anti-social behaviour (ASB, noise included) rose.", None),
        (
            "Reports made to the council, the police and the housing associations of anti-social behaviour "
            "(ASB, noise included) rose.",
            None,
        ),
        (
            "Behaviour (ASB, noise included) rose.",
            "Behaviour (Anti-Social Behaviour (ASB), noise included) rose.",
        ),
    ],
    ids=["short", "far-into-the-text", "fewer-words-than-the-expansion"],
)
def test_text_that_already_expands_an_acronym_is_not_expanded_again(
    minimal_plan: Path, why: str, shown: str | None
) -> None:
    """The author's own `expansion (ACRONYM, …)` counts as the first use, however long the text before it."""
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(priority.read_text().replace("ASB incidents rose by 10% last year.", why))
    bundle, _ = validate(minimal_plan)
    assert bundle is not None
    assert f"\n{shown or why}\n" in rendered_text(bundle, ("md",))["plan.md"]


@pytest.mark.parametrize("added", [58, 59])
def test_a_long_glossary_gets_a_letter_index_to_the_first_entry_of_each_letter(
    minimal_plan: Path, added: int
) -> None:
    """From 60 entries (the fixture's ASB and those added) a glossary no longer fits a couple of screens."""
    names = [f"{word} {number}" for word in ("Apple", "banana", "Cherry") for number in range(1, 21)]
    lines = [f"  {name}: A thing called {name}.\n" for name in names[:added]]
    glossary = minimal_plan / "glossary.yaml"
    glossary.write_text(glossary.read_text() + "".join(lines), encoding="utf-8")
    bundle, _ = validate(minimal_plan)
    assert bundle is not None
    html = rendered_text(bundle, ("html",))["index.html"]
    index = (
        '<nav aria-label="Glossary letters" class="letters"><ul><li><a href="#glossary-apple-1">A</a></li>'
        '<li><a href="#glossary-banana-1">B</a></li><li><a href="#glossary-cherry-1">C</a></li></ul></nav>'
    )
    assert (index in html) is (added + 1 >= 60)
    assert ("Glossary letters" in html) is (added + 1 >= 60)

"""plan.json, the plan as open data: valid against its published schema, loaded back into the
models with the same figures, linked from the web page only when it is built, and the same
bytes every build; and the plan's licence, shown in every format."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cspgen.build import build, check, validate
from cspgen.plan import schema
from cspgen.plan.opendata import computed

from .dumps import docx_text, pdf_plain_pages
from .running import Cli
from .test_front_matter import edit_plan
from .test_shared import share

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "plan-data.schema.json"
GOLDEN_CASES = ROOT / "tests" / "golden" / "cases"
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
LICENCE = f"licence:\n  name: Open Government Licence v3.0\n  url: {OGL}\n"


def plans_that_build() -> list[Path]:
    """The plans in the repository, the golden cases whose diagnostics hold no error, the minimal plan."""
    plans = [plan for plan in sorted((ROOT / "plans").iterdir()) if (plan / "plan.yaml").exists()]
    cases = [
        case / "plan"
        for case in sorted(GOLDEN_CASES.iterdir())
        if (case / "plan").is_dir() and "[error:" not in (case / "diagnostics.txt").read_text()
    ]
    return [*plans, *cases, ROOT / "tests" / "fixtures" / "minimal"]


PLANS = plans_that_build()
PLAN_IDS = [str(plan.relative_to(ROOT)) for plan in PLANS]


def plan_json(plan: Path, out: Path, formats: tuple[str, ...] = ("json",)) -> dict[str, Any]:
    result = build(plan, out, formats)
    assert not result.failed(), result.diagnostics
    data: dict[str, Any] = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    return data


def resolve(data: Any, pointer: str) -> Any:
    """A JSON Pointer (RFC 6901) into the loaded file."""
    for step in pointer.split("/")[1:]:
        step = step.replace("~1", "/").replace("~0", "~")
        data = data[int(step)] if isinstance(data, list) else data[step]
    return data


@pytest.mark.parametrize("plan", PLANS, ids=PLAN_IDS)
def test_plan_json_validates_against_its_published_schema(plan: Path, tmp_path: Path) -> None:
    published = json.loads(SCHEMA.read_text(encoding="utf-8"))
    data = plan_json(plan, tmp_path / "out")
    problems = [
        f"{error.json_path}: {error.message[:200]}"
        for error in jsonschema.Draft202012Validator(published).iter_errors(data)
    ]
    assert problems == []
    assert data["$schema"] == published["$id"] == SCHEMA.name


@pytest.mark.parametrize("plan", PLANS, ids=PLAN_IDS)
def test_plan_json_loads_back_into_the_models_with_the_figures_of_the_yaml(
    plan: Path, tmp_path: Path
) -> None:
    data = plan_json(plan, tmp_path / "out")
    checked, _ = check(plan)
    assert checked is not None
    bundle = checked.bundle
    loaded_plan = schema.Plan.model_validate(data["plan"])
    loaded = [schema.Priority.model_validate(entry["priority"]) for entry in data["priorities"]]
    assert loaded_plan == bundle.plan
    assert loaded == [doc.priority for doc in bundle.priorities]
    assert [(entry["number"], entry["id"]) for entry in data["priorities"]] == [
        (doc.number, doc.id) for doc in bundle.priorities
    ]
    reloaded = replace(
        bundle,
        plan=loaded_plan,
        priorities=tuple(replace(doc, priority=p) for doc, p in zip(bundle.priorities, loaded, strict=True)),
    )
    assert computed(reloaded).model_dump(mode="json") == data["computed"]


def test_computed_figures_point_at_what_they_are_computed_from(tmp_path: Path) -> None:
    data = plan_json(GOLDEN_CASES / "open-data" / "plan", tmp_path / "out")
    figures = data["computed"]
    measures = [
        (schema.Measure.model_validate(resolve(data, item["at"])).title, item["change"], item["target_met"])
        for item in figures["measures"]
    ]
    assert measures == [
        ("Repeat victims of domestic abuse", -21.0, True),
        ("Victims supported by the drop-in service", 50.0, False),
        ("Residents who feel safe after dark", None, None),
    ]
    key = [
        (schema.KeyFigure.model_validate(resolve(data, item["at"])).label, item["rate"], item["change"])
        for item in figures["key_figures"]
    ]
    assert key == [
        ("Recorded crimes", 42.0, -6.4),  # computed from the population and the previous value
        ("Domestic abuse crimes", 12.3, 4),  # as typed
    ]
    (table,) = figures["tables"]
    assert (
        schema.Table.model_validate(resolve(data, table["at"])).caption == "Victims of domestic abuse by sex"
    )
    assert table["rows"] == [["2023/24", 610, 540, 1150, 53], ["2024/25", 680, 530, 1210, 56]]
    assert table["total"] == ["Total", 1290, 1070, 2360, None]


def test_plan_json_holds_every_partner_and_only_the_glossary_the_plan_prints(
    minimal_plan: Path, tmp_path: Path
) -> None:
    share(
        minimal_plan,
        partners="partners:\n  - {id: Fire, name: County Fire Service}\n",
        glossary="terms:\n  CCTV: Closed Circuit Television\n  YOT: Youth Offending Team\n",
    )
    edit_plan(minimal_plan, "has **three** towns.", "has **three** towns and CCTV in each.")
    data = plan_json(minimal_plan, tmp_path / "out")
    assert sorted(partner["id"] for partner in data["partners"]) == ["Council", "Fire", "ICB", "Police"]
    assert list(data["glossary"]["terms"]) == ["ASB", "CCTV"]


def test_plan_json_is_the_same_bytes_every_build_its_terms_sorted(minimal_plan: Path, tmp_path: Path) -> None:
    glossary = minimal_plan / "glossary.yaml"
    glossary.write_text("terms:\n  PCC: Police and Crime Commissioner\n  ASB: Anti-Social Behaviour\n")
    edit_plan(minimal_plan, "has **three** towns.", "has **three** towns and one PCC.")
    first, second = tmp_path / "first", tmp_path / "second"
    plan_json(minimal_plan, first)
    data = plan_json(minimal_plan, second)
    text = (first / "plan.json").read_bytes()
    assert text == (second / "plan.json").read_bytes()
    assert text.endswith(b"}\n") and "2024–2027".encode() in text  # UTF-8 as it is, not \u2013
    assert list(data["glossary"]["terms"]) == ["ASB", "PCC"]


def test_the_page_links_its_plan_json_only_when_it_is_built(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    alone, beside = tmp_path / "alone", tmp_path / "beside"
    assert cli("build", minimal_plan, "--out", alone, "--format", "html").exit_code == 0
    edit_plan(minimal_plan, "status: published\n", "status: published\nformats: [html, json]\n")
    assert cli("build", minimal_plan, "--out", beside).exit_code == 0
    assert "plan.json" not in (alone / "index.html").read_text()
    page = (beside / "index.html").read_text()
    head, footer = page[: page.index("</head>")], page[page.index("<footer>") :]
    assert '<link rel="alternate" type="application/json" href="plan.json">' in head
    assert '<a href="plan.json" type="application/json">plan.json</a>' in footer
    assert (beside / "plan.json").exists()


def test_plan_md_links_its_plan_json_only_when_it_is_built(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    alone, beside = tmp_path / "alone", tmp_path / "beside"
    assert cli("build", minimal_plan, "--out", alone, "--format", "md").exit_code == 0
    assert cli("build", minimal_plan, "--out", beside, "--format", "md,json").exit_code == 0
    assert "plan.json" not in (alone / "plan.md").read_text()
    facts = (beside / "plan.md").read_text().split("\n\n")[1]
    assert facts.endswith("\n- **The plan as open data:** [plan.json](<plan.json>) (JSON)")
    assert (beside / "plan.json").exists()


def test_the_licence_is_stated_in_every_format(minimal_plan: Path, tmp_path: Path) -> None:
    edit_plan(minimal_plan, "partnership:\n", LICENCE + "partnership:\n")
    out = tmp_path / "out"
    data = plan_json(minimal_plan, out, ("html", "md", "docx", "json"))
    page = (out / "index.html").read_text()
    facts = page[page.index('<dl class="facts">') : page.index("</dl>")]
    assert f'<dt>Licence</dt><dd><a href="{OGL}">Open Government Licence v3.0</a></dd>' in facts
    assert f"- **Licence:** [Open Government Licence v3.0](<{OGL}>)\n" in (out / "plan.md").read_text()
    word = "[Normal] **Licence:** [Open Government Licence v3.0{style Hyperlink}]"
    assert f"{word}({OGL})\n" in docx_text(out / "plan.docx")
    assert data["plan"]["licence"] == {"name": "Open Government Licence v3.0", "url": OGL}


@pytest.mark.pdf
def test_the_pdf_states_the_licence_and_is_the_same_with_or_without_plan_json(
    minimal_plan: Path, tmp_path: Path
) -> None:
    """The PDF is laid out from the page less its plan.json link, which no printed copy can follow."""
    edit_plan(minimal_plan, "partnership:\n", LICENCE + "partnership:\n")
    alone, beside = tmp_path / "alone", tmp_path / "beside"
    assert not build(minimal_plan, alone, ("pdf",)).failed()
    assert not build(minimal_plan, beside, ("pdf", "json")).failed()
    assert (alone / "plan.pdf").read_bytes() == (beside / "plan.pdf").read_bytes()
    assert "Licence: Open Government Licence v3.0" in pdf_plain_pages(alone / "plan.pdf")[0]


def test_a_licence_link_must_be_a_web_address(minimal_plan: Path) -> None:
    edit_plan(
        minimal_plan,
        "partnership:\n",
        "licence:\n  name: Open Government Licence\n  url: www.example.org/ogl\n" + "partnership:\n",
    )
    _, found = validate(minimal_plan)
    located = [(d.line, d.column, d.path, d.code) for d in found]
    assert located == [(4, 8, "licence.url", "bad-value")]
    assert "expected a web address starting `https://`" in found[0].message


def test_schema_writes_and_checks_the_schema_of_plan_json(cli: Cli, tmp_path: Path) -> None:
    assert cli("schema", "--out", tmp_path).exit_code == 0
    written = tmp_path / SCHEMA.name
    jsonschema.Draft202012Validator.check_schema(json.loads(written.read_text()))
    written.write_text("{}")
    assert cli("schema", "--check", "--out", tmp_path).exit_code == 1


def test_a_folder_holding_only_someone_elses_plan_json_is_not_taken_for_cspgen_output(
    cli: Cli, minimal_plan: Path, tmp_path: Path
) -> None:
    """No cspgen before the manifest wrote plan.json, so a plan.json alone may be anyone's data."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "plan.json").write_text('{"mine": true}\n')
    result = cli("build", minimal_plan, "--out", data, "--format", "json")
    assert result.exit_code == 2 and "not made by cspgen" in result.stderr
    assert (data / "plan.json").read_text() == '{"mine": true}\n'

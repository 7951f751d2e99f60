"""Plausible input that once crashed cspgen (exit 3, a traceback, a segfault) gets a located error instead."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cspgen.build import build, validate

from .running import Run

Cli = Callable[..., Run]
PRIORITY = Path("priorities") / "01-anti-social-behaviour.yaml"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def _problems(plan: Path) -> list[tuple[str, int, int, str, str]]:
    bundle, found = validate(plan)
    assert bundle is None
    return [(Path(d.file).name, d.line, d.column, d.path, d.code) for d in found]


@pytest.mark.parametrize("published", ["2021-02-30", "2023-02-29", "2024-04-31"])
def test_a_date_not_in_the_calendar_is_an_error_not_a_crash(minimal_plan: Path, published: str) -> None:
    _replace(minimal_plan / "plan.yaml", "published: 2024-04", f"published: {published}")
    assert _problems(minimal_plan) == [("plan.yaml", 16, 12, "published", "invalid")]


def test_a_leap_day_is_a_real_date(minimal_plan: Path, tmp_path: Path) -> None:
    _replace(minimal_plan / "plan.yaml", "published: 2024-04", "published: 2024-02-29")
    assert not build(minimal_plan, tmp_path / "out", ("html",)).failed()


def _validate_in_a_child(plan: Path) -> subprocess.CompletedProcess[str]:
    """A crash in a child (a segfault, a RecursionError) cannot take pytest down with it."""
    return subprocess.run(
        [sys.executable, "-m", "cspgen", "validate", str(plan)], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("levels", [65, 500, 30_000])
def test_deep_nesting_is_refused_before_composing(minimal_plan: Path, levels: int) -> None:
    """30 000 levels segfaulted libyaml's composer; run in a child so a crash cannot take pytest down."""
    (minimal_plan / PRIORITY).write_text("title: Deep\nwhy: " + "[" * levels + "]" * levels + "\n")
    done = _validate_in_a_child(minimal_plan)
    assert done.returncode == 1, done.stderr
    assert f"{minimal_plan / PRIORITY}:2:" in done.stderr and "[error: too-deep]" in done.stderr


def test_sixty_four_levels_are_fine(minimal_plan: Path) -> None:
    (minimal_plan / PRIORITY).write_text("title: Deep\nwhy: text\nx: " + "[" * 63 + "]" * 63 + "\n")
    _, found = validate(minimal_plan)
    assert [d.code for d in found] == ["unknown-field"]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1" * 4401, "number-too-large"),
        ("1" + "0" * 400, "number-too-large"),
        ("1.0e+400", "invalid"),
        ("-.inf", "wrong-type"),
        (".nan", "wrong-type"),
        ('"1e400"', "invalid"),
        ('"nan"', "invalid"),
        ("1000000000000000", "invalid"),
    ],
)
def test_numbers_no_output_can_show_are_located_errors(minimal_plan: Path, value: str, code: str) -> None:
    priority = minimal_plan / PRIORITY
    priority.write_text(
        priority.read_text()
        + f"measures:\n  - title: ASB incidents\n    baseline: {{period: 2023, value: {value}}}\n"
    )
    problems = _problems(minimal_plan)
    assert ("01-anti-social-behaviour.yaml", 14, 37, "measures[0].baseline.value", code) in problems


def test_chart_values_and_cells_are_bounded_too(minimal_plan: Path) -> None:
    _replace(
        minimal_plan / "plan.yaml",
        "    content: |\n      Example district has **three** towns.\n",
        "    content:\n      - chart:\n          title: Crimes\n          categories: [a]\n"
        "          series: [{label: All, values: [.inf]}]\n"
        "      - table:\n          caption: Crimes\n          columns: [{label: Area}, {label: N, type: number}]\n"
        "          rows: [[a, 1.0e+400]]\n",
    )
    paths = {path for _, _, _, path, _ in _problems(minimal_plan)}
    assert paths == {
        "sections[0].content[0].chart.series[0].values[0]",
        "sections[0].content[1].table.rows[0][1]",
    }


@pytest.mark.parametrize("escape", ["\\x07", "\\0", "\\e", "\\uFFFE", "\\x85"])
def test_control_characters_are_located_errors_in_every_format(
    minimal_plan: Path, tmp_path: Path, escape: str
) -> None:
    _replace(minimal_plan / PRIORITY, "title: Run awareness events", f'title: "Run {escape} events"')
    result = build(minimal_plan, tmp_path / "out", ("html", "md", "docx"))
    assert result.failed() and not (tmp_path / "out").exists()
    [problem] = result.diagnostics
    assert (problem.line, problem.column, problem.code) == (6, 16, "control-character")
    assert "character 5 of the text" in problem.message


def test_a_control_character_in_a_key_is_located_at_the_key(minimal_plan: Path) -> None:
    (minimal_plan / "glossary.yaml").write_text('terms:\n  ASB: Anti-Social Behaviour\n  "A\\x1bB": x\n')
    assert ("glossary.yaml", 3, 3, "terms.A\x1bB", "control-character") in _problems(minimal_plan)


@pytest.mark.parametrize("command", ["schema", "docs"])
def test_generated_files_into_a_file_is_a_usage_error(cli: Cli, tmp_path: Path, command: str) -> None:
    target = tmp_path / "afile.txt"
    target.write_text("mine")
    result = cli(command, "--out", target)
    assert result.exit_code == 2 and "is a file; give a folder" in result.stderr
    assert target.read_text() == "mine"
    below = cli(command, "--out", target / "sub")
    assert below.exit_code == 1 and "cannot write" in below.stderr and "Traceback" not in below.stderr


def test_a_paragraph_using_twelve_hundred_definitions_links_every_one(
    minimal_plan: Path, tmp_path: Path
) -> None:
    """Linking a term split the text and recursed on the rest: 1 200 terms were a RecursionError."""
    words = [f"widget{number:04d}" for number in range(1200)]
    (minimal_plan / "definitions.yaml").write_text(
        "terms:\n" + "".join(f"  {word}: Thing {word}.\n" for word in words)
    )
    _replace(minimal_plan / "plan.yaml", "has **three** towns.", "has " + " ".join(words) + ".")
    _replace(minimal_plan / "plan.yaml", "  - generated: glossary\n", "  - generated: definitions\n")
    result = build(minimal_plan, tmp_path / "out", ("html", "md"))
    assert not result.failed(), result.diagnostics
    html = (tmp_path / "out" / "index.html").read_text()
    assert all(f'href="#def-{word}">{word}</a>' in html for word in words)


def test_a_thousand_actions_under_one_objective_build_in_word(minimal_plan: Path, tmp_path: Path) -> None:
    actions = "".join(
        f"      - title: Action number {number}\n        lead: [Council]\n" for number in range(1000)
    )
    (minimal_plan / PRIORITY).write_text(
        "title: Reducing anti-social behaviour\nwhy: Because.\nobjectives:\n"
        f"  - title: Objective one\n    actions:\n{actions}strands: [crime-and-disorder]\n"
    )
    result = build(minimal_plan, tmp_path / "out", ("docx",))
    assert not result.failed(), result.diagnostics
    assert (tmp_path / "out" / "plan.docx").stat().st_size > 0


def _nested_sections(depth: int) -> str:
    text = ""
    for level in range(depth):
        pad = "  " * (2 * level + 1)
        text += f"{pad}- title: Level {level}\n{pad}  content: Text at level {level}.\n{pad}  subsections:\n"
    return text + "  " * (2 * depth + 1) + "- title: Bottom\n"


def test_sections_as_deep_as_the_nesting_limit_allows_build_in_every_format(
    minimal_plan: Path, tmp_path: Path
) -> None:
    """Thirty levels of subsections fit in 64 levels of YAML; headings stop at level 6 in every format."""
    _replace(
        minimal_plan / "plan.yaml",
        "  - generated: priorities\n",
        _nested_sections(30) + "  - generated: priorities\n",
    )
    result = build(minimal_plan, tmp_path / "out", ("html", "md", "docx", "pdf"))
    assert not result.failed(), result.diagnostics
    html = (tmp_path / "out" / "index.html").read_text()
    assert "Level 29</h6>" in html and "<h7" not in html
    assert "Level 29" in (tmp_path / "out" / "plan.md").read_text()


def test_subsections_four_hundred_deep_are_refused_before_composing(minimal_plan: Path) -> None:
    _replace(
        minimal_plan / "plan.yaml",
        "  - generated: priorities\n",
        _nested_sections(400) + "  - generated: priorities\n",
    )
    done = _validate_in_a_child(minimal_plan)
    assert done.returncode == 1, done.stderr
    assert f"{minimal_plan / 'plan.yaml'}:" in done.stderr and "[error: too-deep]" in done.stderr

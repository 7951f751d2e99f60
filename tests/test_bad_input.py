"""Every kind of bad input: a located error, exit 1, no traceback, previous output untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cspgen import write

from .running import Run

Cli = Callable[..., Run]
PRIORITY = "priorities/01-anti-social-behaviour.yaml"


def _replace(old: str, new: str, name: str = "plan.yaml") -> Callable[[Path], None]:
    def edit(plan: Path) -> None:
        path = plan / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _write(name: str, content: bytes) -> Callable[[Path], None]:
    def edit(plan: Path) -> None:
        (plan / name).write_bytes(content)

    return edit


def _symlink_out(plan: Path) -> None:
    outside = plan.parent.parent / "elsewhere.yaml"
    outside.write_text("terms: {}\n")
    (plan / "glossary.yaml").unlink()
    (plan / "glossary.yaml").symlink_to(outside)


CASES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "unknown field": (
        _replace("        lead:", "        leed:", PRIORITY),
        f"{PRIORITY}:7:9: objectives[0].actions[0].leed: unknown field `leed` (did you mean `lead`?)",
        "unknown-field",
    ),
    "duplicate key": (
        _replace("area: Example district\n", "area: Example district\narea: Again\n"),
        "plan.yaml:15:1: area: duplicate key `area`",
        "duplicate-key",
    ),
    "object tag": (
        _replace("area: Example district", "area: !!python/object/apply:os.system ['echo pwned']"),
        "plan.yaml:14:7: area: the YAML tag",
        "yaml-tag",
    ),
    "alias bomb": (
        _write(
            "glossary.yaml",
            b"a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nterms: [*c, *c, *c, *c, *c, *c, *c, *c]\n",
        ),
        "glossary.yaml:2:8: b[0]: anchors and aliases",
        "alias",
    ),
    "non-UTF-8": (
        _write("glossary.yaml", b"terms:\n  ASB: Anti-Social Behavio\xfcr\n"),
        "glossary.yaml:2:27:",
        "encoding",
    ),
    "empty file": (_write(PRIORITY, b"\n\n"), f"{PRIORITY}:1:1:", "empty-file"),
    "list for a mapping": (
        _replace(
            "partnership:\n  name: Example Community Safety Partnership\n  partners:",
            "partnership:\n  - name: Example Community Safety Partnership\n    partners:",
        ),
        "plan.yaml:3:3: partnership: expected a mapping (`key: value` lines) with `name:`, got a list",
        "wrong-type",
    ),
    "colon in a title": (
        _replace(
            "title: Example Community Safety Partnership Plan 2024–2027",
            "title: Challenges: the world has changed",
        ),
        "plan.yaml:1:18: YAML syntax: a colon followed by a space starts a new field; put the whole text in "
        'quotes: title: "Challenges: the world has changed"',
        "yaml-syntax",
    ),
    "period as text": (
        _replace("period: {start: 2024, end: 2027}", "period: 2017-2020"),
        "plan.yaml:15:9: period: expected a mapping (`key: value` lines) with `start:` and `end:`, "
        "got the text `2017-2020`",
        "wrong-type",
    ),
    "unknown field in a chapter": (
        _replace("    content: |\n      Example district", "    contnet: |\n      Example district"),
        "plan.yaml:32:5: sections[0].contnet: unknown field `contnet` (did you mean `content`?); "
        "expected one of `content`, `id`, `new_page`, `subsections`, `title`",
        "unknown-field",
    ),
    "tab indentation": (
        _replace("  ASB:", "\tASB:", "glossary.yaml"),
        "glossary.yaml:2:1: YAML syntax: a tab character",
        "yaml-syntax",
    ),
    "symlink out of the plan": (
        _symlink_out,
        "glossary.yaml:1:1: this file links to a place outside the plan folder",
        "outside-plan",
    ),
}


@pytest.fixture
def built(cli: Cli, minimal_plan: Path, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "site" / "out"
    assert cli("build", minimal_plan, "--out", out).exit_code == 0
    return out, {path.name: path.read_bytes() for path in out.iterdir()}


def _unchanged(out: Path, before: dict[str, bytes]) -> bool:
    return {path.name: path.read_bytes() for path in out.iterdir()} == before


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_and_output_survives(
    case: str, cli: Cli, minimal_plan: Path, built: tuple[Path, dict[str, bytes]]
) -> None:
    out, before = built
    edit, expected, code = CASES[case]
    edit(minimal_plan)
    result = cli("build", minimal_plan, "--out", out)
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{minimal_plan}/{expected}" in result.stderr, result.stderr
    assert f"[error: {code}]" in result.stderr
    assert _unchanged(out, before)
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(
    ("lead", "suggestion"),
    [("Polce", "Police"), ("POLCE", "Police"), ("police", "Police"), ("CSPS", "CSPs"), ("csp", "CSP")],
)
def test_a_near_miss_lead_gets_the_nearest_partner_and_no_acronym_warning(
    cli: Cli, minimal_plan: Path, lead: str, suggestion: str
) -> None:
    """`CSPS` once got `CSP` (letters compared with their case) and an undefined-acronym warning too."""
    _replace("      statutory: true\narea:", "      statutory: true\n    - {id: CSP, name: The partnership}\n"
             "    - {id: CSPs, name: The county's partnerships}\narea:")(minimal_plan)  # fmt: skip
    _replace("lead: [Council, Police]", f"lead: [{lead}]", PRIORITY)(minimal_plan)
    result = cli("validate", minimal_plan)
    assert result.exit_code == 1
    assert (
        f"{minimal_plan}/{PRIORITY}:7:16: objectives[0].actions[0].lead[0]: `{lead}` is not a partner of the "
        f"plan (did you mean `{suggestion}`?); add it to `partnership.partners` in plan.yaml or use one of "
        "its ids [error: unknown-partner]"
    ) in result.stderr
    assert "1 error, 0 warnings" in result.stderr, result.stderr


def test_all_problems_in_one_run(cli: Cli, minimal_plan: Path) -> None:
    for case in ("unknown field", "duplicate key", "non-UTF-8"):
        CASES[case][0](minimal_plan)
    result = cli("validate", minimal_plan)
    assert result.exit_code == 1
    assert "3 errors" in result.stderr


def test_failure_while_writing_leaves_previous_output(
    cli: Cli, minimal_plan: Path, built: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = built
    (minimal_plan / "glossary.yaml").write_text("terms:\n  ASB: Changed\n")

    def fail(folder: int, name: str, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "_write_file", fail)
    result = cli("build", minimal_plan, "--out", out)
    assert result.exit_code == 1 and "No space left on device" in result.stderr
    assert _unchanged(out, before)
    assert [p.name for p in out.parent.iterdir()] == ["out"]

"""cspgen fmt: one layout, comments kept, meaning never changed, idempotent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cspgen.commands.fmt import format_file, plan_files
from cspgen.commands.layout import canonical_text
from cspgen.commands.rewrite import identical
from cspgen.plan.load import load_file

from .running import Cli

ROOT = Path(__file__).resolve().parent.parent

MESSY = """\
# yaml-language-server: $schema=../../../schemas/priority.schema.json
title: 'Reducing anti-social behaviour'
label: "Priority 1"
why: >-
    ASB incidents rose by 10% last year, and this folded text is long enough that it has to be
    folded in the canonical layout as well, but at one hundred columns.
objectives:
- title: Increase awareness of how to report ASB   # the first objective
  actions:
  - title: Run awareness events
    lead: [Council, Police]
    due: "2025"
    progress:
    - {period: 2024-25, text: "Four events were held.\\n\\nEach had over 100 visitors.\\n"}
  # a note that belongs to the next objective
- title: >-
    A second objective
  actions: []
strands: [crime-and-disorder]
"""


def _data(path: Path) -> object:
    source, problems = load_file(path)
    assert source is not None and not problems
    return source.data


def test_messy_file_takes_the_canonical_layout_and_keeps_its_comments(tmp_path: Path) -> None:
    path = tmp_path / "01-asb.yaml"
    path.write_text(MESSY, encoding="utf-8")
    result = format_file(path)
    assert result.text is not None and result.changed
    assert result.text == (
        "# yaml-language-server: $schema=../../../schemas/priority.schema.json\n"
        "title: Reducing anti-social behaviour\n"
        "label: Priority 1\n"
        "why: >-\n"
        "  ASB incidents rose by 10% last year, and this folded text is long enough that it has to be folded\n"
        "  in the canonical layout as well, but at one hundred columns.\n"
        "objectives:\n"
        "  - title: Increase awareness of how to report ASB # the first objective\n"
        "    actions:\n"
        "      - title: Run awareness events\n"
        "        lead: [Council, Police]\n"
        '        due: "2025"\n'
        "        progress:\n"
        "          - period: 2024-25\n"
        "            text: |\n"
        "              Four events were held.\n"
        "\n"
        "              Each had over 100 visitors.\n"
        "  # a note that belongs to the next objective\n"
        "  - title: A second objective\n"
        "    actions: []\n"
        "strands: [crime-and-disorder]\n"
    )


def test_formatting_never_changes_what_cspgen_reads(tmp_path: Path) -> None:
    path = tmp_path / "01-asb.yaml"
    path.write_text(MESSY, encoding="utf-8")
    before = _data(path)
    result = format_file(path)
    assert result.text is not None
    path.write_text(result.text, encoding="utf-8")
    assert identical(before, _data(path))


@pytest.mark.parametrize(
    "value", ["yes", "no", "on", "2020", "1_000", "0x1F", "2021-03-01", "1.5", "~", "null", "=", "#1"]
)
def test_text_that_yaml_would_read_as_something_else_stays_text(tmp_path: Path, value: str) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(f"terms:\n  X: {json.dumps(value)}\n", encoding="utf-8")
    result = format_file(path)
    assert result.text is not None
    path.write_text(result.text, encoding="utf-8")
    assert _data(path) == {"terms": {"X": value}}


def test_a_comment_after_a_block_that_becomes_one_line_keeps_its_own_line() -> None:
    text = "notes:\n  - >-\n    Short now.\n  # about the decision\ndecision: key\n"
    assert canonical_text(text) == "notes:\n  - Short now.\n  # about the decision\ndecision: key\n"


def test_nested_flow_collections_become_blocks_and_empty_cells_read_null() -> None:
    text = "rows: [[a, 1], [b, ~]]\nperiod: {start: 2020, end: 2023}\n"
    assert canonical_text(text) == "rows:\n  - [a, 1]\n  - [b, null]\nperiod: {start: 2020, end: 2023}\n"


def test_every_plan_in_the_repository_is_already_in_the_layout() -> None:
    """`cspgen fmt --check plans/` passes, and formatting again changes nothing (idempotent)."""
    files = plan_files([ROOT / "plans"])
    assert len(files) > 40
    for path in files:
        result = format_file(path)
        assert not result.diagnostics, path
        assert result.text == result.original, f"{path} is not formatted; run `cspgen fmt plans/`"


def test_fmt_is_idempotent_on_its_own_output(tmp_path: Path) -> None:
    path = tmp_path / "01-asb.yaml"
    path.write_text(MESSY, encoding="utf-8")
    once = format_file(path).text
    assert once is not None
    assert canonical_text(once) == once


def test_fmt_writes_files_and_check_lists_them(cli: Cli, minimal_plan: Path) -> None:
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    text = priority.read_text().replace("- title: Run awareness events", "- title: 'Run awareness events'")
    priority.write_text(text, encoding="utf-8")
    checked = cli("fmt", "--check", minimal_plan)
    assert checked.exit_code == 1
    assert f"{priority}:6:1: the file is not in cspgen's layout" in checked.stderr
    assert "3 files checked: 1 would be reformatted" in checked.stderr
    github = cli("fmt", "--check", "--report", "github", minimal_plan)
    assert github.stdout.startswith(f"::error file={priority},line=6,col=1,title=not-formatted::")
    before = _data(priority)
    written = cli("fmt", minimal_plan)
    assert written.exit_code == 0
    assert f"formatted {priority}" in written.stderr
    assert identical(before, _data(priority))
    assert cli("fmt", "--check", minimal_plan).exit_code == 0


def test_a_file_cspgen_refuses_is_reported_and_left_alone(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("title: a\ntitle: b\n", encoding="utf-8")
    result = cli("fmt", "--report", "json", path)
    assert result.exit_code == 1
    assert [d["code"] for d in json.loads(result.stdout)] == ["duplicate-key"]
    assert path.read_text(encoding="utf-8") == "title: a\ntitle: b\n"


def test_a_missing_path_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    assert cli("fmt", tmp_path / "nowhere").exit_code == 2


def test_windows_line_endings_become_unix_ones_and_the_file_keeps_its_mode(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_bytes(b"terms:\r\n  ASB: Anti-Social Behaviour\r\n")
    path.chmod(0o644)
    assert cli("fmt", "--check", path).exit_code == 1
    assert cli("fmt", path).exit_code == 0
    assert path.read_bytes() == b"terms:\n  ASB: Anti-Social Behaviour\n"
    assert path.stat().st_mode & 0o777 == 0o644

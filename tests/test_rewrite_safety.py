"""fmt and rollover keep what users wrote: every comment, every value as written, links left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspgen.commands.fmt import format_file, settled
from cspgen.commands.rewrite import comments

from .running import Cli

PRIORITY = Path("priorities") / "01-anti-social-behaviour.yaml"

LOSSY = {
    "flow list": "title: x\nstrands: [crime-and-disorder, # C1\n  reoffending]\n",
    "comment above text": "title: x\nwhy:\n  # C2\n  ASB rose.\n",
    "folded header": "title: x\nwhy: >- # C1\n  ASB rose.\n",
    "literal header": "title: x\nwhy: | # C1\n  ASB rose.\n",
}


@pytest.mark.parametrize("text", LOSSY.values(), ids=LOSSY.keys())
def test_fmt_keeps_every_comment_or_leaves_the_file_with_a_located_note(tmp_path: Path, text: str) -> None:
    path = tmp_path / "01-x.yaml"
    path.write_text(text)
    result = format_file(path)
    if result.text is None:
        [note] = result.diagnostics
        assert note.code == "fmt-failed" and "would lose the comment" in note.message
        comment = next(c for c in comments(text) if c.text in note.message)
        assert (note.line, note.column) == (comment.line, comment.column)
    else:
        assert sorted(c.text for c in comments(result.text)) == sorted(c.text for c in comments(text))
    assert path.read_text() == text


def test_comments_are_found_where_yaml_has_them_and_not_inside_text() -> None:
    text = (
        "# top\nkey: 'a # no' # one\nlist: [a, # two\n  b]\nwhy: | # three\n  text # not a comment\n"
        "plain: a#b\n"
    )
    assert [(c.text, c.line, c.column) for c in comments(text)] == [
        ("top", 1, 1),
        ("one", 2, 15),
        ("two", 3, 11),
        ("three", 5, 8),
    ]


@pytest.mark.parametrize(
    "text",
    ["title: x\nlist:\n  - [a, [b, c], {d: e}] # C1\n", "\n\n# first\ntitle: x\n", "\n\ntitle: x # C1\n"],
    ids=["nested flow", "blank lines before a comment", "blank lines before text"],
)
def test_one_pass_settles_so_check_passes_after_fmt(tmp_path: Path, text: str) -> None:
    path = tmp_path / "01-x.yaml"
    path.write_text(text)
    first = format_file(path)
    assert first.text is not None, first.diagnostics
    path.write_text(first.text)
    assert not format_file(path).changed
    assert settled(first.text) == first.text


def test_fmt_refuses_a_linked_file_even_inside_the_plan(cli: Cli, minimal_plan: Path) -> None:
    real = minimal_plan / "glossary-real.yaml"
    (minimal_plan / "glossary.yaml").rename(real)
    (minimal_plan / "glossary.yaml").symlink_to(real.name)
    real.write_text("terms:\n    ASB: Anti-Social Behaviour\n")
    result = cli("fmt", minimal_plan / "glossary.yaml")
    assert result.exit_code == 1 and "[error: fmt-link]" in result.stderr
    assert (minimal_plan / "glossary.yaml").is_symlink()
    assert real.read_text() == "terms:\n    ASB: Anti-Social Behaviour\n"


def test_rollover_keeps_comments_in_flow_lists_and_above_updates(cli: Cli, minimal_plan: Path) -> None:
    priority = minimal_plan / PRIORITY
    priority.write_text(
        priority.read_text()
        .replace("lead: [Council, Police]", "lead: [Council, # C1\n          Police]")
        .replace("            text: Four", "            # C2\n            text: Four")
    )
    result = cli("rollover", minimal_plan, "--year", "2025")
    text = priority.read_text()
    if result.exit_code == 0:
        assert "# C1" in text and "# C2" in text and "period: 2025-26" in text
    else:
        assert result.exit_code == 1 and "would lose the comment" in result.stderr
        assert "period: 2025-26" not in text


def test_rollover_does_not_rewrite_values_it_did_not_add(cli: Cli, minimal_plan: Path) -> None:
    priority = minimal_plan / PRIORITY
    priority.write_text(
        priority.read_text().replace(
            "lead: [Council, Police]", "lead: [Council, Police]\n        due: 2025-03-31 17:00:00.5"
        )
    )
    before = priority.read_text()
    result = cli("rollover", minimal_plan, "--year", "2025")
    if result.exit_code == 0:
        assert "due: 2025-03-31 17:00:00.5\n" in priority.read_text()
    else:
        assert result.exit_code == 1 and "would change what it says" in result.stderr
        assert f"{priority}:8:1:" in result.stderr
        assert priority.read_text() == before


def test_rollover_refuses_to_write_through_a_link(cli: Cli, minimal_plan: Path) -> None:
    priority = minimal_plan / PRIORITY
    real = minimal_plan / "real-priority.txt"
    priority.rename(real)
    priority.symlink_to(Path("..") / real.name)
    result = cli("rollover", minimal_plan, "--year", "2025")
    assert result.exit_code == 1 and "[error: fmt-link]" in result.stderr
    assert priority.is_symlink() and "2025-26" not in real.read_text()

"""Content from a plan can inject nothing into the other outputs: Markdown, workflow commands, the terminal."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

from cspgen.build import build
from cspgen.diagnostics import Diagnostic, format_github, format_text
from cspgen.revisions.change import PlanDiff
from cspgen.revisions.changes import format_terminal

from .running import Run

Cli = Callable[..., Run]


def _markdown_tokens(text: str) -> list[str]:
    parser = MarkdownIt("gfm-like" if _has_linkify() else "commonmark")
    tokens = []
    for token in parser.parse(text):
        tokens.append(token.type)
        tokens.extend(child.type for child in token.children or ())
    return tokens


def _has_linkify() -> bool:
    try:
        import linkify_it  # noqa: F401
    except ImportError:
        return False
    return True


def test_one_line_fields_cannot_start_headings_rules_or_code_in_markdown(
    minimal_plan: Path, tmp_path: Path
) -> None:
    plan = minimal_plan / "plan.yaml"
    text = plan.read_text()
    text = text.replace("title: About the district", 'title: "About\\r# Injected heading"')
    text = text.replace("area: Example district", 'area: "Example\\n---\\n    indented code"')
    plan.write_text(text)
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(
        priority.read_text().replace("title: Run awareness events", 'title: "Run events\\n===\\n"')
    )
    result = build(minimal_plan, tmp_path / "out", ("md",))
    assert not result.failed(), result.diagnostics
    md = (tmp_path / "out" / "plan.md").read_text()
    tokens = _markdown_tokens(md)
    assert "hr" not in tokens and "code_block" not in tokens
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert not any("Injected" in line and not line.startswith("## About") for line in headings)
    assert "## About # Injected heading\n" in md
    assert "Example --- indented code" in md


def test_bare_addresses_stay_text_in_markdown_as_in_html(minimal_plan: Path, tmp_path: Path) -> None:
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(
        priority.read_text().replace(
            "title: Run awareness events", "title: Run events, see https://evil.example and www.evil.example"
        )
    )
    assert not build(minimal_plan, tmp_path / "out", ("md", "html")).failed()
    md = (tmp_path / "out" / "plan.md").read_text()
    html = (tmp_path / "out" / "index.html").read_text()
    assert 'href="https://evil.example' not in html
    assert "https\\://evil.example" in md and "www\\.evil.example" in md
    assert "https://evil.example" not in md and "www.evil" not in md


HOSTILE_FILE = "plans/x/a,title=x::y\n::add-mask::secret.yaml"


def test_github_workflow_commands_cannot_be_forged_by_a_file_name_or_message() -> None:
    problem = Diagnostic(HOSTILE_FILE, 3, 4, "why", "bad\r\n::warning::forged", "some-code")
    [line] = format_github([problem]).splitlines()
    assert line.startswith(
        "::error file=plans/x/a%2Ctitle=x%3A%3Ay%0A%3A%3Aadd-mask%3A%3Asecret.yaml,line=3,col=4,"
    )
    assert line.endswith("::why: bad%0D%0A::warning::forged")
    command, properties = line.split(" ", 1)[0], line.split(" ", 1)[1].split("::", 1)[0]
    assert command == "::error" and ":" not in properties.replace("%3A", "")


def test_terminal_escapes_from_a_plan_are_shown_not_obeyed() -> None:
    problem = Diagnostic("p/\x1b]0;owned\x07.yaml", 1, 1, "terms.\x1b[2J", "All good\u202e", "code")
    text = format_text([problem])
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "p/\\x1b]0;owned\\x07.yaml:1:1: terms.\\x1b[2J: All good\\u202e" in text


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Officer", "-c", "user.email=o@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_diff_output_shows_escapes_and_a_crafted_tag_name_inertly(cli: Cli, minimal_plan: Path) -> None:
    repo = minimal_plan.parent.parent
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "first")
    _git(repo, "tag", "v1`<h1>x</h1>`")
    priority = minimal_plan / "priorities" / "01-anti-social-behaviour.yaml"
    priority.write_text(priority.read_text().replace("Run awareness events", "Run events"))
    md = cli("diff", minimal_plan, "v1`<h1>x</h1>`", "--format", "md")
    assert md.exit_code == 0, md.stderr
    assert "Compared `` v1`<h1>x</h1>` (" in md.stdout
    assert "html_inline" not in _markdown_tokens(md.stdout)
    forged = PlanDiff("Plan \x1b]0;owned\x07", "v1", "v2", (), note="All good\x1b[2J")
    terminal = format_terminal(forged, colour=True)
    assert "\x1b]" not in terminal and "\x1b[2J" not in terminal and "\x07" not in terminal
    assert "Plan \\x1b]0;owned\\x07" in terminal and "All good\\x1b[2J" in terminal


def test_arguments_written_into_yaml_must_be_one_line(cli: Cli, minimal_plan: Path, tmp_path: Path) -> None:
    before = {path: path.read_bytes() for path in minimal_plan.rglob("*.yaml")}
    rollover = cli("rollover", minimal_plan, "--year", "2025", "--period", "2025\nstatus: draft")
    assert rollover.exit_code == 2 and "--period must be one line" in rollover.stderr
    assert {path: path.read_bytes() for path in minimal_plan.rglob("*.yaml")} == before
    new = cli("new", tmp_path / "fresh-2025", "--schemas", "schemas\n# injected")
    assert new.exit_code == 2 and "--schemas must be a path on one line" in new.stderr
    assert not (tmp_path / "fresh-2025").exists()

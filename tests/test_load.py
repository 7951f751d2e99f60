"""Stage 1: YAML to data with positions, refusing what a plan must never hold."""

from __future__ import annotations

from pathlib import Path

from cspgen.plan.load import Position, load_file, load_plan


def write(tmp_path: Path, text: str | bytes, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    source, problems = load_file(write(tmp_path, "title: A\nlist:\n  - x: 1\n    y: two\n"))
    assert problems == []
    assert source is not None
    assert source.data == {"title": "A", "list": [{"x": 1, "y": "two"}]}
    assert source.values[("list", 0, "y")] == Position(4, 8)
    assert source.keys[("list", 0, "y")] == Position(4, 5)
    assert source.position(("list", 0, "missing")) == Position(3, 5)


def test_scalars_keep_dates_as_text_and_only_true_false_as_booleans(tmp_path: Path) -> None:
    source, _ = load_file(write(tmp_path, "a: 2021-03-01\nb: yes\nc: true\nd: 3.5\ne: ~\nf: 1_000\n"))
    assert source is not None
    assert source.data == {"a": "2021-03-01", "b": "yes", "c": True, "d": 3.5, "e": None, "f": 1000}


def test_duplicate_keys_are_all_reported(tmp_path: Path) -> None:
    _, problems = load_file(write(tmp_path, "a: 1\nb: 2\na: 3\nb: 4\n"))
    assert [(p.line, p.code) for p in problems] == [(3, "duplicate-key"), (4, "duplicate-key")]
    assert "duplicate" in problems[0].message and "line 1" in problems[0].message


def test_object_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    source, problems = load_file(write(tmp_path, text))
    assert source is None
    assert problems[0].code == "yaml-tag" and (problems[0].line, problems[0].column) == (1, 4)
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for index in range(1, 9):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    _, problems = load_file(write(tmp_path, "\n".join(lines) + "\n"))
    assert [p.code for p in problems] == ["alias"]


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    _, problems = load_file(write(tmp_path, b"title: ok\narea: caf\xe9\n"))
    assert [(p.line, p.column, p.code) for p in problems] == [(2, 10, "encoding")]


def test_empty_file(tmp_path: Path) -> None:
    _, problems = load_file(write(tmp_path, "# only a comment\n"))
    assert [p.code for p in problems] == ["empty-file"]


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    _, problems = load_file(write(tmp_path, "a:\n\tb: 1\n"))
    assert problems[0].code == "yaml-syntax" and "tab" in problems[0].message
    assert problems[0].line == 2


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    source, problems = load_file(write(tmp_path, b"\xef\xbb\xbftitle: A\r\narea: B\r\n"))
    assert problems == [] and source is not None
    assert source.data == {"title": "A", "area": "B"}


def test_symlink_out_of_the_plan_folder_is_refused(tmp_path: Path) -> None:
    outside = write(tmp_path, "terms: {}\n", "secret.yaml")
    plan = tmp_path / "plan"
    plan.mkdir()
    write(plan, "title: x\n")
    (plan / "glossary.yaml").symlink_to(outside)
    _, problems = load_plan(plan)
    assert [(Path(p.file).name, p.code) for p in problems] == [("glossary.yaml", "outside-plan")]


def test_priority_file_names_are_checked(tmp_path: Path) -> None:
    write(tmp_path, "title: x\n")
    (tmp_path / "priorities").mkdir()
    write(tmp_path / "priorities", "title: a\n", "01-one.yaml")
    write(tmp_path / "priorities", "title: b\n", "1-again.yaml")
    write(tmp_path / "priorities", "title: c\n", "Two.yaml")
    loaded, problems = load_plan(tmp_path)
    assert loaded is not None and [p.slug for p in loaded.priorities] == ["one"]
    assert sorted(p.code for p in problems) == ["priority-name", "priority-number"]

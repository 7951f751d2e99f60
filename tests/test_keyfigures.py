"""Key figures: rates and changes computed when left out, checked when typed, ranks written in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspgen.build import validate

from .builds import rendered_text

FIGURES = """\
      - key_figures:
          source: Example Police
          figures:
            - label: Domestic abuse crimes
              value: 1240
              unit: crimes
              population: 106000
              previous: {period: 2021/22, value: 1181}
FIELDS
"""


def with_figures(plan: Path, fields: str = "", figures: str = FIGURES) -> None:
    text = (plan / "plan.yaml").read_text()
    block = figures.replace("FIELDS\n", "".join(f"              {line}\n" for line in fields.splitlines()))
    old = "    content: |\n      Example district has **three** towns.\n"
    assert old in text
    (plan / "plan.yaml").write_text(text.replace(old, "    content:\n" + block))


def markdown(plan: Path) -> str:
    bundle, found = validate(plan)
    assert bundle is not None, found
    return rendered_text(bundle, ("md",))["plan.md"]


def test_rate_and_change_are_computed_when_left_out(minimal_plan: Path) -> None:
    with_figures(minimal_plan)
    assert validate(minimal_plan)[1] == []
    assert (
        "- **Domestic abuse crimes: 1,240 crimes**\\\n"
        "  11.7 per 1,000 people\\\n"
        "  Up 5% from 1,181 crimes in 2021/22\n\n"
        "Source: Example Police"
    ) in markdown(minimal_plan)


def test_typed_values_that_agree_are_shown_as_typed(minimal_plan: Path) -> None:
    """11.7 and 5 agree with 11.698… and 4.996…; `rate: 12` agrees too, at its own precision."""
    with_figures(minimal_plan, "rate: 12\nchange: 5.0")
    assert validate(minimal_plan)[1] == []
    md = markdown(minimal_plan)
    assert "  12 per 1,000 people\\\n" in md and "  Up 5% from 1,181 crimes in 2021/22\n" in md


def test_typed_rate_and_change_that_disagree_are_located_warnings(minimal_plan: Path) -> None:
    with_figures(minimal_plan, "rate: 12.1\nchange: 6")
    _, found = validate(minimal_plan)
    assert [(d.severity, d.line, d.path, d.code) for d in found] == [
        ("warning", 41, "sections[0].content[0].key_figures.figures[0].rate", "key-figure-mismatch"),
        ("warning", 42, "sections[0].content[0].key_figures.figures[0].change", "key-figure-mismatch"),
    ]
    assert found[0].message == (
        "“Domestic abuse crimes”: 1240 in a population of 106000 is 11.7 per 1,000 but 12.1 is "
        "written; correct it, or leave `rate` out to have it computed"
    )
    assert found[1].message == (
        "“Domestic abuse crimes”: the change from 2021/22 is 5% but 6% is written; correct it, "
        "or leave `change` out to have it computed"
    )


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        (
            "rate_per: 100000",
            "figures[1]",
            "`rate_per` needs a `population` to compute the rate from, or a typed `rate`",
        ),
        (
            "change: 5",
            "figures[1]",
            "`change` needs `previous` with at least its `period`: the change since when?",
        ),
        (
            "previous: {period: 2021/22}",
            "figures[1].previous",
            "`previous` needs its `value`, or the published `change` from it, to show",
        ),
        (
            "rank: {position: 16, of: 15, order: lowest}",
            "figures[1].rank",
            "rank position 16 is beyond the 15 areas ranked",
        ),
    ],
)
def test_a_comparison_without_what_it_needs_is_a_located_error(
    minimal_plan: Path, fields: str, path: str, message: str
) -> None:
    second = "            - label: Licensed premises\n              value: 212\nFIELDS\n"
    with_figures(minimal_plan, fields, FIGURES.replace("FIELDS\n", "") + second)
    _, found = validate(minimal_plan)
    assert [(d.severity, d.path, d.message) for d in found] == [
        ("error", f"sections[0].content[0].key_figures.{path}", message)
    ]


def test_a_block_of_an_unknown_kind_names_key_figures(minimal_plan: Path) -> None:
    with_figures(minimal_plan, figures="      - key_figure:\n          figures: []\n")
    _, found = validate(minimal_plan)
    assert [d.message for d in found] == [
        "a block is Markdown text, or a mapping with one key: `table`, `chart`, `contacts`, `key_figures` or `image`"
    ]


@pytest.mark.parametrize(
    ("position", "order", "written"),
    [
        (1, "lowest", "Lowest of 30 similar areas"),
        (2, "highest", "Second highest of 30 similar areas"),
        (9, "lowest", "Ninth lowest of 30 similar areas"),
        (10, "lowest", "10th lowest of 30 similar areas"),
        (11, "lowest", "11th lowest of 30 similar areas"),
        (13, "lowest", "13th lowest of 30 similar areas"),
        (21, "highest", "21st highest of 30 similar areas"),
        (22, "lowest", "22nd lowest of 30 similar areas"),
        (23, "lowest", "23rd lowest of 30 similar areas"),
    ],
)
def test_ranks_are_words_to_ninth_then_numerals(
    minimal_plan: Path, position: int, order: str, written: str
) -> None:
    rank = f"rank: {{position: {position}, of: 30, order: {order}, among: similar areas}}"
    with_figures(minimal_plan, rank)
    assert f"  {written}\n" in markdown(minimal_plan)


def test_a_change_from_zero_shows_the_earlier_figure_without_a_change(minimal_plan: Path) -> None:
    with_figures(minimal_plan, figures=FIGURES.replace("value: 1181", "value: 0"))
    assert "  0 crimes in 2021/22\n" in markdown(minimal_plan)


def test_an_acronym_in_a_key_figure_must_be_in_the_glossary_and_is_expanded(minimal_plan: Path) -> None:
    with_figures(minimal_plan, "note: Reported to the PCC and ASB team")
    _, found = validate(minimal_plan)
    assert [(d.code, d.path) for d in found] == [
        ("acronym-undefined", "sections[0].content[0].key_figures.figures[0].note")
    ]
    (minimal_plan / "plan.yaml").write_text(
        (minimal_plan / "plan.yaml").read_text().replace("the PCC and ", "the ")
    )
    assert "  Reported to the Anti-Social Behaviour (ASB) team\n" in markdown(minimal_plan)


PERCENTAGE = """\
      - key_figures:
          figures:
            - label: Residents who feel safe after dark
              value: 71
              unit: "%"
              previous: {period: 2023/24, value: 68}
FIELDS
"""


def test_a_percentages_change_is_in_percentage_points(minimal_plan: Path) -> None:
    with_figures(minimal_plan, figures=PERCENTAGE)
    assert "Up 3 percentage points from 68% in 2023/24" in markdown(minimal_plan)


def test_a_typed_change_of_a_percentage_is_checked_in_points(minimal_plan: Path) -> None:
    with_figures(minimal_plan, "change: 4.4", figures=PERCENTAGE)
    _, found = validate(minimal_plan)
    assert [d.message for d in found if d.code == "key-figure-mismatch"] == [
        "“Residents who feel safe after dark”: the change from 2023/24 is 3 percentage points but 4.4 "
        "percentage points is written; correct it, or leave `change` out to have it computed"
    ]
    with_figures_typed = (minimal_plan / "plan.yaml").read_text().replace("change: 4.4", "change: 1")
    (minimal_plan / "plan.yaml").write_text(with_figures_typed.replace("value: 68", "value: 70"))
    assert "Up 1 percentage point from 70% in 2023/24" in markdown(minimal_plan)

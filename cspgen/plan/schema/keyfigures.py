"""Key figures: the headline numbers of a plan's evidence, with no baseline or target.

"1,240 domestic-abuse crimes, 11.7 per 1,000 people, up 5% on 2021/22" or "34.9 crimes per
1,000 people, the third lowest of 15 similar areas". A rate and a change are computed from the
figures they come from when those are given, and checked when the plan types them as well.
The figures themselves may be typed or read from a performance pack (`data`); what each means
(its label, unit, period, rank) is always said here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from cspgen.plan.schema.data import DataFile
from cspgen.plan.schema.types import Label, Line, Name, Number, Percentage, PlainText, Strict, invalid_at

DEFAULT_RATE_PER = 1000  # crime rates in England and Wales are published per 1,000 people


class PreviousFigure(Strict):
    period: Label = Field(description="The earlier year or period, e.g. `2021/22`.")
    value: Number | None = Field(
        None,
        description="The figure in that period, e.g. `1181`. With it, cspgen computes the change; "
        "without it, give the published `change`. Left out when the block's `data` file holds it.",
    )


class Rank(Strict):
    position: int = Field(ge=1, description="The area's place in the ranking, e.g. `3`.")
    of: int = Field(ge=1, description="How many areas are ranked, e.g. `15`.")
    order: Literal["lowest", "highest"] = Field(
        description="Which end `position` counts from: `lowest` (1 is the lowest figure) or `highest`."
    )
    among: Line | None = Field(
        None, description="What the areas are, e.g. `similar areas` or `districts in the county`."
    )

    @model_validator(mode="after")
    def _within_the_ranking(self) -> Rank:
        if self.position > self.of:
            raise ValueError(f"rank position {self.position} is beyond the {self.of} areas ranked")
        return self


class KeyFigure(Strict):
    label: PlainText = Field(description="What is counted, e.g. `Domestic abuse crimes`.")
    value: Number | None = Field(
        None,
        description="The figure, e.g. `1240` (no thousands commas). Left out when the block's `data` "
        "file holds it.",
    )
    row: Name | None = Field(
        None,
        description="With a `data` file: the figure's name in the file, when it differs from `label`, "
        "e.g. `DA flagged crimes`.",
    )
    unit: Line | None = Field(
        None, description="What the figure counts, written after it, e.g. `crimes` or `%`."
    )
    period: Label | None = Field(None, description="The year or period the figure is for, e.g. `2022/23`.")
    population: Number | None = Field(
        None,
        gt=0,
        description="The population the figure is for, e.g. `106000`. With it, cspgen computes the "
        "rate per `rate_per` people.",
    )
    rate_per: int = Field(
        DEFAULT_RATE_PER,
        ge=1,
        description="The rate is given per this many people: `1000` unless you say otherwise.",
    )
    rate: Number | None = Field(
        None,
        description="The rate per `rate_per` people, as published, e.g. `11.7`. Leave it out to have "
        "it computed from `population`; a typed rate is checked against the computed one.",
    )
    previous: PreviousFigure | None = Field(
        None, description="The same figure for an earlier period, to show the change from it."
    )
    change: Percentage | None = Field(
        None,
        description="Percentage change from `previous`, as published, e.g. `5` or `-3.2`; for a figure "
        "whose `unit` is `%`, the change in percentage points (71% from 68% is `3`). Leave it out "
        "to have it computed from `previous.value`; a typed change is checked against the computed one.",
    )
    rank: Rank | None = Field(None, description="Where the area ranks among others on this figure.")
    note: Line | None = Field(None, description="Anything a reader needs to know about the figure.")

    @model_validator(mode="after")
    def _comparisons_have_their_sources(self) -> KeyFigure:
        # By value, not by whether it was written: plan.json, which writes every default, loads back.
        if self.rate_per != DEFAULT_RATE_PER and self.population is None and self.rate is None:
            raise ValueError("`rate_per` needs a `population` to compute the rate from, or a typed `rate`")
        if self.change is not None and self.previous is None:
            raise ValueError("`change` needs `previous` with at least its `period`: the change since when?")
        return self


class KeyFigures(Strict):
    figures: list[KeyFigure] = Field(min_length=1, description="The figures, in the order they are shown.")
    source: Line | None = Field(None, description="Where the figures come from, shown under them.")
    data: DataFile | None = Field(
        None,
        description="Read the figures from a CSV or XLSX file in the plan folder, such as a performance "
        "pack, one row a figure: each figure is found by its `label` (or `row`) in the file's `Figure` "
        "column, its value in `Value`, `previous.value` in `Previous` (for a figure with `previous`) "
        "and `population` in `Population` (when the file has that column). `columns` names these "
        "headings, in that order, when the file's differ, e.g. `[Measure, 2023/24, 2022/23]`. Rows "
        "no figure names are left out, so the file may hold a whole pack.",
    )

    @model_validator(mode="after")
    def _every_figure_has_its_value(self) -> KeyFigures:
        # Only typed figures are judged here: the data stage reads and checks the others.
        if self.data is not None:
            return self
        for index, figure in enumerate(self.figures):
            if figure.value is None:
                raise invalid_at(
                    ("figures", index, "value"),
                    "required field `value` is missing: type the figure, or read the block's figures "
                    "from a `data` file",
                    "missing-field",
                )
            if figure.row is not None:
                raise invalid_at(
                    ("figures", index, "row"),
                    "`row` names the figure's row in a `data` file, and the block has none",
                )
            if figure.previous and figure.previous.value is None and figure.change is None:
                raise invalid_at(
                    ("figures", index, "previous"),
                    "`previous` needs its `value`, or the published `change` from it, to show",
                )
        return self


class KeyFiguresBlock(Strict):
    key_figures: KeyFigures = Field(
        description="Headline figures with their rate, rank or change, for evidence that has no target."
    )

"""What a plan's chapters hold: blocks of Markdown, tables, charts, contacts and images, in sections."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from cspgen.plan.schema.data import DataFile
from cspgen.plan.schema.keyfigures import KeyFiguresBlock
from cspgen.plan.schema.types import (
    Cell,
    Label,
    Line,
    Markdown,
    Name,
    Number,
    PlainText,
    Slug,
    Strict,
)


class Column(Strict):
    label: PlainText = Field(description="Column heading, as the reader sees it.")
    type: Literal["text", "number", "percent", "money"] = Field(
        "text",
        description="What the cells hold. `number`, `percent` and `money` cells are right-aligned. "
        "Write a `percent` cell as a number without the % sign (`83`, not `83%`): cspgen adds the "
        "sign, and only numbers are computed and checked, so `83%` is warned about.",
    )
    total: bool = Field(
        False,
        description="Add this column up in a computed total row at the foot of the table. "
        "Only for `number` and `money` columns: percentages of different wholes do not add up, "
        "so a `percent` column with `total: true` is an error. A row whose first cell is the "
        "`total_label` is taken as the published total and checked against the computed one.",
    )
    sum_of: list[Name] = Field(
        default_factory=list,
        description="Labels of the columns this one adds up, row by row, e.g. `[Female, Male]`. "
        "Leave cells empty to have them computed; values you type are checked.",
    )
    share_of: list[Name] = Field(
        default_factory=list,
        max_length=2,
        min_length=0,
        description="`[part, whole]`: this column is the part as a percentage of the whole, "
        "e.g. `[Female, Total]`. Empty cells are computed; values you type are checked.",
    )


class Table(Strict):
    caption: PlainText = Field(description="What the table shows, read out first by screen readers.")
    columns: list[Column] = Field(min_length=1, description="The columns, left to right.")
    rows: list[list[Cell]] = Field(
        default_factory=list,
        description='One list per row, one value per column. Leave a cell empty with `null` or `""`. '
        "Leave `rows` out when they come from a spreadsheet (`data`).",
    )
    data: DataFile | None = Field(
        None, description="Read the rows from a CSV or XLSX file in the plan folder instead of `rows`."
    )
    row_headers: bool = Field(
        True, description="The first cell of each row names the row (it becomes a row header)."
    )
    total_label: Line = Field("Total", description="Label of the computed total row, if any.")
    source: Line | None = Field(None, description="Where the figures come from, shown under the table.")

    @model_validator(mode="after")
    def _rows_fit_columns(self) -> Table:
        for index, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"row {index + 1} has {len(row)} cells but the table has {len(self.columns)} columns"
                )
        labels = [column.label for column in self.columns]
        for column in self.columns:
            for name in (*column.sum_of, *column.share_of):
                if name not in labels:
                    raise ValueError(
                        f"column {column.label!r} refers to {name!r}, which is not a column label"
                    )
            if column.share_of and len(column.share_of) != 2:
                raise ValueError(f"column {column.label!r}: share_of needs two labels, [part, whole]")
            if (column.sum_of or column.share_of or column.total) and column.type == "text":
                raise ValueError(
                    f"column {column.label!r} is computed or totalled, so it needs a number type"
                )
        return self


class TableBlock(Strict):
    table: Table = Field(description="A data table.")


class Series(Strict):
    label: PlainText = Field(description="Name of the series, e.g. `All crime`.")
    values: list[Number | None] = Field(
        default_factory=list,
        description="One value per category, in the order of `categories`; `null` when not known. "
        "Left out when the chart's figures come from a spreadsheet (`data`).",
    )


class Chart(Strict):
    title: PlainText = Field(description="What the chart shows.")
    kind: Literal["bar", "line"] = Field("bar", description="Bar chart or line chart.")
    categories: list[Label] = Field(
        default_factory=list,
        description="The labels along the axis, e.g. years or crime types. "
        "Left out when the chart's figures come from a spreadsheet (`data`).",
    )
    series: list[Series] = Field(min_length=1, description="One or more sets of values.")
    unit: Line | None = Field(None, description="Unit of the values, e.g. `crimes` or `%`.")
    category_label: PlainText = Field(
        "Category", description="Heading of the categories in the data table, e.g. `Year`."
    )
    source: Line | None = Field(None, description="Where the figures come from.")
    data: DataFile | None = Field(
        None,
        description="Read the categories and the series' values from a CSV or XLSX file in the plan "
        "folder: one column of categories, one column per series.",
    )

    @model_validator(mode="after")
    def _series_fit_categories(self) -> Chart:
        if self.data is not None:
            return self
        if not self.categories:
            raise ValueError("a chart needs its `categories`, or a `data` file to read them from")
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"series {series.label!r} has {len(series.values)} values but there are "
                    f"{len(self.categories)} categories"
                )
        return self


class ChartBlock(Strict):
    chart: Chart = Field(description="A chart drawn from figures, with its data table beside it.")


class Contact(Strict):
    name: PlainText = Field(description="Person or team.")
    role: Line | None = Field(None, description="Job title.")
    address: list[Line] = Field(default_factory=list, description="Address, one line per item.")
    phone: Line | None = Field(None, description="Telephone number.")
    email: Line | None = Field(None, description="Email address.")


class ContactsBlock(Strict):
    contacts: list[Contact] = Field(min_length=1, description="People to contact.")


class Image(Strict):
    file: str = Field(
        min_length=1,
        description="The picture's file, a PNG or JPEG inside the plan folder, written relative to it, "
        "e.g. `images/ward-map.png`.",
    )
    alt: PlainText | None = Field(
        None,
        description="What the picture shows, for readers who cannot see it: say what a sighted reader "
        "learns from it. Required unless the picture is `decorative`.",
    )
    decorative: bool = Field(
        False,
        description="`true` for an ornament that tells the reader nothing; screen readers skip it. "
        "Then leave out `alt`.",
    )
    caption: Line | None = Field(
        None, description="Shown under the picture, e.g. `Recorded crime by ward, 2023`."
    )
    source: Line | None = Field(None, description="Where the picture or its figures come from.")

    @model_validator(mode="after")
    def _alt_or_decorative(self) -> Image:
        if self.decorative and self.alt is not None:
            raise ValueError("a decorative picture has no `alt`: remove `alt`, or `decorative: true`")
        if not self.decorative and self.alt is None:
            raise ValueError(
                "a picture needs `alt`, saying what it shows; an ornament says `decorative: true` instead"
            )
        return self


class ImageBlock(Strict):
    image: Image = Field(description="A picture from a file in the plan folder: a map, a structure chart.")


def _block_tag(value: Any) -> str | None:
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        for key in ("table", "chart", "contacts", "key_figures", "image"):
            if key in value:
                return key
    return None


Block = Annotated[
    Annotated[Markdown, Tag("text")]
    | Annotated[TableBlock, Tag("table")]
    | Annotated[ChartBlock, Tag("chart")]
    | Annotated[ContactsBlock, Tag("contacts")]
    | Annotated[KeyFiguresBlock, Tag("key_figures")]
    | Annotated[ImageBlock, Tag("image")],
    Discriminator(
        _block_tag,
        custom_error_type="block_kind",
        custom_error_message="a block is Markdown text, or a mapping with one key: "
        "`table`, `chart`, `contacts`, `key_figures` or `image`",
    ),
]


def _content_tag(value: Any) -> str:
    return "blocks" if isinstance(value, list) else "text"


Content = Annotated[
    Annotated[Markdown, Tag("text")] | Annotated[list[Block], Tag("blocks")],
    Discriminator(_content_tag),
    Field(
        description="Markdown text, or a list of blocks: Markdown text, `table:`, `chart:`, "
        "`contacts:`, `key_figures:` or `image:` in the order they appear."
    ),
]


def blocks_of(content: str | list[Any]) -> list[Any]:
    return [content] if isinstance(content, str) else list(content)


# --- sections ----------------------------------------------------------------


class Section(Strict):
    title: PlainText = Field(description="Heading of the section.")
    id: Slug | None = Field(
        None,
        description="Stable anchor for links (lower-case words joined by hyphens). "
        "Derived from the title when left out.",
    )
    content: Content = Field("", description="What the section says.")
    subsections: list[Section] = Field(
        default_factory=list, description="Sections inside this one, with headings one level down."
    )
    new_page: bool | None = Field(
        None,
        description="In the PDF and Word file, `true` starts this section on a new page and `false` "
        "lets it follow on. Left out, a chapter follows on from the one before and an appendix "
        "starts a new page.",
    )


GeneratedPart = Literal[
    "priorities",
    "action-plan",
    "measures",
    "assessment",
    "definitions",
    "glossary",
    "foreword",
    "partners",
    "law",
]


class Generated(Strict):
    generated: GeneratedPart = Field(
        description="Place a part that cspgen writes from the other files here: "
        "`priorities` (summary of priorities), `action-plan`, `measures` (how success is "
        "measured), `assessment` (risk and threat matrix), `definitions`, `glossary`, "
        "`foreword` (the foreword of plan.yaml), `partners` (the partnership and its members) or "
        "`law` (how this plan meets the law: each duty in force, whether the plan shows it, and where)."
    )
    title: Line | None = Field(None, description="Heading to use instead of the default.")
    id: Slug | None = Field(None, description="Anchor to use instead of the default.")
    intro: Markdown | None = Field(None, description="Text shown under the heading, before the part.")
    new_page: bool | None = Field(
        None,
        description="In the PDF and Word file, `true` starts this part on a new page and `false` lets "
        "it follow on. Left out, the action plan, the risk and threat assessment and any appendix "
        "start a new page; the other parts follow on.",
    )


def _part_tag(value: Any) -> str:
    """From YAML a mapping, from plan.json's dump a model: either way a `generated:` part is Generated."""
    if isinstance(value, Generated):
        return "generated"
    return "generated" if isinstance(value, dict) and "generated" in value else "section"


Part = Annotated[
    Annotated[Section, Tag("section")] | Annotated[Generated, Tag("generated")],
    Discriminator(_part_tag),
]


SLUG_WORDS = re.compile(r"[a-z0-9]+")


def slugify(text: str) -> str:
    return "-".join(SLUG_WORDS.findall(text.lower())) or "section"

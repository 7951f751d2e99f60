"""The plan format: pydantic models that are the single source of truth.

JSON Schema (`cspgen schema`), the field reference (`cspgen docs`) and editor
completion are all generated from these classes, so every field carries a
description written for a community safety officer.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

Markdown = Annotated[
    str,
    Field(
        description="Text in Markdown: blank lines between paragraphs, `- ` for bullets, "
        "`**bold**`, `*italic*`, `[text](https://…)` for links. Raw HTML is shown as text."
    ),
]


def _one_line(value: Any) -> Any:
    """A title or name is one line wherever it lands: a line break or run of spaces in it
    (`\\r`, a tab, U+2028) could start a heading, rule or code block in Markdown."""
    return " ".join(value.split()) if isinstance(value, str) else value


Line = Annotated[str, BeforeValidator(_one_line)]
PlainText = Annotated[Line, Field(min_length=1)]


def _year_as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Label = Annotated[
    Line,
    BeforeValidator(_year_as_text),
    Field(min_length=1, description="A short label; a bare year such as `2024` is fine."),
]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]

PUBLISHED_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"


def _a_real_date(value: str) -> str:
    """The pattern lets 2021-02-30 through; the calendar does not."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        try:
            datetime.date(*parts)
        except ValueError:
            raise ValueError(f"{value} is not a date in the calendar") from None
    return value


class Strict(BaseModel):
    """Unknown fields are errors: a typo must never vanish silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- blocks of content -------------------------------------------------------


class Column(Strict):
    label: PlainText = Field(description="Column heading, as the reader sees it.")
    type: Literal["text", "number", "percent", "money"] = Field(
        "text",
        description="What the cells hold. `number`, `percent` and `money` cells are "
        "right-aligned and can be totalled; `percent` cells are written without the % sign.",
    )
    total: bool = Field(
        False,
        description="Add this column up in a computed total row at the foot of the table. "
        "Only for `number` and `money` columns. A row whose first cell is the `total_label` "
        "is taken as the published total and checked against the computed one.",
    )
    sum_of: list[PlainText] = Field(
        default_factory=list,
        description="Labels of the columns this one adds up, row by row, e.g. `[Female, Male]`. "
        "Leave cells empty to have them computed; values you type are checked.",
    )
    share_of: list[PlainText] = Field(
        default_factory=list,
        max_length=2,
        min_length=0,
        description="`[part, whole]`: this column is the part as a percentage of the whole, "
        "e.g. `[Female, Total]`. Empty cells are computed; values you type are checked.",
    )


MAX_FIGURE = 10**15  # beyond any figure a plan reports, and still exact as a float


def _a_figure(value: float | int) -> float | int:
    """Infinity, NaN and astronomic values are typos or attacks; no chart or total can show them."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"`{value}` is not a number a plan can show")
    if abs(value) >= MAX_FIGURE:
        raise ValueError(f"the number is too large; figures must be below {MAX_FIGURE:,}")
    return value


Number = Annotated[float | int, AfterValidator(_a_figure)]
Cell = str | Number | None


class Table(Strict):
    caption: PlainText = Field(description="What the table shows, read out first by screen readers.")
    columns: list[Column] = Field(min_length=1, description="The columns, left to right.")
    rows: list[list[Cell]] = Field(
        default_factory=list,
        description='One list per row, one value per column. Leave a cell empty with `null` or `""`.',
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
        description="One value per category, in the order of `categories`; `null` when not known."
    )


class Chart(Strict):
    title: PlainText = Field(description="What the chart shows.")
    kind: Literal["bar", "line"] = Field("bar", description="Bar chart or line chart.")
    categories: list[Label] = Field(
        min_length=1, description="The labels along the axis, e.g. years or crime types."
    )
    series: list[Series] = Field(min_length=1, description="One or more sets of values.")
    unit: Line | None = Field(None, description="Unit of the values, e.g. `crimes` or `%`.")
    category_label: PlainText = Field(
        "Category", description="Heading of the categories in the data table, e.g. `Year`."
    )
    source: Line | None = Field(None, description="Where the figures come from.")

    @model_validator(mode="after")
    def _series_fit_categories(self) -> Chart:
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


def _block_tag(value: Any) -> str | None:
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        for key in ("table", "chart", "contacts"):
            if key in value:
                return key
    return None


Block = Annotated[
    Annotated[Markdown, Tag("text")]
    | Annotated[TableBlock, Tag("table")]
    | Annotated[ChartBlock, Tag("chart")]
    | Annotated[ContactsBlock, Tag("contacts")],
    Discriminator(
        _block_tag,
        custom_error_type="block_kind",
        custom_error_message="a block is Markdown text, or a mapping with one key: "
        "`table`, `chart` or `contacts`",
    ),
]


def _content_tag(value: Any) -> str:
    return "blocks" if isinstance(value, list) else "text"


Content = Annotated[
    Annotated[Markdown, Tag("text")] | Annotated[list[Block], Tag("blocks")],
    Discriminator(_content_tag),
    Field(
        description="Markdown text, or a list of blocks: Markdown text, `table:`, `chart:` "
        "or `contacts:` in the order they appear."
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


GeneratedPart = Literal["priorities", "action-plan", "measures", "assessment", "definitions", "glossary"]


class Generated(Strict):
    generated: GeneratedPart = Field(
        description="Place a part that cspgen writes from the other files here: "
        "`priorities` (summary of priorities), `action-plan`, `measures` (how success is "
        "measured), `assessment` (risk and threat matrix), `definitions` or `glossary`."
    )
    title: Line | None = Field(None, description="Heading to use instead of the default.")
    id: Slug | None = Field(None, description="Anchor to use instead of the default.")
    intro: Markdown | None = Field(None, description="Text shown under the heading, before the part.")


def _part_tag(value: Any) -> str:
    return "generated" if isinstance(value, dict) and "generated" in value else "section"


Part = Annotated[
    Annotated[Section, Tag("section")] | Annotated[Generated, Tag("generated")],
    Discriminator(_part_tag),
]


# --- plan.yaml ----------------------------------------------------------------


class Partner(Strict):
    id: PlainText = Field(
        description="Short name used for this partner in `lead:` fields, e.g. `Police` or `BDC`."
    )
    name: PlainText = Field(description="Full name, e.g. `Ashfield District Council`.")
    statutory: bool = Field(
        False, description="A responsible authority under the Crime and Disorder Act 1998."
    )


class Partnership(Strict):
    name: PlainText = Field(
        description="Name of the partnership, e.g. `Ashfield Community Safety Partnership`."
    )
    partners: list[Partner] = Field(
        default_factory=list,
        description="Organisations, teams and roles that can lead actions.",
    )
    address: list[Line] = Field(default_factory=list, description="Postal address, one line per item.")

    @field_validator("partners")
    @classmethod
    def _unique_ids(cls, partners: list[Partner]) -> list[Partner]:
        seen: set[str] = set()
        for partner in partners:
            if partner.id in seen:
                raise ValueError(f"partner id {partner.id!r} is listed twice")
            seen.add(partner.id)
        return partners


class Period(Strict):
    start: int = Field(ge=1998, le=2100, description="First year the plan covers, e.g. `2020`.")
    end: int = Field(ge=1998, le=2100, description="Last year the plan covers, e.g. `2023`.")

    @model_validator(mode="after")
    def _in_order(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self


class Signatory(Strict):
    name: PlainText = Field(description="Who signs the foreword.")
    role: Line | None = Field(None, description="Their role, e.g. `Chair of the Partnership`.")


class Foreword(Strict):
    title: PlainText = Field("Foreword", description="Heading of the foreword.")
    content: Content = Field(description="The foreword itself.")
    signatory: Signatory | None = Field(None, description="Who signs it.")


class Columns(Strict):
    theme: PlainText = Field("Theme", description="Heading of the theme column.")
    due: PlainText = Field("Due", description="Heading of the column for when actions are due.")
    objective: PlainText = Field("Objective", description="Heading of the objective column.")
    action: PlainText = Field("Action", description="Heading of the action column.")
    lead: PlainText = Field("Lead", description="Heading of the lead partner column.")
    progress: PlainText = Field("Progress", description="Heading of the progress column.")


class ActionPlanSettings(Strict):
    columns: Columns = Field(
        default_factory=Columns,
        description="Column headings of the action plan tables, in your plan's own words.",
    )


OutputFormat = Literal["html", "md", "pdf", "docx"]


def _web_formats() -> list[OutputFormat]:
    return ["html", "md"]


class Plan(Strict):
    title: PlainText = Field(
        description="Full title, e.g. `Ashfield Community Safety Partnership Plan 2024–2027`."
    )
    subtitle: Line | None = Field(None, description="Strapline shown under the title.")
    kind: Literal["partnership-plan", "community-safety-agreement", "prioritisation", "strategy"] = Field(
        "partnership-plan",
        description="What sort of document this is: a district `partnership-plan`, a county "
        "`community-safety-agreement`, a risk and threat `prioritisation`, or another `strategy`.",
    )
    partnership: Partnership = Field(description="Who publishes the plan.")
    shared: list[Slug] = Field(
        default_factory=list,
        description="Shared folders under `plans/_shared/` whose `partners.yaml`, `glossary.yaml` and "
        "`definitions.yaml` this plan uses, e.g. `[nottinghamshire]`. The plan's own entries win.",
    )
    area: PlainText = Field(description="The area covered, e.g. `Ashfield district`.")
    period: Period = Field(description="The years the plan covers.")
    revision: Line | None = Field(None, description="Which refresh this is, e.g. `2010 update`.")
    formats: list[OutputFormat] = Field(
        default_factory=_web_formats,
        description="What `cspgen build` writes unless told otherwise with `--format`: `html` "
        "(index.html), `md` (plan.md), `pdf` (plan.pdf, tagged PDF/UA) and `docx` (plan.docx).",
    )
    expand_acronyms: bool = Field(
        True,
        description="Write each acronym out in full the first time it appears (WCAG technique G102). "
        "Set to `false` for a transcription of an approved document whose wording must not change: "
        "every use is then marked with its expansion and linked to the glossary instead.",
    )
    allow_acronyms: list[PlainText] = Field(
        default_factory=list,
        description="Words in capitals that are not acronyms needing expansion, e.g. place names "
        "written in capitals or `COVID`. Every other acronym must be in the glossary.",
    )
    published: Annotated[str, AfterValidator(_a_real_date)] | None = Field(
        None,
        pattern=PUBLISHED_PATTERN,
        description="Publication date as `YYYY-MM` or `YYYY-MM-DD`, e.g. `2021-03`.",
    )
    status: Literal["draft", "published"] = Field(
        "draft", description="`draft` until the committee has approved it, then `published`."
    )
    foreword: Foreword | None = Field(None, description="Foreword, usually by the chair.")
    sections: list[Part] = Field(
        default_factory=list,
        description="The chapters in reading order. Put `- generated: priorities`, "
        "`- generated: action-plan`, `- generated: measures`, `- generated: assessment`, "
        "`- generated: definitions` and `- generated: glossary` where those parts belong; "
        "any left out are added at the end when they have something to show.",
    )
    appendices: list[Part] = Field(default_factory=list, description="Appendices, after the chapters.")
    action_plan: ActionPlanSettings = Field(
        default_factory=ActionPlanSettings,
        description="How the action plan is laid out.",
    )


def _as_list(value: Any) -> Any:
    """A single lead may be written without list brackets."""
    return [value] if isinstance(value, str) else value


# --- priorities/NN-slug.yaml ----------------------------------------------------


class Update(Strict):
    period: Label = Field(description="When the update was written, e.g. `2020-21` or `2021-03`.")
    status: Literal["written", "to-write"] = Field(
        "written",
        description="`to-write` while the update still has to be written (`cspgen rollover` opens each "
        "new year this way); `cspgen validate` warns until the text is written and this line removed.",
    )
    text: Markdown = Field(description="What happened: progress, outcomes and statistical evidence.")


class Action(Strict):
    id: Slug | None = Field(None, description="Stable id, so the action is recognised if it is reworded.")
    title: PlainText = Field(description="What will be done.")
    lead: list[PlainText] = Field(
        default_factory=list,
        description="Partner ids (from `partnership.partners` in plan.yaml) that lead the action.",
    )
    due: Line | None = Field(None, description="When it will be done, e.g. `March 2021` or `Ongoing`.")
    progress: list[Update] = Field(default_factory=list, description="Dated progress and outcome updates.")

    _one_lead = field_validator("lead", mode="before")(lambda cls, value: _as_list(value))


class Objective(Strict):
    id: Slug | None = Field(None, description="Stable id, so the objective is recognised if it is reworded.")
    title: PlainText = Field(description="What the partnership wants to achieve.")
    theme: Line | None = Field(
        None, description="Theme within the priority, e.g. `Fraud` under acquisitive crime."
    )
    actions: list[Action] = Field(default_factory=list, description="How it will be achieved.")


class Figure(Strict):
    period: Label = Field(description="The year or period the value is for, e.g. `2009/10`.")
    value: Number = Field(description="The value.")
    note: Line | None = Field(None, description="A note on the value.")


class Measure(Strict):
    title: PlainText = Field(description="What is measured, e.g. `Reduction in ASB incidents`.")
    theme: Line | None = Field(None, description="Heading to group measures under, e.g. `Domestic Abuse`.")
    indicator: Line | None = Field(None, description="National or local indicator reference, e.g. `NI 16`.")
    direction: Literal["increase", "decrease", "maintain"] | None = Field(
        None, description="Which way counts as better."
    )
    unit: Line | None = Field(None, description="Unit of the figures, e.g. `crimes` or `%`.")
    lead: list[PlainText] = Field(
        default_factory=list, description="Partner ids responsible for the measure."
    )
    note: Markdown | None = Field(None, description="Anything a reader needs to know about the figures.")
    baseline: Figure | None = Field(None, description="Where the measure started.")
    target: Figure | None = Field(None, description="What the partnership aims for.")
    milestones: list[Figure] = Field(
        default_factory=list,
        description="Interim targets year by year before the final `target`, e.g. LAA yearly targets.",
    )
    actuals: list[Figure] = Field(default_factory=list, description="What was achieved, year by year.")
    change: Annotated[float, AfterValidator(_a_figure)] | None = Field(
        None,
        description="Percentage change from the baseline to the latest actual, as published. cspgen "
        "computes it anyway and reports a published figure that disagrees.",
    )

    _one_lead = field_validator("lead", mode="before")(lambda cls, value: _as_list(value))


class Responses(Strict):
    county: list[Markdown] = Field(
        default_factory=list, description="County-wide response, one point per item."
    )
    local: list[Markdown] = Field(default_factory=list, description="Local response, one point per item.")


class Decision(Strict):
    focus: Literal["key", "some", "operational", "none", "not-stated"] = Field(
        description="How much the partnership focuses on it: `key` area of focus, `some` focus, "
        "`operational` focus only, `none`, or `not-stated` when the decision does not say."
    )
    funding: Literal["committed", "possible", "none", "not-stated"] = Field(
        description="Whether funding is `committed`, `possible`, `none`, or `not-stated`."
    )
    notes: list[Markdown] = Field(
        default_factory=list, description="The decision in words, one point per item."
    )


class Assessment(Strict):
    strategic: Responses = Field(default_factory=Responses, description="The strategic response.")
    operational: Responses = Field(default_factory=Responses, description="The operational response.")
    decision: Decision = Field(description="What the partnership decided.")


Strand = Literal[
    "crime-and-disorder",
    "substance-misuse",
    "reoffending",
    "serious-violence",
    "community-engagement",
]


class Priority(Strict):
    title: PlainText = Field(description="The priority, e.g. `Reducing anti-social behaviour`.")
    id: Slug | None = Field(
        None,
        description="Stable id. Defaults to the file name without its number, e.g. `anti-social-behaviour`.",
    )
    label: Line | None = Field(
        None,
        description="How the priority is numbered or classed, e.g. `Cross-cutting theme`. "
        "Defaults to `Priority N` from the file number.",
    )
    group: Line | None = Field(None, description="The group that delivers it, e.g. `ASB Action Group`.")
    strands: list[Strand] = Field(
        default_factory=list,
        description="Statutory strands (Crime and Disorder Act 1998 s.6) the priority serves.",
    )
    why: Content = Field("", description="Why it is a priority: evidence from the strategic assessment.")
    objectives: list[Objective] = Field(default_factory=list, description="Objectives and their actions.")
    measures: list[Measure] = Field(default_factory=list, description="How success is measured.")
    assessment: Assessment | None = Field(
        None, description="Risk and threat assessment: strategic and operational response, and the decision."
    )


# --- glossary.yaml and definitions.yaml -------------------------------------------


REFERENCE = Field(
    False,
    description="Keep this entry although the plan's text never uses it (say, a county-wide "
    "definition printed for reference); cspgen then does not report it as unused.",
)


class GlossaryEntry(Strict):
    expansion: PlainText = Field(description="What the acronym stands for.")
    note: Markdown | None = Field(None, description="A longer explanation.")
    reference: bool = REFERENCE


def _entry_tag(value: Any) -> str:
    return "entry" if isinstance(value, dict | GlossaryEntry) else "text"


GlossaryValue = Annotated[
    Annotated[PlainText, Tag("text")] | Annotated[GlossaryEntry, Tag("entry")],
    Discriminator(_entry_tag),
    Field(description="The expansion, or `expansion:` and `note:`."),
]


class Glossary(Strict):
    terms: dict[str, GlossaryValue] = Field(
        default_factory=dict,
        description="Acronyms and terms: `ASB: Anti-Social Behaviour`.",
    )


class DefinitionEntry(Strict):
    text: Markdown = Field(description="The definition.")
    reference: bool = REFERENCE


def _definition_tag(value: Any) -> str:
    return "entry" if isinstance(value, dict | DefinitionEntry) else "text"


DefinitionValue = Annotated[
    Annotated[Markdown, Tag("text")] | Annotated[DefinitionEntry, Tag("entry")],
    Discriminator(_definition_tag),
    Field(description="The definition in Markdown, or `text:` and `reference: true`."),
]


def definition_text(value: str | DefinitionEntry) -> str:
    return value if isinstance(value, str) else value.text


def is_reference(value: object) -> bool:
    return isinstance(value, GlossaryEntry | DefinitionEntry) and value.reference


class Definitions(Strict):
    terms: dict[str, DefinitionValue] = Field(
        default_factory=dict,
        description="Terms and their definitions in Markdown: `Acquisitive crime: Crime where …`.",
    )


class SharedPartners(Strict):
    partners: list[Partner] = Field(
        default_factory=list, description="Partners shared by every plan that names this folder in `shared`."
    )


SLUG_WORDS = re.compile(r"[a-z0-9]+")


def slugify(text: str) -> str:
    return "-".join(SLUG_WORDS.findall(text.lower())) or "section"

"""plan.yaml's record of how the plan meets the law: the assessment, consultation, resources, dates.

`cspgen check` reads these to say, duty by duty, whether the plan shows it is met (docs/guide.md,
"What the law asks, checked").
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from cspgen.plan.schema.front import WebAddress
from cspgen.plan.schema.types import HELD_PATTERN, Line, Markdown, PlainText, PublishedDate, Slug, Strict

Nation = Literal["england", "wales"]
Authority = Literal["educational", "prison", "youth-custody"]
AUTHORITY_WORDS: dict[str, str] = {  # each `Authority` as a reader says it
    "educational": "educational authority",
    "prison": "prison authority",
    "youth-custody": "youth custody authority",
}


class StrategicAssessment(Strict):
    title: PlainText = Field(
        description="Its title as published, e.g. `Ashfield Strategic Assessment 2024`; when the plan "
        "gives it no title, the words the plan uses for it, e.g. `comprehensive strategic assessment`."
    )
    date: PublishedDate | None = Field(
        None,
        pattern=HELD_PATTERN,
        description="When it was completed, as `YYYY-MM` or `YYYY-MM-DD`, or `YYYY` when the plan gives "
        "only the year, e.g. `2009`.",
    )
    by: Line | None = Field(None, description="Who prepared it, e.g. `the CSP strategy group`.")


class Engagement(Strict):
    date: PublishedDate | None = Field(
        None,
        pattern=HELD_PATTERN,
        description="When it was held, as `YYYY-MM` or `YYYY-MM-DD`, or `YYYY` when only the year is "
        "known, e.g. `2014`; left out when the plan does not say.",
    )
    what: PlainText = Field(description="What it was, e.g. `Residents' survey on the draft priorities`.")


class Meeting(Engagement):
    date: PublishedDate = Field(
        pattern=HELD_PATTERN,
        description="When it was held, as `YYYY-MM` or `YYYY-MM-DD`, or `YYYY` when only the year is "
        "known, e.g. `2014`. It counts for the calendar year of its date: the law asks for one or more "
        "public meetings each year.",
    )
    what: PlainText = Field(description="What it was, e.g. `Public meeting on the plan, Clay Cross`.")


class Resources(Strict):
    statement: Markdown = Field(
        "", description="How resources will be allocated to the priorities, in your own words."
    )
    section: Slug | None = Field(
        None,
        description="Or the `id` of the section of this plan that sets them out, e.g. a money table.",
    )

    @model_validator(mode="after")
    def _something(self) -> Resources:
        if not self.statement.strip() and self.section is None:
            raise ValueError(
                "say how resources are allocated in `statement`, or name the `section` that does"
            )
        return self


class Consultee(Strict):
    authority: Authority = Field(
        description="Which kind of authority s.8(4) names: `educational`, `prison` or `youth-custody`."
    )
    name: Line = Field(description="Who it was, e.g. `Nottinghamshire County Council (education)`.")


class SeriousViolenceStrategy(Strict):
    section: Slug | None = Field(
        None, description="The `id` of the section of this plan that is the strategy, when the plan holds it."
    )
    link: WebAddress | None = Field(
        None, description="Or where the strategy is published, starting `https://`."
    )
    title: Line | None = Field(
        None, description="Its title, e.g. `Nottinghamshire Serious Violence Strategy 2024`."
    )
    consulted: list[Consultee] = Field(
        default_factory=list,
        description="The authorities consulted in preparing it, as the Police, Crime, Sentencing and "
        "Courts Act 2022 s.8(4) asks: each educational, prison and youth custody authority for the "
        "area, e.g. `[{authority: prison, name: HMP Nottingham}]`.",
    )

    @model_validator(mode="after")
    def _somewhere(self) -> SeriousViolenceStrategy:
        if self.section is None and self.link is None:
            raise ValueError("name the `section` of this plan that holds the strategy, or its `link`")
        return self

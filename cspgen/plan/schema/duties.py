"""plan.yaml's record of how the plan meets the law: the assessment, consultation, resources, dates.

`cspgen check` reads these to say, duty by duty, whether the plan shows it is met (docs/guide.md,
"What the law asks, checked").
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from cspgen.plan.schema.front import WebAddress
from cspgen.plan.schema.types import PUBLISHED_PATTERN, Line, Markdown, PlainText, PublishedDate, Slug, Strict

Nation = Literal["england", "wales"]


class StrategicAssessment(Strict):
    title: PlainText = Field(description="Its title as published, e.g. `Ashfield Strategic Assessment 2024`.")
    date: PublishedDate | None = Field(
        None, pattern=PUBLISHED_PATTERN, description="When it was completed, as `YYYY-MM` or `YYYY-MM-DD`."
    )
    by: Line | None = Field(None, description="Who prepared it, e.g. `the CSP strategy group`.")


class Engagement(Strict):
    date: PublishedDate = Field(
        pattern=PUBLISHED_PATTERN, description="When it was held, as `YYYY-MM` or `YYYY-MM-DD`."
    )
    what: PlainText = Field(description="What it was, e.g. `Residents' survey on the draft priorities`.")


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

    @model_validator(mode="after")
    def _somewhere(self) -> SeriousViolenceStrategy:
        if self.section is None and self.link is None:
            raise ValueError("name the `section` of this plan that holds the strategy, or its `link`")
        return self

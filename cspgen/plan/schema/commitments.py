"""What a priority promises in words, beside or instead of an action plan: commitments and outcomes,
and the headings the Priorities part shows them under."""

from __future__ import annotations

from pydantic import Field

from cspgen.plan.schema.types import Markdown, PlainText, Slug, Strict


class Commitment(Strict):
    id: Slug | None = Field(None, description="Stable id, so the commitment is recognised if it is reworded.")
    title: Markdown = Field(
        description="What the partnership will do, e.g. `Work with schools to teach healthy relationships`."
    )


class Outcome(Strict):
    id: Slug | None = Field(None, description="Stable id, so the outcome is recognised if it is reworded.")
    title: Markdown = Field(
        description="What the partnership expects to achieve, e.g. `More victims report abuse`."
    )


class PriorityHeadings(Strict):
    definition: PlainText = Field("What it means", description="Heading over a priority's `definition`.")
    why: PlainText = Field("Why it matters", description="Heading over a priority's `why`.")
    response: PlainText = Field("Our response", description="Heading over a priority's `response`.")
    commitments: PlainText = Field("What we will do", description="Heading over a priority's `commitments`.")
    outcomes: PlainText = Field(
        "What we expect to achieve", description="Heading over a priority's `outcomes`."
    )
    serves: PlainText = Field(
        "Police and crime plan objectives this priority serves",
        description="Heading over the police and crime plan objectives a priority `serves`, e.g. "
        "`How this helps the police and crime plan`.",
    )

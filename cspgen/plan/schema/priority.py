"""priorities/NN-slug.yaml: a priority's text, commitments, objectives, measures and risk assessment."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cspgen.plan.schema.commitments import Commitment, Outcome
from cspgen.plan.schema.content import Content
from cspgen.plan.schema.data import DataFile
from cspgen.plan.schema.types import Label, Leads, Line, Markdown, Number, Percentage, PlainText, Slug, Strict


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
    lead: Leads = Field(
        default_factory=list,
        description="Partner ids (from `partnership.partners` in plan.yaml) that lead the action.",
    )
    due: Line | None = Field(None, description="When it will be done, e.g. `March 2021` or `Ongoing`.")
    progress: list[Update] = Field(default_factory=list, description="Dated progress and outcome updates.")


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
    lead: Leads = Field(default_factory=list, description="Partner ids responsible for the measure.")
    note: Markdown | None = Field(None, description="Anything a reader needs to know about the figures.")
    baseline: Figure | None = Field(None, description="Where the measure started.")
    target: Figure | None = Field(None, description="What the partnership aims for.")
    milestones: list[Figure] = Field(
        default_factory=list,
        description="Interim targets year by year before the final `target`, e.g. LAA yearly targets.",
    )
    actuals: list[Figure] = Field(default_factory=list, description="What was achieved, year by year.")
    data: DataFile | None = Field(
        None,
        description="Read the `actuals` from a CSV or XLSX file in the plan folder, one row a period: "
        "`columns` names the period's heading and the value's (left out: `Period` and `Value`). A third "
        "column of targets (named in `columns`, or headed `Target`) gives each row's target as a "
        "milestone and the last one as the `target`; a row for a year still to come may have a target "
        "and no value yet. The `baseline` stays typed here.",
    )
    change: Percentage | None = Field(
        None,
        description="Percentage change from the baseline to the latest actual, as published. cspgen "
        "computes it anyway and reports a published figure that disagrees.",
    )


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
        "Defaults to `Priority N` from the file number (see `priority_numbering` in plan.yaml); "
        '`label: ""` shows this priority with its title alone.',
    )
    group: Line | None = Field(None, description="The group that delivers it, e.g. `ASB Action Group`.")
    strands: list[Strand] = Field(
        default_factory=list,
        description="Statutory strands (Crime and Disorder Act 1998 s.6) the priority serves.",
    )
    serves: list[Slug] = Field(
        default_factory=list,
        description="Ids of the police and crime plan objectives (`police_and_crime_plan` in plan.yaml) "
        "this priority serves, e.g. `[protect-vulnerable-people]`; the Priorities part lists them "
        "by title under the priority.",
    )
    definition: Content = Field(
        "", description="What the priority means, e.g. what counts as domestic abuse."
    )
    why: Content = Field("", description="Why it is a priority: evidence from the strategic assessment.")
    response: Content = Field("", description="The partnership's response: how it tackles the priority.")
    commitments: list[Commitment] = Field(
        default_factory=list,
        description='What the partnership will do, one item each ("We will…"), without leads or dates.',
    )
    outcomes: list[Outcome] = Field(
        default_factory=list, description="The outcomes the partnership expects, one item each."
    )
    objectives: list[Objective] = Field(default_factory=list, description="Objectives and their actions.")
    measures: list[Measure] = Field(default_factory=list, description="How success is measured.")
    assessment: Assessment | None = Field(
        None, description="Risk and threat assessment: strategic and operational response, and the decision."
    )

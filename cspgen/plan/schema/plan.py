"""plan.yaml: who publishes the plan, for where and when, and its parts in reading order."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from cspgen.plan.schema.commitments import PriorityHeadings
from cspgen.plan.schema.content import Content, Part
from cspgen.plan.schema.duties import (
    Engagement,
    Meeting,
    Nation,
    Resources,
    SeriousViolenceStrategy,
    StrategicAssessment,
)
from cspgen.plan.schema.front import AlternativeFormats, Email, Licence, Phone, WebAddress
from cspgen.plan.schema.types import PUBLISHED_PATTERN, Line, Name, PlainText, PublishedDate, Slug, Strict


class Partner(Strict):
    id: Name = Field(
        description="Short name used for this partner in `lead:` fields, e.g. `Police` or `BDC`."
    )
    name: PlainText = Field(description="Full name, e.g. `Ashfield District Council`.")
    statutory: bool = Field(
        False, description="A responsible authority under the Crime and Disorder Act 1998."
    )
    website: WebAddress | None = Field(
        None,
        description="The partner's website, starting `https://`; the partners part links its name there.",
    )


class Partnership(Strict):
    name: PlainText = Field(
        description="Name of the partnership, e.g. `Ashfield Community Safety Partnership`."
    )
    partners: list[Partner] = Field(
        default_factory=list,
        description="Organisations, teams and roles that can lead actions.",
    )
    address: list[Line] = Field(
        default_factory=list,
        description="Postal address, one line per item; shown, with the phone, email and website "
        "below, at the top of the `partners` part when you place it.",
    )
    phone: Phone | None = Field(None, description="The partnership's telephone number, e.g. `01623 450000`.")
    email: Email | None = Field(None, description="The partnership's email address.")
    website: WebAddress | None = Field(None, description="The partnership's website, starting `https://`.")

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


class PoliceObjective(Strict):
    id: Slug = Field(
        description="Short id that priorities name in `serves`, e.g. `protect-vulnerable-people`."
    )
    title: PlainText = Field(description="The objective as the police and crime plan words it.")


class PoliceAndCrimePlan(Strict):
    title: PlainText = Field(
        description="Title of the Police and Crime Commissioner's plan, e.g. "
        "`Nottinghamshire Police and Crime Plan 2021–2025`."
    )
    period: Period | None = Field(None, description="The years the police and crime plan covers.")
    objectives: list[PoliceObjective] = Field(
        min_length=1,
        description="Its objectives (or priorities), each with an `id` your priorities name in `serves`.",
    )

    @field_validator("objectives")
    @classmethod
    def _unique_ids(cls, objectives: list[PoliceObjective]) -> list[PoliceObjective]:
        seen: set[str] = set()
        for objective in objectives:
            if objective.id in seen:
                raise ValueError(f"objective id {objective.id!r} is listed twice")
            seen.add(objective.id)
        return objectives


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


OutputFormat = Literal["html", "md", "pdf", "docx", "json"]


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
        description="Shared folders under `plans/_shared/` whose `partners.yaml`, `glossary.yaml`, "
        "`definitions.yaml` and `police-and-crime-plan.yaml` this plan uses, e.g. `[nottinghamshire]`. "
        "The plan's own entries win. "
        "Every shared partner can lead actions, but only the shared glossary and definitions entries "
        "this plan's text uses are printed (and those marked `reference: true`).",
    )
    area: PlainText = Field(description="The area covered, e.g. `Ashfield district`.")
    nation: Nation = Field(
        "england",
        description="`england` or `wales`: the law differs, and `cspgen check` judges the plan by its own.",
    )
    period: Period = Field(description="The years the plan covers.")
    revision: Line | None = Field(None, description="Which refresh this is, e.g. `2010 update`.")
    police_and_crime_plan: PoliceAndCrimePlan | None = Field(
        None,
        description="The Police and Crime Commissioner's police and crime plan, which the partnership "
        "must have regard to, with its objectives; each priority names those it serves in `serves`. "
        "Its title and years are shown with the plan's details. A county can write it once for its "
        "plans, as `police-and-crime-plan.yaml` in a shared folder (only one of a plan's shared "
        "folders may hold one); a plan's own wins. `cspgen site` shows which plans serve each objective.",
    )
    formats: list[OutputFormat] = Field(
        default_factory=_web_formats,
        description="What `cspgen build` writes unless told otherwise with `--format`: `html` "
        "(index.html), `md` (plan.md), `pdf` (plan.pdf, tagged PDF/UA), `docx` (plan.docx) and `json` "
        "(plan.json, the whole plan as open data, which the web page and plan.md then link to).",
    )
    expand_acronyms: bool = Field(
        True,
        description="Write each acronym out in full the first time it appears (WCAG technique G102). "
        "Set to `false` for a transcription of an approved document whose wording must not change: "
        "every use is then marked with its expansion and linked to the glossary instead.",
    )
    allow_acronyms: list[Name] = Field(
        default_factory=list,
        description="Words in capitals that are not acronyms needing expansion, e.g. place names "
        "written in capitals or `COVID`. Every other acronym must be in the glossary.",
    )
    published: PublishedDate | None = Field(
        None,
        pattern=PUBLISHED_PATTERN,
        description="Publication date as `YYYY-MM` or `YYYY-MM-DD`, e.g. `2021-03`: shown with the "
        "plan's details and used as the creation date of the PDF and Word files. Without it, those "
        "files are dated 1 January of the period's start year, so two builds stay identical.",
    )
    status: Literal["draft", "published"] = Field(
        "draft", description="`draft` until the committee has approved it, then `published`."
    )
    alternative_formats: AlternativeFormats | None = Field(
        None,
        description="The notice that the plan is available in other formats on request, shown on "
        "the cover before the contents, with how to ask.",
    )
    licence: Licence | None = Field(
        None,
        description="The licence others may reuse the plan and its figures under, shown with the plan's "
        "details in every format, e.g. `{name: Open Government Licence v3.0, url: https://…}`.",
    )
    foreword: Foreword | None = Field(
        None,
        description="Foreword, usually by the chair. It comes first unless you place it with "
        "`- generated: foreword` in `sections`.",
    )
    sections: list[Part] = Field(
        default_factory=list,
        description="The chapters in reading order. Put `- generated: priorities`, "
        "`- generated: action-plan`, `- generated: measures`, `- generated: assessment`, "
        "`- generated: definitions` and `- generated: glossary` where those parts belong; "
        "any left out are added at the end when they have something to show. "
        "`- generated: foreword` places the foreword (first when not placed) and "
        "`- generated: partners` lists the partnership's members and `- generated: law` tells how the "
        "plan meets the law (each only where placed).",
    )
    appendices: list[Part] = Field(default_factory=list, description="Appendices, after the chapters.")
    action_plan: ActionPlanSettings = Field(
        default_factory=ActionPlanSettings,
        description="How the action plan is laid out.",
    )
    priority_numbering: bool = Field(
        True,
        description="Head each priority `Priority N: title`, N from its file number. Set to `false` "
        "for headings with the title alone; a priority's own `label` is still shown.",
    )
    strategic_assessment: StrategicAssessment | None = Field(
        None, description="The strategic assessment the priorities come from (SI 2007/1830 reg. 3)."
    )
    sent_to_pcc: PublishedDate | None = Field(
        None,
        pattern=PUBLISHED_PATTERN,
        description="When the plan (or county agreement) was sent to the police and crime commissioner, "
        "as `YYYY-MM` or `YYYY-MM-DD` (SI 2007/1830 regs 9A and 13A).",
    )
    consultation: list[Engagement] = Field(
        default_factory=list,
        description="Consultation held with people who live or work in the area, each with what it "
        "was and, when known, its date (SI 2007/1830 reg. 12), e.g. "
        "`[{date: 2024-01, what: Residents' survey on the draft priorities}]`.",
    )
    public_meetings: list[Meeting] = Field(
        default_factory=list,
        description="Public meetings held, each with its date and what it was (SI 2007/1830 reg. "
        "12(4)): the law asks for one or more in each calendar year, and `cspgen check` names each year "
        "of the period begun so far without one, e.g. `[{date: 2024-03, what: Public meeting, Clay Cross}]`.",
    )
    resources: Resources | None = Field(
        None,
        description="How resources are allocated to the priorities: a statement, or the section showing it.",
    )
    serious_violence_strategy: SeriousViolenceStrategy | None = Field(
        None,
        description="The serious violence strategy (Police, Crime, Sentencing and Courts Act 2022 s.8): "
        "a section of this plan, or a link to where it is published.",
    )
    accessibility_statement: WebAddress | None = Field(
        None,
        description="The accessibility statement of the website this plan is published on, starting `https://`.",
    )
    priority_headings: PriorityHeadings = Field(
        default_factory=PriorityHeadings,
        description="Headings over each priority's definition, why, response, commitments, "
        "outcomes and the police and crime plan objectives it serves in the Priorities part, in "
        "your plan's own words. They are shown once any priority has a definition, response, "
        "commitments or outcomes, or once this is set.",
    )


class SharedPartners(Strict):
    partners: list[Partner] = Field(
        default_factory=list, description="Partners shared by every plan that names this folder in `shared`."
    )

"""What diff compares, derived from the plan format's models rather than from a list kept by hand.

`model_changes` walks a model's `model_fields` in the order the format declares them and compares
each as a value: text, a number, yes or no, a list of them, a model of `ONE_VALUE` in its own
words (a list of such models item by item: each one added or removed), or a nested model of
`WALKED` field by field. `SEPARATE` names every field it leaves out and
says why: compared by a rule of its own (handed to `model_changes`, or applied where the items are
matched) or deliberately not at all. So a field added to a walked model is compared at once, and
one added anywhere else fails tests/test_diff_fields.py until it is given a place here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from cspgen.document.keyfigures import rank_text
from cspgen.plan import schema
from cspgen.plan.dates import format_published
from cspgen.plan.figures import format_plain
from cspgen.plan.schema.duties import AUTHORITY_WORDS
from cspgen.revisions.change import Change, Kind

Rule = Callable[[], Iterable[Change]]


def period_text(period: schema.Period) -> str:
    return f"{period.start}–{period.end}"


def signatory_text(signatory: schema.Signatory) -> str:
    return f"{signatory.name}, {signatory.role}" if signatory.role else signatory.name


def notice_text(notice: schema.AlternativeFormats) -> str:
    ways = ", ".join(way for way in (notice.phone, notice.email, notice.website) if way)
    return f"{notice.text} ({ways})"


def police_plan_text(policing: schema.PoliceAndCrimePlan) -> str:
    period = f" {period_text(policing.period)}" if policing.period else ""
    objectives = "; ".join(f"{objective.title} ({objective.id})" for objective in policing.objectives)
    return f"{policing.title}{period}, objectives: {objectives}"


def licence_text(licence: schema.Licence) -> str:
    return f"{licence.name} ({licence.url})" if licence.url else licence.name


def figure_text(figure: schema.Figure) -> str:
    note = f" ({figure.note})" if figure.note else ""
    return f"{format_plain(figure.value)} in {figure.period}{note}"


def previous_text(previous: schema.PreviousFigure) -> str:
    return (
        f"{format_plain(previous.value)} in {previous.period}"
        if previous.value is not None
        else previous.period
    )


def assessment_text(assessment: schema.StrategicAssessment) -> str:
    date = f", {format_published(assessment.date)}" if assessment.date else ""
    return assessment.title + date + (f", by {assessment.by}" if assessment.by else "")


def engagement_text(held: schema.Engagement) -> str:
    return f"{held.what} ({format_published(held.date)})" if held.date else held.what


def resources_text(resources: schema.Resources) -> str:
    section = f"set out in the section `{resources.section}`" if resources.section else ""
    return "; ".join(part for part in (" ".join(resources.statement.split()), section) if part)


def consultee_text(consultee: schema.Consultee) -> str:
    return f"{consultee.name} ({AUTHORITY_WORDS[consultee.authority]})"


def strategy_text(strategy: schema.SeriousViolenceStrategy) -> str:
    where = strategy.link or f"the section `{strategy.section}`"
    consulted = "; ".join(consultee_text(consultee) for consultee in strategy.consulted)
    text = f"{strategy.title}, {where}" if strategy.title else where
    return text + (f", consulted: {consulted}" if consulted else "")


ONE_VALUE: dict[type[BaseModel], Callable[[Any], str]] = {
    schema.Period: period_text,
    schema.Signatory: signatory_text,
    schema.Figure: figure_text,
    schema.PreviousFigure: previous_text,
    schema.Rank: rank_text,
    schema.AlternativeFormats: notice_text,
    schema.PoliceAndCrimePlan: police_plan_text,
    schema.Licence: licence_text,
    schema.StrategicAssessment: assessment_text,
    schema.Engagement: engagement_text,
    schema.Meeting: engagement_text,
    schema.Resources: resources_text,
    schema.SeriousViolenceStrategy: strategy_text,
    schema.Consultee: consultee_text,
}

WALKED: frozenset[type[BaseModel]] = frozenset(
    {
        schema.Plan,
        schema.Partnership,
        schema.ActionPlanSettings,
        schema.Columns,
        schema.PriorityHeadings,
        schema.Foreword,
        schema.Section,
        schema.Generated,
        schema.Partner,
        schema.Table,
        schema.Column,
        schema.Chart,
        schema.Priority,
        schema.Objective,
        schema.Action,
        schema.Measure,
        schema.KeyFigure,
    }
)

# How a field is named in a change when its name with spaces would not do; "" leaves the nesting's name.
LABELS: dict[tuple[type[BaseModel], str], str] = {
    (schema.Plan, "shared"): "shared folders",
    (schema.Plan, "sent_to_pcc"): "sent to the police and crime commissioner",
    (schema.Partnership, "name"): "",
    (schema.Foreword, "signatory"): "signed by",
    (schema.Priority, "group"): "delivered by",
    (schema.Priority, "strands"): "statutory strands",
}

LONG_TEXT = frozenset({(schema.Measure, "note")})  # shown as the words that changed

_MATCHED = "recognises the item when the versions are matched; a new one is told as reworded"
_IDENTITY = "an id, so the item is recognised when it is reworded; not itself something a reader sees"
_ONE_VALUE = "part of its one value, in ONE_VALUE's words"
_CONTACT = "a contact is compared whole, as one line: name, role, address, phone, email"
_PICTURE = "a picture is compared whole, as one line: its file, alt text, caption and source"
_CELLS = "a table's figures are compared cell by cell, by row name and column label"
_POINTS = "a chart's figures are compared point by point, by series label and category"
_DATA = "the figures read from the spreadsheet are compared, as typed ones are; not where they are kept"
_PROGRESS = "progress is compared by period: an update added, removed or rewritten"
_ASSESSMENT = "the assessment's rule compares each response, the focus, the funding and the decision"

SEPARATE: dict[type[BaseModel], dict[str, str]] = {
    schema.Plan: {
        "foreword": "an item of its own: added, removed, or compared field by field",
        "sections": "parts are matched one by one, nested sections among them",
        "appendices": "parts are matched one by one, as sections are",
    },
    schema.Partnership: {
        "partners": "compared in the Partners group as the plan uses them, merged with shared folders",
    },
    schema.SharedPartners: {
        "partners": "compared in the Partners group as the plan uses them, merged with the plan's own",
    },
    schema.Partner: {"id": "the key partners are matched by, and told as the partner's name"},
    schema.Foreword: {"content": "text compared as text, tables and charts figure by figure"},
    schema.Section: {
        "title": _MATCHED,
        "id": "a hint for matching, and the anchor links use; not text a reader sees",
        "content": "text compared as text, tables and charts figure by figure",
        "subsections": "matched among the parts, each named by its trail of titles",
    },
    schema.Generated: {
        "generated": "which part it is: its identity when parts are matched",
        "id": "the anchor links use; not text a reader sees",
    },
    schema.TableBlock: {"table": "tables are matched by caption and compared by their own rule"},
    schema.ChartBlock: {"chart": "charts are matched by title and compared by their own rule"},
    schema.ContactsBlock: {"contacts": "contacts are told added and removed, each as one line"},
    schema.KeyFiguresBlock: {"key_figures": "its figures are matched by label across the content's blocks"},
    schema.KeyFigures: {
        "figures": "matched by label across the content's blocks, then compared field by field",
        "source": "told as a change of each of its figures' source",
        "data": _DATA,
    },
    schema.KeyFigure: {"label": _MATCHED, "row": "where the figure is found in the block's data file"},
    schema.PreviousFigure: dict.fromkeys(("period", "value"), _ONE_VALUE),
    schema.Rank: dict.fromkeys(("position", "of", "order", "among"), _ONE_VALUE),
    schema.Contact: dict.fromkeys(("name", "role", "address", "phone", "email"), _CONTACT),
    schema.ImageBlock: {"image": "pictures are told added and removed, each as one line"},
    schema.Image: dict.fromkeys(("file", "alt", "decorative", "caption", "source"), _PICTURE),
    schema.Table: {
        "caption": _MATCHED,
        "columns": "columns are matched by label: the rest of each is compared field by field",
        "rows": _CELLS,
        "row_headers": "decides whether rows are named by their first cell or their number",
        "data": _DATA,
    },
    schema.DataFile: dict.fromkeys(("file", "sheet", "range", "columns"), _DATA),
    schema.Column: {"label": "the key columns are matched by, and the name of their cells"},
    schema.Chart: {"title": _MATCHED, "categories": _POINTS, "series": _POINTS, "data": _DATA},
    schema.Series: {"label": _POINTS, "values": _POINTS},
    schema.Period: dict.fromkeys(("start", "end"), _ONE_VALUE),
    schema.Signatory: dict.fromkeys(("name", "role"), _ONE_VALUE),
    schema.PoliceAndCrimePlan: dict.fromkeys(("title", "period", "objectives"), _ONE_VALUE),
    schema.PoliceObjective: dict.fromkeys(("id", "title"), _ONE_VALUE),
    schema.Figure: dict.fromkeys(("period", "value", "note"), _ONE_VALUE),
    schema.AlternativeFormats: dict.fromkeys(("text", "phone", "email", "website"), _ONE_VALUE),
    schema.Licence: dict.fromkeys(("name", "url"), _ONE_VALUE),
    schema.StrategicAssessment: dict.fromkeys(("title", "date", "by"), _ONE_VALUE),
    schema.Engagement: dict.fromkeys(("date", "what"), _ONE_VALUE),
    schema.Meeting: dict.fromkeys(("date", "what"), _ONE_VALUE),
    schema.Resources: dict.fromkeys(("statement", "section"), _ONE_VALUE),
    schema.SeriousViolenceStrategy: dict.fromkeys(("section", "link", "title", "consulted"), _ONE_VALUE),
    schema.Consultee: dict.fromkeys(("authority", "name"), _ONE_VALUE),
    schema.Priority: {
        "title": _MATCHED,
        "id": _IDENTITY,
        "label": "told as the priority moved from one number or class to another",
        "definition": "text compared as text, tables and charts figure by figure",
        "why": "text compared as text, tables and charts figure by figure",
        "response": "text compared as text, tables and charts figure by figure",
        "commitments": "matched within the priority by id or title: added, removed or reworded",
        "outcomes": "matched within the priority by id or title: added, removed or reworded",
        "objectives": "matched across the whole plan, so an objective moved between priorities is seen",
        "measures": "matched by title or indicator, then compared field by field",
        "assessment": "an item of its own: added, removed, or compared by its own rule",
    },
    schema.Objective: {
        "id": _IDENTITY,
        "title": _MATCHED,
        "actions": "matched across the whole plan, so an action moved between objectives is seen",
    },
    schema.Action: {
        "id": _IDENTITY,
        "title": _MATCHED,
        "lead": "told with the partners gained and lost",
        "progress": _PROGRESS,
    },
    schema.Commitment: {"id": _IDENTITY, "title": _MATCHED},
    schema.Outcome: {"id": _IDENTITY, "title": _MATCHED},
    schema.Update: dict.fromkeys(("period", "status", "text"), _PROGRESS),
    schema.Measure: {
        "title": _MATCHED,
        "milestones": "yearly figures compared by period",
        "actuals": "yearly figures compared by period",
        "data": _DATA,
    },
    schema.Assessment: dict.fromkeys(("strategic", "operational", "decision"), _ASSESSMENT),
    schema.Responses: dict.fromkeys(("county", "local"), _ASSESSMENT),
    schema.Decision: dict.fromkeys(("focus", "funding", "notes"), _ASSESSMENT),
    schema.Glossary: {"terms": "compared term by term: added, removed, or expansion and note changed"},
    schema.GlossaryEntry: {
        "expansion": "compared term by term, whichever way the entry is written",
        "note": "compared term by term, whichever way the entry is written",
        "reference": "only keeps an unused entry from being reported; not text a reader sees",
    },
    schema.Definitions: {"terms": "compared term by term: added, removed, or text changed"},
    schema.DefinitionEntry: {
        "text": "compared term by term, whichever way the entry is written",
        "reference": "only keeps an unused entry from being reported; not text a reader sees",
    },
}


def value_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int):
        return format_plain(value)
    if isinstance(value, list | tuple):
        return ", ".join(value_text(item) for item in value)
    if isinstance(value, BaseModel):
        return ONE_VALUE[type(value)](value)
    return str(value)


def field_changes(
    subject: str, name: str, label: str, old: object, new: object, **extra: Any
) -> Iterator[Change]:
    """A changed value: added when it was empty, removed when it is now empty."""
    before, after = value_text(old), value_text(new)
    if before == after:
        return
    kind: Kind = "changed" if before and after else "added" if after else "removed"
    yield Change(kind, subject, name, label, before or None, after or None, **extra)


def model_changes(
    subject: str,
    name: str,
    old: BaseModel,
    new: BaseModel,
    rules: Mapping[str, Rule] | None = None,
    prefix: str = "",
) -> Iterator[Change]:
    """Every field in the format's order; `rules` compare fields of SEPARATE in their place."""
    model = type(new)
    separate = SEPARATE.get(model, {})
    rules = rules or {}
    assert model in WALKED and type(old) is model and set(rules) <= set(separate), model
    for field in model.model_fields:
        if field in rules:
            yield from rules[field]()
        elif field not in separate:
            before, after = getattr(old, field), getattr(new, field)
            label = _label(prefix, model, field)
            if isinstance(before, BaseModel) and isinstance(after, BaseModel) and type(after) in WALKED:
                yield from model_changes(subject, name, before, after, prefix=label)
            elif _models(before) or _models(after):
                yield from item_changes(subject, name, label, before, after)
            else:
                long_text = (model, field) in LONG_TEXT
                yield from field_changes(subject, name, label, before, after, long_text=long_text)


def _models(value: object) -> bool:
    return isinstance(value, list) and any(isinstance(item, BaseModel) for item in value)


def item_changes(subject: str, name: str, label: str, old: list[Any], new: list[Any]) -> Iterator[Change]:
    """A list of ONE_VALUE models, item by item: each one no longer there removed, each new one added."""
    before, after = [value_text(item) for item in old], [value_text(item) for item in new]
    gone, came = Counter(before) - Counter(after), Counter(after) - Counter(before)
    for text in before:
        if gone[text]:
            gone[text] -= 1
            yield Change("removed", subject, name, label, text, None)
    for text in after:
        if came[text]:
            came[text] -= 1
            yield Change("added", subject, name, label, None, text)


def _label(prefix: str, model: type[BaseModel], field: str) -> str:
    own = LABELS.get((model, field), field.replace("_", " "))
    return " › ".join(part for part in (prefix, own) if part)

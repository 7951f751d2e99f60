"""Stage 2: turn loaded data into the typed plan, mapping pydantic's errors onto YAML positions."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from cspgen.diagnostics import Diagnostic, error, warning
from cspgen.plan import schema
from cspgen.plan.datacell import DataCell
from cspgen.plan.errors import diagnose
from cspgen.plan.load import LoadedPlan
from cspgen.plan.picture import ImageFile
from cspgen.plan.source import FieldPath, SourceFile

ModelT = TypeVar("ModelT", bound=BaseModel)


class Validator(Protocol):
    """Validates one file's data against a model: the model, or None and what is wrong."""

    def __call__(self, model: type[ModelT], source: SourceFile) -> tuple[ModelT | None, list[Diagnostic]]: ...


class TypedFile(NamedTuple):
    """A file and the model it validated against, which tells a walk over its data what it holds."""

    source: SourceFile
    model: type[BaseModel]


@dataclass(frozen=True)
class PriorityDoc:
    """A priority together with what its file name tells us and where it came from."""

    number: int
    id: str
    source: SourceFile
    priority: schema.Priority
    numbered: bool = True  # plan.yaml's `priority_numbering`

    @property
    def label(self) -> str:
        """The priority's own label, else `Priority N` when the plan numbers them; "" for none."""
        if self.priority.label is not None:
            return self.priority.label
        return f"Priority {self.number}" if self.numbered else ""

    @property
    def heading(self) -> str:
        return f"{self.label}: {self.priority.title}" if self.label else self.priority.title

    @property
    def reference(self) -> str:
        """How other text names the priority: by its label, or by its title when it has none."""
        return self.label or self.priority.title

    def caption(self, what: str, subject: str | None = None) -> str:
        """A table's caption: `Measures for priority 1: Fraud`, or `Measures for Fraud` unlabelled."""
        subject = subject or self.priority.title
        return f"{what} for {self.label.lower()}: {subject}" if self.label else f"{what} for {subject}"


@dataclass(frozen=True)
class PlanBundle:
    """The validated plan. Partners, glossary and definitions are merged with shared folders."""

    folder: Path
    plan: schema.Plan
    plan_source: SourceFile
    priorities: tuple[PriorityDoc, ...]
    partners: tuple[schema.Partner, ...]
    glossary: schema.Glossary
    glossary_source: SourceFile | None
    definitions: schema.Definitions
    definitions_source: SourceFile | None
    shared_files: tuple[TypedFile, ...] = ()
    images: Mapping[str, ImageFile] = field(default_factory=dict)  # by `file:` as written; plan/images.py
    police_and_crime_plan: schema.PoliceAndCrimePlan | None = None  # plan.yaml's, else a shared folder's
    # Figures read from a spreadsheet, by the YAML file and field path they stand at; plan/sheets/
    data_cells: Mapping[tuple[Path, FieldPath], DataCell] = field(default_factory=dict)
    # The day the command runs, given by the command line: the law's yearly duties are judged as of it
    # when the plan has no `published` date (plan/law/verdicts.py); None judges as of the period's end.
    today: datetime.date | None = None

    def files(self) -> Iterator[TypedFile]:
        """Every file of the plan, the shared folders' included."""
        yield from self._files_with(self.shared_files)

    def own_files(self) -> Iterator[TypedFile]:
        """The files of the plan's own folder (shared ones are the county's business)."""
        yield from self._files_with(())

    def _files_with(self, shared: tuple[TypedFile, ...]) -> Iterator[TypedFile]:
        yield TypedFile(self.plan_source, schema.Plan)
        for doc in self.priorities:
            yield TypedFile(doc.source, schema.Priority)
        yield from shared
        if self.glossary_source is not None:
            yield TypedFile(self.glossary_source, schema.Glossary)
        if self.definitions_source is not None:
            yield TypedFile(self.definitions_source, schema.Definitions)


def model_plan(
    loaded: LoadedPlan, check: Validator | None = None
) -> tuple[PlanBundle | None, list[Diagnostic]]:
    """`check` validates one file (default `validate`): `cspgen serve` passes one that remembers."""
    check = check or validate
    plan, found = check(schema.Plan, loaded.plan)
    diagnostics = list(found)
    numbered = plan.priority_numbering if plan is not None else True
    priorities: list[PriorityDoc] = []
    for item in loaded.priorities:
        priority, found = check(schema.Priority, item.source)
        diagnostics += found
        if priority is not None:
            doc_id = priority.id or item.slug
            priorities.append(PriorityDoc(item.number, doc_id, item.source, priority, numbered))
    glossary, found_glossary = _optional(schema.Glossary, loaded.glossary, check)
    definitions, found_definitions = _optional(schema.Definitions, loaded.definitions, check)
    shared, found_shared = _shared(loaded, check)
    diagnostics += [*found_glossary, *found_definitions, *found_shared]
    if plan is None or glossary is None or definitions is None or shared is None or diagnostics:
        return None, diagnostics
    partners: dict[str, schema.Partner] = {}
    shared_terms: dict[str, schema.GlossaryValue] = {}
    shared_definitions: dict[str, schema.DefinitionValue] = {}
    policing, found_policing = _police_and_crime_plan(plan, loaded, shared)
    for shared_partners, shared_glossary, shared_defs, _ in shared:
        partners.update((partner.id, partner) for partner in shared_partners.partners)
        shared_terms.update(shared_glossary.terms)
        shared_definitions.update(shared_defs.terms)
    partners.update((partner.id, partner) for partner in plan.partnership.partners)
    bundle = PlanBundle(
        folder=loaded.folder,
        plan=plan,
        plan_source=loaded.plan,
        priorities=tuple(priorities),
        partners=tuple(partners.values()),
        glossary=schema.Glossary(terms={**shared_terms, **glossary.terms}),
        glossary_source=loaded.glossary,
        definitions=schema.Definitions(terms={**shared_definitions, **definitions.terms}),
        definitions_source=loaded.definitions,
        shared_files=tuple(
            TypedFile(source, model)
            for folder in loaded.shared
            for source, model in (
                (folder.partners, schema.SharedPartners),
                (folder.glossary, schema.Glossary),
                (folder.definitions, schema.Definitions),
                (folder.police_and_crime_plan, schema.PoliceAndCrimePlan),
            )
            if source is not None
        ),
        police_and_crime_plan=policing,
    )
    return bundle, [*found_policing, *_conflicts(glossary, shared_terms, loaded.glossary)]


_Shared = tuple[schema.SharedPartners, schema.Glossary, schema.Definitions, schema.PoliceAndCrimePlan | None]


def _shared(loaded: LoadedPlan, check: Validator) -> tuple[list[_Shared] | None, list[Diagnostic]]:
    """Each shared folder's partners, glossary and definitions, or None if any is invalid."""
    shared: list[_Shared] = []
    diagnostics: list[Diagnostic] = []
    for folder in loaded.shared:
        partners, found_partners = _optional(schema.SharedPartners, folder.partners, check)
        glossary, found_glossary = _optional(schema.Glossary, folder.glossary, check)
        definitions, found_definitions = _optional(schema.Definitions, folder.definitions, check)
        policing, found_policing = (
            check(schema.PoliceAndCrimePlan, folder.police_and_crime_plan)
            if folder.police_and_crime_plan is not None
            else (None, [])
        )
        diagnostics += [*found_partners, *found_glossary, *found_definitions, *found_policing]
        if partners is not None and glossary is not None and definitions is not None:
            shared.append((partners, glossary, definitions, policing))
    return (None if diagnostics else shared), diagnostics


def _police_and_crime_plan(
    plan: schema.Plan, loaded: LoadedPlan, shared: list[_Shared]
) -> tuple[schema.PoliceAndCrimePlan | None, list[Diagnostic]]:
    """The plan's own police and crime plan, else the one its shared folders hold.

    A partnership has regard to the police and crime plan of its own police area, so two shared
    folders holding one leave cspgen unable to tell which applies: an error at the second, naming both.
    """
    if plan.police_and_crime_plan is not None:
        return plan.police_and_crime_plan, []
    holding = {
        folder.name: (folder.police_and_crime_plan, policing)
        for folder, (*_, policing) in zip(loaded.shared, shared, strict=True)
        if folder.police_and_crime_plan is not None and policing is not None
    }
    if not holding:
        return None, []
    (first_name, (first_file, first)), *others = holding.items()
    found = []
    for name, (file, _) in others:
        index = plan.shared.index(name)
        where = loaded.plan.position(("shared", index))
        found.append(
            error(
                loaded.plan.path,
                where.line,
                where.column,
                "police-plan-shared-twice",
                f"the shared folders `{first_name}` and `{name}` each hold a police and crime plan "
                f"({os.path.normpath(first_file.path)} and {os.path.normpath(file.path)}); a partnership "
                "has regard to the one for its police area: keep it in one shared folder, or give this "
                "plan its own `police_and_crime_plan`",
                f"shared[{index}]",
            )
        )
    return first, found


def _optional(
    model: type[ModelT], source: SourceFile | None, check: Validator
) -> tuple[ModelT | None, list[Diagnostic]]:
    """A file that may be absent: absent means empty."""
    return check(model, source) if source is not None else (model(), [])


def expansion(value: schema.GlossaryValue) -> str:
    return value if isinstance(value, str) else value.expansion


def _conflicts(
    own: schema.Glossary, shared: dict[str, schema.GlossaryValue], source: SourceFile | None
) -> list[Diagnostic]:
    """Two expansions of one acronym confuse readers: the plan's own wins, and we say so."""
    found = []
    for term, value in own.terms.items():
        if term in shared and expansion(shared[term]).casefold() != expansion(value).casefold():
            assert source is not None
            where = source.position(("terms", term), key=True)
            found.append(
                warning(
                    source.path,
                    where.line,
                    where.column,
                    "glossary-conflict",
                    f"`{term}` is `{expansion(value)}` here but `{expansion(shared[term])}` in a shared "
                    "glossary; this plan's expansion is used",
                    f"terms.{term}",
                )
            )
    return found


def validate(model: type[ModelT], source: SourceFile) -> tuple[ModelT | None, list[Diagnostic]]:
    try:
        return model.model_validate(source.data), []
    except ValidationError as problem:
        return None, diagnose(model, source, problem.errors(include_url=False))

"""Stage 2: turn loaded data into the typed plan, mapping pydantic's errors onto YAML positions."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

from pydantic import BaseModel, Tag, ValidationError
from pydantic_core import ErrorDetails

from cspgen.diagnostics import Diagnostic, error, warning
from cspgen.plan import schema
from cspgen.plan.datacell import DataCell
from cspgen.plan.load import LoadedPlan
from cspgen.plan.picture import ImageFile
from cspgen.plan.source import FieldPath, SourceFile, format_path
from cspgen.plan.walk import field_type

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
    # Figures read from a spreadsheet, by the YAML file and field path they stand at; plan/sheets/
    data_cells: Mapping[tuple[Path, FieldPath], DataCell] = field(default_factory=dict)

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
    for shared_partners, shared_glossary, shared_defs in shared:
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
            )
            if source is not None
        ),
    )
    return bundle, _conflicts(glossary, shared_terms, loaded.glossary)


_Shared = tuple[schema.SharedPartners, schema.Glossary, schema.Definitions]


def _shared(loaded: LoadedPlan, check: Validator) -> tuple[list[_Shared] | None, list[Diagnostic]]:
    """Each shared folder's partners, glossary and definitions, or None if any is invalid."""
    shared: list[_Shared] = []
    diagnostics: list[Diagnostic] = []
    for folder in loaded.shared:
        partners, found_partners = _optional(schema.SharedPartners, folder.partners, check)
        glossary, found_glossary = _optional(schema.Glossary, folder.glossary, check)
        definitions, found_definitions = _optional(schema.Definitions, folder.definitions, check)
        diagnostics += [*found_partners, *found_glossary, *found_definitions]
        if partners is not None and glossary is not None and definitions is not None:
            shared.append((partners, glossary, definitions))
    return (None if diagnostics else shared), diagnostics


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


def diagnose(model: type[BaseModel], source: SourceFile, errors: list[ErrorDetails]) -> list[Diagnostic]:
    found = []
    unions: set[FieldPath] = set()
    for details in errors:
        keep_last = details["type"] in ("missing", "extra_forbidden")
        path = data_path(source.data, details["loc"], keep_last)
        if len(details["loc"]) > len(path) and not keep_last:
            if path in unions:
                continue  # one value that fits no branch of a union (a number or a whole number): said once
            unions.add(path)
        if details["type"] == "missing":
            where = source.position(path[:-1])
        elif details["type"] == "extra_forbidden":
            where = source.position(path, key=True)
        else:
            where = source.position(path)
        message, code = explain(model, details, path)
        found.append(error(source.path, where.line, where.column, code, message, format_path(path)))
    return found


def data_path(data: Any, loc: tuple[int | str, ...], keep_last: bool) -> FieldPath:
    """Pydantic's location without the union tags it inserts, so it matches the YAML."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if _has_child(current, part):
            current = current[part]
            path.append(part)
        elif last and keep_last:
            path.append(part)
    return tuple(path)


def _has_child(node: Any, part: int | str) -> bool:
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def explain(model: type[BaseModel], details: ErrorDetails, path: FieldPath) -> tuple[str, str]:
    """A message for an officer: what was expected, and the nearest valid name."""
    kind = details["type"]
    name = str(path[-1]) if path else ""
    value = details.get("input")
    if kind == "extra_forbidden":
        allowed = sorted(fields_at(model, details["loc"][:-1]))
        hint = did_you_mean(name, allowed)
        listing = ", ".join(f"`{field}`" for field in allowed)
        return f"unknown field `{name}`{hint}; expected one of {listing}", "unknown-field"
    if kind == "missing":
        return f"required field `{name}` is missing", "missing-field"
    if kind == "literal_error":
        expected = str(details.get("ctx", {}).get("expected", ""))
        options = [option.strip(" '") for option in expected.replace(" or ", ",").split(",")]
        hint = did_you_mean(str(value), [option for option in options if option])
        return f"`{value}` is not allowed{hint}; expected {expected}", "bad-value"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        needed = _required_fields(models_at(model, details["loc"]))
        return f"expected a mapping (`key: value` lines){needed}, got {_describe(value)}", "wrong-type"
    if kind == "list_type":
        return f"expected a list (lines starting `- `), got {_describe(value)}", "wrong-type"
    if kind == "string_type":
        return f"expected text, got {_describe(value)}", "wrong-type"
    if kind == "string_pattern_mismatch":
        return _pattern_message(name, value), "bad-value"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {_describe(value)}", "wrong-type"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, got {_describe(value)}", "wrong-type"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected `true` or `false`, got {_describe(value)}", "wrong-type"
    if kind == "string_too_short" or (kind == "too_short" and isinstance(value, str)):
        return "must not be empty", "empty-value"
    if kind == "too_short":
        return "needs at least one item", "empty-value"
    message = details["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return message[:1].lower() + message[1:], "invalid"


def _pattern_message(name: str, value: object) -> str:
    if name == "published":
        return f"expected a date as `YYYY-MM` or `YYYY-MM-DD`, e.g. `2021-03`; got `{value}`"
    if name in schema.PATTERN_HINTS:
        return f"{schema.PATTERN_HINTS[name]}; got `{value}`"
    return f"expected lower-case words joined by hyphens, e.g. `anti-social-behaviour`; got `{value}`"


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number `{value}`"
    return f"the text `{value}`"


def did_you_mean(word: str, choices: list[str]) -> str:
    """The nearest of `choices` as a hint to append to a message, or nothing.

    The same word in other capitals is the best match (`csps` is `CSPs`, not `CSP`); otherwise
    letters are compared without their case, since `police` is as near `Police` as `Police` is.
    """
    folded: dict[str, str] = {}
    for choice in choices:
        folded.setdefault(choice.casefold(), choice)
    close = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    best = folded.get(word.casefold()) or (folded[close[0]] if close else None)
    return f" (did you mean `{best}`?)" if best else ""


def fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> set[str]:
    """Field names allowed at a location, found by walking the model's annotations."""
    return {name for candidate in models_at(model, loc) for name in candidate.model_fields}


_Tagged = tuple[str | None, type[BaseModel]]  # a model, and the tag of the union branch it is in


def models_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[type[BaseModel]]:
    """The models a location may hold; a union's tag in the location (pydantic puts it there)
    narrows them to its branch, so a chapter is not offered a generated part's fields."""
    candidates: list[_Tagged] = [(None, model)]
    for part in loc:
        branch: list[_Tagged] = [
            (None, candidate) for tag, candidate in candidates if tag is not None and tag == part
        ]
        following: list[_Tagged] = []
        for _, candidate in candidates:
            if isinstance(part, str) and part in candidate.model_fields:
                following += _tagged_models(field_type(candidate.model_fields[part]))
        candidates = branch or following or candidates
    return [candidate for _, candidate in candidates]


def _required_fields(models: list[type[BaseModel]]) -> str:
    """` with `start:` and `end:`` when one model is meant and it has required fields."""
    if len(models) != 1:
        return ""
    required = [info.alias or name for name, info in models[0].model_fields.items() if info.is_required()]
    if not required:
        return ""
    listed = [f"`{name}:`" for name in required]
    joined = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
    return f" with {joined}"


def _tagged_models(annotation: Any, tag: str | None = None) -> list[_Tagged]:
    """The models in a type, each with the tag of the union branch it is in, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [(tag, annotation)]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extras = typing.get_args(annotation)
        own = next((extra.tag for extra in extras if isinstance(extra, Tag)), tag)
        return _tagged_models(base, own)
    found: list[_Tagged] = []
    if origin in (typing.Union, types.UnionType, list, dict, tuple):
        for argument in typing.get_args(annotation):
            found += _tagged_models(argument, tag)
    return found


def models_in(annotation: Any) -> list[type[BaseModel]]:
    return [model for _, model in _tagged_models(annotation)]

"""Pydantic's errors as diagnostics an officer can act on: located, worded, with a near name to suggest.

The model stage and the preview's cache both validate files against the schema; this is how each
error's location in the data becomes a YAML position and its type becomes plain words.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, Tag
from pydantic_core import ErrorDetails

from cspgen.diagnostics import Diagnostic, error
from cspgen.plan import schema
from cspgen.plan.source import FieldPath, SourceFile, format_path
from cspgen.plan.walk import field_type


def diagnose(model: type[BaseModel], source: SourceFile, errors: list[ErrorDetails]) -> list[Diagnostic]:
    found = []
    unions: set[FieldPath] = set()
    for details in errors:
        keep_last = details["type"] in ("missing", "extra_forbidden")
        loc = (*details["loc"], *details.get("ctx", {}).get("at", ()))
        path = data_path(source.data, loc, keep_last)
        if len(loc) > len(path) and not keep_last and "at" not in details.get("ctx", {}):
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
    if kind == "invalid_at":
        return message, str(details.get("ctx", {}).get("code", "invalid"))
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

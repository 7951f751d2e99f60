"""One walk over a plan file's YAML data, guided by the types of the model it validates against.

The data is the file as loaded (cspgen/plan/source.py), not the validated model, so every path
is a YAML field path that `SourceFile.position` and `SourceFile.locate` understand, and every
text is as the author wrote it. The model's annotations tell the walk which branch of a tagged
union (a content block, a part, a glossary entry) a value is, and which texts a reader sees
(`schema.Visible`). Every stage that looks through a whole file asks this walk.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, Discriminator, Tag
from pydantic.fields import FieldInfo

from cspgen.plan.schema import Visible
from cspgen.plan.source import FieldPath

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Text:
    """A text a reader sees, where it was written; `key` when it is a term the file defines."""

    path: FieldPath
    text: str
    markdown: bool
    key: bool = False


@dataclass(frozen=True)
class Node:
    """A mapping the model reads as `model`: a table, a chart, a measure."""

    path: FieldPath
    model: type[BaseModel]
    data: dict[str, Any]


def walk(data: Any, model: type[BaseModel]) -> Iterator[Text | Node]:
    """Everything in a file's data in the order it was written, keys before their values."""
    return _walk(model, data, ())


def visible_texts(data: Any, model: type[BaseModel]) -> Iterator[Text]:
    """Every text value a reader sees: ids, kinds, settings and the terms' keys left out."""
    return (found for found in walk(data, model) if isinstance(found, Text) and not found.key)


def markdown_texts(data: Any, model: type[BaseModel]) -> Iterator[Text]:
    """Every Markdown text, where links may be written."""
    return (found for found in visible_texts(data, model) if found.markdown)


def defined_terms(data: Any, model: type[BaseModel]) -> Iterator[Text]:
    """The terms a glossary or definitions file defines, as its keys."""
    return (found for found in walk(data, model) if isinstance(found, Text) and found.key)


def nodes(data: Any, model: type[BaseModel], wanted: type[BaseModel]) -> Iterator[Node]:
    """Every mapping that is a `wanted` (a table, a measure), with its path."""
    return (found for found in walk(data, model) if isinstance(found, Node) and found.model is wanted)


def value_at(root: BaseModel, path: FieldPath, wanted: type[ModelT]) -> ModelT:
    """The validated value at a path the walk gave: the same place in the typed plan."""
    value: Any = root
    for part in path:
        if isinstance(value, BaseModel):
            value = getattr(value, _attributes(type(value))[str(part)])
        else:
            value = value[part]
    if not isinstance(value, wanted):
        raise TypeError(f"{path} holds a {type(value).__name__}, not a {wanted.__name__}")
    return value


def mark(annotation: Any) -> Visible | None:
    """The `Visible` mark of a type, if it has one."""
    if typing.get_origin(annotation) is not Annotated:
        return None
    return next((extra for extra in typing.get_args(annotation)[1:] if isinstance(extra, Visible)), None)


def field_type(info: FieldInfo) -> Any:
    """A field's whole type: pydantic keeps a field's own `Annotated` extras apart, as metadata."""
    if not info.metadata:
        return info.annotation
    return Annotated[(info.annotation, *info.metadata)]


def _walk(annotation: Any, data: Any, path: FieldPath) -> Iterator[Text | Node]:
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        found = mark(annotation)
        if found is not None and isinstance(data, str):
            yield Text(path, data, found.markdown)
            return
        yield from _walk(_branch(annotation, data), data, path)
    elif origin in (typing.Union, types.UnionType):
        option = next((arg for arg in typing.get_args(annotation) if _fits(arg, data)), None)
        yield from _walk(option, data, path)
    elif origin is list:
        (item,) = typing.get_args(annotation)
        if isinstance(data, list):
            for index, value in enumerate(data):
                yield from _walk(item, value, (*path, index))
        else:  # one item written without brackets, which the model takes as a list of one
            yield from _walk(item, data, path)
    elif origin is dict:
        key_type, value_type = typing.get_args(annotation)
        if isinstance(data, dict):
            yield from _mapping(key_type, value_type, data, path)
    elif _is_model(annotation) and isinstance(data, dict):
        yield Node(path, annotation, data)
        fields = _fields(annotation)
        for key, value in data.items():
            if key in fields:
                yield from _walk(fields[key], value, (*path, key))


def _mapping(key_type: Any, value_type: Any, data: dict[str, Any], path: FieldPath) -> Iterator[Text | Node]:
    key_mark = mark(key_type)
    for key, value in data.items():
        if key_mark is not None:
            yield Text((*path, key), key, key_mark.markdown, key=True)
        yield from _walk(value_type, value, (*path, key))


def _branch(annotation: Any, data: Any) -> Any:
    """Inside `Annotated`: the type itself, or for a tagged union the branch its tag names."""
    base, *extras = typing.get_args(annotation)
    chooser = next((extra for extra in extras if isinstance(extra, Discriminator)), None)
    if chooser is None or not callable(chooser.discriminator):
        return base
    tag = chooser.discriminator(data)
    return next((option for option in typing.get_args(base) if _tag(option) == tag), None)


def _tag(option: Any) -> str | None:
    extras = typing.get_args(option)[1:] if typing.get_origin(option) is Annotated else ()
    return next((extra.tag for extra in extras if isinstance(extra, Tag)), None)


def _fits(annotation: Any, data: Any) -> bool:
    """Whether a value has the shape of a branch of a plain union (`Line | None`, a table cell)."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _fits(typing.get_args(annotation)[0], data)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(arg, data) for arg in typing.get_args(annotation))
    if origin is Literal:
        return data in typing.get_args(annotation)
    if origin is list:
        return isinstance(data, list)
    if origin is dict or _is_model(annotation):
        return isinstance(data, dict)
    return isinstance(annotation, type) and isinstance(data, annotation)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


@functools.cache
def _fields(model: type[BaseModel]) -> dict[str, Any]:
    """Each field's type by the key it is written under in YAML."""
    return {info.alias or name: field_type(info) for name, info in model.model_fields.items()}


@functools.cache
def _attributes(model: type[BaseModel]) -> dict[str, str]:
    return {info.alias or name: name for name, info in model.model_fields.items()}

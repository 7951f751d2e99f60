"""Every field of the plan format is compared by `cspgen diff`, or listed with the reason it is not.

A field added to a model diff walks (fields.WALKED) is compared as a value at once; one added to
any other model, or one that cannot be compared as a value, fails here until fields.py gives it a
place: a rule of its own, or a reason in SEPARATE for leaving it out.
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any, Literal

from pydantic import BaseModel

from cspgen.plan import schema
from cspgen.revisions.fields import ONE_VALUE, SEPARATE, WALKED

SCALARS = (str, int, float, bool, type(None))


def models() -> list[type[BaseModel]]:
    return [
        value
        for value in vars(schema).values()
        if isinstance(value, type) and issubclass(value, BaseModel) and value.model_fields
    ]


def comparable(annotation: Any, whole: bool = True) -> bool:
    """Whether `fields.model_changes` can compare a value of this type: text, numbers, yes or no,
    lists of them, a ONE_VALUE model, or (standing alone, never empty) a walked model."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return comparable(typing.get_args(annotation)[0], whole)
    if origin is Literal:
        return True
    if origin in (typing.Union, types.UnionType):
        return all(comparable(arg, whole=False) for arg in typing.get_args(annotation))
    if origin in (list, tuple):
        return all(comparable(arg, whole=False) for arg in typing.get_args(annotation) if arg is not ...)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation in ONE_VALUE or (whole and annotation in WALKED)
    return annotation in SCALARS


def test_every_field_is_compared_or_listed_with_a_reason() -> None:
    unplaced = [
        f"{model.__name__}.{name}"
        for model in models()
        for name, info in model.model_fields.items()
        if name not in SEPARATE.get(model, {}) and not (model in WALKED and comparable(info.annotation))
    ]
    assert not unplaced, f"neither compared by diff nor in fields.SEPARATE: {', '.join(unplaced)}"


def test_the_lists_name_only_models_and_fields_that_exist() -> None:
    known = set(models())
    assert set(SEPARATE) | WALKED | set(ONE_VALUE) <= known
    stale = [
        f"{model.__name__}.{name}"
        for model, fields in SEPARATE.items()
        for name in fields
        if name not in model.model_fields
    ]
    assert not stale, f"fields.SEPARATE names fields the models do not have: {', '.join(stale)}"
    assert all(reason.strip() for fields in SEPARATE.values() for reason in fields.values())

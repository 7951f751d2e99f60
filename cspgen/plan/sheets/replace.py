"""A validated plan with one value swapped at a field path the walk gave, the rest shared unchanged."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from cspgen.plan.source import FieldPath

ModelT = TypeVar("ModelT", bound=BaseModel)


def replaced_at(root: ModelT, path: FieldPath, value: Any) -> ModelT:
    result = _replaced(root, path, value)
    assert isinstance(result, type(root))
    return result


def _replaced(node: Any, path: FieldPath, value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, BaseModel):
        name = _attribute(type(node), str(head))
        return node.model_copy(update={name: _replaced(getattr(node, name), rest, value)})
    if isinstance(node, list) and isinstance(head, int):
        return [*node[:head], _replaced(node[head], rest, value), *node[head + 1 :]]
    if isinstance(node, dict):
        return {**node, head: _replaced(node[head], rest, value)}
    raise TypeError(f"no field {head!r} in a {type(node).__name__}")


def _attribute(model: type[BaseModel], key: str) -> str:
    """The attribute a YAML key is kept under (they differ where a field has an alias)."""
    return next((name for name, info in model.model_fields.items() if (info.alias or name) == key), key)

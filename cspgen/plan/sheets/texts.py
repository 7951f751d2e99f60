"""The texts a plan's spreadsheets put before a reader: a table's row names, a chart's categories.

They are not in the YAML, so the walk over the YAML cannot see them; the acronym check and the
choice of glossary entries to print read them from here, each with its cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from cspgen.plan.datacell import DataCell
from cspgen.plan.model import PlanBundle
from cspgen.plan.source import FieldPath


def data_texts(bundle: PlanBundle) -> Iterator[tuple[DataCell, str]]:
    roots: dict[Any, BaseModel] = {bundle.plan_source.path: bundle.plan}
    roots.update((doc.source.path, doc.priority) for doc in bundle.priorities)
    for (file, path), cell in bundle.data_cells.items():
        value = _value_at(roots[file], path)
        if isinstance(value, str):
            yield cell, value


def _value_at(node: Any, path: FieldPath) -> Any:
    for part in path:
        node = getattr(node, str(part)) if isinstance(node, BaseModel) else node[part]
    return node

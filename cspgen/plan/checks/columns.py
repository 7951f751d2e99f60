"""Percent columns as the reference describes them: numbers without the % sign, and no total.

A cell typed `83%` is text to the model, so it would escape the sums, shares and totals that
are computed and checked; a sum of percentages of different wholes is no figure at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cspgen.diagnostics import Diagnostic
from cspgen.plan import schema
from cspgen.plan.checks.figures import tables
from cspgen.plan.checks.report import at
from cspgen.plan.model import PlanBundle
from cspgen.plan.source import FieldPath, SourceFile

_PERCENT_TEXT = re.compile(r"^\s*(?P<number>[-+]?\d[\d,]*(?:\.\d+)?)\s*%\s*$")


def check_percent_columns(bundle: PlanBundle) -> Iterator[Diagnostic]:
    for source, path, table in tables(bundle):
        yield from _percent_columns(source, path, table)


def _percent_columns(source: SourceFile, path: FieldPath, table: schema.Table) -> Iterator[Diagnostic]:
    for c, column in enumerate(table.columns):
        if column.type != "percent":
            continue
        if column.total:
            yield at(
                source,
                (*path, "columns", c, "total"),
                "percent-total",
                f"column `{column.label}` holds percentages, which cannot be added up; remove "
                "`total: true`, or write the total row yourself with the table's `total_label`",
            )
        for r, row in enumerate(table.rows):
            cell = row[c]
            found = _PERCENT_TEXT.match(cell) if isinstance(cell, str) else None
            if found:
                yield at(
                    source,
                    (*path, "rows", r, c),
                    "percent-sign",
                    f"write `{found['number'].replace(',', '')}` without the % sign: cspgen adds it, and "
                    f"only a number in a percent column is computed and checked (`{cell}` is text)",
                    warn=True,
                )

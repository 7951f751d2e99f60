"""The file each output format is written to; the formats themselves are the plan format's `OutputFormat`.

Adding a format to that literal without naming its file here (or writing it in render.py) fails
mypy at the `assert_never`, and the format tests at run time, so a format is never half added.
"""

from __future__ import annotations

from typing import assert_never, get_args

from cspgen.plan.schema import OutputFormat

FORMATS: tuple[OutputFormat, ...] = get_args(OutputFormat)


def output_name(name: OutputFormat) -> str:
    match name:
        case "html":
            return "index.html"
        case "md":
            return "plan.md"
        case "pdf":
            return "plan.pdf"
        case "docx":
            return "plan.docx"
        case "json":
            return "plan.json"
        case _:
            assert_never(name)


OUTPUT_NAMES: dict[OutputFormat, str] = {name: output_name(name) for name in FORMATS}

"""The kinds of value a plan's fields hold, each marked by what a reader sees of it.

A `str` field's type says whether its text is shown (`Visible`) and whether it is Markdown.
The acronym scan, the link check and the field reference read these marks through
cspgen/plan/walk.py, so a field's role is written once, here, beside its type.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError


@dataclass(frozen=True)
class Visible:
    """A reader sees this text, so its acronyms must be in the glossary; Markdown may carry links.

    A `str` without the mark is a setting or an id: cspgen reads it, no reader does.
    """

    markdown: bool = False


def _one_line(value: Any) -> Any:
    """A title or name is one line wherever it lands: a line break or run of spaces in it
    (`\\r`, a tab, U+2028) could start a heading, rule or code block in Markdown."""
    return " ".join(value.split()) if isinstance(value, str) else value


def _year_as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


_OneLine = Annotated[str, BeforeValidator(_one_line)]
Line = Annotated[_OneLine, Visible()]
PlainText = Annotated[Line, Field(min_length=1)]
Name = Annotated[_OneLine, Field(min_length=1)]  # matched by cspgen, never read: a partner's id
Label = Annotated[
    Line,
    BeforeValidator(_year_as_text),
    Field(min_length=1, description="A short label; a bare year such as `2024` is fine."),
]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Markdown = Annotated[
    str,
    Visible(markdown=True),
    Field(
        description="Text in Markdown: blank lines between paragraphs, `- ` for bullets, "
        "`**bold**`, `*italic*`, `[text](https://…)` for links. Raw HTML is shown as text."
    ),
]
Term = Annotated[str, Visible()]  # a glossary or definitions key: the term as the reader sees it

PUBLISHED_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$"
HELD_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"  # a plan may give only the year


def _a_real_date(value: str) -> str:
    """The pattern lets 2021-02-30 through; the calendar does not."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        try:
            datetime.date(*parts)
        except ValueError:
            raise ValueError(f"{value} is not a date in the calendar") from None
    return value


PublishedDate = Annotated[str, AfterValidator(_a_real_date)]

MAX_FIGURE = 10**15  # beyond any figure a plan reports, and still exact as a float


def _a_figure(value: float | int) -> float | int:
    """Infinity, NaN and astronomic values are typos or attacks; no chart or total can show them."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"`{value}` is not a number a plan can show")
    if abs(value) >= MAX_FIGURE:
        raise ValueError(f"the number is too large; figures must be below {MAX_FIGURE:,}")
    return value


Number = Annotated[float | int, AfterValidator(_a_figure)]
Percentage = Annotated[float, AfterValidator(_a_figure)]
Cell = Annotated[str, Visible()] | Number | None


def _as_list(value: Any) -> Any:
    """A single lead may be written without list brackets."""
    return [value] if isinstance(value, str) else value


Leads = Annotated[list[PlainText], BeforeValidator(_as_list)]


def invalid_at(path: tuple[str | int, ...], message: str, code: str = "invalid") -> PydanticCustomError:
    """A model's own rule broken at one of its nested fields, so the error points at that field."""
    escaped = message.replace("{", "{{").replace("}", "}}")
    return PydanticCustomError("invalid_at", escaped, {"at": path, "code": code})


class Strict(BaseModel):
    """Unknown fields are errors: a typo must never vanish silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

"""Key figures as the reader sees them: the figure, then its period, rate, change, rank and note.

Each comparison is written out in words ("Up 5% from 1,181 in 2021/22", "Third lowest of 15
similar areas"), so none is carried by colour, a sign or the layout alone. Ordinal places are
words from first to ninth and numerals from 10th, as the GOV.UK style guide writes them.
"""

from __future__ import annotations

from collections.abc import Iterator

from cspgen.document.nodes import Inline, KeyFigure, KeyFigures, Text
from cspgen.document.numbers import format_number
from cspgen.plan import keyfigures, schema

ORDINAL_WORDS = ("", "", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def key_figures(block: schema.KeyFigures) -> KeyFigures:
    return KeyFigures(tuple(_figure(figure) for figure in block.figures), block.source)


def _figure(figure: schema.KeyFigure) -> KeyFigure:
    details = tuple(_text(detail) for detail in _details(figure))
    shown = amount(keyfigures.figure_value(figure), figure.unit)
    return KeyFigure(_text(figure.label), _text(shown), details)


def _text(text: str) -> tuple[Inline, ...]:
    return (Text(text),)


def amount(value: float | int, unit: str | None) -> str:
    """`1,240 crimes`, `34%`: a percentage takes its sign, any other unit follows after a space."""
    if unit == "%":
        return format_number(value, "percent")
    return f"{format_number(value)} {unit}" if unit else format_number(value)


def _details(figure: schema.KeyFigure) -> Iterator[str]:
    if figure.period:
        yield figure.period
    rate = keyfigures.shown_rate(figure)
    if rate is not None:
        yield f"{format_number(rate)} per {format_number(figure.rate_per)} people"
    if figure.previous is not None:
        yield _capitalised(_change(figure.previous, keyfigures.shown_change(figure), figure.unit))
    if figure.rank is not None:
        yield _capitalised(rank_text(figure.rank))
    if figure.note:
        yield figure.note


def _change(previous: schema.PreviousFigure, change: float | int | None, unit: str | None) -> str:
    """`up 5% from 1,181 in 2021/22`; `on 2021/22` when only the published change is known."""
    earlier = f"from {amount(previous.value, unit)} in" if previous.value is not None else "on"
    if change is None:
        return f"{amount(previous.value or 0, unit)} in {previous.period}"
    if change == 0:
        return f"no change {earlier} {previous.period}"
    way = "up" if change > 0 else "down"
    size = abs(change)
    if unit == "%":  # keyfigures.in_points: a percentage changes by points
        by = f"{format_number(size)} percentage point{'' if size == 1 else 's'}"
    else:
        by = format_number(size, "percent")
    return f"{way} {by} {earlier} {previous.period}"


def rank_text(rank: schema.Rank) -> str:
    """`third lowest of 15 similar areas`; first place is `lowest of 15 …`."""
    among = f" {rank.among}" if rank.among else ""
    return f"{ordinal(rank.position)}{rank.order} of {rank.of}{among}"


def ordinal(position: int) -> str:
    """The place before `lowest` or `highest`, with its space: none for first place."""
    if position == 1:
        return ""
    if position < len(ORDINAL_WORDS):
        return ORDINAL_WORDS[position] + " "
    suffix = "th" if position % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(position % 10, "th")
    return f"{position}{suffix} "


def _capitalised(text: str) -> str:
    """cspgen's own words start their line; the plan's words (a period, a note) stay as written."""
    return text[:1].upper() + text[1:]

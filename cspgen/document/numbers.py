"""Numbers as a British plan writes them: thousands separated, whole numbers without a point."""

from __future__ import annotations


def format_number(value: float | int | None, kind: str = "number") -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and kind != "percent":
        value = int(value)
    if kind == "money":
        return f"£{value:,.2f}" if isinstance(value, float) else f"£{value:,}"
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.6g}" if abs(value) >= 1000 else f"{value:g}"
    return f"{text}%" if kind == "percent" else text

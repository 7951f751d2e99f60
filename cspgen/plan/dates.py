"""Dates as people read them, e.g. `5 March 2021`.

Month names come from this module, not strftime: `%B` follows the locale and `%-d` is glibc's,
and the same plan must give the same bytes on every machine.
"""

from __future__ import annotations

import datetime
import os

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: datetime.date) -> str:
    return f"{day.day} {month_year(day.year, day.month)}"


def month_year(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def format_published(value: str) -> str:
    """A `YYYY-MM` or `YYYY-MM-DD` date (or, for a meeting or an assessment, `YYYY`) as people read it."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return long_date(datetime.date(parts[0], parts[1], parts[2]))
    return month_year(parts[0], parts[1]) if len(parts) == 2 else str(parts[0])


def today() -> datetime.date:
    """The day a command runs, as of which an unpublished plan's yearly duties are judged.

    Only the edges (the command line, the preview server) ask it, and hand the day to the stages.
    `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds convention) fixes it when set,
    so a build or a test gives the same verdicts on any day; else it is the machine's date, in UTC.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch.isdigit() else None
    return (moment or datetime.datetime.now(datetime.UTC)).date()

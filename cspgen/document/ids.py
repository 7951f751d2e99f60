"""Anchors for the document's headings, tables and charts."""

from __future__ import annotations


class Ids:
    """Anchors unique within the document, assigned in reading order so they are stable."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next_number: dict[str, int] = {}

    def claim(self, wanted: str) -> str:
        """Numbers already taken stay taken, so the search resumes where it last stopped."""
        candidate, number = wanted, self.next_number.get(wanted, 2)
        while candidate in self.used:
            candidate = f"{wanted}-{number}"
            number += 1
        self.used.add(candidate)
        self.next_number[wanted] = number
        return candidate

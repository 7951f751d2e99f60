"""glossary.yaml and definitions.yaml: the terms a plan uses, keyed by the term as written."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag

from cspgen.plan.schema.types import Markdown, PlainText, Strict, Term

REFERENCE = Field(
    False,
    description="Keep this entry although the plan's text never uses it (say, a county-wide "
    "definition printed for reference); cspgen then does not report it as unused.",
)


class GlossaryEntry(Strict):
    expansion: PlainText = Field(description="What the acronym stands for.")
    note: Markdown | None = Field(None, description="A longer explanation.")
    reference: bool = REFERENCE


def _entry_tag(value: Any) -> str:
    return "entry" if isinstance(value, dict | GlossaryEntry) else "text"


GlossaryValue = Annotated[
    Annotated[PlainText, Tag("text")] | Annotated[GlossaryEntry, Tag("entry")],
    Discriminator(_entry_tag),
    Field(description="The expansion, or a mapping of `expansion:` with `note:` or `reference: true`."),
]


class Glossary(Strict):
    terms: dict[Term, GlossaryValue] = Field(
        default_factory=dict,
        description="Acronyms and terms: `ASB: Anti-Social Behaviour`.",
    )


class DefinitionEntry(Strict):
    text: Markdown = Field(description="The definition.")
    reference: bool = REFERENCE


def _definition_tag(value: Any) -> str:
    return "entry" if isinstance(value, dict | DefinitionEntry) else "text"


DefinitionValue = Annotated[
    Annotated[Markdown, Tag("text")] | Annotated[DefinitionEntry, Tag("entry")],
    Discriminator(_definition_tag),
    Field(description="The definition in Markdown, or a mapping of `text:` with `reference: true`."),
]


def definition_text(value: str | DefinitionEntry) -> str:
    return value if isinstance(value, str) else value.text


def is_reference(value: object) -> bool:
    return isinstance(value, GlossaryEntry | DefinitionEntry) and value.reference


class Definitions(Strict):
    terms: dict[Term, DefinitionValue] = Field(
        default_factory=dict,
        description="Terms and their definitions in Markdown: `Acquisitive crime: Crime where …`.",
    )

"""How a reader reaches the partnership: telephone, email and website, and the alternative-formats notice."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from cspgen.plan.schema.types import PlainText, Strict

# Digits in groups, perhaps `+` first and the area code in brackets: `01623 450000`, `+44 1623 450000`, `101`.
PHONE_PATTERN = r"^\+?\(?[0-9]+\)?(?:[ -]?\(?[0-9]+\)?)*$"
EMAIL_PATTERN = r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$"
WEBSITE_PATTERN = r"^https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]+)?(?:[/?#][^\s<>\"'`\\]*)?$"

# Settings rather than visible text: a reader sees them as links, but their letters are no acronyms.
Phone = Annotated[str, Field(pattern=PHONE_PATTERN)]
Email = Annotated[str, Field(pattern=EMAIL_PATTERN)]
WebAddress = Annotated[str, Field(pattern=WEBSITE_PATTERN)]

PATTERN_HINTS = {
    "phone": "expected a telephone number in digits, e.g. `01623 450000` or `+44 1623 450000`",
    "email": "expected an email address, e.g. `community.safety@ashfield.gov.uk`",
    "website": "expected a web address starting `https://`, e.g. `https://www.ashfield.gov.uk`",
    "url": "expected a web address starting `https://`, e.g. "
    "`https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/`",
}


def phone_link(phone: str) -> str:
    """`tel:` with the digits only, so a phone dials `01623 450000` as written."""
    digits = "".join(char for char in phone if char.isdigit())
    return f"tel:{'+' if phone.startswith('+') else ''}{digits}"


class AlternativeFormats(Strict):
    text: PlainText = Field(
        description="The notice in your council's own words, e.g. `This document is available in "
        "large print, braille, audio or another language on request.` cspgen has no wording of its "
        "own: only you know which formats you can offer."
    )
    phone: Phone | None = Field(None, description="Telephone number to ask on, e.g. `01623 450000`.")
    email: Email | None = Field(None, description="Email address to ask at.")
    website: WebAddress | None = Field(None, description="Web page to ask on, starting `https://`.")

    @model_validator(mode="after")
    def _says_how_to_ask(self) -> AlternativeFormats:
        if not (self.phone or self.email or self.website):
            raise ValueError("say how to ask for another format: give `phone`, `email` or `website`")
        return self


class Licence(Strict):
    name: PlainText = Field(
        description="The licence the plan and its figures are published under, e.g. "
        "`Open Government Licence v3.0`: shown with the plan's details and given in plan.json."
    )
    url: WebAddress | None = Field(
        None,
        description="Where the licence is written out, starting `https://`, e.g. "
        "`https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/`; its name links there.",
    )

"""PDF and Word output come with optional extras; a missing one is found before anything is rendered.

A council that only publishes web pages installs neither WeasyPrint nor python-docx, and
`validate` and `serve` never import them.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection

PANGO_DEBS = "libpango-1.0-0 libpangoft2-1.0-0"


class MissingExtra(Exception):
    """A requested format whose library (or the system library under it) is not installed."""


def require_extras(formats: Collection[str]) -> None:
    if "pdf" in formats:
        _require_weasyprint()
    if "docx" in formats:
        _require_docx()


def _require_weasyprint() -> None:
    try:
        importlib.import_module("weasyprint")
    except ImportError:
        raise MissingExtra(
            "PDF output needs WeasyPrint: pip install 'cspgen[pdf]' "
            f"(WeasyPrint needs the Pango library too; on Debian or Ubuntu: apt-get install {PANGO_DEBS})"
        ) from None
    except OSError as problem:  # WeasyPrint loads Pango when imported
        raise MissingExtra(
            f"PDF output needs the Pango library, which WeasyPrint could not load ({problem}); "
            f"on Debian or Ubuntu: apt-get install {PANGO_DEBS}"
        ) from None


def _require_docx() -> None:
    try:
        importlib.import_module("docx")
    except ImportError:
        raise MissingExtra("Word output needs python-docx: pip install 'cspgen[docx]'") from None

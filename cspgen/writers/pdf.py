"""A tagged PDF (PDF/UA-1) from the HTML page, for committee papers and the Commissioner.

WeasyPrint lays out the same HTML the website gets, plus page rules that only a
paginated medium needs: page numbers, a contents list with page numbers, and
headings kept with what follows. It reports an inaccessible construct (an image
without alternative text, say) only as a log record, so every error record it
logs is turned into a failure. WeasyPrint fetches what the page links to; here it may fetch
only the document's own pictures, from memory, and nothing from the disk or the network.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Mapping
from typing import Any

import weasyprint  # an optional extra: render.py imports this module only when a PDF is asked for
from weasyprint.urls import URLFetcher, URLFetcherResponse

PICTURES_BASE = "https://pictures.invalid/"  # no such host: every link resolves against it, none is fetched

# WeasyPrint applies these as a user stylesheet, below the page's own: where the breaks fall is decided
# by style.css's print rules, the same for a browser's print as for the PDF.
PAGE_CSS = """
@page {
  size: A4;
  margin: 20mm 18mm 22mm;
  @bottom-center {
    content: "Page " counter(page) " of " counter(pages);
    font-family: Arial, "Liberation Sans", sans-serif; font-size: 9pt; color: #484949;
  }
}
@page :first { @bottom-center { content: none; } }
html { font-size: 10.5pt; }
body { max-width: none; padding: 0; font-size: 10.5pt; }
.skip-link { display: none; }
nav.toc { background: none !important; padding: 0 !important; }
.facts, .facts div { display: block !important; }
.facts div { margin-bottom: 2pt; }
nav.toc a { text-decoration: none; color: #0b0c0c; }
nav.toc a::after { content: leader(".") " " target-counter(attr(href), page); }
table.actions { table-layout: fixed; }
a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 90%; }
footer { display: none; }
"""


class PdfError(Exception):
    """WeasyPrint logged an error: the PDF would not be accessible or complete."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _OnlyPictures(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """Serves the pictures the page shows from memory and refuses every other address."""

    def __init__(self, pictures: Mapping[str, bytes]) -> None:
        super().__init__(allowed_protocols=())
        self._pictures = {PICTURES_BASE + name: data for name, data in pictures.items()}

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url not in self._pictures:
            raise ValueError(f"the PDF may show only the plan's own pictures, not {url}")
        return URLFetcherResponse(url, self._pictures[url])


def html_to_pdf(html: str, pictures: Mapping[str, bytes], published: datetime.date) -> bytes:
    """Dates and the file identifier come from the plan, so two builds are byte-identical.

    `pictures` are the copies the page links to, by their names in the output folder.
    """
    collector = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        page = weasyprint.HTML(string=html, base_url=PICTURES_BASE, url_fetcher=_OnlyPictures(pictures))
        document = page.render(stylesheets=[weasyprint.CSS(string=PAGE_CSS)])
        document.metadata.created = document.metadata.modified = published.isoformat()
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=identifier)
    finally:
        logger.removeHandler(collector)
    if collector.messages:
        raise PdfError("; ".join(dict.fromkeys(collector.messages)))
    return pdf

"""index.html: the document as one accessible web page, every value from the plan escaped."""

from __future__ import annotations

import re

from cspgen.document.nodes import Document
from cspgen.writers.templates import environment


def write_html(document: Document) -> str:
    text = environment(autoescape=True).get_template("html/index.html.j2").render(doc=document)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"

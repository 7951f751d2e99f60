"""A Word document from the document model, for committee papers.

python-docx rather than Pandoc: it writes straight from the same document model as
the HTML (no detour through Markdown), needs no external binary, and gives direct
control of heading styles, the contents field and repeating table header rows.
python-docx is an optional extra, so only the Word writer's own modules import it.
"""

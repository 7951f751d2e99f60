"""PDF (tagged, PDF/UA-1) and Word output for every plan: structure checked, bytes stable."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from cspgen.build import build
from cspgen.pdf import PdfError, html_to_pdf

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(
    p.name for p in (ROOT / "plans").iterdir() if (p / "plan.yaml").exists() and not p.name.startswith("_")
)


def title_of(folder: Path) -> str:
    html = (folder / "index.html").read_text(encoding="utf-8")
    return html.split("<title>", 1)[1].split("</title>", 1)[0].replace("&amp;", "&")


def check_pdf(folder: Path) -> None:
    path = folder / "plan.pdf"
    with pikepdf.open(path) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo["/Title"]) == title_of(folder)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        with pdf.open_outline() as outline:
            titles = [str(item.title) for top in outline.root for item in (top, *top.children)]
        assert titles[0] == title_of(folder) and "Contents" in titles and len(titles) >= 3
        pages = len(pdf.pages)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"Page 2 of {pages}" in text
    contents = text.split("\f")[1]
    assert "Contents" in contents
    assert any(line.rstrip()[-1:].isdigit() and "...." in line for line in contents.splitlines())


def check_docx(folder: Path) -> None:
    word = open_docx(str(folder / "plan.docx"))
    styles = {paragraph.style.name for paragraph in word.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    body = word.element.body
    assert any("TOC" in field.get(qn("w:instr")) for field in body.iter(qn("w:fldSimple")))
    assert word.tables, "tables are real Word tables"
    headed = [table for table in word.tables if table.rows[0]._tr.find(qn("w:trPr")) is not None]
    assert headed, "tables with header rows repeat them on every page"
    for table in headed:
        assert table.rows[0]._tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    assert word.core_properties.title == title_of(folder)
    assert word.core_properties.language == "en-GB"


@pytest.mark.parametrize("plan", PLANS)
def test_pdf_is_tagged_and_word_has_structure(plan: str, tmp_path: Path) -> None:
    """One build per plan (PDF layout is the slow part), then both documents are inspected."""
    result = build(ROOT / "plans" / plan, tmp_path, ("html", "pdf", "docx"))
    assert not result.failed(), result.diagnostics
    check_pdf(tmp_path)
    check_docx(tmp_path)


def test_pdf_and_docx_are_byte_identical_across_builds(minimal_plan: Path, tmp_path: Path) -> None:
    for name in ("first", "second"):
        assert not build(minimal_plan, tmp_path / name, ("pdf", "docx")).failed()
    for name in ("plan.pdf", "plan.docx"):
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name
    with zipfile.ZipFile(tmp_path / "first" / "plan.docx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_inaccessible_content_fails_the_pdf(tmp_path: Path) -> None:
    import datetime

    page = '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="x"><title>T</title></head><body><h1>T</h1><img src="x.png"></body></html>'
    with pytest.raises(PdfError):
        html_to_pdf(page, tmp_path, datetime.date(2024, 1, 1))


def test_plan_default_formats_and_override(minimal_plan: Path, tmp_path: Path) -> None:
    plan = minimal_plan / "plan.yaml"
    plan.write_text(plan.read_text() + "formats: [md, docx]\n")
    assert not build(minimal_plan, tmp_path / "a").failed()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [".cspgen-build", "plan.docx", "plan.md"]
    assert not build(minimal_plan, tmp_path / "b", ("html",)).failed()
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [".cspgen-build", "index.html"]

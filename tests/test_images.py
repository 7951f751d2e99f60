"""Pictures: every bad file is a located error at its `file:`, and no writer can be made to read another file."""

from __future__ import annotations

import datetime
import hashlib
import http.client
import struct
import zlib
from pathlib import Path

import pytest

from cspgen.build import build
from cspgen.plan.picture import MAX_IMAGE_BYTES
from cspgen.serve import PreviewServer
from cspgen.writers.pdf import PdfError, html_to_pdf

from .dumps import docx_text, pdf_text
from .pictures import jpeg, png
from .running import Cli
from .test_diff import edit, git
from .test_publish import page_with

ALL = ("html", "md", "pdf", "docx")


def with_pictures(plan: Path, *pictures: str) -> list[int]:
    """The plan's first section holds these `image:` blocks (YAML mappings); the line of each `file:`."""
    text = (plan / "plan.yaml").read_text()
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if "Example district has" in line)
    lines[at - 1] = "    content:"
    blocks: list[str] = ["      - Example district has **three** towns."]
    places = []
    for picture in pictures:
        places.append(at + len(blocks) + 2)  # 1-based line of the `file:` under `- image:`
        blocks += ["      - image:", *(f"          {line}" for line in picture.split("\n"))]
    lines[at : at + 1] = blocks
    (plan / "plan.yaml").write_text("\n".join(lines))
    return places


def picture(file: str, alt: str = "A map of the district") -> str:
    return f"file: {file}\nalt: {alt}"


def huge_png(width: int, height: int) -> bytes:
    """A PNG that claims a size its few bytes would only reach decompressed, as a decompression bomb does."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_every_bad_picture_is_a_located_error_all_at_once(
    minimal_plan: Path, tmp_path: Path, cli: Cli
) -> None:
    images = minimal_plan / "images"
    images.mkdir()
    (tmp_path / "outside.png").write_bytes(png())
    (images / "link.png").symlink_to(tmp_path / "outside.png")
    (images / "folder.png").mkdir()
    (images / "big.png").write_bytes(png() + b"\0" * MAX_IMAGE_BYTES)
    (images / "bomb.png").write_bytes(huge_png(10_000, 10_000))
    (images / "cut.png").write_bytes(png(40, 40)[:60])
    (images / "cut.jpg").write_bytes(jpeg(40, 40)[:-40])
    flipped = bytearray(png(40, 40))
    flipped[45] ^= 0xFF
    (images / "flipped.png").write_bytes(bytes(flipped))
    (images / "photo.png").write_bytes(b"GIF89a" + b"\0" * 20)
    (images / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    files = [
        "images/missing.png",
        "/etc/hostname",
        "../outside.png",
        "images/link.png",
        "images/folder.png",
        "images/big.png",
        "images/bomb.png",
        "images/cut.png",
        "images/cut.jpg",
        "images/flipped.png",
        "images/photo.png",
        "images/chart.svg",
        "images\\\\map.png",
    ]
    places = with_pictures(minimal_plan, *(picture(f'"{file}"') for file in files))
    run = cli("validate", minimal_plan)
    assert run.exit_code == 1
    found = [line for line in run.stderr.splitlines() if "plan.yaml" in line]
    expected = [
        ("image-missing", "there is no file `images/missing.png` in the plan folder"),
        (
            "outside-plan",
            "`/etc/hostname` is an absolute path; write the picture's path from the plan folder",
        ),
        ("outside-plan", "`../outside.png` leads out of the plan folder (`..`); copy the picture in instead"),
        ("outside-plan", "`images/link.png`: this file links to a place outside the plan folder"),
        ("not-a-file", "`images/folder.png` is a folder; name the picture's file"),
        ("too-large", "`images/big.png`: the file is larger than 10 MiB"),
        ("image-too-large", "`images/bomb.png` is 10000 × 10000 pixels, more than the 50 million"),
        ("image-corrupt", "`images/cut.png` is damaged or cut short and cannot be shown"),
        ("image-corrupt", "`images/cut.jpg` is damaged or cut short and cannot be shown"),
        ("image-corrupt", "`images/flipped.png` is damaged or cut short and cannot be shown"),
        (
            "image-type",
            "`images/photo.png` is not a PNG or JPEG picture (judged by its contents, not its name)",
        ),
        ("image-type", "`images/chart.svg` is an SVG picture; cspgen shows PNG and JPEG only"),
        ("image-path", "write the path `images\\map.png` with `/` between folders"),
    ]
    assert len(found) == len(expected), run.stderr
    for index, (line, (code, message), place) in enumerate(zip(found, expected, places, strict=True)):
        assert f"plan.yaml:{place}:17: sections[0].content[{index + 1}].image.file: {message}" in line, line
        assert line.endswith(f"[error: {code}]"), line


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("decorative: true\nalt: A map", "a decorative picture has no `alt`"),
        ("caption: A map", "a picture needs `alt`, saying what it shows"),
    ],
)
def test_alt_and_decorative_are_one_or_the_other(
    minimal_plan: Path, cli: Cli, fields: str, message: str
) -> None:
    (minimal_plan / "map.png").write_bytes(png())
    (place,) = with_pictures(minimal_plan, "file: map.png\n" + fields)
    run = cli("validate", minimal_plan)
    assert run.exit_code == 1
    assert f"plan.yaml:{place}:11: sections[0].content[1].image: " in run.stderr and message in run.stderr, (
        run.stderr
    )


def test_a_picture_is_copied_under_its_hash_and_shown_in_every_format(
    minimal_plan: Path, tmp_path: Path
) -> None:
    (minimal_plan / "images").mkdir()
    data = jpeg(30, 16)
    (minimal_plan / "images" / "Ward Map.JPG").write_bytes(data)
    with_pictures(minimal_plan, picture("images/Ward Map.JPG", "Crime by ward") + "\ncaption: Wards, 2023")
    first, second = tmp_path / "a", tmp_path / "b"
    assert not build(minimal_plan, first, ALL).failed()
    assert not build(minimal_plan, second, ALL).failed()
    name = f"images/ward-map.{hashlib.sha256(data).hexdigest()[:8]}.jpg"
    assert (first / name).read_bytes() == data
    for output in ("index.html", "plan.md", "plan.pdf", "plan.docx", name):
        assert (first / output).read_bytes() == (second / output).read_bytes(), output
    assert (
        f'<img src="{name}" alt="Crime by ward" width="30" height="16">' in (first / "index.html").read_text()
    )
    assert f"![Crime by ward](<{name}>)" in (first / "plan.md").read_text()
    assert "Figure alt: Crime by ward" in pdf_text(first / "plan.pdf")
    assert "image 30×16" in pdf_text(first / "plan.pdf")
    assert "alt “Crime by ward”" in docx_text(first / "plan.docx")


def test_a_rebuild_removes_the_copy_of_a_picture_no_longer_shown(minimal_plan: Path, tmp_path: Path) -> None:
    (minimal_plan / "map.png").write_bytes(png())
    with_pictures(minimal_plan, picture("map.png"))
    out = tmp_path / "out"
    assert not build(minimal_plan, out, ("html",)).failed()
    (copy,) = (out / "images").iterdir()
    (minimal_plan / "map.png").write_bytes(png(colour=(1, 2, 3)))
    assert not build(minimal_plan, out, ("html",)).failed()
    (new_copy,) = (out / "images").iterdir()
    assert new_copy.name != copy.name and new_copy.name in (out / "index.html").read_text()


def test_a_link_in_place_of_the_output_images_folder_is_never_written_through(
    minimal_plan: Path, tmp_path: Path
) -> None:
    (minimal_plan / "map.png").write_bytes(png())
    with_pictures(minimal_plan, picture("map.png"))
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert not build(minimal_plan, out, ("html",)).failed()
    (copy,) = (out / "images").iterdir()
    for path in (out / "images").iterdir():
        path.unlink()
    (out / "images").rmdir()
    (elsewhere / copy.name).write_text("the user's own file")
    (out / "images").symlink_to(elsewhere)
    assert build(minimal_plan, out, ("html",)).failed()
    assert (elsewhere / copy.name).read_text() == "the user's own file"


PAGE_LINKS = [
    '<img src="file://{folder}/secret.png" alt="x">',
    '<img src="secret.png" alt="x">',
    '<img src="images/../secret.png" alt="x">',
    '<link rel="stylesheet" href="file://{folder}/secret.css"><p>x</p>',
]


@pytest.mark.parametrize("markup", PAGE_LINKS)
def test_the_pdf_writer_reads_no_file_but_the_pictures_it_is_given(
    markup: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even markup the HTML writer never makes cannot lead WeasyPrint to another file."""
    monkeypatch.chdir(tmp_path)  # where a relative address would land
    (tmp_path / "secret.png").write_bytes(png(7, 5))
    (tmp_path / "secret.css").write_text(f"p {{ background: url(file://{tmp_path}/secret.png) }}")
    page = page_with(markup.format(folder=tmp_path))
    try:
        pdf = html_to_pdf(page, {"images/map.png": png(3, 2)}, datetime.date(2024, 1, 1))
    except PdfError as refused:
        assert "secret" in str(refused)
        return
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    assert "image 7×5" not in pdf_text(path)


def test_the_preview_serves_the_pictures_its_page_shows_and_no_other_file(minimal_plan: Path) -> None:
    data = png(5, 4)
    (minimal_plan / "map.png").write_bytes(data)
    with_pictures(minimal_plan, picture("map.png"))
    server = PreviewServer(minimal_plan, port=0)
    server.start()
    try:
        port = int(server.url.rstrip("/").rsplit(":", 1)[1])
        name = f"images/map.{hashlib.sha256(data).hexdigest()[:8]}.png"
        assert fetched(port, "/" + name) == (200, "image/png", data)
        for elsewhere in ("/map.png", "/plan.yaml", "/images/map.png", "/images/../plan.yaml"):
            assert fetched(port, elsewhere)[0] == 404, elsewhere
    finally:
        server.stop()


def fetched(port: int, path: str) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def test_diff_reads_the_earlier_pictures_from_git_and_tells_a_changed_one(
    minimal_plan: Path, cli: Cli
) -> None:
    """The earlier version is checked with its pictures read from the revision, never the disk."""
    repo = minimal_plan.parent.parent
    (minimal_plan / "map.png").write_bytes(png())
    with_pictures(minimal_plan, picture("map.png", "Old wards"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "with a map")
    (minimal_plan / "map.png").unlink()
    (minimal_plan / "map.png").write_bytes(png(6, 6))
    edit(minimal_plan / "plan.yaml", "alt: Old wards", "alt: New wards")
    result = cli("diff", minimal_plan)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[3:] == [
        "Plan",
        "  − Picture removed: “map.png, Old wards” in section “About the district”",
        "  + Picture added: “map.png, New wards” in section “About the district”",
    ]


def test_a_picture_s_name_and_alt_text_cannot_break_out_of_the_markup(
    minimal_plan: Path, tmp_path: Path
) -> None:
    (minimal_plan / 'x" onerror="alert(1).png').write_bytes(png())
    alt = '"><script>alert(1)</script>'
    with_pictures(minimal_plan, f"file: 'x\" onerror=\"alert(1).png'\nalt: '{alt}'")
    assert not build(minimal_plan, tmp_path / "out", ("html", "md")).failed()
    page = (tmp_path / "out" / "index.html").read_text()
    name = f"images/x-onerror-alert-1.{hashlib.sha256(png()).hexdigest()[:8]}.png"
    assert f'<img src="{name}" alt="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert "<script>alert" not in page and "onerror=" not in page
    markdown = (tmp_path / "out" / "plan.md").read_text()
    assert f'!["\\>\\<script\\>alert(1)\\</script\\>](<{name}>)' in markdown

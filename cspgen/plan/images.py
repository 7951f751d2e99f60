"""The pictures a plan shows, each read from inside the plan folder and checked before anything is drawn.

A picture is read as the plan's YAML is (load.read_source: no link out of the plan, no FIFO, no
more bytes than the limit). Its type is judged from its bytes, never its name, and it is decoded
once here, its size in pixels checked first, so a damaged file or a decompression bomb is a
located error at its `file:` and never reaches a writer. Pillow decodes the pictures; whether a
file is whole (every PNG chunk's checksum, a JPEG's end marker) is checked here, because WeasyPrint
tells Pillow, process-wide, to accept cut-short files once it has been imported.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
import zlib
from dataclasses import replace
from pathlib import Path, PurePosixPath

from PIL import Image as Pillow

from cspgen.diagnostics import Diagnostic, error
from cspgen.plan import schema
from cspgen.plan.load import DISK, Files
from cspgen.plan.model import PlanBundle
from cspgen.plan.picture import MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, SUFFIXES, ImageFile, ImageType
from cspgen.plan.source import format_path
from cspgen.plan.walk import nodes
from cspgen.plan.written import path_problem

# Why a picture cannot be shown: a stable code and a sentence.
Problem = tuple[str, str]

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
_JPEG_END = b"\xff\xd9"
_ROTATED = frozenset({5, 6, 7, 8})  # EXIF orientations a viewer turns a quarter turn
_EXIF_ORIENTATION = 0x0112


def read_images(bundle: PlanBundle, files: Files = DISK) -> tuple[PlanBundle, list[Diagnostic]]:
    """The bundle with every picture its files name, and a located error for each that cannot be shown."""
    root = files.resolve(bundle.folder)
    read: dict[str, ImageFile | Problem] = {}
    diagnostics: list[Diagnostic] = []
    for typed in bundle.own_files():
        for node in nodes(typed.source.data, typed.model, schema.Image):
            written = node.data.get("file")
            if not isinstance(written, str):
                continue
            if written not in read:
                read[written] = _read_image(bundle.folder, root, written, files)
            found = read[written]
            if not isinstance(found, ImageFile):
                where = typed.source.position((*node.path, "file"))
                path = format_path((*node.path, "file"))
                diagnostics.append(error(typed.source.path, where.line, where.column, *found, path))
    images = {written: found for written, found in read.items() if isinstance(found, ImageFile)}
    return replace(bundle, images=images), diagnostics


def _read_image(folder: Path, root: Path, written: str, files: Files) -> ImageFile | Problem:
    misplaced = path_problem(written, "image-path", "picture", "images/map.png")
    if misplaced is not None:
        return misplaced
    path = folder / written
    if files.is_dir(path):
        return "not-a-file", f"`{written}` is a folder; name the picture's file"
    if not files.exists(path) and not files.is_link(path):
        return "image-missing", f"there is no file `{written}` in the plan folder"
    raw, problems = files.read_bytes(path, root, MAX_IMAGE_BYTES)
    if raw is None:
        return (problems[0].code, f"`{written}`: {problems[0].message}") if problems else _unreadable(written)
    kind = _image_type(raw)
    if kind is None:
        return _type_problem(written, raw)
    if not _whole(raw, kind):
        return _damaged(written)
    return _decoded(written, raw, kind)


def _image_type(raw: bytes) -> ImageType | None:
    if raw.startswith(_PNG):
        return "png"
    if raw.startswith(_JPEG):
        return "jpeg"
    return None


def _type_problem(written: str, raw: bytes) -> Problem:
    if b"<svg" in raw[:4096].lower():
        return "image-type", (
            f"`{written}` is an SVG picture; cspgen shows PNG and JPEG only "
            "(an SVG can carry scripts and links to other files): export it as PNG"
        )
    return "image-type", (
        f"`{written}` is not a PNG or JPEG picture (judged by its contents, not its name); "
        "save it as PNG or JPEG"
    )


def _whole(raw: bytes, kind: ImageType) -> bool:
    """Every PNG chunk is there, its checksum right, up to the end chunk; a JPEG reaches its end marker."""
    if kind == "jpeg":
        return raw.rstrip(b"\0").endswith(_JPEG_END)
    offset = len(_PNG)
    while offset + 12 <= len(raw):
        (length,) = struct.unpack_from(">I", raw, offset)
        end = offset + 12 + length
        kind_and_data = raw[offset + 4 : end - 4]
        if end > len(raw) or zlib.crc32(kind_and_data) != struct.unpack_from(">I", raw, end - 4)[0]:
            return False
        if kind_and_data[:4] == b"IEND":
            return True
        offset = end
    return False


def _decoded(written: str, raw: bytes, kind: ImageType) -> ImageFile | Problem:
    """Decoded in full once, so a damaged file is found here; its pixels are counted before."""
    try:
        # Pillow warns of a bomb above its own, higher limit: the count below refuses it first.
        quiet = warnings.catch_warnings(action="ignore", category=Pillow.DecompressionBombWarning)
        with quiet, Pillow.open(io.BytesIO(raw), formats=[kind.upper()]) as picture:
            width, height = picture.size
            if width * height > MAX_IMAGE_PIXELS:
                return "image-too-large", (
                    f"`{written}` is {width} × {height} pixels, more than the "
                    f"{MAX_IMAGE_PIXELS // 1_000_000} million a plan's picture may have; export it smaller"
                )
            picture.load()
            turned = kind == "jpeg" and picture.getexif().get(_EXIF_ORIENTATION) in _ROTATED
    except Exception:  # noqa: BLE001 - Pillow's decoders raise many kinds of exception on a damaged file
        return _damaged(written)
    shown_width, shown_height = (height, width) if turned else (width, height)
    return ImageFile(raw, kind, shown_width, shown_height, _output_name(written, raw, kind))


def _output_name(written: str, raw: bytes, kind: ImageType) -> str:
    stem = schema.slugify(PurePosixPath(written).stem)
    return f"images/{stem}.{hashlib.sha256(raw).hexdigest()[:8]}{SUFFIXES[kind]}"


def _damaged(written: str) -> Problem:
    return "image-corrupt", f"`{written}` is damaged or cut short and cannot be shown; save it again"


def _unreadable(written: str) -> Problem:
    return "unreadable", f"cannot read `{written}`"

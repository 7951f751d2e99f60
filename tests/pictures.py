"""Small pictures made the same way every time, for the image tests and the `images` golden case."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

IMAGES_CASE = Path(__file__).resolve().parent / "golden" / "cases" / "images" / "plan" / "images"


def png(width: int = 4, height: int = 3, colour: tuple[int, int, int] = (0, 94, 165)) -> bytes:
    return _saved(Image.new("RGB", (width, height), colour), "PNG")


def jpeg(width: int = 4, height: int = 3, colour: tuple[int, int, int] = (120, 40, 0)) -> bytes:
    return _saved(Image.new("RGB", (width, height), colour), "JPEG")


def ward_map() -> bytes:
    """Eleven bands of shades, the darkest one standing for the ward with the most crime."""
    picture = Image.new("RGB", (44, 20), (255, 255, 255))
    for ward in range(11):
        shade = 230 - ward * 18 if ward != 7 else 20
        picture.paste((shade, shade, 255), (ward * 4, 0, ward * 4 + 4, 20))
    return _saved(picture, "PNG")


def _saved(picture: Image.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, kind)
    return buffer.getvalue()


if __name__ == "__main__":  # writes the golden case's pictures: python -m tests.pictures
    IMAGES_CASE.mkdir(parents=True, exist_ok=True)
    (IMAGES_CASE / "ward-map.png").write_bytes(ward_map())
    (IMAGES_CASE / "crime-trend.jpg").write_bytes(jpeg(30, 16))
    (IMAGES_CASE / "border.png").write_bytes(png(40, 2, (200, 200, 200)))

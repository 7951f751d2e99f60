"""A picture a plan shows, read and checked: what the document and the writers know of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MAX_IMAGE_BYTES = 10 * 1024 * 1024  # a full-page map exported at print resolution is a few MB
MAX_IMAGE_PIXELS = 50_000_000  # decoded at 4 bytes a pixel, 200 MB: past this it is a decompression bomb

ImageType = Literal["png", "jpeg"]

SUFFIXES: dict[ImageType, str] = {"png": ".png", "jpeg": ".jpg"}
MEDIA_TYPES: dict[ImageType, str] = {"png": "image/png", "jpeg": "image/jpeg"}


def media_type(name: str) -> str:
    """The media type of a copy by its name, which ends in the suffix of its real type."""
    return next((MEDIA_TYPES[kind] for kind, suffix in SUFFIXES.items() if name.endswith(suffix)), "")


@dataclass(frozen=True)
class ImageFile:
    """A picture's bytes as the plan holds them, and the name its copy takes in the output.

    The name carries a hash of the bytes, so a changed picture never shows from a stale cache.
    """

    data: bytes
    type: ImageType
    width: int
    height: int
    output_name: str  # e.g. images/ward-map.3f2a9c1e.png

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.type]

"""The logo's size, in bytes and in pixels, read from the image's header.

Why: the logo is decoded to be embedded in the maps; a small file can hold a huge image
(a 420 KB PNG of 12,000 x 12,000 pixels took 1.26 GB to render). Only the header is read,
so checking costs nothing whatever the image holds.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from battlemap.checks.logo import existing_logo
from battlemap.checks.registry import CheckContext, Finding, register
from battlemap.diagnostics import Severity
from battlemap.language import Words

MAX_LOGO_BYTES = 2_000_000
MAX_LOGO_PIXELS = 4_000_000
"""Width times height (2,000 x 2,000): sharp on any page, far from a decompression bomb."""

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
"""JPEG start-of-frame markers (those holding the image's size)."""


@register("logo-too-large", Severity.ERROR, "The logo file or image is too large to embed.")
def logo_too_large(context: CheckContext) -> Iterator[Finding]:
    logo = existing_logo(context)
    if logo is None:
        return
    value, found = logo
    problem = logo_size_problem(found)
    if problem is not None:
        message = Words("logo '{value}': {problem.en}", "logo「{value}」：{problem.zh}")
        yield Finding(("account", "logo"), message.format(value=value, problem=problem))


def logo_size_problem(path: Path) -> Words | None:
    """Why the logo at ``path`` is too large (None when it is not, or cannot be read)."""
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            return Words(
                "{size:,} bytes, over the limit of {limit:,}", "{size:,} 字节，超过上限 {limit:,}"
            ).format(size=size, limit=MAX_LOGO_BYTES)
        with path.open("rb") as image:
            dimensions = image_size(image)
    except OSError:
        return None  # the build reports a logo it cannot read
    if dimensions is not None and dimensions[0] * dimensions[1] > MAX_LOGO_PIXELS:
        width, height = dimensions
        return Words(
            "{width:,} x {height:,} pixels, over the limit of {limit:,} pixels",
            "{width:,} x {height:,} 像素，超过上限 {limit:,} 像素",
        ).format(width=width, height=height, limit=MAX_LOGO_PIXELS)
    return None


def image_size(image: BinaryIO) -> tuple[int, int] | None:
    """(width, height) of a PNG or JPEG image from its header, else None."""
    head = image.read(24)
    if head.startswith(_PNG) and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        return width, height
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(image)
    return None


def _jpeg_size(image: BinaryIO) -> tuple[int, int] | None:
    """Walks the JPEG's segments (each a marker and a length) to its start of frame."""
    image.seek(2)
    while True:
        segment = image.read(4)
        if len(segment) < 4 or segment[0] != 0xFF:
            return None
        marker, length = segment[1], struct.unpack(">H", segment[2:])[0]
        if marker in _JPEG_FRAMES:
            frame = image.read(5)
            if len(frame) < 5:
                return None
            height, width = struct.unpack(">HH", frame[1:])
            return width, height
        if length < 2:
            return None
        image.seek(length - 2, 1)

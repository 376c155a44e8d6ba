"""The metrics of the font the pages are set in: advance widths and line extents, read from
the font files fontconfig finds, once, then kept in the user's cache folder.

Why real metrics: pages, org chart labels and their boxes are laid out before a browser or
WeasyPrint sets the text in this font; a hand-made estimate put names across box borders.
Why a cache: reading a CJK font's tables with fontTools costs ~0.7 s; the cache (runs of
code points of equal advance, a few hundred rows) loads in about a millisecond. An entry is
trusted only while its font file keeps the size and modification time it was read with.

When no font file or no fontconfig is found, widths fall back to a rough estimate (CJK full
width, anything else about half) and the line extents to those of Noto Sans CJK."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from battlemap.writing import private_folder, user_cache_folder, write_atomic

FAMILIES = "Noto Sans CJK SC,WenQuanYi Micro Hei"
"""The families the stylesheets and the org chart ask for first (fontconfig's pattern)."""

CACHE_FORMAT = 1
_CACHE_NAME = "font-metrics.json"


@dataclass(frozen=True)
class Face:
    """One face's metrics, in ems: advances by runs of code points, and the line's extents
    above and below the baseline (the hhea ascender and descender, which browsers use for the
    box of a line of text and of an SVG ``<text>``)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    advances: tuple[float, ...]
    ascent: float = 1.16
    descent: float = 0.288
    _known: dict[str, float] = field(default_factory=dict, compare=False, repr=False)
    """Advances already looked up: a chart measures tens of thousands of characters, of a
    few hundred kinds."""

    def char_ems(self, ch: str) -> float:
        known = self._known.get(ch)
        if known is None:
            known = self._known[ch] = self._advance(ch)
        return known

    def text_ems(self, text: str) -> float:
        known = self._known
        return sum(known[ch] if ch in known else self.char_ems(ch) for ch in text)

    def _advance(self, ch: str) -> float:
        code = ord(ch)
        at = bisect_right(self.starts, code) - 1
        if at >= 0 and code <= self.ends[at]:
            return self.advances[at]
        return rough_ems(ch)


def rough_ems(ch: str) -> float:
    """A character the font does not hold: CJK full width, anything else about half."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55


ROUGH = Face((), (), ())


@cache
def face(bold: bool = False) -> Face:
    """The metrics of the regular (or bold) face, from the cache or read once."""
    style = "bold" if bold else "regular"
    cached = _read_cache()
    entry = cached.get(style)
    if isinstance(entry, dict) and _fresh(entry):
        return _face_of(entry)
    found = _measured(bold)
    if found is None:
        return ROUGH
    _write_cache({**cached, style: found})
    _read_cache.cache_clear()
    return _face_of(found)


def _face_of(entry: dict[str, Any]) -> Face:
    runs = entry["runs"]
    scale = float(entry["units"])
    return Face(
        tuple(r[0] for r in runs),
        tuple(r[1] for r in runs),
        tuple(r[2] / scale for r in runs),
        entry["ascent"] / scale,
        entry["descent"] / scale,
    )


def _fresh(entry: dict[str, Any]) -> bool:
    try:
        found = Path(entry["file"]).stat()
        return bool(
            found.st_size == entry["size"]
            and found.st_mtime_ns == entry["mtime_ns"]
            and isinstance(entry["runs"], list)
            and entry["units"] > 0
        )
    except (OSError, KeyError, TypeError):
        return False


def _font_file(bold: bool) -> tuple[str, int] | None:
    """The file (and face index in a collection) fontconfig picks for ``FAMILIES``."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    pattern = FAMILIES + (":bold" if bold else ":regular")
    try:
        done = subprocess.run(
            [fc_match, "-f", "%{file}\n%{index}", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    file, _, index = done.stdout.partition("\n")
    if done.returncode != 0 or not file or not Path(file).is_file():
        return None
    return file, int(index) if index.strip().isdigit() else 0


def _measured(bold: bool) -> dict[str, Any] | None:
    """The metrics of the face fontconfig finds, as a cache entry (advances in font units,
    consecutive code points of equal advance merged into runs)."""
    found = _font_file(bold)
    if found is None:
        return None
    file, index = found
    try:
        from fontTools.ttLib import TTFont

        with TTFont(file, fontNumber=index, lazy=True) as font:
            cmap = font.getBestCmap()
            metrics = font["hmtx"].metrics
            units = font["head"].unitsPerEm
            ascent, descent = font["hhea"].ascent, -font["hhea"].descent
            runs: list[list[int]] = []
            for code in sorted(cmap):
                advance = metrics[cmap[code]][0]
                if runs and runs[-1][1] == code - 1 and runs[-1][2] == advance:
                    runs[-1][1] = code
                else:
                    runs.append([code, code, advance])
    except Exception:  # a broken or unreadable font: the rough estimate, not a failed build
        return None
    stat = Path(file).stat()
    return {
        "file": file,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "units": units,
        "ascent": ascent,
        "descent": descent,
        "runs": runs,
    }


def _cache_path() -> Path:
    return user_cache_folder() / _CACHE_NAME


@cache
def _read_cache() -> dict[str, Any]:
    """The cache file's faces, parsed once per process (both faces are in it)."""
    try:
        data = json.loads(_cache_path().read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return {}
    faces = data.get("faces")
    return faces if isinstance(faces, dict) else {}


def _write_cache(faces: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written only costs the next run the reading."""
    folder = user_cache_folder()
    if not private_folder(folder):
        return
    content = json.dumps({"format": CACHE_FORMAT, "faces": faces}, separators=(",", ":"))
    try:
        write_atomic(folder / _CACHE_NAME, content.encode("utf-8"))
    except OSError:
        return

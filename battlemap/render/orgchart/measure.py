"""Text for the chart: escaping for dot's HTML-like labels, widths in ems, clip and wrap.

Widths (to plan the layout before dot runs) are measured with the font the chart is set in
(``widths``, the pages' own model).

Safety: contact texts only ever reach DOT through ``escape_html`` inside HTML-like labels."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache

from battlemap.render import widths

HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "]": "&#93;"}
"""``]`` too: dot's parser refuses a bold label that is only ``]`` (found by the fuzz tests)."""


def escape_html(text: str) -> str:
    """Text for an HTML-like Graphviz label: markup characters as entities, controls and line
    breaks as spaces, and backslashes doubled, because dot still expands ``\\N``, ``\\G``...
    inside HTML-like labels (even when written ``&#92;N``); ``\\\\`` is a literal backslash."""
    cleaned = "".join(" " if is_control(ch) else ch for ch in text)
    cleaned = cleaned.replace("\\", "\\\\")
    return "".join(HTML_ESCAPES.get(ch, ch) for ch in cleaned)


def is_control(ch: str) -> bool:
    return unicodedata.category(ch) in {"Cc", "Cs", "Cn", "Zl", "Zp"}


@lru_cache(maxsize=8192)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in points of ``text`` at ``size``, in the chart's font (kept: choosing the
    charts of a big organisation estimates the same labels dozens of times)."""
    return widths.ems(text, bold) * size


def clip(text: str, limit: float) -> str:
    """``text`` cut to about ``limit`` em with an ellipsis, so one long value cannot widen the
    whole chart (the full text is in the report's tables)."""
    return widths.clip(text, limit, room=0.6)


def wrap(text: str, ems: float, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``ems`` em, broken between words (inside
    a word longer than a line, e.g. CJK text); the last line takes the rest, clipped.

    Linear in ``text``: widths are summed as the lines grow (never re-measured), and the
    reading stops once the last line is wider than ``ems``, since ``clip`` cuts the rest."""
    out: list[str] = []
    current, width = "", 0.0
    for piece in _pieces((word.group() for word in _WORD.finditer(text)), ems):
        joined = _widen(width, " " + piece) if current else _widen(0.0, piece)
        if current and joined > ems and len(out) < lines - 1:
            out.append(current)
            current, joined = piece, _widen(0.0, piece)
        else:
            current = f"{current} {piece}" if current else piece
        width = joined
        if len(out) == lines - 1 and width > ems:
            break
    out.append(current)
    return [clip(line, ems) for line in out if line] or [""]


_WORD = re.compile(r"\S+")


def _widen(width: float, text: str) -> float:
    """``width`` plus the width of ``text``, added a character at a time (the same sum, to
    the last bit, as measuring the joined text from its start)."""
    for ch in text:
        width += widths.char_ems(ch)
    return width


def _pieces(words: Iterable[str], ems: float) -> Iterator[str]:
    """Each word, cut into pieces no wider than ``ems`` (measured as the piece grows)."""
    for word in words:
        piece, width = "", 0.0
        for ch in word:
            wider = width + widths.char_ems(ch)
            if piece and wider > ems:
                yield piece
                piece, wider = "", widths.char_ems(ch)
            piece += ch
            width = wider
        yield piece

"""Text widths estimated in ems, and text clipped to a width with an ellipsis.

Free of Babel (unlike ``formatting``), so that the org chart can clip with the same code as
the pages: the chart passes its own, finer per-character measure (``orgchart.measure``,
tuned to dot's font), the pages use the rough one here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

Measure = Callable[[str], float]
"""A character's width in ems."""


def char_ems(ch: str) -> float:
    """A character's rough width in ems: CJK full width, anything else about half."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55


def ems(text: str, measure: Measure = char_ems) -> float:
    """The width of ``text`` in ems (by default the rough width)."""
    return sum(map(measure, text))


def clip(text: str, limit: float, measure: Measure = char_ems, room: float = 1.0) -> str:
    """``text`` on one line, cut to about ``limit`` ems with an ellipsis; ``room``: the ems
    kept free for the ellipsis when the text is cut."""
    text = " ".join(text.split())
    if ems(text, measure) <= limit:
        return text
    kept: list[str] = []
    used = 0.0
    for ch in text:
        used += measure(ch)
        if used > limit - room:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"

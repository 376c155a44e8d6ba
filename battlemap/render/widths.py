"""Text widths in ems, measured with the font the pages are set in, and text clipped to a
width with an ellipsis: the one width model of every page and of the org chart.

Free of Babel (unlike ``formatting``), so that the org chart can clip with the same code as
the pages. The advances come from the font files themselves (``fonts``); a character the
font does not hold is estimated (CJK full width, anything else about half)."""

from __future__ import annotations

from battlemap.render import fonts


def char_ems(ch: str, bold: bool = False) -> float:
    """A character's advance in ems, in the regular (or bold) face."""
    return fonts.face(bold).char_ems(ch)


def ems(text: str, bold: bool = False) -> float:
    """The width of ``text`` in ems."""
    return fonts.face(bold).text_ems(text)


def line_extents() -> tuple[float, float]:
    """How far a line of text reaches above and below its baseline, in ems (the box a
    browser gives a ``<text>`` element)."""
    face = fonts.face()
    return face.ascent, face.descent


def clip(text: str, limit: float, room: float = 1.0, bold: bool = False) -> str:
    """``text`` on one line, cut to about ``limit`` ems with an ellipsis; ``room``: the ems
    kept free for the ellipsis when the text is cut."""
    text = " ".join(text.split())
    if ems(text, bold) <= limit:
        return text
    kept: list[str] = []
    used = 0.0
    for ch in text:
        used += char_ems(ch, bold)
        if used > limit - room:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"

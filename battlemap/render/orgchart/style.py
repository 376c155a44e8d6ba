"""The chart's visual vocabulary: font, type sizes, inks, stance fills, pen widths.

A person's stance is a fill and a symbol, their influence a border's width; a link's
strength is a line's width."""

from __future__ import annotations

from collections.abc import Mapping

FONT = "Noto Sans CJK SC,WenQuanYi Micro Hei,PingFang SC,Microsoft YaHei,sans-serif"
"""A family list: fontconfig (in dot) and browsers both take the first one installed."""
FONT_SIZE = 10.0
SMALL_SIZE = 8.0


INK = "#333333"
GREY_INK = "#7A7A7A"
GREY_FILL = "#EDEDED"
LINK_COLOUR = "#0072B2"  # Okabe-Ito blue: influence links, distinct from reporting lines

STANCE_STYLES: Mapping[str, tuple[str, str]] = {
    # stance: (fill, symbol). Light tints of the Okabe-Ito palette (colour-blind safe), plus a
    # symbol so that the stance also reads in black and white.
    "champion": ("#8FD6C1", "++"),  # bluish green #009E73
    "supporter": ("#C6E6F7", "+"),  # sky blue #56B4E9
    "neutral": ("#E3E3E3", "○"),
    "skeptic": ("#F6D89B", "−"),  # orange #E69F00
    "opponent": ("#F2AC8C", "−−"),  # vermillion #D55E00
    "unknown": ("#FFFFFF", "?"),
}
INFLUENCE_PENWIDTH: Mapping[str, float] = {"high": 3.0, "medium": 1.5, "low": 0.8}
STRENGTH_PENWIDTH: Mapping[str, float] = {"strong": 2.5, "medium": 1.5, "weak": 0.8}
ROLE_ORDER = (
    "decision_maker",
    "technical_buyer",
    "user",
    "influencer",
    "coach",
    "gatekeeper",
    "procurement",
)

"""The chart's visual vocabulary: font, type sizes, inks, stance fills, pen widths.

A person's stance is a fill and a symbol, their influence a border's width; a link's
strength is a line's width."""

from __future__ import annotations

from collections.abc import Mapping

FONT = "Noto Sans CJK SC,WenQuanYi Micro Hei,PingFang SC,Microsoft YaHei,sans-serif"
"""A family list: fontconfig (in dot) and browsers both take the first one installed."""
LEGIBLE_SCALE = 0.7
"""The least print scale of a chart: names set at 10 pt print at 7 pt or larger."""
PAGE_SCALE = 0.9
"""The least print scale of a chart on a page of its own: names at 9 pt (the details are set
at 7.6 pt). Such a page exists to make the chart readable; a chart that would print smaller
there is cut into departments, several to a page when they fit."""
FONT_SIZE = 10.0
SMALL_SIZE = 8.0

# A box's room around its text, in points. dot sets a line of text in a row 1.1 em tall with
# its baseline DOT_ASCENT_EMS below the row's top and DOT_DESCENT_EMS above its bottom
# (measured on dot 2.43 with pango, rounded down); browsers and WeasyPrint draw the same
# line reaching the font's ascent and descent (``widths.line_extents``), further out. The
# label's first and last rows get spacers so that the text as drawn keeps TEXT_CLEARANCE_PT
# inside the box's outline (the font's ascent reaches well above its glyphs, so the ink
# stays clear of even the widest border). Where those rows start and end, the rounded
# corners curve in: the sides' margin and the spacers together keep the ink of the first
# and last rows TEXT_CLEARANCE_PT inside the corners too (``boxes.corner_rise``; with a
# margin of 0.06 in, the owner row's "▸" touched a thick border's corner on paper).
NODE_MARGIN_PT = (5.76, 1.44)  # dot's node margin (0.08, 0.02 in): sides, top and bottom
CELL_PADDING_PT = 0.0
DOT_ASCENT_EMS = 0.7
DOT_DESCENT_EMS = 0.2
TEXT_CLEARANCE_PT = 2.0
CORNER_RADIUS_PT = 12.0
"""dot's rounded corners: a curve from 12 pt along one side to 12 pt along the other, its
control points half-way to the corner (RBCONST and RBCURVE in dot's shapes.c; a box less
than 36 pt tall gets a smaller one). A label's first and last lines start and may end where
the corners curve in."""
INK_TOP_EMS = 0.88
INK_DEPTH_EMS = 0.12
"""How far above and below its baseline a line's first and last glyphs can reach: the em box
of ideographs (Latin capitals, figures and ``▸`` stay within it). Corners are cleared for
ink, not for the whole line box, which reaches further (the font's ascent and descent)."""
COMB_GAP_PT = 7.0
"""Between the borders of two boxes one above the other (ranks): a clear gap, so that a
person does not read as the subordinate of the one above."""


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
BORDER_PT = max(INFLUENCE_PENWIDTH.values())
"""The widest border a box gets (the room inside a box is the same for all)."""
ROLE_ORDER = (
    "decision_maker",
    "technical_buyer",
    "user",
    "influencer",
    "coach",
    "gatekeeper",
    "procurement",
)

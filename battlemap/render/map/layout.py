"""Fitting page one on one page: where the next steps go and how tall the org chart may be.

Why estimates: the layout engine runs after the view-model is built, so the view estimates
the height of each box on page one from its text (in lines of page one's font) and the
chart's natural size. When the right column would run past the page, the next steps move
under the org chart, which then gets less height. The estimates are deliberately generous.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from battlemap.options import DEFAULT_PAGE_SIZE, PAGE_SIZES, BuildOptions
from battlemap.render.map.front import Front
from battlemap.render.widths import ems

MM = 72 / 25.4
FONT_PT = 7.1
LINE_PT = 9.6
CARD_PT = 30.0
"""A card's heading, padding, borders and the gap after it."""
ROW_PT = 3.0
"""A table row's padding and rule."""
BAND_PT = 82.0
MARGINS_PT = (8 + 10 + 2.5) * MM
SIDES_PT = 18 * MM
GAP_PT = 3 * MM


@dataclass(frozen=True)
class PageOneLayout:
    steps_left: bool
    chart_max_mm: int


def page_box(options: BuildOptions) -> tuple[float, float]:
    """The page's width and height in points."""
    short, long = PAGE_SIZES.get(options.page_size, PAGE_SIZES[DEFAULT_PAGE_SIZE])
    return (long, short) if options.landscape else (short, long)


def columns(options: BuildOptions) -> tuple[float, float, float]:
    """Page one's left and right column widths and its column height, in points."""
    width, height = page_box(options)
    inner = width - SIDES_PT - GAP_PT
    return inner * 0.6, inner * 0.4, height - MARGINS_PT - BAND_PT


def _lines(text_ems: float, line_ems: float) -> int:
    return max(1, ceil(text_ems / max(line_ems, 1.0)))


def _road(front: Front, line_ems: float) -> float:
    rows = sum(
        (_lines(ems(d.name), line_ems * 0.38) + 1 + (1 if d.unmet else 0)) * LINE_PT + ROW_PT
        for d in front.road.deals
    )
    return CARD_PT + 2 * LINE_PT + rows + (LINE_PT if front.road.more else 0)


def _gaps(front: Front) -> float:
    rows = len(front.gaps) * (LINE_PT + ROW_PT)
    return CARD_PT + LINE_PT + rows + (LINE_PT if front.more_gaps else 0)


FLAG_EXTRA_EMS = 5
"""What a flag's line holds besides its title and message: the severity badge, the note
number and the colon."""


def _flags(front: Front, line_ems: float) -> float:
    rows = sum(
        _lines(ems(f.title) + ems(f.message) + FLAG_EXTRA_EMS, line_ems) * LINE_PT + 2 * ROW_PT
        for f in front.flags
    )
    return CARD_PT + rows + (LINE_PT if front.more_flags else 0)


def steps_height(front: Front, line_ems: float) -> float:
    rows = sum(
        _lines(ems(s.action) + 0.85 * ems(s.opportunity), line_ems * 0.7) * LINE_PT + ROW_PT
        for s in front.steps
    )
    return CARD_PT + LINE_PT + rows + (LINE_PT if front.more_steps else 0)


def page_one_layout(front: Front, options: BuildOptions) -> PageOneLayout:
    left, right, height = columns(options)
    right_ems = (right - 16) / FONT_PT
    without_steps = _road(front, right_ems) + _gaps(front) + _flags(front, right_ems)
    steps_right = steps_height(front, right_ems)
    if without_steps + steps_right <= height:
        return PageOneLayout(False, int((height - CARD_PT) / MM))
    steps_left = steps_height(front, (left - 16) / FONT_PT)
    return PageOneLayout(True, int((height - CARD_PT - steps_left) / MM))

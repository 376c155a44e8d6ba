"""The org charts as printed, measured on the PDF of each example (issue 15, section 4):

- the chart pages of the 60-contact example print at ``PAGE_SCALE`` (names at 9 pt) or more,
  measured from where the PDF puts the chart's words, not from the layout's estimate;
- on page one, rasterised with pdftoppm, no text pixel touches a person's box border or
  comes within two pixels of it (at 250 dpi, 0.6 pt).

Where a chart sits on a page: the words of its SVG that appear once on both the chart and
the page pair an SVG position with a PDF one (``pdftotext -bbox``); text is set flush left,
so an SVG ``x`` is where the word starts on paper. The pairs give the chart's print scale and
offset (``Placement``), checked against each other to a fraction of a point.

Where a border is in the raster: around each box (its outline from the SVG, placed on the
page), the pixels darker than the box's fill are ink, grown by a pixel all round (so that
ink two pixels apart joins). The ink that can be reached from outside the box through ink
is the border, plus the lines that end on it and any text joined to it. A border reaches
half its stroke inside the outline; border ink further inside than that (and its
antialiased edge, the growth, two pixels of slack for rounding) is text on the border.
Outlines are dot's rounded rectangles, their corners curves (``boxes.corner_rise``)."""

from __future__ import annotations

import html
import re
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from math import ceil, floor
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from battlemap.render.map.orgchart_view import OrgChart
from battlemap.render.map.pdf import render_pdf
from battlemap.render.map.view import build_view
from battlemap.render.orgchart import PAGE_SCALE
from battlemap.render.widths import line_extents
from tests.conftest import ROOT
from tests.render_support import compile_file

EXAMPLES = sorted(path.name for path in (ROOT / "examples").glob("*.yaml"))
DPI = 250
PX = DPI / 72
"""Pixels per point."""
MARGIN_PX = 10
"""Around a box's outline in the crop: the outside of the box, all round it."""
INK_STEP = 12
"""A pixel is ink when its grey is this much darker than the box's fill (antialiased edges
of text and border count: they are what touches)."""

TOUCHING_PX = 20
"""Fewer pixels are where a line or an arrow ends on a border, a hair past the outline; text
joined to a border brings a whole glyph along (a 7 pt glyph is a few hundred pixels)."""

_TEXT = re.compile(r'<text text-anchor="start" x="([-\d.]+)" y="([-\d.]+)"[^>]*>([^<]*)</text>')
_NODE = re.compile(
    r'<g class="node contact[^"]*">\s*<path fill="([^"]+)" stroke="[^"]+"'
    r'( stroke-width="([\d.]+)")?( stroke-dasharray="[^"]*")? d="([^"]+)"/>\s*(<text[^>]*>'
    r"([^<]*))?"
)
_NUMBER = re.compile(r"-?[\d.]+")


@dataclass(frozen=True)
class Built:
    pdf: Path
    chart: OrgChart


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    """Each example's PDF and its org chart view, built once per module when first asked."""
    folder = tmp_path_factory.mktemp("chart-print")

    @cache
    def build(name: str) -> Built:
        compiled, options = compile_file(ROOT / "examples" / name)
        target = folder / f"{name}.pdf"
        target.write_bytes(render_pdf(compiled, options))
        return Built(target, build_view(compiled, options).orgchart)

    return build


@dataclass(frozen=True)
class Word:
    text: str
    x: float
    y_min: float
    y_max: float


def page_words(pdf: Path, page: int) -> list[Word]:
    done = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
        done.stdout,
    )
    return [Word(html.unescape(t), float(x), float(y0), float(y1)) for x, y0, y1, t in found]


@dataclass(frozen=True)
class Placement:
    """Where a chart is printed: page point = ``scale`` * SVG point + offset."""

    scale: float
    dx: float
    dy: float


def placement(svg: str, words: list[Word]) -> Placement:
    """The chart's print scale and offset on the page, from the words it shares with it."""
    texts: dict[str, list[tuple[float, float]]] = {}
    for x, y, body in _TEXT.findall(svg):
        first = html.unescape(body).split()
        if first:
            texts.setdefault(first[0], []).append((float(x), float(y)))
    on_page: dict[str, list[Word]] = {}
    for word in words:
        on_page.setdefault(word.text, []).append(word)
    pairs = [
        (texts[w][0], on_page[w][0])
        for w in texts
        if len(texts[w]) == 1 and len(on_page.get(w, ())) == 1
    ]
    assert len(pairs) >= 3, f"only {len(pairs)} words of the chart found once on the page"
    left = min(pairs, key=lambda pair: pair[0][0])
    right = max(pairs, key=lambda pair: pair[0][0])
    scale = (right[1].x - left[1].x) / (right[0][0] - left[0][0])
    dx = statistics.median(word.x - scale * x for (x, _), word in pairs)
    ascent, descent = line_extents()
    baselines = [w.y_min + (w.y_max - w.y_min) * ascent / (ascent + descent) for _, w in pairs]
    dy = statistics.median(b - scale * y for ((_, y), _), b in zip(pairs, baselines, strict=True))
    misses = [abs(w.x - (scale * x + dx)) for (x, _), w in pairs]
    assert statistics.median(misses) < 0.3, f"the chart's words disagree on its place: {misses}"
    return Placement(scale, dx, dy)


# ---- The chart pages' scale ------------------------------------------------------------------


def test_the_sixty_contact_charts_pages_print_at_nine_tenths_or_more(
    built: Callable[[str], Built],
) -> None:
    """Before: one page of all 60 at 0.70 (names at 7 pt). Now the departments, a few to a
    page, each page measured on the PDF."""
    found = built("large.yaml")
    assert found.chart.pages
    for number, page in enumerate(found.chart.pages, 2):  # they follow page one
        words = page_words(found.pdf, number)
        assert page.heading in " ".join(word.text for word in words), (number, page.heading)
        scale = placement(page.svg, words).scale
        assert scale >= PAGE_SCALE, (page.heading, round(scale, 3))


# ---- No text on a border ---------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A person's box in SVG points: its outline's bounds, fill, stroke width, first text."""

    name: str
    fill: str
    stroke: float
    outline: tuple[tuple[float, float], ...]
    """dot's rounded rectangle, its curves flattened."""

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        xs, ys = [x for x, _ in self.outline], [y for _, y in self.outline]
        return min(xs), min(ys), max(xs), max(ys)


def solid_boxes(svg: str) -> list[Box]:
    """Every person's box with a solid border (a dashed one has gaps, nothing to touch)."""
    boxes = []
    for fill, _, width, dashed, path, _, name in _NODE.findall(svg):
        if dashed or fill == "none":
            continue
        numbers = [float(n) for n in _NUMBER.findall(path)]
        points = list(zip(numbers[0::2], numbers[1::2], strict=True))
        outline = tuple(flattened(points))
        boxes.append(Box(html.unescape(name), fill, float(width or 1), outline))
    return boxes


def flattened(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The points of a path ``M p C c1 c2 p c1 c2 p ...``, every cubic curve cut in eight."""
    found = [points[0]]
    for i in range(1, len(points) - 2, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[i - 1 : i + 3]
        for step in range(1, 9):
            t = step / 8
            a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
            found.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return found


@dataclass(frozen=True)
class Raster:
    """Part of a page at ``DPI``: its top left corner is ``origin`` pixels into the page."""

    image: Image.Image
    origin: tuple[int, int]


def _pixels(box: Box, place: Placement) -> tuple[int, int, int, int]:
    """A box's outline on the page in pixels, with ``MARGIN_PX`` all round."""
    x0, y0, x1, y1 = box.bounds
    return (
        floor((place.scale * x0 + place.dx) * PX) - MARGIN_PX,
        floor((place.scale * y0 + place.dy) * PX) - MARGIN_PX,
        ceil((place.scale * x1 + place.dx) * PX) + MARGIN_PX,
        ceil((place.scale * y1 + place.dy) * PX) + MARGIN_PX,
    )


def raster(pdf: Path, page: int, boxes: list[Box], place: Placement) -> Raster:
    """The part of ``page`` that holds ``boxes``, rasterised (all of page one takes seconds)."""
    corners = [_pixels(box, place) for box in boxes]
    left, top = min(c[0] for c in corners), min(c[1] for c in corners)
    right, bottom = max(c[2] for c in corners), max(c[3] for c in corners)
    area = ["-x", str(left), "-y", str(top), "-W", str(right - left), "-H", str(bottom - top)]
    done = subprocess.run(
        ["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(DPI), *area, "-png", str(pdf)],
        capture_output=True,
        check=True,
    )
    return Raster(Image.open(BytesIO(done.stdout)).convert("L"), (left, top))


def _grey(colour: str) -> int:
    if colour == "white":
        return 255
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return (red * 299 + green * 587 + blue * 114) // 1000  # as PIL converts RGB to L


def _grow(mask: Image.Image, within: Image.Image) -> Image.Image:
    """``mask`` spread through ``within`` (8-connected) as far as it goes."""
    while True:
        grown = ImageChops.darker(mask.filter(ImageFilter.MaxFilter(3)), within)
        if grown.tobytes() == mask.tobytes():
            return mask
        mask = grown


def text_on_border(page: Raster, box: Box, place: Placement) -> str | None:
    """Where text touches ``box``'s border (or comes within two pixels of it), else None."""
    left, top, right, bottom = _pixels(box, place)
    crop = page.image.crop(
        (
            left - page.origin[0],
            top - page.origin[1],
            right - page.origin[0],
            bottom - page.origin[1],
        )
    )
    limit = _grey(box.fill) - INK_STEP
    ink = crop.point(lambda v: 255 if v < limit else 0).filter(ImageFilter.MaxFilter(3))
    free = ImageChops.invert(ink)
    frame = Image.new("L", crop.size, 255)
    frame.paste(0, (1, 1, crop.width - 1, crop.height - 1))
    outside = _grow(ImageChops.darker(frame, free), free)
    inside = ImageChops.darker(ImageChops.invert(outside), free).histogram()[255]
    assert inside > 0.3 * crop.width * crop.height, f"{box.name}: no closed border found"
    border = _grow(ImageChops.darker(outside.filter(ImageFilter.MaxFilter(3)), ink), ink)
    core = Image.new("L", crop.size, 0)
    ImageDraw.Draw(core).polygon(
        [
            ((place.scale * x + place.dx) * PX - left, (place.scale * y + place.dy) * PX - top)
            for x, y in box.outline
        ],
        fill=255,
    )
    # less the stroke's inner half, its antialiased edge, the growth, two pixels of rounding
    for _ in range(ceil(box.stroke * place.scale * PX / 2) + 4):
        core = core.filter(ImageFilter.MinFilter(3))
    deep = ImageChops.darker(border, core)
    count = deep.histogram()[255]
    if count < TOUCHING_PX:
        return None
    x, y, *_ = deep.getbbox() or (0, 0)
    where = f"({(left + x) / PX:.1f}, {(top + y) / PX:.1f}) pt"
    return f"{box.name}: {count} px of text joined to its border, from {where}"


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_text_pixel_touches_a_box_border_on_page_one(
    built: Callable[[str], Built], name: str
) -> None:
    found = built(name)
    svg = str(found.chart.svg)
    place = placement(svg, page_words(found.pdf, 1))
    boxes = solid_boxes(svg)
    assert boxes
    page = raster(found.pdf, 1, boxes, place)
    touching = [where for box in boxes if (where := text_on_border(page, box, place)) is not None]
    assert touching == []

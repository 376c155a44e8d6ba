"""The org charts as printed, measured on the PDF of the examples (issue 15, section 4): the
chart pages of the 60-contact example print at ``PAGE_SCALE`` (names at 9 pt) or more,
measured from where the PDF puts the chart's words, not from the layout's estimate.

Where a chart sits on a page: the words of its SVG that appear once on both the chart and
the page pair an SVG position with a PDF one (``pdftotext -bbox``); text is set flush left,
so an SVG ``x`` is where the word starts on paper. The pairs give the chart's print scale and
offset (``Placement``), checked against each other to a fraction of a point."""

from __future__ import annotations

import html
import re
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from battlemap.render.map.orgchart_view import OrgChart
from battlemap.render.map.pdf import render_pdf
from battlemap.render.map.view import build_view
from battlemap.render.orgchart import PAGE_SCALE
from battlemap.render.widths import line_extents
from tests.conftest import ROOT
from tests.render_support import compile_file

_TEXT = re.compile(r'<text text-anchor="start" x="([-\d.]+)" y="([-\d.]+)"[^>]*>([^<]*)</text>')


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

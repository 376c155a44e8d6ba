"""The org chart's geometry as a browser lays it out (headless Chromium): every text stays
inside its box, clear of the border, and boxes stacked in a column keep a visible gap.

Measured with ``getBBox()`` on the SVG as the maps inline it, for every chart (page one and
the chart pages) of the examples and of generated 60- and 150-person organisations; and,
from the SVG alone, that the first and last lines start clear of the rounded corners (the
ink as printed: tests/render/map/test_chart_print.py)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from math import hypot
from typing import Any

import playwright.sync_api as playwright_api
import pytest

from battlemap.model import Account
from battlemap.render.orgchart import ORG_CHART_LABELS, org_charts, render_svg
from battlemap.render.orgchart.style import INK_DEPTH_EMS, INK_TOP_EMS, TEXT_CLEARANCE_PT
from tests.conftest import launch_chromium
from tests.render.map.test_chart_print import flattened
from tests.render.orgchart.test_orgchart import (
    FRONT,
    PAGE,
    account,
    chart_set,
    generated_account,
)

MIN_GAP_PT = 6.0
SETS = ("zh", "en", "complete", "large", "generated-60", "generated-150")

_MEASURE = """
() => {
  const boxes = [];
  for (const node of document.querySelectorAll('svg g.node')) {
    const shape = node.querySelector('path, polygon');
    if (!shape) continue;
    const b = shape.getBBox();
    const pen = parseFloat(shape.getAttribute('stroke-width') || '1');
    const texts = [...node.querySelectorAll('text')].map(t => {
      const r = t.getBBox();
      return {text: t.textContent, x: r.x, y: r.y, right: r.x + r.width, bottom: r.y + r.height,
              size: parseFloat(getComputedStyle(t).fontSize)};
    });
    boxes.push({cls: node.getAttribute('class'), x: b.x, y: b.y, right: b.x + b.width,
                bottom: b.y + b.height, pen, texts});
  }
  return boxes;
}
"""


@cache
def charts(name: str) -> tuple[str, ...]:
    """The SVG of every chart of a set: page one's, then the chart pages'."""
    more: dict[str, Account] = {
        "generated-60": generated_account(60),
        "complete": account("examples/complete.yaml"),
    }
    if name in more:
        acc = more[name]
        found = org_charts(acc, ORG_CHART_LABELS[acc.lang], FRONT, FRONT, PAGE).charts
    else:
        found = chart_set(name)[1].charts
    return tuple(render_svg(chart.dot) for chart in found)


@pytest.fixture(scope="module")
def page() -> Iterator[Any]:
    with playwright_api.sync_playwright() as play:
        browser = launch_chromium(play)
        yield browser.new_page()
        browser.close()


def measured(page: Any, svg: str) -> list[dict[str, Any]]:
    page.set_content(f"<!doctype html><meta charset=utf-8><body style='margin:0'>{svg}")
    return list(page.evaluate(_MEASURE))


@pytest.mark.parametrize("name", SETS)
def test_every_text_stays_clear_inside_its_box(page: Any, name: str) -> None:
    for number, svg in enumerate(charts(name)):
        for box in measured(page, svg):
            inner = TEXT_CLEARANCE_PT - 0.01
            for text in box["texts"]:
                where = (name, number, box["cls"], text["text"])
                assert text["x"] >= box["x"] + inner, where
                assert text["right"] <= box["right"] - inner, where
                assert text["y"] >= box["y"] + inner, where
                assert text["bottom"] <= box["bottom"] - inner, where


@pytest.mark.parametrize("name", SETS)
def test_boxes_one_above_the_other_keep_a_visible_gap(page: Any, name: str) -> None:
    """Any two people's boxes that share some width (a comb's column, a manager and the
    report below) are at least MIN_GAP_PT apart between their borders' outer edges."""
    for number, svg in enumerate(charts(name)):
        boxes = [b for b in measured(page, svg) if "contact" in (b["cls"] or "")]
        for upper in boxes:
            for lower in boxes:
                if lower["y"] <= upper["y"] or lower is upper:
                    continue
                if lower["x"] >= upper["right"] or lower["right"] <= upper["x"]:
                    continue
                gap = lower["y"] - upper["bottom"] - (upper["pen"] + lower["pen"]) / 2
                where = (name, number, upper["texts"][0]["text"], lower["texts"][0]["text"])
                assert gap >= MIN_GAP_PT, (where, gap)


_NODE = re.compile(r'<g class="node contact[^"]*">\s*<path [^>]*d="([^"]+)"/>(.*?)</g>', re.DOTALL)
_LINE = re.compile(
    r'<text text-anchor="start" x="([-\d.]+)" y="([-\d.]+)"[^>]*font-size="([\d.]+)"[^>]*>([^<]*)'
)
_NUMBER = re.compile(r"-?[\d.]+")


@pytest.mark.parametrize("name", SETS)
def test_first_and_last_lines_start_clear_of_the_rounded_corners(name: str) -> None:
    """Where the name line and the last line (the owner's "▸", a role badge) start, their ink
    (an ideograph's em box about the baseline) is TEXT_CLEARANCE_PT inside the box's outline,
    corners included: with a side margin of 0.06 in and 2 pt below the text, a badge touched
    the corner of a thick border on paper."""
    for number, svg in enumerate(charts(name)):
        for path, body in _NODE.findall(svg):
            numbers = [float(n) for n in _NUMBER.findall(path)]
            outline = list(_dense(flattened(list(zip(numbers[0::2], numbers[1::2], strict=True)))))
            lines = [(float(x), float(y), float(size), t) for x, y, size, t in _LINE.findall(body)]
            first, last = lines[0], max(lines, key=lambda line: line[1])
            ink = (
                (first[0], first[1] - INK_TOP_EMS * first[2]),
                (last[0], last[1] + INK_DEPTH_EMS * last[2]),
            )
            for x, y in ink:
                room = min(hypot(x - a, y - b) for a, b in outline)
                where = (name, number, html.unescape(first[3]))
                assert room >= TEXT_CLEARANCE_PT - 0.05, (where, round(room, 2))


def _dense(outline: list[tuple[float, float]]) -> Iterator[tuple[float, float]]:
    """Points every 0.25 pt or closer along the outline."""
    for (x0, y0), (x1, y1) in pairwise(outline):
        steps = max(1, int(hypot(x1 - x0, y1 - y0) / 0.25))
        for k in range(steps):
            yield x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps

"""The org chart on a phone (a 390 x 844 viewport in Chromium): names keep a readable size
and the chart's own box scrolls sideways, never the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import playwright.sync_api as playwright_api
import pytest

from battlemap.render.map.html import render_html
from tests.conftest import ROOT, launch_chromium
from tests.render_support import compile_file

MAPS = ("zh", "en", "large")
SMALLEST_NAME_PX = 9.0

_NAMES = """
() => [...document.querySelectorAll('.orgchart svg g.node.contact')].map(node => {
  const name = node.querySelector('text');
  const size = parseFloat(name.getAttribute('font-size'));
  return {text: name.textContent, px: size * name.getScreenCTM().a};
})
"""


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = tmp_path_factory.mktemp("phone")
    with playwright_api.sync_playwright() as play:
        browser = launch_chromium(play)
        context = browser.new_context(viewport={"width": 390, "height": 844})

        def open_map(name: str) -> Any:
            compiled, options = compile_file(ROOT / "examples" / f"{name}.yaml")
            path = Path(folder) / f"{name}.html"
            path.write_bytes(render_html(compiled, options))
            page = context.new_page()
            page.goto(path.as_uri(), wait_until="load")
            return page

        yield open_map
        browser.close()


@pytest.mark.parametrize("name", MAPS)
def test_names_stay_readable_and_the_chart_scrolls_in_its_own_box(phone: Any, name: str) -> None:
    page = phone(name)
    names = page.evaluate(_NAMES)
    assert names, name
    small = [n for n in names if n["px"] < SMALLEST_NAME_PX]
    assert small == [], small[:3]
    assert page.evaluate("document.documentElement.scrollWidth") <= 392  # the page: no
    box = page.evaluate(
        """() => { const f = document.querySelector('.orgchart .chart');
        return {scroll: f.scrollWidth, client: f.clientWidth,
                overflow: getComputedStyle(f).overflowX}; }"""
    )
    assert box["overflow"] == "auto"
    assert box["scroll"] > box["client"], box  # the chart: wider than the phone, it scrolls

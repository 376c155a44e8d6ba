"""How many A4 pages a battle map prints: page one and the details, at most MOST_PAGES for
the examples (the chart pages of a large organisation are not counted), measured on the PDF."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from battlemap.render.map.pdf import render_pdf
from battlemap.render.map.view import build_view
from tests.conftest import ROOT
from tests.render_support import compile_file

MOST_PAGES = 6

ACCOUNTS = ["en.yaml", "complete.yaml", "zh.yaml", "chemicals.zh.yaml"]


@pytest.mark.parametrize("name", ACCOUNTS)
def test_a_map_prints_on_at_most_six_pages(name: str) -> None:
    compiled, options = compile_file(ROOT / "examples" / name)
    chart_pages = len(build_view(compiled, options).orgchart.pages)
    pages = len(PdfReader(BytesIO(render_pdf(compiled, options))).pages)
    assert pages - chart_pages <= MOST_PAGES, (name, pages, chart_pages)

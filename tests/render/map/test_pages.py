"""How many A4 pages a battle map prints: page one and the details, at most MOST_PAGES for
the examples (the chart pages of a large organisation are not counted), measured on the PDF."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from battlemap.render.map.pdf import render_pdf
from battlemap.render.map.view import build_view
from battlemap.resources import data_dir
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


def _lone_rows(page: Any) -> int:
    """How many tables hold a single body row on this page (of more than one)."""
    boxes, lone = [page._page_box], 0
    while boxes:
        box = boxes.pop()
        boxes += getattr(box, "children", None) or []
        if box.__class__.__name__ == "TableRowGroupBox" and box.element_tag == "tbody":
            rows = [r for r in box.element if r.tag == "tr"]
            lone += len(rows) > 1 and len(box.children) == 1
    return lone


def test_no_page_holds_a_tables_first_or_last_row_alone() -> None:
    """print.css keeps a table's first body row with the second and its last with the one
    before, wherever the table falls: a block above it pushes it across the foot of the page
    in 2 mm steps."""
    css = (data_dir("templates") / "print.css").read_text(encoding="utf-8")
    rows = "".join(f"<tr><td>{n}</td></tr>" for n in range(12))
    table = f"<table><thead><tr><th>#</th></tr></thead><tbody>{rows}</tbody></table>"
    lone = 0
    for filler in range(146, 186, 2):
        page = f"<style>{css}</style><div style='height: {filler}mm'></div>{table}"
        document = HTML(string=page, media_type="print").render()
        lone += sum(_lone_rows(p) for p in document.pages)
    assert lone == 0

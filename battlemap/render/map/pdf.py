"""The battle map as a PDF: WeasyPrint from the same HTML, with its print stylesheet."""

from __future__ import annotations

from battlemap.options import BuildOptions
from battlemap.pipeline import Compiled
from battlemap.render.jinja import environment
from battlemap.render.map.html import render_html
from battlemap.render.pdf import fetcher_for, pdf_from_html

PAGE_CSS = "page.css"
"""The PDF's running header and page numbers (CSS Paged Media, which only WeasyPrint reads)."""


def render_pdf(compiled: Compiled, options: BuildOptions) -> bytes:
    html = render_html(compiled, options).decode("utf-8")
    page_css = environment(options.templates).get_template(PAGE_CSS).render()
    day = compiled.account.as_of
    return pdf_from_html(html, fetcher_for(compiled), day, compiled.lang, [page_css])

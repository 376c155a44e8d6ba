"""A page's HTML as a PDF, through the battle map's PDF pipeline: WeasyPrint with the safe
URL fetcher (no network, no files outside the project's) and dates from the as-of day
(``SOURCE_DATE_EPOCH`` when set), so two builds are byte-identical."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from weasyprint import CSS, HTML

from battlemap.render.pdf import SafeFetcher, require_fonts, source_date
from battlemap.resources import data_dir


def pdf_from_html(
    html: str, fetcher: SafeFetcher, day: date, lang: str, stylesheets: Sequence[str] = ()
) -> bytes:
    """``lang``: the page's language, that of the error when a font is missing."""
    require_fonts(html, lang)
    base = data_dir("templates").resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base, url_fetcher=fetcher, media_type="print").render(
        stylesheets=[CSS(string=css, base_url=base, url_fetcher=fetcher) for css in stylesheets]
    )
    stamp = source_date(day).strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.created = stamp
    document.metadata.modified = stamp
    pdf: bytes = document.write_pdf(uncompressed_pdf=False)
    return pdf


def templates_fetcher() -> SafeFetcher:
    """A fetcher for a page without an account: only the project's own template files."""
    return SafeFetcher((data_dir("templates"),))

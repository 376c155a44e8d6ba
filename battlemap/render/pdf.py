"""The PDF pipeline every page goes through: WeasyPrint with a safe URL fetcher, fonts
checked, dates fixed.

Safety: WeasyPrint gets a URL fetcher that serves ``data:`` URLs, the package's own template
files and files inside the account's repository, and refuses everything else (http, https,
ftp, files elsewhere, ``..`` escapes): rendering never reaches the network or reads
``/etc/passwd``. Determinism: the PDF's dates come from ``SOURCE_DATE_EPOCH`` (default: the
account's as-of date, at midnight UTC), never from the clock, so two builds are identical.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from battlemap.pipeline import Compiled
from battlemap.render.system_tools import font_missing
from battlemap.resources import data_dir


class FetchRefused(ValueError):
    """A URL the battle map may not load."""


class SafeFetcher(URLFetcher):  # type: ignore[misc]
    """Serves ``data:`` URLs and ``file:`` URLs inside ``roots``; refuses everything else."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self.roots = tuple(root.resolve() for root in roots)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            return self._file(url)
        raise FetchRefused(f"refused to fetch {url!r}: only data: URLs and project files")

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"refused to fetch {url!r}: a remote file")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise FetchRefused(f"refused to fetch {url!r}: outside the project's files")
        return URLFetcherResponse(path.as_uri(), path.read_bytes())


def fetcher_for(compiled: Compiled) -> SafeFetcher:
    return SafeFetcher((data_dir("templates"), compiled.repository))


def source_date(as_of: date) -> datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the as-of date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.combine(as_of, time(0, 0), UTC)


_SCRIPTS = (
    # (what the text needs, fontconfig's language, characters of that script)
    ("Chinese", "zh", re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                                 "\uff00-\uffef\U00020000-\U0003134f]")),
    ("Japanese", "ja", re.compile("[\u3040-\u30ff\u31f0-\u31ff]")),
    ("Korean", "ko", re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")),
)  # fmt: skip
_STYLE = re.compile(r"<style\b.*?</style>", re.DOTALL | re.IGNORECASE)


@cache
def has_font_for(lang: str) -> bool:
    """Whether fontconfig knows a font for ``lang`` (``fc-list :lang=zh``), once per process.

    Unknown (True) when ``fc-list`` itself is missing: then WeasyPrint is left to do its best."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True
    try:
        done = subprocess.run(
            [fc_list, f":lang={lang}", "family"],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return True
    return done.returncode != 0 or bool(done.stdout.strip())


def require_fonts(html: str, lang: str) -> None:
    """A clear error, naming the command that installs a font, when the map holds Chinese,
    Japanese or Korean text and no installed font has those characters: WeasyPrint would
    print empty boxes (or nothing) in their place and the PDF would look fine at a glance.
    ``lang``: the language of the error (the map's).

    Cheap: a scan of the text (not the stylesheets), and ``fc-list`` runs at most once per
    language per process, only for a map that holds such text."""
    text = _STYLE.sub("", html)
    for script, font_lang, characters in _SCRIPTS:
        if characters.search(text) and not has_font_for(font_lang):
            raise font_missing(script, font_lang, lang)


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

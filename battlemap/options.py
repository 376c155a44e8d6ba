"""The options of the pipeline's steps: what `check` validates with and what `build` (and
every product built from a compiled account) renders with. Below every command and renderer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from battlemap.source import MAX_BYTES_DEFAULT

FORMATS = ("html", "pdf", "json")
"""What `build --format` can write."""

PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A4": (595.0, 842.0),
    "A3": (842.0, 1191.0),
    "letter": (612.0, 792.0),
}
"""The paper sizes `build --page-size` takes: the name (as CSS ``@page`` writes it) -> its
portrait width and height in points."""
DEFAULT_PAGE_SIZE = "A4"


@dataclass(frozen=True)
class CheckOptions:
    max_bytes: int = MAX_BYTES_DEFAULT
    today: date | None = None
    playbook_file: Path | None = None
    lang: str | None = None
    """``--lang``: the language of every message (default: each file's, see `language`)."""


@dataclass(frozen=True)
class BuildOptions:
    out: Path = Path("build")
    formats: tuple[str, ...] = ("html",)
    lang: str | None = None
    playbook_file: Path | None = None
    today: date | None = None
    templates: Path | None = None
    css: Path | None = None
    page_size: str = DEFAULT_PAGE_SIZE
    landscape: bool = True
    force: bool = False
    max_bytes: int = MAX_BYTES_DEFAULT

    def check_options(self) -> CheckOptions:
        """The options `check` would validate with: with ``--today`` the same date checks
        (an as-of date in the future refuses the account); without it none, so an output
        never changes just because a day passed."""
        return CheckOptions(self.max_bytes, self.today, self.playbook_file, self.lang)

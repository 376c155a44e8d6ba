"""The served accounts, in memory: each file's last good map, its diagnostics now, and what
a change of a file rebuilds.

One account file is one `Served`: its page is named after the account's id (or, until the
file has compiled once, after the file's name). A file that stops compiling keeps its last
good map and compiled account; its diagnostics are shown over them. Nothing is written into
the accounts' folder.

What a changed file rebuilds: an account file, that account; a logo, the accounts that show
it; ``battlemap.yaml``, the ``--playbook`` file, the ``--css`` file or anything under
``--templates``, every account (the playbook and the templates are shared).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from battlemap.commands.build import embedded_files, index_pages, renderers
from battlemap.config import find_config, load_settings, repository_root
from battlemap.diagnostics import (
    Diagnostic,
    format_text_line,
    printable,
    sorted_diagnostics,
    usage_error_line,
)
from battlemap.discovery import display_path, find_inputs
from battlemap.language import Words, file_lang
from battlemap.options import BuildOptions
from battlemap.pipeline import Compiled, compile_account, stated_lang
from battlemap.render.errors import RenderError
from battlemap.render.jinja import forget_templates
from battlemap.render.portfolio.summary import summary_row

INDEX = "/"
EVERY_PAGE = "*"
"""In the names of changed pages: every page (the playbook or the templates changed)."""
UNREADABLE = Words("{path}: cannot be read", "{path}：无法读取")


@dataclass
class Served:
    """One account file as the server holds it."""

    path: Path
    name: str
    """The page's name: ``<name>.html``."""
    compiled: Compiled | None = None
    """The last account that compiled (kept while the file has errors)."""
    html: bytes | None = None
    summary: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)
    """Why the file does not compile now: its diagnostics as ``check`` prints them."""
    lang: str = "en"
    embeds: frozenset[Path] = frozenset()

    @property
    def broken(self) -> bool:
        return bool(self.problems)


def _problem_lines(diagnostics: Iterable[Diagnostic]) -> list[str]:
    return [format_text_line(d) for d in sorted_diagnostics(diagnostics)]


def render_error_lines(err: RenderError, lang: str) -> list[str]:
    """A template, stylesheet or tool that cannot be used, as the CLI prints it."""
    return [usage_error_line(str(err), lang), *map(printable, err.advice)]


class Workspace:
    """Every account under the served paths, compiled and rendered in memory."""

    def __init__(self, paths: Sequence[Path], options: BuildOptions) -> None:
        self.paths = [p.resolve() for p in paths]
        self.options = options
        self.accounts: dict[Path, Served] = {}
        self.lock = threading.Lock()
        self._index: bytes | None = None

    # ---- what to watch and what a change means -------------------------------------------

    def shared_inputs(self) -> set[Path]:
        """Files every account depends on: each repository's ``battlemap.yaml``, the playbook
        override and the extra stylesheet."""
        found = {p.resolve() for p in (self.options.playbook_file, self.options.css) if p}
        for path in [*self.paths, *self.accounts]:
            config = find_config(path if path.is_file() else path / "battlemap.yaml")
            if config is not None:
                found.add(config.resolve())
        return found

    def watched_folders(self) -> list[Path]:
        """The folders to watch (recursively): the served ones, their repositories (for
        ``battlemap.yaml`` and logos), and the folders of the shared inputs."""
        folders = {p if p.is_dir() else p.parent for p in self.paths}
        for path in self.paths:
            account = path if path.is_file() else path / "battlemap.yaml"
            folders.add(repository_root(account, find_config(account)).resolve())
        folders.update(p.parent for p in self.shared_inputs())
        if self.options.templates is not None:
            folders.add(self.options.templates.resolve())
        return sorted(
            f for f in folders if not any(f.is_relative_to(o) and f != o for o in folders)
        )

    def _touches_all(self, changed: set[Path]) -> bool:
        """Whether a changed file is one every account depends on (or a template)."""
        templates = self.options.templates
        folder = templates.resolve() if templates is not None else None
        inside = folder is not None and any(p.is_relative_to(folder) for p in changed)
        return inside or bool(changed & self.shared_inputs())

    # ---- building ------------------------------------------------------------------------

    def load(self) -> set[str]:
        """Discover and build every account (at start)."""
        return self.apply(set(), everything=True)

    def apply(self, changed: set[Path], everything: bool = False) -> set[str]:
        """Rebuild what the changed files (absolute paths) affect; the names of the pages to
        reload (`INDEX` for the index, `EVERY_PAGE` for all)."""
        with self.lock:
            everything = everything or self._touches_all(changed)
            if everything:
                load_settings.cache_clear()
                forget_templates()
            current = [f.resolve() for f in find_inputs(self.paths).files]
            names: set[str] = {EVERY_PAGE} if everything else set()
            for gone in set(self.accounts) - set(current):
                names.add(self.accounts.pop(gone).name)
            for path in current:
                served = self.accounts.get(path)
                touched = served is None or path in changed or bool(served.embeds & changed)
                if everything or touched:
                    names.update(self._build(path))
            if names:
                names.add(INDEX)
                self._index = None
            return names

    def _build(self, path: Path) -> set[str]:
        """Compile and render one account file; the names its page had (if it was served)
        and has."""
        known = path in self.accounts
        served = self.accounts.setdefault(path, Served(path, path.stem))
        before = served.name
        compiled, diagnostics, _ = compile_account(path, self.options)
        if compiled is None:
            written = stated_lang(path)
            served.lang = (
                served.compiled.lang if served.compiled else file_lang(self.options.lang, written)
            )
            unreadable = UNREADABLE.format(path=printable(display_path(path))).in_(served.lang)
            served.problems = _problem_lines(diagnostics) or [unreadable]
            return {before}
        try:
            html = renderers()["html"](compiled, self.options)
        except RenderError as err:
            served.problems = render_error_lines(err, compiled.lang)
            return {before}
        served.compiled, served.html, served.lang = compiled, html, compiled.lang
        served.summary = summary_row(compiled)
        served.embeds = frozenset(f.resolve() for f in embedded_files(compiled))
        served.name = compiled.account.id
        served.problems = []
        return {before, served.name} if known else {served.name}

    # ---- what the pages read -------------------------------------------------------------

    def find(self, name: str) -> Served | None:
        """The account whose page is ``name``: its id, else the name of its file (the page's
        name until the file first compiled: the caller redirects to the id's page)."""
        with self.lock:
            served = list(self.accounts.values())
        by_id = (s for s in served if s.name == name)
        return next(by_id, next((s for s in served if s.path.stem == name), None))

    def broken(self) -> list[Served]:
        with self.lock:
            return [s for s in self.accounts.values() if s.broken]

    def index_html(self) -> bytes:
        """The portfolio index over the accounts that have compiled (rendered once a change)."""
        with self.lock:
            if self._index is None:
                rows = [s.summary for s in self.accounts.values() if s.summary is not None]
                first = next(iter(self.accounts), self.paths[0] / "battlemap.yaml")
                self._index = index_pages(rows, self.options, first)["index.html"]
            return self._index

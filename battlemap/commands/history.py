"""`battlemap history`: the account over its git log, as text, JSON or a timeline page.

Text is a terminal message (the terminal-message language rule); JSON and HTML are files
(the file rule: never the environment's language), so that the same history gives the same
bytes on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from battlemap.config import settings_for_path
from battlemap.diagnostics import printable, printable_json
from battlemap.discovery import LINK_LOOP, display_path, find_inputs, is_link_loop
from battlemap.language import Words, file_lang, terminal_lang
from battlemap.options import CheckOptions
from battlemap.pipeline import stated_lang
from battlemap.report import plain
from battlemap.revisions import RevisionsError
from battlemap.timeline import Timeline, timeline
from battlemap.writing import write_atomic

FORMATS = ("text", "json", "html")


class HistoryError(Exception):
    """A usage problem (exit 2), said in the run's language ``lang``."""

    def __init__(self, words: Words, lang: str) -> None:
        super().__init__(words.in_(lang))
        self.lang = lang


@dataclass(frozen=True)
class HistoryOptions:
    since: str | None = None
    output_format: str = "text"
    output: Path | None = None
    lang: str | None = None
    commit_url: str | None = None
    templates: Path | None = None
    check: CheckOptions = field(default_factory=CheckOptions)


def message_lang(path: Path, chosen: str | None) -> str:
    """The language of the run's terminal messages: ``--lang``, the account's, the
    repository's ``defaults.lang``, the environment's."""
    account = stated_lang(path) if path.is_file() else None
    return terminal_lang(chosen, account, settings_for_path(path).stated_lang)


def render(found: Timeline, options: HistoryOptions, path: Path) -> str:
    """One account's history in the chosen format."""
    if options.output_format == "json":
        return printable_json(plain(found.as_dict())) + "\n"
    if options.output_format == "html":
        from battlemap.render.timeline.page import history_page

        lang = file_lang(options.lang, found.lang)
        return history_page(found, lang, options.templates, options.commit_url)
    from battlemap.render.timeline.words import format_history

    return format_history(found, terminal_lang(options.lang, stated_lang(path) or found.lang))


_FOLDER_HTML = Words(
    "--format html draws one account; give a file, or use --format text or json for a folder",
    "--format html 只能画一个客户；请给出一个文件，或对文件夹使用 --format text 或 json",
)
_BAD_COMMIT_URL = Words(
    "--commit-url must be an http(s) address with {{commit}} in it, e.g. "
    "https://git.example.com/accounts/-/commit/{{commit}}",
    "--commit-url 须为含 {{commit}} 的 http(s) 地址，例如 "
    "https://git.example.com/accounts/-/commit/{{commit}}",
)
_NO_ACCOUNTS = Words("{folder}: no account files", "{folder}：没有客户档案")


def _folder(folder: Path, options: HistoryOptions, lang: str) -> str:
    """The history of every account in ``folder``: text one after another, or JSON
    ``{"accounts": [...]}``; a file git cannot answer for is said so and skipped."""
    files = find_inputs([folder]).files
    if options.output_format == "html":
        raise HistoryError(_FOLDER_HTML, lang)
    if not files:
        raise HistoryError(_NO_ACCOUNTS.format(folder=display_path(folder)), lang)
    texts: list[str] = []
    found: list[dict[str, Any]] = []
    for file in files:
        try:
            one = timeline(file, display_path(file), options.since, options.check, options.lang)
        except RevisionsError as err:
            texts.append(printable(err.words.in_(lang)) + "\n")
            continue
        if options.output_format == "json":
            found.append(plain(one.as_dict()))
        else:
            texts.append(render(one, options, file))
    if options.output_format == "json":
        return printable_json({"accounts": found}) + "\n"
    return "\n".join(texts)


def run_history(path: Path, options: HistoryOptions) -> str | None:
    """The history's text (None when it was written to ``options.output``); for a folder,
    every account's."""
    lang = message_lang(path, options.lang)
    url = options.commit_url
    if url is not None and not (url.startswith(("https://", "http://")) and "{commit}" in url):
        raise HistoryError(_BAD_COMMIT_URL.format(), lang)
    if is_link_loop(path):
        raise HistoryError(LINK_LOOP.format(path=display_path(path)), lang)
    if path.is_dir():
        produced = _folder(path, options, lang)
    else:
        try:
            found = timeline(path, display_path(path), options.since, options.check, options.lang)
        except RevisionsError as err:
            raise HistoryError(err.words, lang) from err
        produced = render(found, options, path)
    if options.output is None:
        return produced
    write_atomic(options.output, produced.encode("utf-8"))
    return None

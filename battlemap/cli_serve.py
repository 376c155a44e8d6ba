"""`battlemap serve`: its arguments and exit codes (the server is in battlemap/serve/);
`cli` registers it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from battlemap.cli_shared import (
    CssOption,
    DateChecksDay,
    LangOption,
    MaxBytes,
    PlaybookOption,
    TemplatesOption,
    fail_usage,
)
from battlemap.commands import usage
from battlemap.source import MAX_BYTES_DEFAULT


def serve_command(
    path: Annotated[Path, typer.Argument(help="A folder of accounts, or one file.")] = Path("."),
    host: Annotated[
        str, typer.Option("--host", help="The address to listen on (others: a warning).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="The port (0: any free port).")
    ] = 8000,
    lang: LangOption = None,
    playbook_file: PlaybookOption = None,
    today: DateChecksDay = None,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the index in a browser.")
    ] = False,
    templates: TemplatesOption = None,
    css: CssOption = None,
    max_bytes: MaxBytes = MAX_BYTES_DEFAULT,
) -> None:
    """A live preview while editing: index, maps and briefs served from memory; open pages
    reload when a file is saved and show its errors over the page. Ctrl-C stops it.

    Example: battlemap serve accounts/ --open
    """
    from battlemap.options import BuildOptions
    from battlemap.serve import run

    build_options = BuildOptions(
        lang=str(lang) if lang else None,
        playbook_file=playbook_file,
        today=usage.parse_day(today),
        templates=templates,
        css=css,
        max_bytes=max_bytes,
    )
    try:
        run.serve(run.ServeOptions(path, host, port, open_browser, build_options))
    except run.ServeError as err:
        fail_usage(str(err))

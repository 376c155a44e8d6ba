"""What the command line's modules share: exit codes, the options several commands take,
and how a usage error is printed."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from battlemap.diagnostics import printable

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


class Lang(StrEnum):
    zh = "zh"
    en = "en"


MaxBytes = Annotated[
    int, typer.Option("--max-bytes", min=1, help="Refuse account files larger than this.")
]
LangOption = Annotated[
    Lang | None, typer.Option("--lang", help="Label language (default: the account's).")
]
PlaybookOption = Annotated[
    Path | None, typer.Option("--playbook", help="A playbook override applied last.")
]
DateChecksDay = Annotated[
    str | None,
    typer.Option("--today", help="Include date checks as of this day (YYYY-MM-DD)."),
]
TemplatesOption = Annotated[
    Path | None,
    typer.Option(
        "--templates",
        exists=True,
        file_okay=False,
        help="A folder of templates that replace the built-in ones of the same name.",
    ),
]
CssOption = Annotated[
    Path | None,
    typer.Option(
        "--css", exists=True, dir_okay=False, help="A stylesheet added after the built-in one."
    ),
]


def parse_day(value: str | None) -> date | None:
    """A ``--today``-style option's day; a usage error when it is not one."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise typer.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)") from err


def fail_usage(message: str, advice: tuple[str, ...] = ()) -> None:
    """The message on one line (it may quote input), then each line of ``advice``."""
    typer.echo(f"battlemap: error: {printable(message)}", err=True)
    for line in advice:
        typer.echo(printable(line), err=True)
    raise typer.Exit(EXIT_USAGE)

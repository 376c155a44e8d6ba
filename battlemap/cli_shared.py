"""What the command line's modules share: exit codes, the options several commands take,
and how a usage error is printed."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from battlemap.diagnostics import printable, usage_error_line
from battlemap.language import Words, terminal_lang

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


class Lang(StrEnum):
    zh = "zh"
    en = "en"


MaxBytes = Annotated[
    int, typer.Option("--max-bytes", min=1, help="Refuse account files larger than this.")
]
LangOption = Annotated[
    Lang | None,
    typer.Option("--lang", help="Language of labels and messages (default: the account's)."),
]
MessageLang = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of the messages (default: each file's lang, else battlemap.yaml's "
        "defaults.lang, else LC_ALL/LANG).",
    ),
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


CANNOT_WRITE_OUTPUTS = Words("cannot write outputs: {reason.en}", "无法写入输出文件：{reason.zh}")
CANNOT_WRITE_BRIEF = Words("cannot write the brief: {reason.en}", "无法写入简报：{reason.zh}")


def fail_usage(message: str | Words, lang: str | None = None, advice: tuple[str, ...] = ()) -> None:
    """The message on one line (it may quote input), then each line of ``advice``; a message
    in both languages in ``--lang``, else the environment's."""
    said = terminal_lang(lang)
    text = message.in_(said) if isinstance(message, Words) else message
    typer.echo(usage_error_line(text, said), err=True)
    for line in advice:
        typer.echo(printable(line), err=True)
    raise typer.Exit(EXIT_USAGE)

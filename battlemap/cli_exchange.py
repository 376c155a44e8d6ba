"""The commands that move data in and out of account files: `battlemap import` (contacts
from a CRM export or a spreadsheet) and `battlemap export` (a calendar, a contacts
spreadsheet, page one in Markdown). Arguments and exit codes only; `cli` registers them."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from battlemap.cli_shared import (
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    LangOption,
    MaxBytes,
    PlaybookOption,
    fail_usage,
)
from battlemap.language import CANNOT_WRITE, os_reason
from battlemap.source import MAX_BYTES_DEFAULT


def import_command(
    source: Annotated[Path, typer.Argument(help="A .csv or .xlsx file of contacts.")],
    into: Annotated[Path, typer.Option("--into", help="The account file to add them to.")],
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="The workbook's sheet (default: the first).")
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="A YAML file mapping headers to fields.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the change as a diff; write nothing.")
    ] = False,
    lang: LangOption = None,
    max_bytes: MaxBytes = MAX_BYTES_DEFAULT,
) -> None:
    """Add or update contacts from a CRM export or a spreadsheet (never deletes).

    Example: battlemap import crm-export.csv --into accounts/east-steel.yaml --dry-run
    """
    from battlemap.commands import import_ as importing

    options = importing.ImportOptions(sheet, mapping, dry_run, lang and str(lang), max_bytes)
    try:
        run = importing.import_contacts(source, into, options)
    except importing.ImportRefused as err:
        fail_usage(str(err), err.lang)
        return
    importing.print_import_run(run)
    raise typer.Exit(EXIT_INPUT if run.failed else EXIT_OK)


# mypy cannot see members made from a table; typer needs an enum to offer and check them.
ExportFormat = StrEnum("ExportFormat", [(name, name) for name in ("ics", "csv", "md")])  # type: ignore[misc]


def export_command(
    account: Annotated[Path, typer.Argument(help="The account file.")],
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", help="ics (calendar), csv (contacts for Excel) or md (page one)."),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="The file (default: standard output).")
    ] = None,
    lang: LangOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="ics: add titles, stances, deals, outcomes (private).")
    ] = False,
    playbook_file: PlaybookOption = None,
    max_bytes: MaxBytes = MAX_BYTES_DEFAULT,
) -> None:
    """Export an account: visits and steps to a calendar, contacts to Excel, page one to Markdown.

    Example: battlemap export accounts/east-steel.yaml --format ics -o east-steel.ics
    """
    from battlemap.commands import export as exporting

    options = exporting.ExportOptions.of(
        str(output_format), output, full, lang and str(lang), playbook_file, max_bytes
    )
    try:
        run = exporting.export_account(account, options)
    except OSError as err:
        fail_usage(CANNOT_WRITE.format(file=output, reason=os_reason(err)))
        return
    exporting.print_export_run(run, account)
    raise typer.Exit(EXIT_USAGE if run.io_error else EXIT_INPUT if run.failed else EXIT_OK)

"""`battlemap export`: an account as a calendar (ics), its contacts as a spreadsheet (csv),
or page one of the map in Markdown (md), to a file or to standard output.

The file's labels follow the file-language rule (``--lang``, else the account's); what is
printed on the terminal follows the terminal-message rule. An account with input errors
gets its diagnostics and exit 1, and nothing is written.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from battlemap.diagnostics import Diagnostic, format_text_line, printable
from battlemap.discovery import display_path
from battlemap.language import Words, terminal_lang
from battlemap.options import BuildOptions
from battlemap.pipeline import Compiled, compile_account, stated_lang
from battlemap.writing import WROTE, write_atomic

FORMATS = ("ics", "csv", "md")
HAS_ERRORS = Words("{file}: has errors; nothing exported", "{file}：有错误；未导出")


@dataclass(frozen=True)
class ExportOptions:
    output_format: str
    output: Path | None = None
    """None: standard output."""
    full: bool = False
    build: BuildOptions = field(default_factory=BuildOptions)

    @classmethod
    def of(
        cls,
        output_format: str,
        output: Path | None,
        full: bool,
        lang: str | None,
        playbook_file: Path | None,
        max_bytes: int,
    ) -> ExportOptions:
        """The options of the command line (the account is compiled as `build` does)."""
        build = BuildOptions(lang=lang, playbook_file=playbook_file, max_bytes=max_bytes)
        return cls(output_format, output, full, build)


@dataclass
class ExportRun:
    lang: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    io_error: bool = False
    content: bytes | None = None
    written: Path | None = None

    @property
    def failed(self) -> bool:
        return self.content is None


def render_export(compiled: Compiled, output_format: str, full: bool) -> bytes:
    """The export's bytes (icalendar and the renderers are imported only here)."""
    from battlemap.render.context import RenderContext

    ctx = RenderContext.of(compiled)
    if output_format == "ics":
        from battlemap.render.export.calendar import account_calendar

        return account_calendar(ctx, full)
    if output_format == "csv":
        from battlemap.render.export.table import contacts_csv

        return contacts_csv(ctx)
    from battlemap.render.export.page import page_one

    return page_one(ctx)


def export_account(path: Path, options: ExportOptions) -> ExportRun:
    """Compile the account, render the export, write it (or keep it for standard output)."""
    compiled, diagnostics, io_error = compile_account(path, options.build)
    account_lang = compiled.account.lang if compiled else stated_lang(path)
    run = ExportRun(terminal_lang(options.build.lang, account_lang), diagnostics, io_error)
    if compiled is None:
        return run
    run.content = render_export(compiled, options.output_format, options.full)
    if options.output is not None:
        write_atomic(options.output, run.content)
        run.written = options.output
    return run


def print_export_run(run: ExportRun, path: Path) -> None:
    """Diagnostics on standard error; the export on standard output unless written."""
    for diagnostic in run.diagnostics:
        print(format_text_line(diagnostic), file=sys.stderr)
    if run.content is None:
        if not run.io_error:
            words = HAS_ERRORS.format(file=display_path(path))
            print(printable(words.in_(run.lang)), file=sys.stderr)
        return
    if run.written is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(run.content)
        sys.stdout.buffer.flush()
        return
    print(printable(WROTE.format(file=str(run.written)).in_(run.lang)))

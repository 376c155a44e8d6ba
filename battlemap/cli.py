"""The command line: argument parsing and exit codes only; the work is in the modules.

Exit codes: 0 success; 1 the input has errors (or, in `check`, flags at severity error, or
warnings under --strict); 2 usage or I/O error.
"""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from battlemap import __version__
from battlemap.cli_exchange import export_command, import_command
from battlemap.cli_serve import serve_command
from battlemap.cli_shared import (
    CANNOT_WRITE_BRIEF,
    CANNOT_WRITE_OUTPUTS,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    CssOption,
    DateChecksDay,
    Lang,
    LangOption,
    MaxBytes,
    MessageLang,
    PlaybookOption,
    TemplatesOption,
)
from battlemap.cli_shared import fail_usage as _fail_usage
from battlemap.commands import usage
from battlemap.diagnostics import printable
from battlemap.language import CANNOT_WRITE, os_reason
from battlemap.options import DEFAULT_PAGE_SIZE, PAGE_SIZES
from battlemap.render.errors import RenderError
from battlemap.source import MAX_BYTES_DEFAULT

if TYPE_CHECKING:
    from battlemap.commands.check import CheckRun
    from battlemap.options import CheckOptions


app = typer.Typer(
    cls=usage.Commands,
    name="battlemap",
    help="Compile key-account battle maps (客户作战地图) from YAML account files.",
    epilog=(
        "Examples: battlemap init accounts/east-steel.yaml; battlemap check accounts/; "
        "battlemap build accounts/ --format html,pdf -o build/. "
        "Colour only on a terminal; NO_COLOR=1 turns it off."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    codeclimate = "codeclimate"


# mypy cannot see members made from a table; typer needs an enum to offer and check them.
PageSize = StrEnum("PageSize", [(name, name) for name in PAGE_SIZES])  # type: ignore[misc]
"""`--page-size`: the names of `options.PAGE_SIZES`."""


class SchemaKind(StrEnum):
    account = "account"
    playbook = "playbook"
    config = "config"
    report = "report"
    history = "history"


class HistoryFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"battlemap {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """battlemap: check account files, assess them with a playbook, print battle maps."""


Today = Annotated[
    str | None,
    typer.Option("--today", help="The day to check dates against (YYYY-MM-DD); default today."),
]


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Account files, or folders to search.")],
    output_format: Annotated[
        CheckFormat, typer.Option("--format", help="How to print diagnostics.")
    ] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    today: Today = None,
    playbook_file: PlaybookOption = None,
    max_bytes: MaxBytes = MAX_BYTES_DEFAULT,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Print only errors and warnings: no infos, no summary line."
        ),
    ] = False,
    only_accounts: Annotated[
        bool,
        typer.Option(
            "--only-accounts",
            help="Skip given YAML files that are not accounts (no top-level 'battlemap:' key, "
            "or battlemap.yaml) instead of reporting them; for pre-commit.",
        ),
    ] = False,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="First write the fixes whose intent is unambiguous (labels to codes, names "
            "to ids, 1500万 to 15000000, 26% to 0.26, dates to YYYY-MM-DD, full-width "
            "punctuation in YAML syntax) into the files, one line per fix; then check.",
        ),
    ] = False,
    lang: MessageLang = None,
) -> None:
    """Validate account files and print diagnostics (for CI and pre-commit).

    Example: battlemap check accounts/ --format github; battlemap check --fix accounts/
    """
    from battlemap.commands.check import check_paths
    from battlemap.commands.output import print_check_run
    from battlemap.discovery import is_account_file
    from battlemap.options import CheckOptions

    day = usage.parse_day(today) or date.today()
    if only_accounts:
        paths = [p for p in paths if not p.is_file() or is_account_file(p)]
    options = CheckOptions(
        max_bytes=max_bytes,
        today=day,
        playbook_file=playbook_file,
        lang=str(lang) if lang else None,
    )
    unwritten = _fix(paths, options, to_stderr=output_format is not CheckFormat.text) if fix else 0
    run = check_paths(paths, options)
    print_check_run(run, str(output_format), quiet)
    raise typer.Exit(EXIT_USAGE if unwritten else _check_exit_code(run, strict))


def _fix(paths: list[Path], options: CheckOptions, to_stderr: bool) -> int:
    """`check --fix`: the fixes written, one line each (on stderr when stdout is JSON or
    annotations); how many files could not be written."""
    from battlemap.commands.fix import fix_paths

    done = fix_paths(paths, options)
    for applied in done.applied:
        typer.echo(applied.line(), err=to_stderr)
    for failure in done.failures:
        typer.echo(failure, err=True)
    return len(done.failures)


def _check_exit_code(run: CheckRun, strict: bool) -> int:
    from battlemap.diagnostics import Severity

    if run.usage_errors or run.io_error:
        return EXIT_USAGE
    if run.has(Severity.ERROR) or (strict and run.has(Severity.WARNING)):
        return EXIT_INPUT
    return EXIT_OK


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Account files, or folders to search.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Output folder.")] = Path("build"),
    output_format: Annotated[
        str, typer.Option("--format", help="Comma-separated: html, pdf, json.")
    ] = "html",
    lang: LangOption = None,
    playbook_file: PlaybookOption = None,
    today: DateChecksDay = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild every account, even unchanged ones.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    templates: TemplatesOption = None,
    css: CssOption = None,
    page_size: Annotated[
        PageSize, typer.Option("--page-size", help="Paper size of the PDF.")
    ] = PageSize[DEFAULT_PAGE_SIZE],
    landscape: Annotated[
        bool, typer.Option("--landscape/--portrait", help="Page orientation of the PDF.")
    ] = True,
    max_bytes: MaxBytes = MAX_BYTES_DEFAULT,
) -> None:
    """Compile accounts to battle maps: OUT/<account id>.html, .pdf, .json.

    Example: battlemap build examples/zh.yaml --format html,pdf -o build/
    """
    from battlemap.commands.build import build_paths, has_errors, print_build_run
    from battlemap.options import BuildOptions
    from battlemap.writing import FolderBusy

    options = BuildOptions(
        out=out,
        formats=usage.output_formats(output_format),
        lang=str(lang) if lang else None,
        playbook_file=playbook_file,
        today=usage.parse_day(today),
        max_bytes=max_bytes,
        force=force,
        templates=templates,
        css=css,
        page_size=str(page_size),
        landscape=landscape,
    )
    try:
        run = build_paths(paths, options, show_progress=not quiet)
    except FolderBusy as err:
        _fail_usage(str(err))
        return
    except OSError as err:
        _fail_usage(CANNOT_WRITE_OUTPUTS.format(reason=os_reason(err)), options.lang)
        return
    except RenderError as err:
        _fail_usage(str(err), advice=err.advice)
        return
    print_build_run(run)
    if run.usage_errors or run.io_error:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_INPUT if has_errors(run) else EXIT_OK)


class BriefFormat(StrEnum):
    html = "html"
    pdf = "pdf"


@app.command()
def brief(
    account: Annotated[Path, typer.Argument(help="The account file.")],
    visit: Annotated[
        str | None,
        typer.Option(
            "--visit", help="The visit's id (default: the next visit without an outcome)."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="The file (default: build/<account>.<visit>.brief.html)."
        ),
    ] = None,
    output_format: Annotated[
        BriefFormat | None,
        typer.Option("--format", help="html or pdf (default: pdf for an -o ending in .pdf)."),
    ] = None,
    lang: LangOption = None,
    playbook_file: PlaybookOption = None,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Choose the next visit on or after this day (YYYY-MM-DD)."),
    ] = None,
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Also print stances, trust, flags, competitors, implicit needs, personal "
            "wins and concerns, negotiation and notes (not for the customer's eyes).",
        ),
    ] = False,
    templates: TemplatesOption = None,
    css: CssOption = None,
    max_bytes: MaxBytes = MAX_BYTES_DEFAULT,
) -> None:
    """The one-page briefing to print before a visit (discreet unless --full).

    Example: battlemap brief accounts/east-steel.yaml --visit mes-review --format pdf
    """
    from battlemap.commands.brief import BriefOptions, BriefOutcome, make_brief, print_brief_run
    from battlemap.options import BuildOptions

    build_options = BuildOptions(
        lang=str(lang) if lang else None,
        playbook_file=playbook_file,
        today=usage.parse_day(today),
        max_bytes=max_bytes,
        templates=templates,
        css=css,
    )
    chosen = str(output_format) if output_format else None
    options = BriefOptions(visit, output, chosen, full, build_options)
    try:
        run = make_brief(account, options)
    except OSError as err:
        _fail_usage(CANNOT_WRITE_BRIEF.format(reason=os_reason(err)), build_options.lang)
        return
    except RenderError as err:
        _fail_usage(str(err), advice=err.advice)
        return
    outcome = print_brief_run(run, account)
    raise typer.Exit(
        {
            BriefOutcome.WRITTEN: EXIT_OK,
            BriefOutcome.INPUT_ERRORS: EXIT_INPUT,
            BriefOutcome.NOT_POSSIBLE: EXIT_USAGE,
        }[outcome]
    )


class DiffFormat(StrEnum):
    text = "text"
    md = "md"
    json = "json"


@app.command()
def diff(
    account: Annotated[
        Path, typer.Argument(help="The account file, or a folder: every account in it.")
    ],
    start: Annotated[str, typer.Option("--from", help="The earlier git revision.")] = "HEAD",
    end: Annotated[
        str | None,
        typer.Option("--to", help="The later revision (default: the files as they are on disk)."),
    ] = None,
    output_format: Annotated[
        DiffFormat,
        typer.Option("--format", help="text, md (a merge-request comment) or json (ids, codes)."),
    ] = DiffFormat.text,
    lang: MessageLang = None,
    playbook_file: PlaybookOption = None,
    max_bytes: MaxBytes = MAX_BYTES_DEFAULT,
) -> None:
    """What changed in an account, or in every account of a folder, between two git
    revisions: deals, people and risks.

    Example: battlemap diff accounts/ --from HEAD~5 --format md
    """
    from battlemap.commands.diff import DiffError, diff_account, has_errors, message_lang
    from battlemap.commands.diff_folder import diff_folder
    from battlemap.commands.diff_text import (
        format_diff,
        format_diff_md,
        format_folder,
        format_folder_md,
    )
    from battlemap.diagnostics import printable_json
    from battlemap.options import CheckOptions
    from battlemap.report import plain

    chosen = str(lang) if lang else None
    options = CheckOptions(max_bytes=max_bytes, playbook_file=playbook_file, lang=chosen)
    try:
        if account.is_dir():
            folder = diff_folder(account, start, end, options, chosen)
            shown = {
                DiffFormat.json: lambda: printable_json(plain(folder.as_json())),
                DiffFormat.md: lambda: format_folder_md(folder),
                DiffFormat.text: lambda: format_folder(folder),
            }[output_format]()
            failed = folder.has_errors
        else:
            single = diff_account(account, start, end, options, chosen)
            shown = {
                DiffFormat.json: lambda: printable_json(plain(single.result)),
                DiffFormat.md: lambda: format_diff_md(single),
                DiffFormat.text: lambda: format_diff(single),
            }[output_format]()
            failed = has_errors(single.result)
    except DiffError as err:
        _fail_usage(err.words, message_lang(account, chosen, options))
        return
    typer.echo(shown.rstrip("\n"))
    raise typer.Exit(EXIT_INPUT if failed else EXIT_OK)


@app.command()
def history(
    account: Annotated[
        Path, typer.Argument(help="The account file, or a folder: every account in it.")
    ],
    since: Annotated[
        str | None,
        typer.Option("--since", help="From this day (YYYY-MM-DD) or after this git revision."),
    ] = None,
    output_format: Annotated[HistoryFormat, typer.Option("--format")] = HistoryFormat.text,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write it to this file.")
    ] = None,
    lang: LangOption = None,
    playbook_file: PlaybookOption = None,
    commit_url: Annotated[
        str | None,
        typer.Option(
            "--commit-url",
            help="Link each point of the page to its commit: a URL with {commit} in it.",
        ),
    ] = None,
    templates: Annotated[
        Path | None, typer.Option("--templates", help="A folder of templates that override ours.")
    ] = None,
    max_bytes: MaxBytes = MAX_BYTES_DEFAULT,
) -> None:
    """The account over its git log: one point per commit, movements in words, a timeline.

    Example: battlemap history accounts/east-steel.yaml --since 2026-09-01 --format html -o h.html
    """
    from battlemap.commands.history import HistoryError, HistoryOptions, run_history
    from battlemap.options import CheckOptions

    options = HistoryOptions(
        since,
        str(output_format),
        output,
        str(lang) if lang else None,
        commit_url,
        templates,
        CheckOptions(max_bytes=max_bytes, playbook_file=playbook_file),
    )
    try:
        produced = run_history(account, options)
    except HistoryError as err:
        _fail_usage(str(err), err.lang)
        return
    except OSError as err:
        _fail_usage(CANNOT_WRITE.format(file=output, reason=os_reason(err)), options.lang)
        return
    if produced is not None:
        sys.stdout.write(produced)


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which schema.")] = SchemaKind.account,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write it to this file.")
    ] = None,
) -> None:
    """Print a JSON Schema (account, playbook, config, report or history).

    Example: battlemap schema account -o account.schema.json
    """
    from battlemap.resources import schema_path
    from battlemap.writing import write_atomic

    text = schema_path(str(kind)).read_text(encoding="utf-8")
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as err:
        _fail_usage(CANNOT_WRITE.format(file=output, reason=os_reason(err)))


@app.command()
def init(
    file: Annotated[
        Path,
        typer.Argument(
            help="The account file to create (.yaml or .yml); with --repo, battlemap.yaml or "
            "the folder to write it in."
        ),
    ] = Path("account.yaml"),
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="Language of the starter and of what init says (default: LC_ALL/LANG, else en).",
        ),
    ] = None,
    repo: Annotated[
        bool, typer.Option("--repo", help="Write a commented battlemap.yaml instead.")
    ] = False,
) -> None:
    """Write a commented starter account that passes `check` (never overwrites).

    Examples: battlemap init accounts/east-steel.yaml --lang zh;
    battlemap init --repo (writes battlemap.yaml)
    """
    from battlemap.commands.init import KEPT_SCHEMA, WROTE_ACCOUNT, InitRefused, init_file
    from battlemap.discovery import CONFIG_NAME
    from battlemap.language import terminal_lang
    from battlemap.writing import WROTE

    chosen = str(lang) if lang else None
    # The starter is written once, by a person at their terminal, then committed: unlike a
    # build's outputs it may follow their language (a zh KAM's `init --repo` gets lang: zh
    # and CNY), and every build after it reads the committed file, the same on every machine.
    said = terminal_lang(chosen)
    if repo and (file == Path("account.yaml") or file.is_dir()):
        file = (Path() if file == Path("account.yaml") else file) / CONFIG_NAME
    try:
        written = init_file(file, said, repo, date.today())
    except InitRefused as err:
        _fail_usage(err.words, chosen)
        return
    for kind, copy in written.kept:
        typer.echo(printable(KEPT_SCHEMA.format(copy=copy, kind=kind).in_(said)), err=True)
    wrote = WROTE if repo else WROTE_ACCOUNT
    typer.echo(printable(wrote.format(file=file).in_(said)))
    for note in written.notes:
        typer.echo(printable(note.in_(said)))


@app.command(name="playbook")
def show_playbook(
    path: Annotated[
        Path,
        typer.Argument(help="An account file, or a folder: the battlemap.yaml that applies to it."),
    ] = Path("."),
    playbook_file: PlaybookOption = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="End each value with where it came from (default or FILE:LINE)."
        ),
    ] = False,
    lang: Annotated[
        Lang | None, typer.Option("--lang", help="Show each text in this language only.")
    ] = None,
    max_bytes: MaxBytes = MAX_BYTES_DEFAULT,
) -> None:
    """Print the playbook in effect: the default, then battlemap.yaml, then --playbook.

    Example: battlemap playbook accounts/ --explain --lang en
    """
    from battlemap.config import settings_for_path
    from battlemap.diagnostics import format_text_line
    from battlemap.language import terminal_lang
    from battlemap.playbook.show import show

    if not path.exists():
        from battlemap.discovery import NO_SUCH_PATH

        _fail_usage(NO_SUCH_PATH.format(path=path), str(lang) if lang else None)
    settings = settings_for_path(path, playbook_file, max_bytes)
    said = terminal_lang(str(lang) if lang else None, None, settings.stated_lang)
    for diagnostic in settings.diagnostics:
        typer.echo(format_text_line(diagnostic.in_(said), False), err=True)
    if settings.io_error:
        raise typer.Exit(EXIT_USAGE)
    if not settings.usable:
        raise typer.Exit(EXIT_INPUT)
    origins = settings.origins if explain else None
    sys.stdout.write(show(settings.playbook, origins, str(lang) if lang else None))


app.command(name="import")(import_command)
app.command(name="export")(export_command)
app.command(name="serve")(serve_command)


def main() -> None:
    app()

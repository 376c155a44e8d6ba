"""`battlemap brief`: the one-page briefing to read, and print, before a visit.

Which visit: ``--visit ID``, else the earliest visit without an outcome on or after
``--today`` (else on or after the account's as-of date). No such visit, or an unknown id:
a usage error (exit 2) that lists the account's visits. An account with input errors gets
its diagnostics and exit 1, as in ``build``. The page is discreet unless ``--full``
(render/brief/view.py says what each holds); ``--templates`` and ``--css`` as in ``build``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from battlemap.diagnostics import (
    Diagnostic,
    Severity,
    format_text_line,
    printable,
    usage_error_line,
)
from battlemap.discovery import display_path
from battlemap.language import Words, terminal_lang
from battlemap.model import Account, Visit
from battlemap.options import BuildOptions
from battlemap.pipeline import Compiled, compile_account, stated_lang
from battlemap.writing import WROTE, write_atomic

FORMATS = ("html", "pdf")
DEFAULT_FOLDER = Path("build")


@dataclass(frozen=True)
class BriefOptions:
    visit: str | None = None
    output: Path | None = None
    output_format: str | None = None
    """html or pdf; None: pdf when ``output`` ends in .pdf, else html."""
    full: bool = False
    build: BuildOptions = field(default_factory=BuildOptions)

    @property
    def chosen_format(self) -> str:
        if self.output_format is not None:
            return self.output_format
        pdf = self.output is not None and self.output.suffix.lower() == ".pdf"
        return "pdf" if pdf else "html"


class NoVisit(Exception):
    """No visit to brief: why, and the account whose visits to choose from."""

    def __init__(self, why: Words, account: Account) -> None:
        super().__init__(why.en)
        self.why = why
        self.account = account

    def visits(self, lang: str) -> list[str]:
        return visit_list(self.account, lang)


_OUTCOME_RECORDED = Words(" (outcome recorded)", "（已记录结果）")
_NO_VISITS = Words("  (the account has no visits)", "  （该客户还没有拜访）")
_UNKNOWN_VISIT = Words(
    "no visit '{wanted}' in {account}; its visits:",
    "{account} 中没有拜访「{wanted}」；它的拜访有：",
)
_NONE_UPCOMING = Words(
    "{account} has no visit without an outcome on or after {day}; pass --visit ID. Its visits:",
    "{account} 在 {day} 及以后没有尚无结果的拜访；请用 --visit ID 指定。它的拜访有：",
)
_HAS_ERRORS = Words("{file}: has errors; no brief written", "{file}：有错误；未生成简报")


@dataclass
class BriefRun:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    io_error: bool = False
    written: Path | None = None
    problem: NoVisit | None = None
    lang: str = "en"
    """The language of what is printed (the terminal-message rule)."""


def visit_list(account: Account, lang: str) -> list[str]:
    """The account's visits, one a line: id, date, objective (and whether it is done)."""
    lines = []
    for visit in sorted(account.visits, key=lambda v: v.date):
        done = _OUTCOME_RECORDED.in_(lang) if visit.outcome else ""
        lines.append(f"  {visit.id}  {visit.date.isoformat()}  {visit.objective or ''}{done}")
    return lines or [_NO_VISITS.in_(lang)]


def choose_visit(account: Account, wanted: str | None, today: date | None) -> Visit:
    """The visit ``wanted``, else the next one without an outcome; ``NoVisit`` if none."""
    if wanted is not None:
        for visit in account.visits:
            if visit.id == wanted:
                return visit
        raise NoVisit(_UNKNOWN_VISIT.format(wanted=wanted, account=account.id), account)
    day = today or account.as_of
    upcoming = [v for v in account.visits if v.outcome is None and v.date >= day]
    if not upcoming:
        raise NoVisit(_NONE_UPCOMING.format(account=account.id, day=day.isoformat()), account)
    return min(upcoming, key=lambda v: v.date)


def output_path(account: Account, visit: Visit, options: BriefOptions) -> Path:
    if options.output is not None:
        return options.output
    name = f"{account.id}.{visit.id}.brief.{options.chosen_format}"
    return DEFAULT_FOLDER / name


def render_brief(compiled: Compiled, visit: Visit, options: BriefOptions) -> bytes:
    """The brief as HTML or PDF (Jinja and WeasyPrint are imported only here)."""
    from battlemap.render.brief.view import brief_html, brief_pdf

    if options.chosen_format == "pdf":
        return brief_pdf(compiled, visit, options.full, options.build)
    return brief_html(compiled, visit, options.full, options.build).encode("utf-8")


def make_brief(path: Path, options: BriefOptions) -> BriefRun:
    """Compile the account, choose the visit, write the brief."""
    compiled, diagnostics, io_error = compile_account(path, options.build)
    account_lang = compiled.account.lang if compiled else stated_lang(path)
    run = BriefRun(diagnostics, io_error, lang=terminal_lang(options.build.lang, account_lang))
    if compiled is None:
        return run
    try:
        visit = choose_visit(compiled.account, options.visit, options.build.today)
    except NoVisit as problem:
        run.problem = problem
        return run
    target = output_path(compiled.account, visit, options)
    write_atomic(target, render_brief(compiled, visit, options))
    run.written = target
    return run


class BriefOutcome(StrEnum):
    """How a brief run ended; the CLI turns it into an exit code."""

    WRITTEN = "written"
    INPUT_ERRORS = "input-errors"
    NOT_POSSIBLE = "not-possible"
    """An unreadable file, or no visit to brief."""


def print_brief_run(run: BriefRun, path: Path) -> BriefOutcome:
    """Diagnostics and the file written (or why none was); how the run ended."""
    for diagnostic in run.diagnostics:
        print(format_text_line(diagnostic), file=sys.stderr)
    if run.io_error:
        return BriefOutcome.NOT_POSSIBLE
    if any(d.severity is Severity.ERROR for d in run.diagnostics) or (
        run.written is None and run.problem is None
    ):
        words = _HAS_ERRORS.format(file=display_path(path))
        print(printable(words.in_(run.lang)), file=sys.stderr)
        return BriefOutcome.INPUT_ERRORS
    if run.problem is not None:
        print(usage_error_line(run.problem.why.in_(run.lang), run.lang), file=sys.stderr)
        for line in run.problem.visits(run.lang):
            print(printable(line), file=sys.stderr)
        return BriefOutcome.NOT_POSSIBLE
    print(printable(WROTE.format(file=str(run.written)).in_(run.lang)))
    return BriefOutcome.WRITTEN

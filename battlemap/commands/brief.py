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

from battlemap.diagnostics import Diagnostic, Severity, format_text_line, printable
from battlemap.discovery import display_path
from battlemap.model import Account, Visit
from battlemap.options import BuildOptions
from battlemap.pipeline import Compiled, compile_account
from battlemap.writing import write_atomic

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
    """No visit to brief: why, and the account's visits to choose from."""

    def __init__(self, message: str, visits: list[str]) -> None:
        super().__init__(message)
        self.visits = visits


@dataclass
class BriefRun:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    io_error: bool = False
    written: Path | None = None
    problem: NoVisit | None = None


def visit_list(account: Account) -> list[str]:
    """The account's visits, one a line: id, date, objective (and whether it is done)."""
    lines = []
    for visit in sorted(account.visits, key=lambda v: v.date):
        done = " (outcome recorded)" if visit.outcome else ""
        lines.append(f"  {visit.id}  {visit.date.isoformat()}  {visit.objective or ''}{done}")
    return lines or ["  (the account has no visits)"]


def choose_visit(account: Account, wanted: str | None, today: date | None) -> Visit:
    """The visit ``wanted``, else the next one without an outcome; ``NoVisit`` if none."""
    if wanted is not None:
        for visit in account.visits:
            if visit.id == wanted:
                return visit
        raise NoVisit(f"no visit '{wanted}' in {account.id}; its visits:", visit_list(account))
    day = today or account.as_of
    upcoming = [v for v in account.visits if v.outcome is None and v.date >= day]
    if not upcoming:
        message = f"{account.id} has no visit without an outcome on or after {day.isoformat()}"
        raise NoVisit(f"{message}; pass --visit ID. Its visits:", visit_list(account))
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
    run = BriefRun(diagnostics, io_error)
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
        print(printable(f"{display_path(path)}: has errors; no brief written"), file=sys.stderr)
        return BriefOutcome.INPUT_ERRORS
    if run.problem is not None:
        print(f"battlemap: error: {printable(str(run.problem))}", file=sys.stderr)
        for line in run.problem.visits:
            print(printable(line), file=sys.stderr)
        return BriefOutcome.NOT_POSSIBLE
    print(printable(f"wrote {run.written}"))
    return BriefOutcome.WRITTEN

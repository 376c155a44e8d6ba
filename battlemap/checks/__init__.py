"""Semantic checks: what the schema cannot say (references, cycles, dates, consistency).

Each check is a small function registered with a stable code, a default severity and a
one-line summary; ``docs/diagnostics.md`` documents every code. Checks read the loaded
``Document`` defensively (a value of the wrong type is the schema's to report) and yield
``Finding``s; the runner places them and drops those under a path that already has an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path as FilePath

from battlemap.diagnostics import Diagnostic, Severity
from battlemap.source import Document, Path, json_pointer


@dataclass(frozen=True)
class CheckContext:
    """What the checks may consult besides the document."""

    document: Document
    stages: tuple[str, ...]
    declared_facts: tuple[str, ...]
    computed_facts: dict[str, str]
    """Computed fact id -> the input to fill in instead (the playbook's `set`)."""
    shared_team: tuple[str, ...] = ()
    today: date | None = None
    repository: FilePath | None = None
    account_file: FilePath | None = None


@dataclass(frozen=True)
class Finding:
    path: Path
    message: str
    at_key: bool = False


CheckFunction = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    code: str
    severity: Severity
    summary: str
    run: CheckFunction


CHECKS: dict[str, Check] = {}


def register(
    code: str, severity: Severity, summary: str
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under a stable diagnostic code."""

    def decorate(function: CheckFunction) -> CheckFunction:
        if code in CHECKS:
            raise ValueError(f"check code registered twice: {code}")
        CHECKS[code] = Check(code, severity, summary, function)
        return function

    return decorate


def run_checks(context: CheckContext, error_paths: Iterable[str]) -> list[Diagnostic]:
    """All registered checks over one document, skipping paths that already have errors."""
    _load_check_modules()
    blocked = tuple(error_paths)
    diagnostics = []
    for check in CHECKS.values():
        for finding in check.run(context):
            diagnostic = _place(context.document, check, finding)
            if not _is_under(diagnostic.path, blocked):
                diagnostics.append(diagnostic)
    return diagnostics


def _place(document: Document, check: Check, finding: Finding) -> Diagnostic:
    where = (
        document.key_position(finding.path) if finding.at_key else document.position(finding.path)
    )
    return Diagnostic(
        document.file,
        where.line,
        where.column,
        check.severity,
        check.code,
        finding.message,
        json_pointer(finding.path),
    )


def _is_under(pointer: str, blocked: tuple[str, ...]) -> bool:
    return any(pointer == b or pointer.startswith(b + "/") for b in blocked)


def _load_check_modules() -> None:
    """Import the modules whose import registers the checks (once)."""
    from battlemap.checks import (  # noqa: F401
        account,
        dates,
        limits,
        logo,
        logo_size,
        opportunities,
        people,
        references,
    )

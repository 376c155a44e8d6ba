"""`battlemap check`: load, validate and assess each file; collect diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from battlemap.assess import assess
from battlemap.assess.types import Assessment, Flag
from battlemap.checks import CheckContext
from battlemap.config import Settings, settings_for
from battlemap.diagnostics import Diagnostic, Severity, sorted_diagnostics
from battlemap.discovery import display_path, find_inputs
from battlemap.model import Account, build_account
from battlemap.parallel import map_in_order
from battlemap.playbook import text
from battlemap.source import MAX_BYTES_DEFAULT, Document, LoadResult, json_pointer, read_file
from battlemap.subjects import subject_path
from battlemap.validate import validate_account


@dataclass(frozen=True)
class CheckOptions:
    max_bytes: int = MAX_BYTES_DEFAULT
    today: date | None = None
    playbook_file: Path | None = None


@dataclass
class CheckRun:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    usage_errors: list[str] = field(default_factory=list)
    io_error: bool = False

    def has(self, severity: Severity) -> bool:
        return any(d.severity is severity for d in self.diagnostics)


@dataclass
class Checked:
    """One account file after loading and validation (and the rules, when it is valid)."""

    diagnostics: list[Diagnostic]
    io_error: bool = False
    document: Document | None = None
    settings: Settings | None = None

    @property
    def valid(self) -> bool:
        return self.document is not None and not any(
            d.severity is Severity.ERROR for d in self.diagnostics
        )


def _ids(items: Any) -> tuple[str, ...]:
    return tuple(item["id"] for item in items or ())


def context_for(
    document: Document, settings: Settings, options: CheckOptions, path: Path
) -> CheckContext:
    book = settings.playbook
    return CheckContext(
        document=document,
        stages=_ids(book.get("stages")),
        declared_facts=_ids(book.get("facts")),
        computed_facts={
            fact["id"]: text(fact.get("set", ""), "en") for fact in book.get("computed_facts") or ()
        },
        shared_team=tuple(member.id for member in settings.defaults.team),
        today=options.today,
        repository=settings.repository,
        account_file=path,
    )


def validate_file(path: Path, options: CheckOptions) -> Checked:
    """Load and validate one file (schema and semantic checks; no rules)."""
    settings = settings_for(path, options.playbook_file, options.max_bytes)
    if not settings.usable:
        return Checked(list(settings.diagnostics), settings.io_error)
    loaded = read_file(path, display_path(path), options.max_bytes)
    return validate_loaded(loaded, path, settings, options)


def validate_loaded(
    loaded: LoadResult, path: Path, settings: Settings, options: CheckOptions
) -> Checked:
    """Validate an already-read document (from a file, or from a git revision)."""
    if loaded.document is None:
        return Checked(loaded.diagnostics, loaded.io_error)
    context = context_for(loaded.document, settings, options, path)
    found = [*loaded.diagnostics, *validate_account(context, loaded.diagnostics)]
    return Checked(found, False, loaded.document, settings)


def assess_checked(
    checked: Checked, today: date | None, lang: str | None = None
) -> tuple[Account, Assessment, str]:
    """The model and assessment of a valid file (``checked.valid`` must hold)."""
    if checked.document is None or checked.settings is None:
        raise ValueError("assess_checked needs a valid document")
    settings = checked.settings
    account = build_account(checked.document.data, settings.defaults)
    chosen = lang or account.lang
    return account, assess(account, settings.playbook, chosen, today), chosen


def flag_diagnostics(document: Document, flags: Sequence[Flag]) -> list[Diagnostic]:
    """Flags as diagnostics at their subject's key."""
    found = []
    for flag in flags:
        path = subject_path(document.data, flag.subject)
        where = document.key_position(path)
        found.append(
            Diagnostic(
                document.file,
                where.line,
                where.column,
                Severity(flag.severity),
                flag.code,
                flag.message,
                json_pointer(path),
            )
        )
    return found


def check_file(path: Path, options: CheckOptions) -> tuple[list[Diagnostic], bool]:
    """Diagnostics of one file (input problems, then flags), and whether it was unreadable."""
    checked = validate_file(path, options)
    if not checked.valid or checked.document is None:
        return checked.diagnostics, checked.io_error
    _, assessment, _ = assess_checked(checked, options.today)
    return [*checked.diagnostics, *flag_diagnostics(checked.document, assessment.flags)], False


def check_paths(
    paths: Sequence[Path], options: CheckOptions, show_progress: bool = False
) -> CheckRun:
    inputs = find_inputs(paths)
    run = CheckRun(files=len(inputs.files))
    for folder in inputs.empty_folders:
        run.usage_errors.append(
            f"{display_path(folder)}: no account files (YAML with a top-level 'battlemap:' key)"
        )
    for missing in inputs.missing:
        run.usage_errors.append(f"{display_path(missing)}: no such file or folder")
    found: list[Diagnostic] = []
    checker = partial(check_file, options=options)
    for diagnostics, io_error in map_in_order(checker, inputs.files, show_progress, "check"):
        found.extend(diagnostics)
        run.io_error = run.io_error or io_error
    run.diagnostics = sorted_diagnostics(found)
    return run

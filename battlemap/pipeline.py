"""The pipeline as functions: load -> validate (schema + checks) -> model -> assess -> report.

Every command and product calls these; none of them formats for humans or imports a
renderer, so `check` stays light (no Jinja, WeasyPrint, Graphviz or Babel).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from battlemap.assess import assess
from battlemap.assess.types import Assessment, Flag
from battlemap.checks import CheckContext
from battlemap.config import Settings, settings_for
from battlemap.diagnostics import Diagnostic, Severity
from battlemap.discovery import display_path
from battlemap.language import terminal_lang
from battlemap.model import Account, build_account
from battlemap.options import BuildOptions, CheckOptions
from battlemap.playbook import text
from battlemap.report import build_report
from battlemap.source import Document, LoadResult, json_pointer, read_file
from battlemap.subjects import subject_path
from battlemap.validate import validate_account


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
        shared_team_names=tuple((member.name, member.id) for member in settings.defaults.team),
        today=options.today,
        repository=settings.repository,
        account_file=path,
        playbook=book,
        currency=settings.defaults.currency,
        lang=terminal_lang(None, _account_lang(document.data), settings.defaults.lang),
    )


def _account_lang(data: Any) -> str | None:
    account = data.get("account") if isinstance(data, dict) else None
    lang = account.get("lang") if isinstance(account, dict) else None
    return lang if isinstance(lang, str) else None


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


@dataclass(frozen=True)
class Compiled:
    """One valid account, assessed: everything a renderer needs."""

    source: Path
    account: Account
    assessment: Assessment
    report: dict[str, Any]
    playbook: dict[str, Any]
    lang: str
    repository: Path


def compile_account(
    path: Path, options: BuildOptions
) -> tuple[Compiled | None, list[Diagnostic], bool]:
    """(the compiled account or None when it has errors, its diagnostics, unreadable?)."""
    checked = validate_file(path, options.check_options())
    if not checked.valid or checked.document is None or checked.settings is None:
        return None, checked.diagnostics, checked.io_error
    settings = checked.settings
    account, assessment, lang = assess_checked(checked, options.today, options.lang)
    report = build_report(
        checked.document.data, account, assessment, checked.diagnostics, options.today, lang
    )
    compiled = Compiled(
        path, account, assessment, report, settings.playbook, lang, settings.repository
    )
    return compiled, checked.diagnostics, False

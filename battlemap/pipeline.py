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
from battlemap.checks.accounts import AccountIdAt, account_id_at
from battlemap.config import Settings, settings_for
from battlemap.diagnostics import Diagnostic, Severity
from battlemap.discovery import display_path
from battlemap.language import Words, declared_lang, terminal_lang
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
    """In the file's language (``lang``)."""
    io_error: bool = False
    document: Document | None = None
    settings: Settings | None = None
    lang: str = "en"
    """The language its messages are in: see `reader_lang`."""

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
            fact["id"]: Words(text(fact.get("set", ""), "en"), text(fact.get("set", ""), "zh"))
            for fact in book.get("computed_facts") or ()
        },
        shared_team=tuple(member.id for member in settings.defaults.team),
        shared_team_names=tuple((member.name, member.id) for member in settings.defaults.team),
        today=options.today,
        repository=settings.repository,
        account_file=path,
        playbook=book,
        currency=settings.defaults.currency,
        lang=reader_lang(options, settings, account_lang(document.data)),
    )


def account_lang(data: Any) -> str | None:
    """The ``lang`` an account states, if any (None for a value of the wrong type)."""
    account = data.get("account") if isinstance(data, dict) else None
    lang = account.get("lang") if isinstance(account, dict) else None
    return lang if isinstance(lang, str) else None


def reader_lang(options: CheckOptions, settings: Settings | None, stated: str | None) -> str:
    """The language of a file's diagnostics (the terminal-message rule): ``--lang``, else
    the account's ``lang`` (``stated``), else the repository's ``defaults.lang``, else
    ``LC_ALL``/``LANG``, else English."""
    return terminal_lang(options.lang, stated, settings.stated_lang if settings else None)


def in_lang(diagnostics: Sequence[Diagnostic], lang: str) -> list[Diagnostic]:
    return [d.in_(lang) for d in diagnostics]


def validate_file(path: Path, options: CheckOptions) -> Checked:
    """Load and validate one file (schema and semantic checks; no rules)."""
    settings = settings_for(path, options.playbook_file, options.max_bytes)
    if not settings.usable:
        lang = reader_lang(options, None, None)
        return Checked(in_lang(settings.diagnostics, lang), settings.io_error, lang=lang)
    loaded = read_file(path, display_path(path), options.max_bytes)
    return validate_loaded(loaded, path, settings, options)


def validate_loaded(
    loaded: LoadResult, path: Path, settings: Settings, options: CheckOptions
) -> Checked:
    """Validate an already-read document (from a file, or from a git revision); the
    diagnostics in the file's language (`reader_lang`), even when it does not parse."""
    if loaded.document is None:
        lang = reader_lang(options, settings, loaded.declared_lang)
        return Checked(in_lang(loaded.diagnostics, lang), loaded.io_error, lang=lang)
    lang = reader_lang(options, settings, account_lang(loaded.document.data))
    context = context_for(loaded.document, settings, options, path)
    found = [*loaded.diagnostics, *validate_account(context, loaded.diagnostics)]
    return Checked(in_lang(found, lang), False, loaded.document, settings, lang)


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


@dataclass(frozen=True)
class FileCheck:
    """What `check` learns of one file."""

    diagnostics: list[Diagnostic]
    """Input problems, then flags, in the file's language."""
    io_error: bool
    lang: str
    account: AccountIdAt | None = None
    """Its ``account.id`` and where it is written (to find two files of one account)."""


def check_one(path: Path, options: CheckOptions) -> FileCheck:
    """Load, validate and (when valid) assess one file."""
    checked = validate_file(path, options)
    document = checked.document
    id_wrong = any(d.path == "/account/id" for d in checked.diagnostics)
    account = None if document is None or id_wrong else account_id_at(document, checked.lang)
    if not checked.valid or document is None:
        return FileCheck(checked.diagnostics, checked.io_error, checked.lang, account)
    _, assessment, _ = assess_checked(checked, options.today, checked.lang)
    found = [*checked.diagnostics, *flag_diagnostics(document, assessment.flags)]
    return FileCheck(found, False, checked.lang, account)


def account_of(path: Path, options: CheckOptions) -> AccountIdAt | None:
    """A file's ``account.id``, where it is written and the file's language (None when it
    does not parse or states no id): for `build`, whose cached accounts are not read."""
    settings = settings_for(path, options.playbook_file, options.max_bytes)
    loaded = read_file(path, display_path(path), options.max_bytes)
    if loaded.document is None:
        return None
    lang = reader_lang(options, settings, account_lang(loaded.document.data))
    return account_id_at(loaded.document, lang)


def check_file(path: Path, options: CheckOptions) -> tuple[list[Diagnostic], bool]:
    """Diagnostics of one file (input problems, then flags), and whether it was unreadable."""
    found = check_one(path, options)
    return found.diagnostics, found.io_error


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


def stated_lang(path: Path) -> str | None:
    """The ``lang`` an account file states, as written in it (for a file that did not
    compile); None when it states none or cannot be read."""
    try:
        return declared_lang(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None

"""The registry of semantic checks and what a check receives and yields.

Each check is a small function registered with a stable code, a default severity and a
one-line summary; its findings say what is wrong in Chinese and English (`Words`), and the
file's language picks one when the diagnostics are printed. ``docs/diagnostics.md`` (and
``docs/diagnostics.zh.md``) document every code. Checks read the loaded ``Document``
defensively (a value of the wrong type is the schema's to report) and yield
``Finding``s. Why a module of its own: the check modules import it, and the package's
``__init__`` imports them, so nothing imports itself in a circle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from battlemap.diagnostics import Severity
from battlemap.language import DEFAULT_LANG, Words
from battlemap.registry import Registry
from battlemap.source import Document, KeyPath


@dataclass(frozen=True)
class CheckContext:
    """What the checks may consult besides the document."""

    document: Document
    stages: tuple[str, ...]
    declared_facts: tuple[str, ...]
    computed_facts: dict[str, Words]
    """Computed fact id -> the input to fill in instead (the playbook's `set`)."""
    shared_team: tuple[str, ...] = ()
    shared_team_names: tuple[tuple[str, str], ...] = ()
    """(name, id) of each team member of the repository's battlemap.yaml."""
    today: date | None = None
    repository: Path | None = None
    account_file: Path | None = None
    playbook: Mapping[str, Any] = field(default_factory=dict)
    """The layered playbook: its labels are what people copy into a file."""
    currency: str = "CNY"
    """The repository's default currency (an account may state its own)."""
    lang: str = DEFAULT_LANG
    """The language of this file's diagnostics."""


@dataclass(frozen=True)
class Finding:
    path: KeyPath
    message: Words
    at_key: bool = False


CheckFunction = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    code: str
    severity: Severity
    summary: str
    run: CheckFunction


CHECKS: Registry[Check] = Registry("check")


def register(
    code: str, severity: Severity, summary: str
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under a stable diagnostic code."""

    def decorate(function: CheckFunction) -> CheckFunction:
        CHECKS.add(code, Check(code, severity, summary, function))
        return function

    return decorate

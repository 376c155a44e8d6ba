"""`battlemap check`: load, validate and (later) assess each file; collect diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from battlemap import playbook
from battlemap.checks import CheckContext
from battlemap.diagnostics import Diagnostic, Severity, sorted_diagnostics
from battlemap.discovery import display_path, find_inputs
from battlemap.source import MAX_BYTES_DEFAULT, read_file
from battlemap.validate import validate_account


@dataclass(frozen=True)
class CheckOptions:
    max_bytes: int = MAX_BYTES_DEFAULT
    today: date | None = None


@dataclass
class CheckRun:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    usage_errors: list[str] = field(default_factory=list)
    io_error: bool = False

    def has(self, severity: Severity) -> bool:
        return any(d.severity is severity for d in self.diagnostics)


def _ids(items: Any) -> tuple[str, ...]:
    return tuple(item["id"] for item in items or ())


def context_for(document: Any, book: dict[str, Any], options: CheckOptions) -> CheckContext:
    return CheckContext(
        document=document,
        stages=_ids(book.get("stages")),
        declared_facts=_ids(book.get("facts")),
        computed_facts=_ids(book.get("computed_facts")),
        today=options.today,
    )


def check_file(path: Path, options: CheckOptions) -> tuple[list[Diagnostic], bool]:
    """Diagnostics of one file, and whether it could not be read at all."""
    loaded = read_file(path, display_path(path), options.max_bytes)
    if loaded.document is None:
        return loaded.diagnostics, loaded.io_error
    context = context_for(loaded.document, playbook.load_default(), options)
    return [*loaded.diagnostics, *validate_account(context, loaded.diagnostics)], False


def check_paths(paths: Sequence[Path], options: CheckOptions) -> CheckRun:
    inputs = find_inputs(paths)
    run = CheckRun(files=len(inputs.files))
    for folder in inputs.empty_folders:
        run.usage_errors.append(
            f"{display_path(folder)}: no account files (YAML with a top-level 'battlemap:' key)"
        )
    for missing in inputs.missing:
        run.usage_errors.append(f"{display_path(missing)}: no such file or folder")
    found: list[Diagnostic] = []
    for path in inputs.files:
        diagnostics, io_error = check_file(path, options)
        found.extend(diagnostics)
        run.io_error = run.io_error or io_error
    run.diagnostics = sorted_diagnostics(found)
    return run

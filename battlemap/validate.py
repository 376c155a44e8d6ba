"""Validation: schema, then semantic checks, over one loaded document."""

from __future__ import annotations

from typing import Any

from battlemap import schema
from battlemap.checks import CheckContext, run_checks
from battlemap.diagnostics import Diagnostic, Severity
from battlemap.source import KeyPath


def validate_account(
    context: CheckContext, loader_diagnostics: list[Diagnostic]
) -> list[Diagnostic]:
    """Schema and semantic diagnostics; the loader's own errors block their paths (its
    warnings do not: a value in curly quotes must still be a valid value)."""
    blocked = {d.path for d in loader_diagnostics if d.severity is Severity.ERROR}
    reread = _second_reading(context)
    found = [d for d in schema.validate(context.document, reread=reread) if d.path not in blocked]
    error_paths = blocked | {d.path for d in found if d.severity is Severity.ERROR}
    return [*found, *run_checks(context, error_paths)]


def _second_reading(context: CheckContext) -> schema.Reread:
    """The second reading of refused values (``checks.written_values``), imported at the
    first refusal: a valid file is checked without loading it (start-up time)."""
    readers: list[schema.Reread] = []

    def reread(path: KeyPath, value: Any, rule: dict[str, Any]) -> Diagnostic | None:
        if not readers:
            from battlemap.checks.written_values import rereader

            readers.append(rereader(context))
        return readers[0](path, value, rule)

    return reread

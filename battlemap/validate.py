"""Validation: schema, then semantic checks, over one loaded document."""

from __future__ import annotations

from battlemap import schema
from battlemap.checks import CheckContext, run_checks, written_values
from battlemap.diagnostics import Diagnostic, Severity


def validate_account(
    context: CheckContext, loader_diagnostics: list[Diagnostic]
) -> list[Diagnostic]:
    """Schema and semantic diagnostics; the loader's own diagnostics block their paths."""
    blocked = {d.path for d in loader_diagnostics}
    reread = written_values.rereader(context)
    found = [d for d in schema.validate(context.document, reread=reread) if d.path not in blocked]
    error_paths = blocked | {d.path for d in found if d.severity is Severity.ERROR}
    return [*found, *run_checks(context, error_paths)]

"""Semantic checks: what the schema cannot say (references, cycles, dates, consistency).

The checks live one topic a module and register themselves (``registry.py``) when imported;
importing this package imports them all, and ``run_checks`` runs every one over a document,
placing each finding and dropping those under a path that already has an error.
"""

from __future__ import annotations

from collections.abc import Iterable

# Imported for what importing them does: each registers its checks.
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
from battlemap.checks.registry import CHECKS, Check, CheckContext, Finding
from battlemap.diagnostics import Diagnostic, worded
from battlemap.source import Document, json_pointer

__all__ = ["CHECKS", "CheckContext", "run_checks"]


def run_checks(context: CheckContext, error_paths: Iterable[str]) -> list[Diagnostic]:
    """All registered checks over one document, skipping paths that already have errors."""
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
    return worded(
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

"""Printing a check run in the chosen format."""

from __future__ import annotations

import sys

from battlemap.build import BuildRun
from battlemap.check import CheckRun
from battlemap.diagnostics import (
    format_github_line,
    format_json,
    format_summary,
    format_text_line,
    summary,
)


def print_check_run(run: CheckRun, output_format: str) -> None:
    for message in run.usage_errors:
        print(f"battlemap: error: {message}", file=sys.stderr)
    if output_format == "json":
        print(format_json(run.diagnostics, run.files))
        return
    if output_format == "github":
        for diagnostic in run.diagnostics:
            print(format_github_line(diagnostic))
        return
    for diagnostic in run.diagnostics:
        print(format_text_line(diagnostic))
    print(format_summary(summary(run.diagnostics, run.files)))


def print_build_run(run: BuildRun) -> None:
    """Diagnostics (errors first matter: they stopped an account) and the files written."""
    for message in run.usage_errors:
        print(f"battlemap: error: {message}", file=sys.stderr)
    for diagnostic in run.diagnostics:
        print(format_text_line(diagnostic), file=sys.stderr)
    for path in run.written:
        print(f"wrote {path}")
    if run.failed:
        print(f"{run.failed} account(s) not built: fix the errors above", file=sys.stderr)

"""Printing on the terminal: a check run in the chosen format, and whether to use colour.

Colour: diagnostics are coloured (severity in colour, location dim) only when the stream is
a terminal, unless ``NO_COLOR`` is set to a non-empty value (https://no-color.org: never) or
``FORCE_COLOR`` is (always, e.g. for CI logs). ``TERM=dumb`` also turns it off.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from battlemap.commands.check import CheckRun
from battlemap.diagnostics import (
    Severity,
    format_codeclimate,
    format_github_line,
    format_json,
    format_summary,
    format_text_line,
    summary,
    usage_error_line,
)


def use_color(stream: TextIO) -> bool:
    """Whether to write ANSI colours to ``stream``."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except ValueError:  # a closed stream
        return False


def print_check_run(run: CheckRun, output_format: str, quiet: bool = False) -> None:
    """Print the diagnostics of a check run.

    ``quiet`` (text and github formats): infos are left out, and the text summary line too;
    errors and warnings are always printed. The json and codeclimate formats are complete.
    """
    for message in run.usage_errors:
        print(usage_error_line(message, run.lang), file=sys.stderr)
    if output_format == "json":
        print(format_json(run.diagnostics, run.files))
        return
    if output_format == "codeclimate":
        print(format_codeclimate(run.diagnostics))
        return
    shown = [d for d in run.diagnostics if not (quiet and d.severity is Severity.INFO)]
    if output_format == "github":
        for diagnostic in shown:
            print(format_github_line(diagnostic))
        return
    color = use_color(sys.stdout)
    for diagnostic in shown:
        print(format_text_line(diagnostic, color))
    if not quiet:
        print(format_summary(summary(run.diagnostics, run.files), color, run.lang))

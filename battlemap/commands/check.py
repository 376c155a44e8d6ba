"""`battlemap check`: load, validate and assess each file; collect diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from battlemap.commands.parallel import map_in_order
from battlemap.diagnostics import Diagnostic, Severity, sorted_diagnostics
from battlemap.discovery import display_path, find_inputs
from battlemap.options import CheckOptions
from battlemap.pipeline import check_file


@dataclass
class CheckRun:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    usage_errors: list[str] = field(default_factory=list)
    io_error: bool = False

    def has(self, severity: Severity) -> bool:
        return any(d.severity is severity for d in self.diagnostics)


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

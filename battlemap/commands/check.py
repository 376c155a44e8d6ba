"""`battlemap check`: load, validate and assess each file; collect diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from battlemap.checks.accounts import duplicate_account_ids
from battlemap.commands.parallel import map_in_order
from battlemap.config import settings_for_path
from battlemap.diagnostics import Diagnostic, Severity, sorted_diagnostics
from battlemap.discovery import find_inputs, input_errors
from battlemap.language import terminal_lang
from battlemap.options import CheckOptions
from battlemap.pipeline import check_one


@dataclass
class CheckRun:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    usage_errors: list[str] = field(default_factory=list)
    io_error: bool = False
    lang: str = "en"
    """The run's language (summary, usage errors): see `run_lang`."""

    def has(self, severity: Severity) -> bool:
        return any(d.severity is severity for d in self.diagnostics)


def run_lang(
    chosen: str | None, file_langs: Sequence[str], repository_lang: str | None = None
) -> str:
    """The language of what a run says beyond each file's diagnostics: ``--lang``, else the
    language all its files share, else the ``defaults.lang`` its repository states, else the
    environment's (`language.terminal_lang`)."""
    shared = set(file_langs)
    return terminal_lang(chosen, shared.pop() if len(shared) == 1 else None, repository_lang)


def check_paths(
    paths: Sequence[Path], options: CheckOptions, show_progress: bool = False
) -> CheckRun:
    inputs = find_inputs(paths)
    run = CheckRun(files=len(inputs.files))
    found: list[Diagnostic] = []
    checker = partial(check_one, options=options)
    results = list(map_in_order(checker, inputs.files, show_progress, "check"))
    for result in results:
        found.extend(result.diagnostics)
        run.io_error = run.io_error or result.io_error
    found.extend(duplicate_account_ids(r.account for r in results if r.account is not None))
    langs = [r.lang for r in results]
    first = inputs.files[0] if inputs.files else (paths[0] if paths else None)
    stated = None
    if options.lang is None and len(set(langs)) != 1 and first is not None:
        # only then does the repository's word count (settings are cached per repository)
        stated = settings_for_path(first, options.playbook_file, options.max_bytes).stated_lang
    run.lang = run_lang(options.lang, langs, stated)
    run.usage_errors = input_errors(inputs, run.lang)
    run.diagnostics = sorted_diagnostics(found)
    return run

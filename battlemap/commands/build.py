"""`battlemap build`: compile each valid account to its outputs in OUT."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from battlemap.checks.accounts import duplicate_account_ids
from battlemap.checks.logo import logo_file
from battlemap.commands import incremental
from battlemap.commands.output import use_color
from battlemap.commands.parallel import map_in_order
from battlemap.config import settings_for
from battlemap.diagnostics import (
    Diagnostic,
    Severity,
    format_text_line,
    printable,
    sorted_diagnostics,
    usage_error_line,
)
from battlemap.discovery import find_inputs, input_errors
from battlemap.language import Words, counted, terminal_lang
from battlemap.movements import recent_counts
from battlemap.options import BuildOptions
from battlemap.pipeline import Compiled, account_of, compile_account
from battlemap.render.portfolio.summary import summary_row
from battlemap.report import report_json
from battlemap.revisions import last_commit
from battlemap.writing import WROTE, output_lock, remove_leftovers, write_atomic


@dataclass
class BuildRun:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    usage_errors: list[str] = field(default_factory=list)
    io_error: bool = False
    failed: int = 0
    skipped: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    lang: str = "en"
    """The run's language (usage errors, the closing line): ``--lang``, else the
    repository's ``defaults.lang``, else the environment's."""


Renderer = Callable[[Compiled, BuildOptions], bytes]


def render_json(compiled: Compiled, options: BuildOptions) -> bytes:
    return report_json(compiled.report).encode("utf-8")


def renderers() -> dict[str, Renderer]:
    """Output format -> renderer; the heavy ones are imported only when asked for."""
    found: dict[str, Renderer] = {"json": render_json, "html": _html, "pdf": _pdf}
    return found


def _html(compiled: Compiled, options: BuildOptions) -> bytes:
    """Why a wrapper: Jinja is imported only when an HTML map is really rendered."""
    from battlemap.render.map.html import render_html

    return render_html(compiled, options)


def _pdf(compiled: Compiled, options: BuildOptions) -> bytes:
    """Why a wrapper: WeasyPrint (0.7 s to import) only when a PDF is really rendered."""
    from battlemap.render.map.pdf import render_pdf

    return render_pdf(compiled, options)


@dataclass(frozen=True)
class AccountResult:
    """What building one account gave: diagnostics, files written, its cache entry."""

    source: str
    diagnostics: list[Diagnostic]
    io_error: bool = False
    written: tuple[Path, ...] = ()
    entry: dict[str, Any] | None = None
    skipped: bool = False


def _options_key(options: BuildOptions) -> dict[str, Any]:
    """The options that change an account's outputs (not OUT, not --force)."""
    return {
        "formats": sorted(options.formats),
        "lang": options.lang,
        "today": options.today,
        "page_size": options.page_size,
        "landscape": options.landscape,
        "playbook": incremental.file_hash(options.playbook_file),
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
    }


def embedded_files(compiled: Compiled) -> list[Path]:
    """Files the outputs embed besides the account file (the logo)."""
    value = compiled.account.profile.get("logo")
    found = logo_file(value, compiled.repository) if isinstance(value, str) else None
    return [found] if found is not None and found.is_file() else []


def build_one(path: Path, options: BuildOptions, previous: dict[str, Any]) -> AccountResult:
    """Build one account unless its cached outputs are still fresh (and not --force)."""
    code = incremental.code_fingerprint(options.templates, options.css)
    history = {"last_commit": last_commit(path)} if options.today is not None else {}
    key = incremental.input_key(path, {**_options_key(options), **history}, code)
    entry = previous.get(str(path.resolve()))
    if not options.force and entry is not None and _reusable(entry, key, path, options):
        return AccountResult(str(path), [], entry=entry, skipped=True)
    compiled, diagnostics, io_error = compile_account(path, options)
    if compiled is None:
        return AccountResult(str(path), diagnostics, io_error)
    available = renderers()
    written = []
    for output_format in options.formats:
        target = options.out / f"{compiled.account.id}.{output_format}"
        write_atomic(target, available[output_format](compiled, options))
        written.append(target)
    outputs = [p.name for p in written]
    summary = summary_row(compiled)
    if options.today is not None:
        summary["moved"] = recent_counts(
            path, compiled.account, compiled.assessment, options.today, options.check_options()
        )
    fresh = {
        "key": key,
        "id": compiled.account.id,
        "outputs": outputs,
        "summary": summary,
        "depends": incremental.dependencies(embedded_files(compiled)),
    }
    return AccountResult(str(path), diagnostics, False, tuple(written), fresh)


def _reusable(entry: dict[str, Any], key: str | None, path: Path, options: BuildOptions) -> bool:
    """The cached outputs are fresh and named after the account's id. The entry's MAC was
    verified on loading, and its key hashes the account file: its id is the file's."""
    ident = entry["id"]
    return ident == entry["summary"]["id"] and incremental.still_fresh(
        entry, key, options.out, path, [f"{ident}.{f}" for f in options.formats]
    )


def build_paths(
    paths: Sequence[Path], options: BuildOptions, show_progress: bool = False
) -> BuildRun:
    inputs = find_inputs(paths)
    first = inputs.files[0] if inputs.files else None
    stated = settings_for(first, options.playbook_file, options.max_bytes) if first else None
    run = BuildRun(lang=terminal_lang(options.lang, None, stated.stated_lang if stated else None))
    run.usage_errors.extend(input_errors(inputs, run.lang))
    if not inputs.files:
        return run
    with output_lock(options.out):
        remove_leftovers(options.out)
        _build_files(inputs.files, options, show_progress, run)
        if wants_index(paths, inputs.files):
            run.written.extend(write_index(run.rows, options, inputs.files[0]))
    return run


def _build_files(
    files: Sequence[Path], options: BuildOptions, show_progress: bool, run: BuildRun
) -> None:
    """Build (or skip) every account, then save the cache: into ``run``."""
    previous = incremental.load_cache(options.out)
    builder = partial(build_one, options=options, previous=previous)
    results = list(map_in_order(builder, files, show_progress, "build"))
    found = _refuse_shared_ids(files, results, options, run)
    entries = dict(previous)
    for path, result in zip(files, results, strict=True):
        found.extend(result.diagnostics)
        run.io_error = run.io_error or result.io_error
        run.written.extend(result.written)
        run.skipped += result.skipped
        if result.entry is None:
            run.failed += 1
            entries.pop(str(path.resolve()), None)
        else:
            entries[str(path.resolve())] = result.entry
            run.rows.append(result.entry["summary"])
    if entries != previous:
        incremental.save_cache(options.out, entries)
    run.diagnostics = sorted_diagnostics(found)


def _refuse_shared_ids(
    files: Sequence[Path], results: list[AccountResult], options: BuildOptions, run: BuildRun
) -> list[Diagnostic]:
    """Two files with one account id wrote the same outputs: neither counts as built (its
    outputs, whichever file wrote them last, are removed; the index leaves both out), and
    each gets ``duplicate-account-id`` naming the other. ``results`` is updated."""
    by_id: dict[str, list[int]] = {}
    for index, result in enumerate(results):
        if result.entry is not None:
            by_id.setdefault(str(result.entry["id"]), []).append(index)
    shared = [index for same in by_id.values() if len(same) > 1 for index in same]
    if not shared:
        return []
    check_options = options.check_options()
    placed = [account_of(files[index], check_options) for index in shared]
    for index in shared:
        for target in results[index].written:
            target.unlink(missing_ok=True)
        results[index] = AccountResult(results[index].source, results[index].diagnostics)
    return duplicate_account_ids(account for account in placed if account is not None)


def wants_index(paths: Sequence[Path], files: Sequence[Path]) -> bool:
    """The portfolio index is written for several accounts, or for a folder of them."""
    return bool(files) and (len(files) > 1 or any(p.is_dir() for p in paths))


def index_pages(rows: list[dict[str, Any]], options: BuildOptions, first: Path) -> dict[str, bytes]:
    """index.html (and index.pdf when PDFs are built) from the rows of all accounts.
    Labels and thresholds: the first account's repository playbook; its language unless
    --lang."""
    from battlemap.render.portfolio.view import Portfolio, render_index

    settings = settings_for(first, options.playbook_file, options.max_bytes)
    lang = options.lang or (str(rows[0]["lang"]) if rows else settings.defaults.lang)
    link = next((f for f in ("html", "pdf", "json") if f in options.formats), "html")
    portfolio = Portfolio(settings.playbook, lang, options.today, link)
    return render_index(rows, portfolio, options.templates, "pdf" in options.formats)


def write_index(rows: list[dict[str, Any]], options: BuildOptions, first: Path) -> list[Path]:
    """OUT/index.html (and index.pdf when PDFs are built), atomically, on every build: from
    the rows of all accounts, those not rebuilt included (their rows come from the cache)."""
    pages = index_pages(rows, options, first)
    for name, content in pages.items():
        write_atomic(options.out / name, content)
    return [options.out / name for name in pages]


def has_errors(run: BuildRun) -> bool:
    return run.failed > 0 or any(d.severity is Severity.ERROR for d in run.diagnostics)


def print_build_run(run: BuildRun) -> None:
    """Diagnostics (errors first matter: they stopped an account) and the files written."""
    for message in run.usage_errors:
        print(usage_error_line(message, run.lang), file=sys.stderr)
    color = use_color(sys.stderr)
    for diagnostic in run.diagnostics:
        print(format_text_line(diagnostic, color), file=sys.stderr)
    for path in run.written:
        print(printable(WROTE.format(file=path).in_(run.lang)))
    if run.failed:
        accounts = counted(run.failed, "account", "accounts", "个客户")
        print(_NOT_BUILT.format(accounts=accounts).in_(run.lang), file=sys.stderr)


_NOT_BUILT = Words(
    "{accounts.en} not built: fix the errors above", "{accounts.zh}未生成：请先修正上面的错误"
)

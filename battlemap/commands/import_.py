"""`battlemap import`: contacts from a CRM export or a spreadsheet into an account file.

The account file is edited by position (`battlemap.crm.edit`): comments, order, quoting and
every untouched byte stay. It is written atomically, and only when the source has no bad
row and the result has no input error that the file did not have before; otherwise nothing
is written. ``--dry-run`` prints the change as a unified diff instead.
"""

from __future__ import annotations

import difflib
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from battlemap.config import Settings, settings_for
from battlemap.crm.edit import EditError, edited
from battlemap.crm.merge import merge_rows
from battlemap.crm.sources import FIELDS, IGNORE, SourceError, Table, read_table
from battlemap.diagnostics import Diagnostic, Severity, format_text_line, printable
from battlemap.discovery import display_path
from battlemap.language import CANNOT_WRITE, Words, declared_lang, os_reason, terminal_lang
from battlemap.options import CheckOptions
from battlemap.pipeline import Checked, validate_loaded
from battlemap.slip_lines import line_slips
from battlemap.source import MAX_BYTES_DEFAULT, LoadResult, parse_bytes, read_file
from battlemap.writing import write_atomic

SUMMARY = Words(
    "{file}: +{added} contacts, {updated} updated",
    "{file}：新增 {added} 位联系人，更新 {updated} 位",
)
UNCHANGED = Words("{file}: nothing to change", "{file}：没有需要修改的内容")
DRY_RUN = Words("(dry run: nothing written)", "（试运行：未写入文件）")
NOT_WRITTEN = Words("{file}: nothing written", "{file}：未写入任何内容")
WOULD_BREAK = Words(
    "{file}: the import would add these errors to the file; nothing written",
    "{file}：导入会给文件带来以下错误；未写入任何内容",
)


class ImportRefused(Exception):
    """A usage or I/O problem (exit code 2), said in the run's language ``lang``."""

    def __init__(self, words: Words, lang: str) -> None:
        super().__init__(words.in_(lang))
        self.lang = lang


MAPPING_UNREADABLE = Words("cannot read the mapping: {why.en}", "无法读取映射文件：{why.zh}")
MAPPING_NOT_PAIRS = Words(
    "{file}: the mapping must be 'header: field' lines", "{file}：映射文件应由“表头: 字段”行组成"
)
MAPPING_FIELD = Words(
    "{file}: '{header}: {field}': the field must be one of {allowed}",
    "{file}：“{header}: {field}”：字段必须是以下之一：{allowed}",
)
ACCOUNT_UNREADABLE = Words("{file}: cannot read: {why.en}", "{file}：无法读取：{why.zh}")
NOT_EDITABLE = Words(
    "{file}: cannot add the contacts by position: {why}", "{file}：无法按位置添加联系人：{why}"
)
SOURCE_PROBLEM = Words("{file}: {problem}", "{file}：{problem}")


@dataclass(frozen=True)
class ImportOptions:
    sheet: str | None = None
    mapping: Path | None = None
    dry_run: bool = False
    lang: str | None = None
    max_bytes: int = MAX_BYTES_DEFAULT


@dataclass
class ImportRun:
    lang: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Bad rows of the source, or errors of the account file: exit 1, nothing written."""
    lines: list[str] = field(default_factory=list)
    """What to print on standard output (the diff, the summary)."""
    file: str = ""
    would_break: bool = False
    """The edit was made but would add errors to the file (so it was not written)."""

    @property
    def failed(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def read_mapping(path: Path, lang: str) -> dict[str, str]:
    """``--mapping FILE``: a YAML mapping of header -> field (or ``ignore``)."""
    file = display_path(path)
    loaded = read_file(path, file)
    data: Any = loaded.document.data if loaded.document else None
    if not isinstance(data, dict):  # said as check says it: at the character, in plain words
        slips = [] if loaded.document is None else line_slips(loaded.document.text)
        problems = loaded.diagnostics or [slip.diagnostic(file) for slip in slips]
        if not problems:
            raise ImportRefused(MAPPING_NOT_PAIRS.format(file=file), lang)
        lines = (format_text_line(problems[0].in_(each)) for each in ("en", "zh"))
        raise ImportRefused(MAPPING_UNREADABLE.format(why=Words(*lines)), lang)
    allowed = (*FIELDS, IGNORE)
    for header, name in data.items():
        if name not in allowed:
            words = MAPPING_FIELD.format(
                file=file, header=header, field=name, allowed=", ".join(allowed)
            )
            raise ImportRefused(words, lang)
    return {str(header): str(name) for header, name in data.items()}


@dataclass(frozen=True)
class _Account:
    """The account file as read: its bytes, its text, its settings and the run's language."""

    path: Path
    file: str
    raw: bytes
    text: str
    settings: Settings
    lang: str
    loaded: LoadResult


def _read_account(into: Path, options: ImportOptions) -> _Account:
    file = display_path(into)
    try:
        raw = into.read_bytes()
    except OSError as err:
        words = ACCOUNT_UNREADABLE.format(file=file, why=os_reason(err))
        raise ImportRefused(words, terminal_lang(options.lang)) from err
    text = raw.decode("utf-8", errors="replace")
    settings = settings_for(into, None, options.max_bytes)
    lang = terminal_lang(options.lang, declared_lang(text), settings.defaults.declared_lang)
    loaded = parse_bytes(raw, file, options.max_bytes)
    return _Account(into, file, raw, text, settings, lang, loaded)


def _read_source(source: Path, options: ImportOptions, lang: str) -> Table:
    mapping = read_mapping(options.mapping, lang) if options.mapping else {}
    try:
        return read_table(source, display_path(source), lang, options.sheet, mapping)
    except SourceError as err:
        words = SOURCE_PROBLEM.format(file=display_path(source), problem=err.words.in_(lang))
        raise ImportRefused(words, lang) from err


def _new_errors(account: _Account, result: str, max_bytes: int) -> list[Diagnostic]:
    """The errors of ``result`` that the file did not have (flags do not count)."""
    options = CheckOptions(max_bytes=max_bytes)

    def errors(raw: bytes) -> tuple[Checked, Counter[tuple[str, str]]]:
        loaded = parse_bytes(raw, account.file, max_bytes)
        checked = validate_loaded(loaded, account.path, account.settings, options)
        found = Counter(
            (d.code, d.path) for d in checked.diagnostics if d.severity is Severity.ERROR
        )
        return checked, found

    after, after_errors = errors(result.encode("utf-8"))
    added = after_errors - errors(account.raw)[1]
    return [
        d for d in after.diagnostics if d.severity is Severity.ERROR and (d.code, d.path) in added
    ]


def _write(into: Path, file: str, result: str, lang: str) -> None:
    try:
        write_atomic(into, result.encode("utf-8"))
    except OSError as err:
        words = CANNOT_WRITE.format(file=file, reason=os_reason(err))
        raise ImportRefused(words, lang) from err


def import_contacts(source: Path, into: Path, options: ImportOptions) -> ImportRun:
    """Read ``source``, merge its rows into ``into``'s contacts, and write (or diff) it."""
    account = _read_account(into, options)
    lang, file, document = account.lang, account.file, account.loaded.document
    run = ImportRun(lang, file=file)
    if document is None or not account.settings.usable:
        run.diagnostics = [*account.settings.diagnostics, *account.loaded.diagnostics]
        return run
    table = _read_source(source, options, lang)
    contacts = document.data.get("contacts") if isinstance(document.data, dict) else None
    merge = merge_rows(contacts if isinstance(contacts, list) else [], table, lang)
    run.diagnostics = [*table.diagnostics, *merge.diagnostics]
    if run.failed:
        return run
    try:
        result = edited(account.text, merge.updates, merge.new)
    except EditError as err:
        words = NOT_EDITABLE.format(file=file, why=err.words.in_(lang))
        raise ImportRefused(words, lang) from err
    if result == account.text:
        run.lines.append(UNCHANGED.format(file=file).in_(lang))
        return run
    run.diagnostics = _new_errors(account, result, options.max_bytes)
    run.would_break = bool(run.diagnostics)
    if run.would_break:
        return run
    if options.dry_run:
        lines = difflib.unified_diff(
            account.text.splitlines(), result.splitlines(), file, file, lineterm=""
        )
        run.lines.extend(lines)
    else:
        _write(into, file, result, lang)
    summary = SUMMARY.format(file=file, added=len(merge.new), updated=len(merge.updates))
    run.lines.append(summary.in_(lang))
    if options.dry_run:
        run.lines.append(DRY_RUN.in_(lang))
    return run


def print_import_run(run: ImportRun) -> None:
    """The diagnostics and why nothing was written on standard error; the diff and the
    summary on standard output."""
    for diagnostic in run.diagnostics:
        print(format_text_line(diagnostic), file=sys.stderr)
    if run.failed:
        why = WOULD_BREAK if run.would_break else NOT_WRITTEN
        print(printable(why.format(file=run.file).in_(run.lang)), file=sys.stderr)
    for line in run.lines:
        print(printable(line))

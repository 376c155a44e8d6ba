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

import yaml

from battlemap.config import settings_for
from battlemap.crm.edit import EditError, edited
from battlemap.crm.merge import merge_rows
from battlemap.crm.sources import FIELDS, IGNORE, SourceError, read_table
from battlemap.diagnostics import Diagnostic, Severity, format_text_line, printable
from battlemap.discovery import display_path
from battlemap.language import Words, declared_lang, terminal_lang
from battlemap.options import CheckOptions
from battlemap.pipeline import Checked, validate_loaded
from battlemap.source import MAX_BYTES_DEFAULT, parse_bytes
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
    """A usage or I/O problem (exit code 2); the message is in the run's language."""


MAPPING_UNREADABLE = Words(
    "{file}: cannot read the mapping: {why}", "{file}：无法读取映射文件：{why}"
)
MAPPING_NOT_PAIRS = Words(
    "{file}: the mapping must be 'header: field' lines", "{file}：映射文件应由“表头: 字段”行组成"
)
MAPPING_FIELD = Words(
    "{file}: '{header}: {field}': the field must be one of {allowed}",
    "{file}：“{header}: {field}”：字段必须是以下之一：{allowed}",
)
ACCOUNT_UNREADABLE = Words("{file}: cannot read: {why}", "{file}：无法读取：{why}")
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
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise ImportRefused(MAPPING_UNREADABLE.format(file=file, why=err).in_(lang)) from err
    if not isinstance(data, dict):
        raise ImportRefused(MAPPING_NOT_PAIRS.format(file=file).in_(lang))
    allowed = (*FIELDS, IGNORE)
    for header, name in data.items():
        if name not in allowed:
            words = MAPPING_FIELD.format(
                file=file, header=header, field=name, allowed=", ".join(allowed)
            )
            raise ImportRefused(words.in_(lang))
    return {str(header): str(name) for header, name in data.items()}


def _errors(checked: Checked) -> Counter[tuple[str, str]]:
    return Counter((d.code, d.path) for d in checked.diagnostics if d.severity is Severity.ERROR)


def import_contacts(source: Path, into: Path, options: ImportOptions) -> ImportRun:
    """Read ``source``, merge its rows into ``into``'s contacts, and write (or diff) it."""
    file = display_path(into)
    try:
        raw = into.read_bytes()
    except OSError as err:
        words = ACCOUNT_UNREADABLE.format(file=file, why=err.strerror or err)
        raise ImportRefused(words.in_(terminal_lang(options.lang))) from err
    text = raw.decode("utf-8", errors="replace")
    settings = settings_for(into, None, options.max_bytes)
    lang = terminal_lang(options.lang, declared_lang(text), settings.defaults.lang)
    run = ImportRun(lang, file=file)
    check_options = CheckOptions(max_bytes=options.max_bytes)
    before = validate_loaded(
        parse_bytes(raw, file, options.max_bytes), into, settings, check_options
    )
    if before.document is None or not settings.usable:
        run.diagnostics = [*settings.diagnostics, *before.diagnostics]
        return run
    mapping = read_mapping(options.mapping, lang) if options.mapping else {}
    try:
        table = read_table(source, display_path(source), lang, options.sheet, mapping)
    except SourceError as err:
        words = SOURCE_PROBLEM.format(file=display_path(source), problem=err.words.in_(lang))
        raise ImportRefused(words.in_(lang)) from err
    contacts = before.document.data.get("contacts")
    merge = merge_rows(contacts if isinstance(contacts, list) else [], table, lang)
    run.diagnostics = [*table.diagnostics, *merge.diagnostics]
    if run.failed:
        return run
    try:
        result = edited(text, merge.updates, merge.new)
    except EditError as err:
        words = NOT_EDITABLE.format(file=file, why=err.words.in_(lang))
        raise ImportRefused(words.in_(lang)) from err
    if result == text:
        run.lines.append(UNCHANGED.format(file=file).in_(lang))
        return run
    after = validate_loaded(
        parse_bytes(result.encode("utf-8"), file, options.max_bytes), into, settings, check_options
    )
    added = _errors(after) - _errors(before)
    if added:
        run.diagnostics = [
            d
            for d in after.diagnostics
            if d.severity is Severity.ERROR and (d.code, d.path) in added
        ]
        run.would_break = True
        return run
    if options.dry_run:
        run.lines.extend(
            difflib.unified_diff(text.splitlines(), result.splitlines(), file, file, lineterm="")
        )
    else:
        write_atomic(into, result.encode("utf-8"))
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

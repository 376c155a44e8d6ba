"""`battlemap check --fix`: write the fix each diagnostic proposes into its file, in place.

A diagnostic carries a `Fix` only where its intent is unambiguous (``支持者`` -> ``supporter``,
a full-width colon after a key...). Each fix replaces the characters it names at the place it
names and nothing else: the file is never re-emitted from parsed YAML, so comments, key order,
quoting, line endings and a byte order mark stay as they were. A fix may uncover the next
problem (a syntax slip hides the values behind it), so a file is read again after each round
of fixes, up to `MAX_ROUNDS`, and written once, atomically.

Why a module of its own: `check` without ``--fix`` never imports it (start-up time).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from battlemap.config import settings_for
from battlemap.diagnostics import Diagnostic, Fix, line_starts, offset_at, printable
from battlemap.discovery import display_path, find_inputs
from battlemap.language import Words, declared_lang, os_reason, terminal_lang
from battlemap.options import CheckOptions
from battlemap.pipeline import validate_loaded
from battlemap.source import parse_bytes
from battlemap.writing import write_atomic

MAX_ROUNDS = 10
"""Rounds of read, fix, read again for one file: each round applies at least one fix, and
a fix that undid another would otherwise go round for ever."""

_BOM = b"\xef\xbb\xbf"
_WRITABLE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
"""A file without any write permission is read-only even for root, who may write anyway."""


@dataclass(frozen=True)
class Applied:
    """One fix written: where (in the text as it was in its round), what and by which code."""

    file: str
    code: str
    fix: Fix

    def line(self) -> str:
        """``file:line:col: fixed[code] old → new``, safe to print on one line."""
        fix = self.fix
        where = f"{printable(self.file)}:{fix.line}:{fix.column}"
        return f"{where}: fixed[{self.code}] {printable(fix.old)} → {printable(fix.new)}"


@dataclass
class FixRun:
    applied: list[Applied] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    """Files whose fixes could not be written (each left exactly as it was)."""


def fix_paths(paths: Sequence[Path], options: CheckOptions) -> FixRun:
    """Apply the fixes of every account file under ``paths``; the files that cannot be read
    or parsed are left to the `check` that follows to report."""
    run = FixRun()
    for path in find_inputs(paths).files:
        fix_file(path, options, run)
    return run


def fix_file(path: Path, options: CheckOptions, run: FixRun) -> None:
    """Fix one file in rounds, each on the text the round before left, then write it once.
    Each round reads the text as `check` reads a file (`parse_bytes`: the size limit, the
    byte order mark, UTF-8), so every fix a diagnostic of `check` carries is seen."""
    settings = settings_for(path, options.playbook_file, options.max_bytes)
    display = display_path(path)
    try:
        if not settings.usable or path.stat().st_size > options.max_bytes:
            return
        raw = path.read_bytes()
        text = raw.removeprefix(_BOM).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return
    bom = _BOM if raw.startswith(_BOM) else b""
    fixed, applied = text, []
    for _ in range(MAX_ROUNDS):
        loaded = parse_bytes(bom + fixed.encode("utf-8"), display, options.max_bytes)
        checked = validate_loaded(loaded, path, settings, options)
        fixed, done = apply_fixes(fixed, checked.diagnostics)
        if not done:
            break
        applied.extend(done)
    if not applied:
        return
    lang = terminal_lang(None, declared_lang(text), settings.defaults.declared_lang)
    failure = _write(path, bom + fixed.encode("utf-8"), display)
    if failure is not None:
        run.failures.append(failure.in_(lang))
        return
    run.applied.extend(applied)


def apply_fixes(text: str, diagnostics: Iterable[Diagnostic]) -> tuple[str, list[Applied]]:
    """``text`` with each diagnostic's fix written in, where the text there still reads the
    fix's ``old`` and no earlier fix (by place) overlaps it; and the fixes applied."""
    starts = line_starts(text)
    placed = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        offset = offset_at(starts, fix.line, fix.column) if fix is not None else None
        if fix is not None and offset is not None and fix.old and text.startswith(fix.old, offset):
            placed.append((offset, Applied(diagnostic.file, diagnostic.code, fix)))
    pieces: list[str] = []
    applied: list[Applied] = []
    end = 0
    for offset, made in sorted(placed, key=lambda item: item[0]):
        if offset < end:
            continue  # overlaps a fix already made: the next round sees it again
        pieces += [text[end:offset], made.fix.new]
        end = offset + len(made.fix.old)
        applied.append(made)
    return "".join([*pieces, text[end:]]), applied


_READ_ONLY = Words(
    "{file}: cannot write the fixes: the file is read-only; nothing was changed",
    "{file}：文件是只读的，无法写入修改；文件没有任何改动",
)
_NOT_WRITTEN = Words(
    "{file}: cannot write the fixes ({reason.en}); nothing was changed",
    "{file}：无法写入修改（{reason.zh}）；文件没有任何改动",
)


def _write(path: Path, content: bytes, display: str) -> Words | None:
    """Replace the file (the target of a symbolic link, which stays a link) with ``content``,
    keeping its permissions; what went wrong, or None."""
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
        if not mode & _WRITABLE or not os.access(target, os.W_OK):
            return _READ_ONLY.format(file=printable(display))
        write_atomic(target, content)
        target.chmod(mode)  # write_atomic's new file is 0644
    except OSError as err:
        return _NOT_WRITTEN.format(file=printable(display), reason=os_reason(err))
    return None

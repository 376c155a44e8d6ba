"""Diagnostics: problems found in an input, as values, and the formats that print them."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from battlemap.language import Words, counted


class Severity(StrEnum):
    """How much a diagnostic or a flag matters, declared from the most severe down: the one
    order in which flags are sorted and severities are listed (``tuple(Severity)``)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe: the place in the declaration."""
        return tuple(Severity).index(self)


@dataclass(frozen=True)
class Fix:
    """The exact edit that resolves a diagnostic: replace ``old``, which starts at 1-based
    ``line``:``column`` (code points) of the file's text, with ``new``. `check --fix` applies
    it only where the text there still reads ``old``, and never touches another byte."""

    line: int
    column: int
    old: str
    new: str


def line_starts(text: str) -> list[int]:
    """The offset of each line's first character. Lines end at LF only, as the loader counts
    them: a CR stays part of its line, so a CRLF file's columns are those an editor shows."""
    return [0, *(found.end() for found in re.finditer("\n", text))]


def offset_at(starts: Sequence[int], line: int, column: int) -> int | None:
    """The offset of 1-based ``line``:``column`` in the text of ``starts`` (None if the line
    is not in it)."""
    if not 1 <= line <= len(starts) or column < 1:
        return None
    return starts[line - 1] + column - 1


@dataclass(frozen=True)
class Diagnostic:
    """One problem at one place: ``file:line:column: severity[code] message``.

    ``line`` and ``column`` are 1-based, columns in code points; ``path`` is the JSON
    Pointer of the offending value ("" for the whole document).
    """

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    path: str = ""
    fix: Fix | None = None
    """Set when the intent is unambiguous: what `check --fix` writes."""
    words: Words | None = None
    """The message in both languages, when the reader's language is decided later (a file's
    language is known only once it is read): `in_` picks one into ``message``."""
    detail: str | None = None
    """The underlying library's own text (libyaml's words for a syntax error), for tools:
    printed by ``--format json`` only."""

    def in_(self, lang: str) -> Diagnostic:
        """This diagnostic with its message in ``lang`` (unchanged if it has one language)."""
        return self if self.words is None else replace(self, message=self.words.in_(lang))

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "path": self.path,
        } | ({"detail": self.detail} if self.detail is not None else {})


def worded(
    file: str,
    line: int,
    column: int,
    severity: Severity,
    code: str,
    words: Words,
    path: str = "",
    detail: str | None = None,
) -> Diagnostic:
    """A diagnostic in both languages (English until `Diagnostic.in_` picks the reader's)."""
    return Diagnostic(
        file, line, column, severity, code, words.en, path, words=words, detail=detail
    )


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line, column, code; each distinct diagnostic once."""
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def count(diagnostics: Iterable[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity is severity)


def summary(diagnostics: Sequence[Diagnostic], files: int) -> dict[str, int]:
    return {
        "files": files,
        "errors": count(diagnostics, Severity.ERROR),
        "warnings": count(diagnostics, Severity.WARNING),
        "infos": count(diagnostics, Severity.INFO),
    }


# Characters that must not reach a terminal or a line-based reader raw: C0 and C1 controls
# (line breaks forge extra diagnostic lines; ESC starts terminal escape sequences), Unicode
# line and paragraph separators, and bidirectional overrides (they reorder what is shown).
_BEYOND_C0 = "\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNPRINTABLE = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_UNPRINTABLE_IN_JSON = re.compile(f"[{_BEYOND_C0}]")
"""What JSON leaves raw: it escapes C0 itself, and its own line breaks are structure."""
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(found: re.Match[str]) -> str:
    ch = found[0]
    if ch in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def printable(text: str) -> str:
    """``text`` safe to print on one line: control characters, line separators and
    bidirectional controls as visible escapes (``\\n``, ``\\x1b``, ``\\u202e``)."""
    return _UNPRINTABLE.sub(_escape_char, text)


def printable_json(value: Any) -> str:
    """``value`` as indented JSON that is safe to print: the characters `printable` escapes
    are ``\\uXXXX`` escapes inside its strings, so the JSON still reads back exactly."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    return _UNPRINTABLE_IN_JSON.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


# ANSI styles for a terminal (the caller decides whether colour is wanted).
_RESET = "\x1b[0m"
_DIM = "\x1b[2m"
_BOLD = "\x1b[1m"
_SEVERITY_STYLE = {
    Severity.ERROR: "\x1b[1;31m",  # bold red
    Severity.WARNING: "\x1b[1;33m",  # bold yellow
    Severity.INFO: "\x1b[1;36m",  # bold cyan
}


def format_text_line(d: Diagnostic, color: bool = False) -> str:
    """``file:line:col: severity[code] message``; with ``color``, ANSI-styled for a terminal.
    Always one line: text from the input (file name, quoted keys and values) is ``printable``."""
    file, message = printable(d.file), printable(d.message)
    if not color:
        return f"{file}:{d.line}:{d.column}: {d.severity}[{d.code}] {message}"
    where = f"{_DIM}{file}:{d.line}:{d.column}:{_RESET}"
    severity = f"{_SEVERITY_STYLE[d.severity]}{d.severity}{_RESET}"
    return f"{where} {severity}[{_BOLD}{d.code}{_RESET}] {message}"


_COUNTED = {
    "files": ("file", "个文件"),
    "errors": ("error", "个错误"),
    "warnings": ("warning", "个警告"),
    "infos": ("info", "条提示"),
}
"""How each count of the summary line reads: English noun (plural with -s), Chinese measure
word and noun."""


def _counted(n: int, what: str, lang: str) -> str:
    english, chinese = _COUNTED[what]
    return counted(n, english, english + "s", chinese).in_(lang)


def format_summary(counts: dict[str, int], color: bool = False, lang: str = "en") -> str:
    """``3 files checked: 1 error, 0 warnings, 0 infos`` (or in Chinese)."""

    def styled(what: str, severity: Severity) -> str:
        n = counts[what]
        text = _counted(n, what, lang)
        return f"{_SEVERITY_STYLE[severity]}{text}{_RESET}" if color and n else text

    checked = Words("{files} checked: {counts}", "已检查 {files}：{counts}").in_(lang)
    separator = "，" if lang == "zh" else ", "
    parts = separator.join(
        [
            styled("errors", Severity.ERROR),
            styled("warnings", Severity.WARNING),
            styled("infos", Severity.INFO),
        ]
    )
    return checked.format(files=_counted(counts["files"], "files", lang), counts=parts)


_USAGE_ERROR = Words("battlemap: error: {message}", "battlemap：错误：{message}")


def usage_error_line(message: str, lang: str = "en") -> str:
    """A usage or I/O error of a run (not of a place in a file), on one line."""
    return _USAGE_ERROR.in_(lang).format(message=printable(message))


def format_json(diagnostics: Sequence[Diagnostic], files: int) -> str:
    body = {
        "diagnostics": [d.as_dict() for d in diagnostics],
        "summary": summary(diagnostics, files),
    }
    return printable_json(body)


def _github_escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message; other control characters (ESC...)
    become visible escapes, so text from a file cannot style or hide parts of the log."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return printable(escaped)


def _github_escape_property(text: str) -> str:
    return _github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github_line(d: Diagnostic) -> str:
    """A GitHub Actions workflow command that annotates the line."""
    props = ",".join(
        [
            f"file={_github_escape_property(d.file)}",
            f"line={d.line}",
            f"col={d.column}",
            f"title={_github_escape_property(d.code)}",
        ]
    )
    return f"::{_GITHUB_LEVEL[d.severity]} {props}::{_github_escape_data(d.message)}"


# Code Climate severities (info, minor, major, critical, blocker), as GitLab reads them.
# An error is broken input (the map cannot be built): major. A warning is a playbook flag
# worth acting on: minor. An info is a note: info.
CODECLIMATE_SEVERITY = {
    Severity.ERROR: "major",
    Severity.WARNING: "minor",
    Severity.INFO: "info",
}


def _fingerprint(d: Diagnostic, occurrence: int) -> str:
    """Stable across runs, line moves and languages: the file, code, JSON Pointer and the
    English message, not the line. ``occurrence`` tells apart identical diagnostics of one
    file (0 for the first)."""
    english = d.words.en if d.words is not None else d.message
    parts = [d.file, d.code, d.path, english] + ([str(occurrence)] if occurrence else [])
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def codeclimate_issues(diagnostics: Sequence[Diagnostic]) -> list[dict[str, object]]:
    """The Code Climate issues (the subset GitLab's code-quality report reads)."""
    seen: dict[tuple[str, str, str, str], int] = {}
    issues: list[dict[str, object]] = []
    for d in diagnostics:
        key = (d.file, d.code, d.path, d.message)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        issues.append(
            {
                "type": "issue",
                "check_name": d.code,
                "description": d.message,
                "categories": ["Bug Risk"],
                "fingerprint": _fingerprint(d, occurrence),
                "severity": CODECLIMATE_SEVERITY[d.severity],
                "location": {
                    "path": d.file.replace("\\", "/").removeprefix("./"),
                    "lines": {"begin": d.line},
                },
            }
        )
    return issues


def format_codeclimate(diagnostics: Sequence[Diagnostic]) -> str:
    return printable_json(codeclimate_issues(diagnostics))

"""Diagnostics: problems found in an input, as values, and the formats that print them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


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
        }


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


def format_text_line(d: Diagnostic) -> str:
    return f"{d.file}:{d.line}:{d.column}: {d.severity}[{d.code}] {d.message}"


def format_summary(counts: dict[str, int]) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    return (
        f"{plural(counts['files'], 'file')} checked: {plural(counts['errors'], 'error')}, "
        f"{plural(counts['warnings'], 'warning')}, {plural(counts['infos'], 'info')}"
    )


def format_json(diagnostics: Sequence[Diagnostic], files: int) -> str:
    body = {
        "diagnostics": [d.as_dict() for d in diagnostics],
        "summary": summary(diagnostics, files),
    }
    return json.dumps(body, ensure_ascii=False, indent=2)


def _github_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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

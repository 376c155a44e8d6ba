"""Diagnostics in two languages: one picked per reader, the summary line in Chinese, and
Code Climate fingerprints that do not change with the language."""

from __future__ import annotations

from battlemap.diagnostics import (
    Severity,
    codeclimate_issues,
    format_summary,
    usage_error_line,
    worded,
)
from battlemap.language import Words

_WORDS = Words("no such file", "找不到这个文件")


def test_a_diagnostic_is_english_until_a_language_is_picked() -> None:
    found = worded("a.yaml", 1, 1, Severity.ERROR, "file-not-found", _WORDS)
    assert found.message == "no such file"
    assert found.in_("zh").message == "找不到这个文件"
    assert found.in_("zh").in_("en").message == "no such file"


def test_fingerprints_are_the_same_in_both_languages() -> None:
    found = worded("a.yaml", 1, 1, Severity.ERROR, "file-not-found", _WORDS)
    [english] = codeclimate_issues([found.in_("en")])
    [chinese] = codeclimate_issues([found.in_("zh")])
    assert english["fingerprint"] == chinese["fingerprint"]
    assert chinese["description"] == "找不到这个文件"


def test_the_summary_line_in_both_languages() -> None:
    counts = {"files": 2, "errors": 1, "warnings": 0, "infos": 3}
    assert format_summary(counts) == "2 files checked: 1 error, 0 warnings, 3 infos"
    assert format_summary(counts, lang="zh") == "已检查 2 个文件：1 个错误，0 个警告，3 条提示"
    coloured = format_summary(counts, color=True, lang="zh")
    assert "\x1b[1;31m1 个错误\x1b[0m" in coloured


def test_a_usage_error_line_in_both_languages() -> None:
    assert usage_error_line("x.yaml: gone") == "battlemap: error: x.yaml: gone"
    assert usage_error_line("x.yaml\n", "zh") == "battlemap：错误：x.yaml\\n"

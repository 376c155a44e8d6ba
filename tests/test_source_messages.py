"""Reading a file: the I/O and loader messages in Chinese and in English, and the language of
a file that does not parse (its ``lang:`` found line by line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from battlemap.source import parse_bytes, parse_text, read_file


def both(diagnostics: list) -> list[tuple[str, str, str, str]]:  # type: ignore[type-arg]
    return [
        (d.code, f"{d.line}:{d.column}", d.in_("en").message, d.in_("zh").message)
        for d in diagnostics
    ]


def test_a_missing_file(tmp_path: Path) -> None:
    loaded = read_file(tmp_path / "gone.yaml", "gone.yaml")
    assert loaded.io_error
    assert both(loaded.diagnostics) == [("file-not-found", "1:1", "no such file", "找不到这个文件")]


def test_a_folder_instead_of_a_file(tmp_path: Path) -> None:
    loaded = read_file(tmp_path, "accounts")
    assert both(loaded.diagnostics) == [
        ("file-unreadable", "1:1", "is a folder, not a file", "这是一个文件夹，不是文件")
    ]


def test_a_file_over_the_limit() -> None:
    loaded = parse_bytes(b"x" * 2_000, "big.yaml", max_bytes=1_000)
    assert both(loaded.diagnostics) == [
        (
            "file-too-large",
            "1:1",
            "the file has 2,000 bytes, over the limit of 1,000 (--max-bytes)",
            "文件有 2,000 字节，超过上限 1,000 字节（--max-bytes）",
        )
    ]


def test_a_file_read_up_to_the_limit_says_more_than() -> None:
    loaded = parse_bytes(b"x" * 1_001, "big.yaml", max_bytes=1_000)
    [(_, _, en, zh)] = both(loaded.diagnostics)
    assert (en, zh) == (
        "the file has more than 1,000 bytes, over the limit of 1,000 (--max-bytes)",
        "文件超过 1,000 字节的上限（--max-bytes）",
    )


def test_not_utf8_says_how_to_save_it() -> None:
    loaded = parse_bytes("name: 华东\n".encode("gbk"), "gbk.yaml")
    assert both(loaded.diagnostics) == [
        (
            "not-utf8",
            "1:7",
            "the file is not UTF-8 text; save it as UTF-8 (in the editor: Save with Encoding, "
            "UTF-8)",
            "文件不是 UTF-8 文本；请另存为 UTF-8 编码（编辑器中选择“以 UTF-8 编码保存”）",
        )
    ]


def test_a_duplicate_key() -> None:
    loaded = parse_text("a: 1\nb: 2\na: 3\n", "dup.yaml")
    assert both(loaded.diagnostics) == [
        (
            "duplicate-key",
            "3:1",
            "duplicate key 'a' (first at line 1); YAML would silently keep only the last",
            "键「a」重复（第一次在第 1 行）；YAML 会悄悄只保留最后一个",
        )
    ]


def test_a_tab_in_indentation() -> None:
    loaded = parse_text("account:\n\tid: acme\n", "tab.yaml")
    [(code, _, en, zh)] = both(loaded.diagnostics)
    assert (code, en, zh) == (  # a YAML slip (tests/test_slips.py has them all)
        "indent-not-space",
        "a tab in the indentation; indent with ordinary spaces (2 here, like the lines around it)",
        "缩进里有制表符（Tab）；请用普通空格缩进（这里是 2 个，与前后的行对齐）",
    )


def test_a_syntax_error_keeps_the_parsers_own_words_as_detail() -> None:
    loaded = parse_text("pains: [a, b\nnext: 1\n", "open.yaml")
    [diagnostic] = loaded.diagnostics
    assert diagnostic.detail == "while parsing a flow sequence: did not find expected ',' or ']'"
    assert diagnostic.as_dict()["detail"] == diagnostic.detail


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("battlemap: 1\naccount:\n  id: acme\n  lang: zh\n  name: [oops\n", "zh"),
        ("battlemap: 1\naccount:\n  lang: en\n  name: [oops\n", "en"),
        ("battlemap: 1\nlang: zh\naccount:\n  name: [oops\n", None),
    ],
)
def test_a_file_that_does_not_parse_still_has_its_language(text: str, lang: str | None) -> None:
    """Only ``lang:`` under ``account:`` counts."""
    loaded = parse_bytes(text.encode(), "broken.yaml")
    assert loaded.document is None
    assert loaded.declared_lang == lang

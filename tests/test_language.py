"""The language rules: terminal messages and files, and `lang:` found in unparsable text."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from battlemap.language import (
    Words,
    declared_lang,
    environment_lang,
    file_lang,
    os_reason,
    terminal_lang,
)
from tests.conftest import run_battlemap


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, None),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({}, None),
    ],
)
def test_environment_lang(environ: dict[str, str], expected: str | None) -> None:
    assert environment_lang(environ) == expected


def test_terminal_lang_order() -> None:
    zh_env = {"LANG": "zh_CN.UTF-8"}
    assert terminal_lang("en", "zh", "zh", zh_env) == "en"
    assert terminal_lang(None, "en", "zh", zh_env) == "en"
    assert terminal_lang(None, None, "en", zh_env) == "en"
    assert terminal_lang(None, None, None, zh_env) == "zh"
    assert terminal_lang(None, None, None, {}) == "en"
    assert terminal_lang(None, "fr", None, zh_env) == "zh"


def test_file_lang_never_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert file_lang(None) == "en"
    assert file_lang(None, None, "zh") == "zh"
    assert file_lang("en", "zh") == "en"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("account:\n  id: a\n  lang: zh\n", "zh"),
        ("\ufeffaccount:\n  lang: 'zh'  # 中文\n", "zh"),
        ("account:\n  id: a\n  title：总经理\n  lang: zh\n", "zh"),
        ("account:\n  id: a\ncontacts:\n  - lang: zh\n", None),
        ("contacts:\n  - id: x\n    lang: zh\n", None),
        ("account:\n  lang: fr\n", None),
        ("", None),
    ],
)
def test_declared_lang(text: str, expected: str | None) -> None:
    assert declared_lang(text) == expected


def test_words() -> None:
    said = Words("expected {n}", "应为 {n}").format(n=3)
    assert said.in_("zh") == "应为 3"
    assert said.in_("en") == "expected 3"


def test_words_filled_with_words_take_each_language() -> None:
    said = Words("cannot read: {why.en}", "无法读取：{why.zh}").format(
        why=Words("no room", "没空间")
    )
    assert said == Words("cannot read: no room", "无法读取：没空间")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), ("Permission denied", "没有权限")),
        (
            OSError(errno.ENOSPC, "No space left on device"),
            ("No space left on device", "磁盘空间不足"),
        ),
        (OSError(errno.EXDEV, "Invalid cross-device link"), ("Invalid cross-device link",) * 2),
        (OSError("no errno at all"), ("no errno at all",) * 2),
    ],
)
def test_os_reason(error: OSError, expected: tuple[str, str]) -> None:
    reason = os_reason(error)
    assert (reason.en, reason.zh) == expected


def test_the_systems_refusal_is_said_in_chinese(tmp_path: Path) -> None:
    """A path through a file (ENOTDIR, which root meets too): no English inside Chinese."""
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "LC_ALL": ""}
    written = run_battlemap("schema", "account", "-o", "notes.txt/a.json", cwd=tmp_path, env=env)
    assert written.returncode == 2
    assert "路径中有一段不是文件夹" in written.stderr
    assert "Not a directory" not in written.stderr

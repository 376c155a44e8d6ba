"""The language rules: terminal messages and files, and `lang:` found in unparsable text."""

from __future__ import annotations

import pytest

from battlemap.language import Words, declared_lang, environment_lang, file_lang, terminal_lang


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

"""Usage errors (click's, and battlemap's own bad option values) in the run's language:
``--lang`` on the command line, else LC_ALL/LANG; exit code 2, never a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from battlemap.cli import app
from battlemap.commands.usage import usage_lang


def usage_error(*args: str, env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stderr.splitlines()


_CHECK_USAGE_EN = [
    "Usage: battlemap check [OPTIONS] {paths}...",
    "Try 'battlemap check --help' for help.",
    "",
]
_CHECK_USAGE_ZH = [
    "用法：battlemap check [选项] {paths}...",
    "查看帮助：battlemap check --help",
    "",
]


@pytest.mark.parametrize(
    ("args", "en", "zh"),
    [
        (["check"], "Error: Missing argument 'paths'.", "错误：缺少参数 'paths'。"),
        (
            ["check", "a.yaml", "--formt", "json"],
            "Error: No such option: --formt Did you mean --format?",
            "错误：没有这个选项：--formt；是不是 --format？",
        ),
        (
            ["check", "a.yaml", "--format", "jsn"],
            "Error: Invalid value for '--format': 'jsn' is not one of 'text', 'json', 'github', "
            "'codeclimate'.",
            "错误：'--format' 的值无效：可选：text、json、github、codeclimate",
        ),
        (
            ["check", "a.yaml", "--today", "2026-13-01"],
            "Error: Invalid value for '--today': '2026-13-01' is not a date (YYYY-MM-DD)",
            "错误：'--today' 的值无效：「2026-13-01」不是日期（YYYY-MM-DD）",
        ),
        (
            ["check", "a.yaml", "--max-bytes", "0"],
            "Error: Invalid value for '--max-bytes': 0 is not in the range x>=1.",
            "错误：'--max-bytes' 的值无效：0 太小，至少为 1",
        ),
    ],
    ids=lambda v: str(v)[:30],
)
def test_usage_errors_in_both_languages(args: list[str], en: str, zh: str) -> None:
    assert usage_error(*args) == (2, [*_CHECK_USAGE_EN, en])
    assert usage_error(*args, "--lang", "zh") == (2, [*_CHECK_USAGE_ZH, zh])


def test_an_unknown_command() -> None:
    status, lines = usage_error("chek", "a.yaml", env={"LANG": "zh_CN.UTF-8"})
    assert status == 2
    assert lines[-1] == "错误：没有命令「chek」；是不是 'check', 'schema'？"


def test_a_number_out_of_its_range_in_chinese() -> None:
    status, lines = usage_error("serve", "--port", "99999", "--lang", "zh")
    assert (status, lines[-1]) == (2, "错误：'--port' 的值无效：99999 超出范围（0<=x<=65535）")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["build", "a.yaml", "--templates", "nothere"], "「nothere」不存在"),
        (
            ["build", "a.yaml", "--templates", "pyproject.toml"],
            "「pyproject.toml」是文件，这里要的是文件夹",
        ),
        (["build", "a.yaml", "--css", "tests"], "「tests」是文件夹，这里要的是文件"),
    ],
)
def test_a_path_that_cannot_serve_in_chinese(args: list[str], said: str) -> None:
    status, lines = usage_error(*args, "--lang", "zh")
    assert status == 2
    assert lines[-1].endswith("的值无效：" + said), lines


def test_a_bad_build_format_in_chinese() -> None:
    status, lines = usage_error("build", "a.yaml", "--format", "htm", "--lang=zh")
    assert (status, lines[-1]) == (
        2,
        "错误：'--format' 的值无效：格式可以是 html、pdf、json（用英文逗号分隔）",
    )


@pytest.mark.parametrize(
    ("args", "environ", "lang"),
    [
        (["check", "--lang", "zh"], {}, "zh"),
        (["check", "--lang=zh"], {"LANG": "en_US.UTF-8"}, "zh"),
        (["check", "--lang", "fr"], {"LANG": "zh_CN.UTF-8"}, "zh"),
        (["check"], {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        (["check"], {"LANG": "C.UTF-8"}, "en"),
        (["check", "--lang"], {}, "en"),
    ],
)
def test_the_language_of_usage_errors(
    args: list[str], environ: dict[str, str], lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LANG", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert usage_lang(args) == lang


def test_help_and_version_still_work() -> None:
    assert CliRunner().invoke(app, ["--version"]).exit_code == 0
    result = CliRunner().invoke(app, [])
    assert result.exit_code == 2
    assert "Usage: battlemap [OPTIONS] COMMAND" in result.output

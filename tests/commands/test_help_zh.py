"""`battlemap --help` in Chinese: every help text of the app has its Chinese, and the help a
zh user gets has no English sentence left in it."""

from __future__ import annotations

import os
import re

import pytest
import typer

from battlemap.cli import app
from battlemap.commands.help_zh import HELP_ZH, help_texts
from tests.conftest import run_battlemap

CLICKS_OWN = {"Show this message and exit."}
"""Help texts click adds itself (the --help option of every command)."""
ZH = {**os.environ, "LANG": "zh_CN.UTF-8", "LC_ALL": ""}
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def app_texts() -> set[str]:
    return set(help_texts(typer.main.get_command(app)))


def test_every_help_text_has_its_chinese() -> None:
    assert sorted(app_texts() - HELP_ZH.keys()) == []


def test_the_table_holds_no_text_the_app_no_longer_has() -> None:
    assert sorted(HELP_ZH.keys() - app_texts() - CLICKS_OWN) == []


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_the_help_a_chinese_user_gets(command: str | None) -> None:
    done = run_battlemap(*([command] if command else []), "--help", env=ZH)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith("用法：") and "battlemap" in text.splitlines()[0]
    assert "选项：" in text and "显示本帮助并退出。" in text
    # English prose left: three English words in a row outside examples and option names
    prose = [
        line
        for line in text.splitlines()
        if "battlemap " not in line and re.search(r"\b[a-z]{3,} [a-z]{2,} [a-z]{2,}\b", line)
    ]
    assert prose == []


def test_english_help_is_unchanged() -> None:
    done = run_battlemap("build", "--help", env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": ""})
    assert done.stdout.startswith("Usage: ") and "battlemap build" in done.stdout.splitlines()[0]
    assert "Options:" in done.stdout and "Output folder.  [default: build]" in done.stdout

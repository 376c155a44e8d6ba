"""The language of `check`'s messages end to end (the terminal-message rule): ``--lang``,
else the file's ``account.lang`` (also in a file that does not parse), else ``defaults.lang``
in battlemap.yaml, else LC_ALL/LANG, else English; the summary in the run's language; and
two files of one account refused by `check` and by `build`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from battlemap.cli import app
from tests.conftest import TODAY, run_battlemap

_UNKNOWN_KEY = (
    "battlemap: 1\naccount:\n  id: {ident}\n  name: Acme\n  as_of: 2026-11-01\n"
    "{lang}  stauts: active\n"
)
_EN = "unknown key 'stauts'; did you mean 'status'?"
_ZH = "不认识的键「stauts」；是不是「status」？"


def account(
    folder: Path, name: str = "a.yaml", lang: str | None = None, ident: str = "acme"
) -> Path:
    path = folder / name
    stated = f"  lang: {lang}\n" if lang else ""
    path.write_text(_UNKNOWN_KEY.format(ident=ident, lang=stated), encoding="utf-8")
    return path


def check(folder: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        app, ["check", *args, "--today", TODAY.isoformat()], env=env, catch_exceptions=False
    )


def messages(result: Result) -> list[str]:
    return [line.split("] ", 1)[1] for line in result.stdout.splitlines() if "] " in line]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_english_by_default(in_tmp: Path) -> None:
    account(in_tmp)
    result = check(in_tmp, "a.yaml")
    assert messages(result) == [_EN]
    assert result.stdout.splitlines()[-1] == "1 file checked: 1 error, 0 warnings, 0 infos"


def test_the_accounts_lang(in_tmp: Path) -> None:
    account(in_tmp, lang="zh")
    result = check(in_tmp, "a.yaml")
    assert messages(result) == [_ZH]
    assert result.stdout.splitlines()[-1] == "已检查 1 个文件：1 个错误，0 个警告，0 条提示"


def test_lang_on_the_command_line_wins(in_tmp: Path) -> None:
    account(in_tmp, lang="zh")
    assert messages(check(in_tmp, "a.yaml", "--lang", "en")) == [_EN]
    account(in_tmp, "b.yaml", lang="en", ident="beta")
    assert messages(check(in_tmp, "b.yaml", "--lang", "zh")) == [_ZH]


def test_the_repositorys_defaults_lang(in_tmp: Path) -> None:
    (in_tmp / "battlemap.yaml").write_text("defaults: {lang: zh}\n", encoding="utf-8")
    account(in_tmp)
    assert messages(check(in_tmp, "a.yaml")) == [_ZH]
    account(in_tmp, lang="en")
    assert messages(check(in_tmp, "a.yaml")) == [_EN]


def test_the_environments_language(in_tmp: Path) -> None:
    account(in_tmp)
    assert messages(check(in_tmp, "a.yaml", env={"LANG": "zh_CN.UTF-8"})) == [_ZH]
    assert messages(check(in_tmp, "a.yaml", env={"LANG": "zh_CN.UTF-8", "LC_ALL": "C"})) == [_EN]


def test_a_file_that_does_not_parse_answers_in_its_declared_language(in_tmp: Path) -> None:
    (in_tmp / "a.yaml").write_bytes(
        b"battlemap: 1\naccount:\n  lang: zh\n  id: acme\n\tname: Acme\n"
    )
    assert messages(check(in_tmp, "a.yaml")) == [
        "缩进里有制表符（Tab）；请用普通空格缩进（这里是 2 个，与前后的行对齐）"
    ]


def test_each_file_in_its_own_language_and_the_summary_in_the_environments(in_tmp: Path) -> None:
    account(in_tmp, "a.yaml", lang="zh")
    account(in_tmp, "b.yaml", lang="en", ident="beta")
    result = check(in_tmp, "a.yaml", "b.yaml")
    assert messages(result) == [_ZH, _EN]
    assert result.stdout.splitlines()[-1] == "2 files checked: 2 errors, 0 warnings, 0 infos"


def test_with_files_in_two_languages_the_summary_follows_the_repository(in_tmp: Path) -> None:
    (in_tmp / "battlemap.yaml").write_text("defaults: {lang: zh}\n", encoding="utf-8")
    account(in_tmp, "a.yaml", lang="zh")
    account(in_tmp, "b.yaml", lang="en", ident="beta")
    result = check(in_tmp, ".", env={"LANG": "C.UTF-8"})
    assert messages(result) == [_ZH, _EN]
    assert result.stdout.splitlines()[-1] == "已检查 2 个文件：2 个错误，0 个警告，0 条提示"


def test_usage_errors_of_a_run_in_its_language(in_tmp: Path) -> None:
    account(in_tmp, lang="zh")
    result = check(in_tmp, "a.yaml", "gone.yaml")
    assert result.exit_code == 2
    assert result.stderr == "battlemap：错误：gone.yaml：找不到这个文件或文件夹\n"


def test_flags_follow_the_message_language(in_tmp: Path) -> None:
    """The playbook's flags are diagnostics too: with --lang, in that language."""
    path = in_tmp / "a.yaml"
    path.write_text(
        "battlemap: 1\naccount: {id: acme, name: Acme, as_of: 2026-11-01, lang: en}\n"
        "contacts:\n  - {id: li, name: 李, stance: unknown, influence: high}\n",
        encoding="utf-8",
    )
    english = check(in_tmp, "a.yaml").stdout
    chinese = check(in_tmp, "a.yaml", "--lang", "zh").stdout
    assert english.splitlines()[0] == (
        "a.yaml:4:6: warning[not-engaged] 李 has not been contacted in the last 30 days"
    )
    assert chinese.splitlines()[0] == "a.yaml:4:6: warning[not-engaged] 「李」已超过 30 天没有联系"


def test_json_keeps_the_codes_and_adds_the_parsers_words(in_tmp: Path) -> None:
    (in_tmp / "a.yaml").write_text("battlemap: 1\naccount:\n  lang: zh\n  name: [x\n")
    [diagnostic] = json.loads(check(in_tmp, "a.yaml", "--format", "json").stdout)["diagnostics"]
    assert diagnostic["code"] == "unclosed-bracket"  # in plain words (battlemap/slips.py)
    assert diagnostic["detail"] == "while parsing a flow sequence: did not find expected ',' or ']'"
    assert diagnostic["message"].startswith("这里应为「, 」或「]」")


def test_two_files_of_one_account(in_tmp: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (in_tmp / name).write_text(
            "battlemap: 1\naccount: {id: acme, name: Acme, as_of: 2026-11-01}\n", encoding="utf-8"
        )
    result = check(in_tmp, "a.yaml", "b.yaml")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        "a.yaml:2:15: error[duplicate-account-id] account id 'acme' is also the id of b.yaml: "
        "each account needs its own id (the map is named after it)",
        "b.yaml:2:15: error[duplicate-account-id] account id 'acme' is also the id of a.yaml: "
        "each account needs its own id (the map is named after it)",
    ]


def test_build_refuses_two_files_of_one_account(in_tmp: Path) -> None:
    """Today's bug: one map written over the other, the index linking both rows to it."""
    for name, title in (("a.yaml", "Acme East"), ("b.yaml", "Acme West")):
        (in_tmp / name).write_text(
            f"battlemap: 1\naccount: {{id: acme, name: {title}, as_of: 2026-11-01}}\n",
            encoding="utf-8",
        )
    (in_tmp / "c.yaml").write_text(
        "battlemap: 1\naccount: {id: beta, name: Beta, as_of: 2026-11-01}\n", encoding="utf-8"
    )
    done = run_battlemap(
        "build", "a.yaml", "b.yaml", "c.yaml", "--format", "json", "-o", "out", cwd=in_tmp
    )
    assert done.returncode == 1
    assert "a.yaml:2:15: error[duplicate-account-id]" in done.stderr
    assert "b.yaml:2:15: error[duplicate-account-id]" in done.stderr
    assert not (in_tmp / "out" / "acme.json").exists()
    assert (in_tmp / "out" / "beta.json").exists()
    index = (in_tmp / "out" / "index.html").read_text(encoding="utf-8")
    assert "Beta" in index and "Acme" not in index
    again = run_battlemap(
        "build", "a.yaml", "b.yaml", "c.yaml", "--format", "json", "-o", "out", cwd=in_tmp
    )
    assert again.returncode == 1 and "duplicate-account-id" in again.stderr

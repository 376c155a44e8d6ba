"""`battlemap init`: the starter accounts and what `init --repo` does to ``.gitignore``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from battlemap.commands.init import ignore_build
from tests.conftest import run_battlemap


def test_init_repo_creates_a_gitignore_with_build_and_says_to_commit_the_schemas(
    tmp_path: Path,
) -> None:
    run = run_battlemap("init", "--repo", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / ".gitignore").read_bytes() == b"build/\n"
    assert "created .gitignore with the line build/" in run.stdout
    assert "git add battlemap.yaml .battlemap/" in run.stdout


def test_init_repo_says_so_in_chinese(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_bytes(b"*.pyc\n")
    run = run_battlemap("init", "--repo", "--lang", "zh", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "已在 .gitignore 末尾加入一行 build/" in run.stdout
    assert "请把 battlemap.yaml 和 .battlemap/ 文件夹" in run.stdout


def test_init_repo_writes_battlemap_yaml_into_a_given_folder(tmp_path: Path) -> None:
    (tmp_path / "accounts").mkdir()
    run = run_battlemap("init", "accounts", "--repo", "--lang", "en", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    written = (tmp_path / "accounts" / "battlemap.yaml").read_text(encoding="utf-8")
    assert "battlemap repository configuration" in written
    assert (tmp_path / "accounts" / ".gitignore").read_bytes() == b"build/\n"


def test_init_repo_refuses_another_name_because_it_would_never_be_read(tmp_path: Path) -> None:
    run = run_battlemap("init", "acme.yaml", "--repo", "--lang", "zh", cwd=tmp_path)
    assert run.returncode == 2
    assert "acme.yaml：battlemap 只从名为 battlemap.yaml 的文件读取仓库设置" in run.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"*.pyc\n", b"*.pyc\nbuild/\n"),
        (b"*.pyc", b"*.pyc\nbuild/\n"),  # no newline at the end: one is added first
        (b"# ours\r\n*.pyc", b"# ours\r\n*.pyc\r\nbuild/\r\n"),  # the file's own line ending
        (b"", b"build/\n"),
        (b"\xef\xbb\xbfdist/\n\n", b"\xef\xbb\xbfdist/\n\nbuild/\n"),
    ],
)
def test_build_is_appended_and_every_other_byte_is_kept(
    tmp_path: Path, before: bytes, after: bytes
) -> None:
    (tmp_path / ".gitignore").write_bytes(before)
    said = ignore_build(tmp_path)
    assert said is not None and "build/" in said.en
    assert (tmp_path / ".gitignore").read_bytes() == after


@pytest.mark.parametrize("line", [b"build/", b"/build", b"build", b"  /build/  "])
def test_a_gitignore_that_ignores_build_already_is_left_alone(tmp_path: Path, line: bytes) -> None:
    content = b"*.pyc\n" + line
    (tmp_path / ".gitignore").write_bytes(content)
    assert ignore_build(tmp_path) is None
    assert (tmp_path / ".gitignore").read_bytes() == content


def test_a_linked_gitignore_is_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"x\n")
    (tmp_path / ".gitignore").symlink_to(elsewhere)
    said = ignore_build(tmp_path)
    assert said is not None and "add that line yourself" in said.en
    assert elsewhere.read_bytes() == b"x\n"


def test_a_gitignore_that_cannot_be_written_gets_a_note(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    said = ignore_build(tmp_path / "file")  # the write fails: "file" is not a folder
    assert said is not None and "could not add build/" in said.en
    assert "无法把 build/ 加入" in said.zh


def test_init_of_an_account_leaves_gitignore_alone(tmp_path: Path) -> None:
    run = run_battlemap("init", "a.yaml", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / ".gitignore").exists()


def test_a_zh_terminal_is_answered_in_chinese_with_a_chinese_starter(tmp_path: Path) -> None:
    """Without --lang, init follows LANG: what it says and the starter it writes (a file a
    person writes once and commits: every build after reads the committed file)."""
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    run = run_battlemap("init", "a.yaml", cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "已写入 a.yaml；下一步：battlemap check a.yaml\n"
    assert "account:\n  id: " in (tmp_path / "a.yaml").read_text(encoding="utf-8")
    assert "  lang: zh" in (tmp_path / "a.yaml").read_text(encoding="utf-8")
    again = run_battlemap("init", "a.yaml", cwd=tmp_path, env=env)
    assert again.returncode == 2
    assert again.stderr == "battlemap：错误：a.yaml：已存在；battlemap init 从不覆盖文件\n"
    named = run_battlemap("init", "a.txt", cwd=tmp_path, env=env)
    assert "客户档案的文件名要以 .yaml 或 .yml 结尾（例如 a.yaml）" in named.stderr
    repo = run_battlemap("init", "--repo", cwd=tmp_path, env=env)
    assert repo.stdout.splitlines()[0] == "已写入 battlemap.yaml"
    assert "已创建 .gitignore" in repo.stdout
    config = (tmp_path / "battlemap.yaml").read_text(encoding="utf-8")
    assert "  lang: zh" in config and "  currency: CNY" in config
    english = run_battlemap("init", "b.yaml", "--lang", "en", cwd=tmp_path, env=env)
    assert english.stdout == "wrote b.yaml; next: battlemap check b.yaml\n"
    assert "  lang: en" in (tmp_path / "b.yaml").read_text(encoding="utf-8")

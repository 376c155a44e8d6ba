"""`battlemap diff FOLDER`: every account of a folder, added, removed and changed, in one
report (text, md, json)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tests.commands.test_diff import COMPLETE, git
from tests.conftest import ROOT, run_battlemap

ZH = (ROOT / "examples" / "zh.yaml").read_text(encoding="utf-8")
EN = (ROOT / "examples" / "en.yaml").read_text(encoding="utf-8")


def _write(repo: Path, name: str, text: str) -> None:
    path = repo / "accounts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Three accounts and two YAML files that a folder search skips, committed; then one
    account changed, one removed and one added in the working tree."""
    git(tmp_path, "init", "-q")
    _write(tmp_path, "zh.yaml", ZH)
    _write(tmp_path, "west/en.yaml", EN)
    _write(tmp_path, "gone.yaml", COMPLETE)
    _write(tmp_path, "build/copy.yaml", ZH)  # build output: not searched
    _write(tmp_path, "settings.yaml", "x: 1\n")  # not an account
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "a")
    (tmp_path / "accounts" / "gone.yaml").unlink()
    _write(tmp_path, "new.yaml", COMPLETE)
    _write(tmp_path, "zh.yaml", ZH.replace("stance: neutral", "stance: skeptic", 1))
    _write(tmp_path, "build/copy.yaml", COMPLETE)
    return tmp_path


def test_json_lists_added_removed_changed_and_unchanged(repo: Path) -> None:
    done = run_battlemap("diff", "accounts", "--format", "json", cwd=repo)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    accounts = report["accounts"]
    assert [a["file"] for a in accounts["added"]] == ["accounts/new.yaml"]
    assert [a["file"] for a in accounts["removed"]] == ["accounts/gone.yaml"]
    assert [a["file"] for a in accounts["changed"]] == ["accounts/zh.yaml"]
    assert accounts["unchanged"] == 1
    changed = accounts["changed"][0]["diff"]["contacts"]["changed"]
    assert [c["changes"][0]["to"] for c in changed] == ["skeptic"]
    assert (report["from"], report["to"]) == ({"revision": "HEAD"}, {"revision": "working file"})


def test_text_and_markdown_name_the_accounts(repo: Path) -> None:
    text = run_battlemap("diff", "accounts", "--lang", "en", cwd=repo).stdout
    lines = text.splitlines()
    assert lines[0] == "accounts: HEAD → working file"
    assert lines[1] == "Accounts changed: 1; added: 1; removed: 1; unchanged: 1."
    assert "  - 华东钢铁集团有限公司 (accounts/new.yaml)" in lines
    assert "People" in text and "Skeptic" in text and "skeptic" not in text
    md = run_battlemap("diff", "accounts", "--lang", "zh", "--format", "md", cwd=repo).stdout
    tokens = MarkdownIt("commonmark").parse(md)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == [
        "accounts：HEAD → 工作区文件",
        "江苏恒驰汽车零部件集团有限公司（accounts/zh.yaml）：HEAD → 工作区文件",
    ]
    assert "**新增的账户**" in md and "**移除的账户**" in md


def test_between_two_revisions(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "b")
    done = run_battlemap(
        "diff", "accounts", "--from", "HEAD~1", "--to", "HEAD", "--format", "json", cwd=repo
    )
    accounts = json.loads(done.stdout)["accounts"]
    assert [a["file"] for a in accounts["added"]] == ["accounts/new.yaml"]
    assert [a["file"] for a in accounts["removed"]] == ["accounts/gone.yaml"]
    assert accounts["unchanged"] == 1


def test_an_account_with_errors_is_reported_and_fails(repo: Path) -> None:
    _write(repo, "west/en.yaml", EN.replace("    stance: ", "    stnce: ", 1))
    done = run_battlemap("diff", "accounts", "--lang", "en", cwd=repo)
    assert done.returncode == 1
    assert "  working file has errors, not compared:" in done.stdout.splitlines()


def test_an_unknown_revision_is_a_usage_error(repo: Path) -> None:
    done = run_battlemap("diff", "accounts", "--from", "nope", cwd=repo)
    assert done.returncode == 2
    assert "unknown git revision 'nope'" in done.stderr


def test_the_accounts_language_when_they_all_state_the_same(tmp_path: Path) -> None:
    """No --lang and no repository language: the one every account states, not the
    environment's (a CI runner's English)."""
    git(tmp_path, "init", "-q")
    _write(tmp_path, "一号 客户.yaml", COMPLETE)  # lang: zh, a name with a space
    _write(tmp_path, "two.yaml", COMPLETE)
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "a")
    _write(tmp_path, "一号 客户.yaml", COMPLETE.replace("stance: neutral", "stance: skeptic", 1))
    done = run_battlemap("diff", "accounts", cwd=tmp_path, env={"PATH": os.environ["PATH"]})
    assert done.returncode == 0, done.stderr
    assert "账户：变化 1 个，新增 0 个，移除 0 个，未变 1 个。" in done.stdout
    assert "（accounts/一号 客户.yaml）" in done.stdout


def test_a_revision_over_max_bytes_is_refused_unread(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git gives each object's size first: an account over --max-bytes is never read, and
    a revision costs a few git processes, not some per file."""
    from battlemap import revisions
    from battlemap.commands import diff_folder as module
    from battlemap.options import CheckOptions

    asked: list[tuple[tuple[str, ...], bytes | None]] = []
    real_git, real_revisions_git = module.git, revisions.git

    def recording_git(folder: Path, *args: str) -> Any:
        asked.append((args, None))
        return real_git(folder, *args)

    def recording_revisions_git(folder: Path, *args: str, stdin: bytes | None = None) -> Any:
        asked.append((args, stdin))
        return real_revisions_git(folder, *args, stdin=stdin)

    monkeypatch.setattr(module, "git", recording_git)
    monkeypatch.setattr(revisions, "git", recording_revisions_git)
    monkeypatch.chdir(repo)
    report = module.diff_folder(Path("accounts"), "HEAD", None, CheckOptions(max_bytes=2000), "en")
    assert [stdin for args, stdin in asked if args[:2] == ("cat-file", "--batch")] == [b""]
    errors = {e.code for d in report.changed for side in (d.old, d.new) for e in side.errors}
    assert errors == {"file-too-large"}
    assert len(asked) <= 7  # rev-parse (2), grep, ls-tree, top level, batch-check, batch

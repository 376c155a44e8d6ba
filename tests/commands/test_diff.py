"""`battlemap diff` in a temporary git repository with scripted commits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CASES, run_battlemap

COMPLETE = (CASES / "valid" / "complete.yaml").read_text(encoding="utf-8")


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=repo, check=True, capture_output=True,
    )  # fmt: skip


def commit(repo: Path, text: str, message: str) -> None:
    (repo / "account.yaml").write_text(text, encoding="utf-8")
    git(repo, "add", "account.yaml")
    git(repo, "commit", "-q", "-m", message)


def diff(repo: Path, *args: str) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "battlemap", "diff", "account.yaml", "--format", "json", *args],
        cwd=repo, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr
    return done.returncode, json.loads(done.stdout) if done.stdout.strip() else {}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    commit(tmp_path, COMPLETE, "first")
    return tmp_path


def _changes(result: dict[str, Any], section: str, ident: str) -> dict[str, Any]:
    for item in result[section]["changed"]:
        if item["id"] == ident:
            return {c["field"]: c for c in item["changes"]}
    return {}


def test_no_change_reports_nothing(repo: Path) -> None:
    code, result = diff(repo)
    assert code == 0
    assert result["contacts"] == {"added": [], "removed": [], "departed": [], "changed": []}
    assert result["opportunities"] == {"added": [], "removed": [], "changed": []}


def test_contact_changes(repo: Path) -> None:
    text = COMPLETE.replace("    title: 首席信息官", "    title: 副总裁兼首席信息官")
    text = text.replace(
        "    stance: supporter\n    mode: growth", "    stance: champion\n    mode: growth"
    )
    text = text.replace(
        "trust: {conduct: 3, expertise: 4, relationship: 2, sincerity: 3}",
        "trust: {conduct: 3, expertise: 3, relationship: 4}",
    )
    text = text.replace(
        "    influence: medium\n    stance: champion", "    influence: high\n    stance: champion"
    )
    text = text.replace("    roles: [coach, user]", "    roles: [coach, user, influencer]")
    text = text.replace(
        "  - id: wang-gang\n",
        "  - id: new-cfo\n    name: 孙丽\n    title: 财务总监\n  - id: wang-gang\n",
    )
    text = text.replace("    title: 高级顾问\n", "    title: 高级顾问\n    departed: 2026-10-30\n")
    commit(repo, text, "people moved")
    code, result = diff(repo, "--from", "HEAD~1", "--to", "HEAD")
    assert code == 0
    assert [c["id"] for c in result["contacts"]["added"]] == ["new-cfo"]
    assert [c["id"] for c in result["contacts"]["departed"]] == ["zhou-tao"]
    li = _changes(result, "contacts", "li-ming")
    assert li["title"]["to"] == "副总裁兼首席信息官"
    assert (li["stance"]["from"], li["stance"]["to"]) == ("supporter", "champion")
    assert li["trust.expertise"]["direction"] == "down"
    assert li["trust.relationship"]["direction"] == "up"
    assert li["trust.sincerity"]["direction"] == "unassessed"
    zhao = _changes(result, "contacts", "zhao-lei")
    assert zhao["influence"]["to"] == "high"
    assert zhao["roles"]["to"] == ["coach", "user", "influencer"]


def test_removed_contact_and_trust_gaps_closed(repo: Path) -> None:
    text = COMPLETE.replace(
        "trust: {conduct: 3, expertise: 4, relationship: 2, sincerity: 3}",
        "trust: {conduct: 4, expertise: 4, relationship: 4, sincerity: 4}",
    )
    start = text.index("  - id: wu-qiang")
    end = text.index("  - id: cold-mill-head")
    commit(repo, text[:start] + text[end:], "gaps closed")
    _, result = diff(repo, "--from", "HEAD~1", "--to", "HEAD")
    assert [c["id"] for c in result["contacts"]["removed"]] == ["wu-qiang"]
    closed = result["trust_gaps"]["closed"]
    assert ["li-ming", "relationship"] in closed and ["li-ming", "conduct"] in closed
    assert result["trust_gaps"]["opened"] == []


def test_opportunity_changes_and_flags(repo: Path) -> None:
    text = COMPLETE.replace("    stage: solution ", "    stage: research ")
    text = text.replace("    value: 2400000", "    value: 2600000")
    text = text.replace("    close_date: 2027-03-31", "    close_date: 2026-10-01")
    commit(repo, text, "deal moved back")
    _, result = diff(repo, "--from", "HEAD~1", "--to", "HEAD")
    deal = _changes(result, "opportunities", "mes-2027")
    assert (deal["stage"]["from"], deal["stage"]["to"], deal["stage"]["move"]) == (
        "solution", "research", "back",
    )  # fmt: skip
    assert deal["value"]["to"] == 2600000
    assert deal["close_date"]["to"] == "2026-10-01"
    assert ["close-date-passed", "opportunity", "mes-2027"] in result["flags"]["opened"]


def test_stage_forward_and_new_opportunity(repo: Path) -> None:
    text = COMPLETE.replace("    stage: solution ", "    stage: negotiation ")
    text = text.replace(
        "relationship:                     # care",
        "  - {id: ems, name: 能源管理, stage: need}\n\nrelationship:                     # care",
    )
    commit(repo, text, "forward")
    _, result = diff(repo, "--from", "HEAD~1", "--to", "HEAD")
    assert _changes(result, "opportunities", "mes-2027")["stage"]["move"] == "forward"
    assert [o["id"] for o in result["opportunities"]["added"]] == ["ems"]


def test_working_file_against_head_by_default(repo: Path) -> None:
    (repo / "account.yaml").write_text(COMPLETE.replace("stance: neutral", "stance: skeptic", 1))
    code, result = diff(repo)
    assert code == 0
    assert result["from"]["revision"] == "HEAD"
    assert _changes(result, "contacts", "wang-gang")["stance"]["to"] == "skeptic"


def test_a_revision_without_the_file_means_everything_is_added(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "other.txt").write_text("x")
    git(tmp_path, "add", "other.txt")
    git(tmp_path, "commit", "-q", "-m", "before")
    commit(tmp_path, COMPLETE, "account arrives")
    code, result = diff(tmp_path, "--from", "HEAD~1", "--to", "HEAD")
    assert code == 0
    assert result["from"]["exists"] is False
    assert len(result["contacts"]["added"]) == 6
    assert [o["id"] for o in result["opportunities"]["added"]] == ["mes-2027"]


def test_a_revision_with_errors_is_reported_not_compared(repo: Path) -> None:
    commit(repo, COMPLETE.replace("    stance: neutral", "    stnce: neutral", 1), "broken")
    code, result = diff(repo, "--from", "HEAD~1", "--to", "HEAD")
    assert code == 1
    assert [e["code"] for e in result["to"]["errors"]] == ["unknown-key"]
    assert "contacts" not in result


def test_text_format_names_the_changes(repo: Path) -> None:
    (repo / "account.yaml").write_text(COMPLETE.replace("stance: neutral", "stance: skeptic", 1))
    done = subprocess.run(
        [sys.executable, "-m", "battlemap", "diff", "account.yaml"],
        cwd=repo, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert "    - 王刚：立场 中立 → 怀疑者" in done.stdout.splitlines()


def test_outside_a_git_repository_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "account.yaml").write_text(COMPLETE)
    done = subprocess.run(
        [sys.executable, "-m", "battlemap", "diff", "account.yaml", "--lang", "en"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "not inside a git repository" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unknown_revision_is_a_clear_error(repo: Path) -> None:
    done = run(repo, "account.yaml", "--from", "nope", "--lang", "en")
    assert done.returncode == 2
    assert "unknown git revision 'nope'" in done.stderr


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`battlemap diff ARGS` in ``folder``, text output."""
    return run_battlemap("diff", *args, cwd=folder)


# Terminal controls as YAML double-quoted escapes: set the window title, clear the screen,
# return to the line's start and start a new line (each forges what the reader sees).
HOSTILE_NAME = r'"王\e]0;owned\a\e[2J\r  + added forged (x)\nnext"'


def test_text_format_escapes_terminal_controls_in_account_text(repo: Path) -> None:
    text = COMPLETE.replace("    name: 王刚", f"    name: {HOSTILE_NAME}", 1)
    text = text.replace("    title: 总经理", r'    title: "总经理\e[31m"', 1)
    text = text.replace(
        "  - id: wang-gang\n",
        f"  - id: newcomer\n    name: {HOSTILE_NAME}\n  - id: wang-gang\n",
    )
    (repo / "account.yaml").write_text(text, encoding="utf-8")
    done = run(repo, "account.yaml")
    assert done.returncode == 0, done.stderr
    for raw in ("\x1b", "\x07", "\r"):
        assert raw not in done.stdout
    lines = done.stdout.splitlines()
    assert not any(line.startswith("next") for line in lines)  # no forged line
    escaped = r"王\x1b]0;owned\x07\x1b[2J\r  + added forged (x)\nnext"
    assert f"    - 新加入：{escaped}" in lines
    assert rf"    - {escaped}：职务 总经理 → 总经理\x1b[31m" in lines


def test_errors_of_a_working_file_in_line_order(repo: Path) -> None:
    """Schema errors (unknown keys) and semantic ones (a dangling reference) interleave."""
    text = COMPLETE.replace("    reports_to: wang-gang ", "    reports_to: nobody ", 1)
    text = text.replace("    stance: neutral", "    stnce: neutral", 1)
    text = text.replace("    roles: [user]\n", "    roles: [user]\n    stnce: x\n", 1)
    (repo / "account.yaml").write_text(text, encoding="utf-8")
    code, result = diff(repo)
    assert code == 1
    places = [(e["line"], e["column"]) for e in result["to"]["errors"]]
    assert [e["code"] for e in result["to"]["errors"]] == [
        "unknown-key", "unresolved-ref", "unknown-key",
    ]  # fmt: skip
    assert places == sorted(places)


def test_a_bare_repository_is_not_a_work_tree(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """git answers `false` with exit code 0 there: that is not a yes."""
    bare = tmp_path_factory.mktemp("bare") / "bare.git"
    git(bare.parent, "clone", "-q", "--bare", str(repo), str(bare))
    (bare / "account.yaml").write_text(COMPLETE, encoding="utf-8")
    done = run(bare, "account.yaml", "--lang", "en")
    assert done.returncode == 2
    assert "not inside a git repository" in done.stderr


def test_a_symbolic_link_is_diffed_as_its_tracked_target(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "link.yaml").symlink_to(repo / "account.yaml")
    (repo / "account.yaml").write_text(COMPLETE.replace("stance: neutral", "stance: skeptic", 1))
    done = run(elsewhere, "link.yaml", "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["from"]["exists"] is True
    assert _changes(result, "contacts", "wang-gang")["stance"]["to"] == "skeptic"


def test_a_symbolic_link_out_of_the_repository_is_a_clear_error(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "real.yaml").write_text(COMPLETE, encoding="utf-8")
    (repo / "link.yaml").symlink_to(outside / "real.yaml")
    git(repo, "add", "link.yaml")
    git(repo, "commit", "-q", "-m", "link")
    done = run(repo, "link.yaml", "--lang", "en")
    assert done.returncode == 2
    assert "link.yaml (a symbolic link to " in done.stderr
    assert "is not inside a git repository" in done.stderr


def test_an_oversized_revision_is_refused_before_it_is_read(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git tells the blob's size first; a blob over --max-bytes is never read."""
    from battlemap.commands import diff as diff_module
    from battlemap.options import CheckOptions

    asked: list[tuple[str, ...]] = []
    real_git = diff_module.git

    def recording_git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
        done = real_git(folder, *args)
        asked.append(args)
        assert len(done.stdout) < 1000, f"git {args} returned the content"
        return done

    monkeypatch.setattr(diff_module, "git", recording_git)
    side = diff_module.load_side(repo / "account.yaml", "HEAD", CheckOptions(max_bytes=1000))
    assert [e.code for e in side.errors] == ["file-too-large"]
    assert asked, "git was not asked"
    size = len(COMPLETE.encode("utf-8"))
    assert side.errors[0].message == (
        f"the file has {size:,} bytes, over the limit of 1,000 (--max-bytes)"
    )


def test_an_oversized_revision_is_reported(repo: Path) -> None:
    (repo / "account.yaml").write_text(COMPLETE[:900], encoding="utf-8")
    done = run(repo, "account.yaml", "--max-bytes", "1000")
    assert done.returncode == 1
    assert "  HEAD 有错误，未比较：" in done.stdout.splitlines()
    assert "    第 1 行第 1 列：the file has" in done.stdout


def test_json_format_escapes_what_a_terminal_would_obey(repo: Path) -> None:
    """C1 controls (U+009B is a one-character CSI) and bidi overrides are \\u escapes in
    the JSON: printed, they do nothing; parsed, the name is exact."""
    name = "王\u009b2J\u202egnaG\u2028"
    text = COMPLETE.replace("    name: 王刚", r'    name: "王\x9b2J\u202egnaG\L"', 1)
    text = text.replace("    title: 总经理", "    title: 董事长", 1)
    (repo / "account.yaml").write_text(text, encoding="utf-8")
    done = run(repo, "account.yaml", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert not {"\u009b", "\u202e", "\u2028"} & set(done.stdout)
    assert "\\u009b2J\\u202egnaG\\u2028" in done.stdout
    changed = {c["id"]: c["name"] for c in json.loads(done.stdout)["contacts"]["changed"]}
    assert changed["wang-gang"] == name


def test_usage_errors_in_the_terminal_language(repo: Path) -> None:
    """--lang, else the account's lang (complete.yaml: zh), else the environment."""
    env = {k: v for k, v in os.environ.items() if k not in {"LC_ALL", "LC_MESSAGES", "LANG"}}
    zh = run_battlemap("diff", "account.yaml", "--from", "nope", cwd=repo, env=env)
    assert zh.returncode == 2
    assert "git 中没有版本「nope」" in zh.stderr
    en = run_battlemap("diff", "account.yaml", "--from", "nope", "--lang", "en", cwd=repo)
    assert "unknown git revision 'nope'" in en.stderr
    folder = run_battlemap("diff", ".", "--from", "nope", cwd=repo, env={**env, "LANG": "zh_CN"})
    assert "git 中没有版本「nope」" in folder.stderr
    gone = run_battlemap("diff", "gone.yaml", cwd=repo, env={**env, "LANG": "C"})
    assert "gone.yaml: no such file" in gone.stderr
